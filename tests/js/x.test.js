import assert from "node:assert/strict";
import { test } from "node:test";
import { capture } from "./load.js";

const ME = "twid=u%3D1600000000000000002";
const DM = "https://x.com/messages/1700000000000000001-1600000000000000002";

test("a DM: the other person's handle, their numeric id (kept as a string) and only their messages", () => {
  const result = capture("x", "dm-ask.html", DM, { cookie: ME });
  assert.deepEqual(result, {
    platform: "x",
    person: { handle: "samlee", url: "https://x.com/samlee", id: "1700000000000000001", name: "Sam Lee" },
    request: {
      text: "hey Alex! loved your talk on retries\nwe launch tomorrow, could you RT the announcement? 🚀",
      url: DM, hints: [], group: false,
    },
  });
});

test("without the id cookie the handle still identifies them", () => {
  const result = capture("x", "dm-ask.html", DM);
  assert.equal(result.person.handle, "samlee");
  assert.equal(result.person.id, undefined);
});

test("the newer /i/chat view", () => {
  const result = capture("x", "chat-ask.html", "https://x.com/i/chat/1700000000000000009-1600000000000000002",
                         { cookie: ME });
  assert.equal(result.person.handle, "priya_n");
  assert.equal(result.person.id, "1700000000000000009");
  assert.equal(result.request.text, "Hi! Would you introduce me to your CTO?");
});

test("a group DM: the latest other writer, flagged as a group, no id", () => {
  const result = capture("x", "dm-group.html", "https://x.com/messages/1234567890123", { cookie: ME });
  assert.equal(result.person.handle, "bobray");
  assert.equal(result.person.id, undefined);
  assert.equal(result.request.group, true);
  assert.equal(result.request.text, "Could you follow our new company page?");
});

test("a post that mentions me is a possible repost ask; one that does not is ignored", () => {
  const result = capture("x", "status-mention.html", "https://x.com/samlee/status/1790000000000000000?s=20");
  assert.equal(result.person.handle, "samlee");
  assert.equal(result.person.name, "Sam Lee");
  assert.match(result.request.text, /could you retweet this/);
  assert.equal(result.request.url, "https://x.com/samlee/status/1790000000000000000");
  assert.equal(capture("x", "status-no-mention.html", "https://x.com/samlee/status/1790000000000000001"), null);
});

test("twitter.com works like x.com, and pages that are no conversation are ignored", () => {
  assert.equal(capture("x", "dm-ask.html", DM.replace("x.com", "twitter.com")).person.handle, "samlee");
  assert.equal(capture("x", "home.html", "https://x.com/home"), null);
  assert.equal(capture("x", "home.html", "https://x.com/samlee"), null);
});
