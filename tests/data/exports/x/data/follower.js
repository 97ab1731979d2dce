window.YTD.follower.part0 = [
  { "follower" : { "accountId" : "1700000000000000001", "userLink" : "https://twitter.com/intent/user?user_id=1700000000000000001" } },
  { "follower" : { "accountId" : "1700000000000000009", "userLink" : "https://twitter.com/intent/user?user_id=1700000000000000009" } }
]
