window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "alex@example.com",
      "createdVia" : "web",
      "username" : "alexmorgan",
      "accountId" : "1600000000000000002",
      "createdAt" : "2011-04-01T10:00:00.000Z",
      "accountDisplayName" : "Alex Morgan"
    }
  }
]
