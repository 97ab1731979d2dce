// The X adapter beyond the live cases (live.test.js): direction is never guessed, links from anywhere (the
// context menu), and the page report.
import assert from "node:assert/strict";
import { test } from "node:test";
import { read } from "./load.js";

const ME = "twid=u%3D1600000000000000002";
const CHAT = "https://x.com/i/chat/1600000000000000002-1700000000000000001";

test("a chat row laid out on neither side is never credited to them", () => {
  const { dom } = read("x", "live-xchat-one-to-one.html", CHAT, { cookie: ME });
  const root = dom.window.document.querySelector("[data-testid='xchatEmbedRoute']").shadowRoot;
  for (const row of root.querySelectorAll("[data-dm-message-row]")) {
    row.classList.remove("justify-start", "justify-end");
  }
  const outcome = dom.window.AcquaintSite.read(dom.window.document, CHAT);
  assert.equal(outcome.status, "ok");
  assert.equal(outcome.capture.request.text, "", "no side, no ask");
  assert.equal(outcome.capture.person.handle, "samlee");
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

test("the page report outlines XChat's shadow root with no text, names or ids", () => {
  const { dom } = read("x", "live-xchat-one-to-one.html", CHAT, { cookie: ME });
  const { skeleton } = dom.window.AcquaintSite.report(dom.window.document, CHAT);
  assert.match(skeleton, /#shadow-root \(open\)/);
  assert.match(skeleton, /\[data-testid="message-<uuid>"\]/);
  assert.match(skeleton, /route: \/i\/chat\/<n>-<n>/);
  for (const secret of ["Sam Lee", "samlee", "1700000000000000001", "Orbit", "03163e5e"]) {
    assert.ok(!skeleton.includes(secret), `the report leaks ${secret}`);
  }
});
