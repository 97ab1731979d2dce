window.YTD.following.part0 = [
  { "following" : { "accountId" : "1700000000000000001", "userLink" : "https://twitter.com/intent/user?user_id=1700000000000000001" } },
  { "following" : { "accountId" : "12", "userLink" : "https://twitter.com/intent/user?user_id=12" } }
]
