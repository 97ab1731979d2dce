// The LinkedIn adapter beyond the live cases (live.test.js): where the hint goes, links from anywhere (the
// context menu), the page report, and a thread that has not loaded yet.
import assert from "node:assert/strict";
import { test } from "node:test";
import { read } from "./load.js";

const THREAD = "https://www.linkedin.com/messaging/thread/2-ZmI3YzJkNDEtOWE1ZS00YzFmLWIyNjAtM2QxZjhlOTA1YTc3XzEwMA==/";
const SAM_ID = "ACoAA7VIrxaR7kQfWv52uvEgoqiXnLAC1lIAYJR";

test("the hint goes under the thread's header, and inside the overlay's shadow root for a bubble", () => {
  const thread = read("linkedin", "live-thread-member-id.html", THREAD);
  assert.ok(thread.anchor.classList.contains("msg-title-bar"));
  const bubble = read("linkedin", "live-overlay-bubble-shadow.html", "https://www.linkedin.com/feed/");
  assert.ok(bubble.anchor.classList.contains("msg-overlay-bubble-header"));
  const root = bubble.anchor.getRootNode();
  assert.equal(root.host.id, "interop-outlet", "beside the open bubble, in the overlay's own tree");
  assert.ok(!bubble.anchor.closest(".msg-overlay-conversation-bubble--is-minimized"));
});

test("a thread whose messages have not rendered yet is unreadable (the watcher waits before saying so)", () => {
  const outcome = read("linkedin", "live-thread-member-id.html", THREAD);
  const { dom } = outcome;
  const list = dom.window.document.querySelector(".msg-s-message-list-content");
  list.replaceChildren();
  const again = dom.window.AcquaintSite.read(dom.window.document, THREAD);
  assert.equal(again.status, "unreadable");
});

test("profile links from any page, mail included, name the person; other links name nobody", () => {
  const { dom } = read("linkedin", "live-thread-member-id.html", THREAD);
  const site = dom.window.AcquaintSite;
  const person = (href) => JSON.parse(JSON.stringify(site.profileFromLink(href)));
  assert.deepEqual(person("https://www.linkedin.com/in/Sam-Lee-77/?trk=eml"),
                   { handle: "sam-lee-77", url: "https://www.linkedin.com/in/sam-lee-77/" });
  assert.deepEqual(person(`https://www.linkedin.com/comm/in/${SAM_ID}?midToken=x`),
                   { member_id: SAM_ID, url: `https://www.linkedin.com/in/${SAM_ID}/` });
  for (const other of ["https://www.linkedin.com/feed/", "https://www.linkedin.com/in/sam-lee-77/recent-activity/",
                       "https://evil.example/in/sam-lee-77/", "not a url"]) {
    assert.equal(site.profileFromLink(other), null, other);
  }
});

test("the page report outlines structure with no text, names, or identities", () => {
  for (const [fixture, url] of [["live-thread-member-id.html", THREAD],
                                ["live-overlay-bubble-shadow.html", "https://www.linkedin.com/feed/"],
                                ["live-thread-redesign-unreadable.html", THREAD]]) {
    const { dom } = read("linkedin", fixture, url);
    const { skeleton } = dom.window.AcquaintSite.report(dom.window.document, url);
    assert.match(skeleton, /li\.msg-s-message-list__event|#shadow-root \(open\)|main/);
    for (const secret of ["Sam Lee", "Priya", "Kubernetes", "Mallory", SAM_ID, "sam-lee-77", "Alex"]) {
      assert.ok(!skeleton.includes(secret), `${fixture}: the report leaks ${secret}`);
    }
  }
  const { dom } = read("linkedin", "live-overlay-bubble-shadow.html", "https://www.linkedin.com/feed/");
  assert.match(dom.window.AcquaintSite.report(dom.window.document, "https://www.linkedin.com/feed/").skeleton,
               /msg-overlay-conversation-bubble/);
});
