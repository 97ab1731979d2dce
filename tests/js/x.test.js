// The X adapter beyond the live cases (live.test.js): direction is never guessed, links from anywhere (the
// context menu), and the page report.
import assert from "node:assert/strict";
import { test } from "node:test";
import { read } from "./load.js";

const ME = "twid=u%3D1600000000000000002";
const CHAT = "https://x.com/i/chat/1600000000000000002-1700000000000000001";

test("chat rows laid out on neither side are never credited to them: the page is unreadable", () => {
  const { dom } = read("x", "live-xchat-one-to-one.html", CHAT, { cookie: ME });
  const root = dom.window.document.querySelector("[data-testid='xchatEmbedRoute']").shadowRoot;
  for (const row of root.querySelectorAll("[data-dm-message-row]")) {
    row.classList.remove("justify-start", "justify-end");
    row.firstElementChild.classList.add("justify-center"); // an avatar's own layout class says nothing
  }
  const outcome = dom.window.AcquaintSite.read(dom.window.document, CHAT);
  assert.equal(outcome.status, "unreadable");
  assert.equal(outcome.capture, undefined);
});

test("right after switching chats, a panel that still shows the last one is not read", () => {
  const priya = "https://x.com/i/chat/1600000000000000002-1700000000000000009";
  const outcome = read("x", "live-xchat-one-to-one.html", priya, { cookie: ME });
  assert.equal(outcome.status, "unreadable", "Sam's panel at Priya's address");
});

test("a display name holding ', @someone' does not lend its handle", () => {
  const { dom } = read("x", "live-xchat-one-to-one.html", CHAT, { cookie: ME });
  const root = dom.window.document.querySelector("[data-testid='xchatEmbedRoute']").shadowRoot;
  root.querySelector("[data-testid='dm-conversation-username'] .truncate").textContent = "Sam Lee, @priya_n";
  const row = root.querySelector("[data-testid='dm-conversation-item-1600000000000000002:1700000000000000001']");
  row.setAttribute("aria-description", "Sam Lee, @priya_n, @samlee, It would help a lot, 3m");
  const card = root.querySelector("[data-testid='dm-conversation-header-item']");
  card.querySelector(".font-bold").textContent = "Sam Lee, @priya_n";
  const { capture } = dom.window.AcquaintSite.read(dom.window.document, CHAT);
  assert.equal(capture.person.handle, "samlee");
});

test("X's own /i/status route has no author, and other people's follow badges are not theirs", () => {
  const { dom } = read("x", "live-profile-follows-you.html", "https://x.com/samlee", { cookie: ME });
  const site = dom.window.AcquaintSite;
  assert.equal(site.read(dom.window.document, "https://x.com/i/status/1790000000000000000").status,
               "no_conversation");
  const indicator = dom.window.document.querySelector("[data-testid='userFollowIndicator']");
  indicator.remove();
  const cell = dom.window.document.createElement("div");
  cell.setAttribute("data-testid", "UserCell");
  cell.append(indicator);
  dom.window.document.body.append(cell);
  const { capture } = site.read(dom.window.document, "https://x.com/samlee");
  assert.equal(capture.person.relation, undefined, "a sidebar cell's badge is someone else's");
});

test("the hint goes under the chat's header, inside XChat's shadow root", () => {
  const { anchor } = read("x", "live-xchat-one-to-one.html", CHAT, { cookie: ME });
  assert.equal(anchor.getAttribute("data-testid"), "dm-conversation-header");
  assert.equal(anchor.getRootNode().host.getAttribute("data-testid"), "xchatEmbedRoute");
});

test("profile links from any page name the person; page links and placeholders name nobody", () => {
  const { dom } = read("x", "live-xchat-one-to-one.html", CHAT, { cookie: ME });
  const site = dom.window.AcquaintSite;
  assert.deepEqual(JSON.parse(JSON.stringify(site.profileFromLink("https://twitter.com/SamLee?s=20"))),
                   { handle: "samlee", url: "https://x.com/samlee" });
  for (const other of ["https://x.com/home", "https://x.com/i/chat/1-2", "https://x.com/unknown",
                       "https://x.com/samlee/status/1", "https://example.com/samlee"]) {
    assert.equal(site.profileFromLink(other), null, other);
  }
});

const REPORTED = [
  ["live-xchat-one-to-one.html", CHAT],
  ["live-xchat-group.html", "https://x.com/i/chat/g1812345678901234567"],
  ["live-legacy-dm-handle.html", "https://x.com/messages/1600000000000000002-1700000000000000009"],
  ["live-post-mention-retweet.html", "https://x.com/samlee/status/1790000000000000000"],
  ["live-profile-follows-you.html", "https://x.com/samlee"],
];
const SECRETS = ["Sam Lee", "samlee", "priya_n", "Priya", "alexmorgan", "Alex", "bobray", "Dana", "1700000000000000001",
                 "1600000000000000002", "Orbit", "03163e5e"];

for (const [fixture, url] of REPORTED) {
  test(`the page report of ${fixture} outlines structure with no text, names, handles or ids`, () => {
    const { dom } = read("x", fixture, url, { cookie: ME });
    const { skeleton } = dom.window.AcquaintSite.report(dom.window.document, url);
    assert.match(skeleton, /^route: \//);
    assert.ok(skeleton.split("\n").length > 5, "an outline, not nothing");
    for (const secret of SECRETS) assert.ok(!skeleton.includes(secret), `the report leaks ${secret}`);
  });
}

test("the XChat report says it is inside the shadow root and shows the message rows' shape", () => {
  const { dom } = read("x", "live-xchat-one-to-one.html", CHAT, { cookie: ME });
  const { skeleton } = dom.window.AcquaintSite.report(dom.window.document, CHAT);
  assert.match(skeleton, /inside the open shadow root of div\[data-testid="xchatEmbedRoute"\]/);
  assert.match(skeleton, /\[data-testid="message-<uuid>"\]/);
  assert.match(skeleton, /route: \/i\/chat\/<n>-<n>/);
});
