import assert from "node:assert/strict";
import { test } from "node:test";
import { capture } from "./load.js";

const THREAD = "https://www.linkedin.com/messaging/thread/2-abc123/?trk=nav";

test("a one-to-one thread: the other person and only their latest messages", () => {
  const result = capture("linkedin", "thread-ask.html", THREAD);
  assert.deepEqual(result, {
    platform: "linkedin",
    person: { handle: "sam-lee-77", name: "Sam Lee", url: "https://www.linkedin.com/in/sam-lee-77/" },
    request: {
      text: "Hi Alex! Great talking at the meetup yesterday.\nQuick question: would you write me a recommendation?\n" +
        "It would mean a lot for my job search.",
      url: "https://www.linkedin.com/messaging/thread/2-abc123/",
      hints: [],
      group: false,
    },
  });
});

test("a thread holding only my own messages asks me nothing", () => {
  const result = capture("linkedin", "thread-own-only.html", THREAD);
  assert.equal(result.person.handle, "dana-wu");
  assert.equal(result.request.text, "");
});

test("a group thread: the latest other writer, and it says it is a group", () => {
  const result = capture("linkedin", "thread-group.html", THREAD);
  assert.equal(result.person.handle, "bob-ray-42");
  assert.equal(result.person.name, "Bob Ray");
  assert.equal(result.request.group, true);
  assert.equal(result.request.text, "Could you all endorse me for Kubernetes? Happy to return it.");
});

test("an open overlay bubble on any page, skipping minimised ones", () => {
  const result = capture("linkedin", "overlay-bubble.html", "https://www.linkedin.com/feed/");
  assert.equal(result.person.handle, "priya-nair-3c");
  assert.equal(result.person.name, "Priya Nair");
  assert.match(result.request.text, /repost our hiring announcement/);
  assert.equal(result.request.url, "https://www.linkedin.com/feed/");
});

test("the Write recommendation form is a recommendation ask from the person it names", () => {
  const url = "https://www.linkedin.com/in/sam-lee-77/edit/forms/recommendation/write/?profileFormEntryPoint=X";
  const result = capture("linkedin", "recommendation-form.html", url);
  assert.deepEqual(result.person, { handle: "sam-lee-77", name: "Sam Lee", url: "https://www.linkedin.com/in/sam-lee-77/" });
  assert.deepEqual(result.request.hints, ["recommendation_form"]);
  assert.equal(result.request.text, "Hi Alex, could you write me a short recommendation?");
});

test("a recommendation-request card in a thread is a structural hint", () => {
  const result = capture("linkedin", "thread-recommendation-card.html", THREAD);
  assert.deepEqual(result.request.hints, ["recommendation_form"]);
});

test("a benign thread is still captured; the host decides it asks nothing", () => {
  const result = capture("linkedin", "thread-benign.html", THREAD);
  assert.equal(result.person.handle, "jane-doe-4a1b2c");
  assert.match(result.request.text, /Thanks so much/);
});

test("page markup in names and messages arrives as plain text", () => {
  const result = capture("linkedin", "thread-hostile.html", THREAD);
  assert.equal(result.person.name, "<img src=x onerror=alert(1)> Mallory");
  assert.equal(result.request.text, 'Could you RT this? <script>alert("pwned")</script><b>bold</b>');
});

test("pages that are no conversation are ignored", () => {
  assert.equal(capture("linkedin", "feed.html", "https://www.linkedin.com/feed/"), null);
  assert.equal(capture("linkedin", "feed.html", "https://www.linkedin.com/in/someone-else/"), null);
});
