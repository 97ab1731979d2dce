window.YTD.direct_messages_group.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1234567890123",
      "messages" : [
        { "joinConversation" : { "initiatingUserId" : "1700000000000000009", "participantsSnapshot" : [ ], "createdAt" : "2025-02-01T09:00:00.000Z" } },
        { "messageCreate" : { "reactions" : [ ], "urls" : [ ], "text" : "hi all", "mediaUrls" : [ ],
          "senderId" : "1700000000000000009", "id" : "1790000000000000201", "createdAt" : "2025-02-01T09:01:00.000Z" } },
        { "messageCreate" : { "reactions" : [ ], "urls" : [ ], "text" : "hello!", "mediaUrls" : [ ],
          "senderId" : "1600000000000000002", "id" : "1790000000000000202", "createdAt" : "2025-02-01T09:02:00.000Z" } }
      ]
    }
  }
]
