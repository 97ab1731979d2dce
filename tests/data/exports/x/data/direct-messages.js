window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1600000000000000002-1700000000000000001",
      "messages" : [
        { "messageCreate" : { "recipientId" : "1600000000000000002", "reactions" : [ ], "urls" : [ ],
          "text" : "could you RT the launch? 🚀", "mediaUrls" : [ ], "senderId" : "1700000000000000001",
          "id" : "1790000000000000101", "createdAt" : "2026-11-20T10:00:00.000Z" } },
        { "messageCreate" : { "recipientId" : "1700000000000000001", "reactions" : [ ], "urls" : [ ],
          "text" : "Sure, done!", "mediaUrls" : [ ], "senderId" : "1600000000000000002",
          "id" : "1790000000000000102", "createdAt" : "2026-11-20T11:00:00.000Z" } }
      ]
    }
  }
]
