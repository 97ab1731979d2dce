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
                                ["live-thread-redesign-unreadable.html", THREAD],
                                ["live-invitation-manager-note.html", "https://www.linkedin.com/mynetwork/invitation-manager/"],
                                ["live-profile-first-degree.html", "https://www.linkedin.com/in/sam-lee-77/"]]) {
    const { dom } = read("linkedin", fixture, url);
    const { skeleton } = dom.window.AcquaintSite.report(dom.window.document, url);
    assert.ok(skeleton.split("\n").length > 5, `${fixture}: an outline, not nothing`);
    for (const secret of ["Sam Lee", "Priya", "Kubernetes", "Mallory", SAM_ID, "sam-lee-77", "Alex", "dana-wu"]) {
      assert.ok(!skeleton.includes(secret), `${fixture}: the report leaks ${secret}`);
    }
  }
  const { dom } = read("linkedin", "live-overlay-bubble-shadow.html", "https://www.linkedin.com/feed/");
  assert.match(dom.window.AcquaintSite.report(dom.window.document, "https://www.linkedin.com/feed/").skeleton,
               /msg-overlay-conversation-bubble/);
});

test("a recommendation link is only a claim: the sender's text could name anyone", () => {
  const url = "https://www.linkedin.com/messaging/thread/2-MWQ4ZTNhZjItNmI0Yy00ZTlhLThkMmUtNzc1YTFjOTBiZjQ0XzEwMA==/";
  const { capture } = read("linkedin", "live-thread-recommendation-request.html", url);
  assert.equal(capture.person.handle, undefined);
  assert.equal(capture.person.claimed_handle, "sam-lee-77");
  assert.equal(capture.person.member_id, SAM_ID, "the member id comes from the thread's own markup");
  // Mallory pastes a form link naming a trusted connection into her own message: still a claim, and hers.
  const { dom } = read("linkedin", "live-thread-member-id.html", THREAD);
  const body = dom.window.document.querySelectorAll(".msg-s-event-listitem--other .msg-s-event-listitem__body")[1];
  const link = dom.window.document.createElement("a");
  link.href = "https://www.linkedin.com/in/trusted-friend/edit/forms/recommendation/write/?profileUrn=urn%3Ali%3Afsd_profile%3AACoAA7VIrxaR7kQfWv52uvEgoqiXnLAC1lIAYJR";
  body.append(link);
  const spoofed = dom.window.AcquaintSite.read(dom.window.document, THREAD).capture.person;
  assert.equal(spoofed.handle, undefined);
  assert.equal(spoofed.claimed_handle, "trusted-friend");
  assert.equal(spoofed.member_id, SAM_ID, "who wrote it is still who the thread says");
});

test("a thread without its header (loading, redesigned) is named by their messages, never by another link", () => {
  const { dom } = read("linkedin", "live-thread-member-id.html", THREAD);
  dom.window.document.querySelector(".msg-title-bar").remove();
  const { capture } = dom.window.AcquaintSite.read(dom.window.document, THREAD);
  assert.equal(capture.person.member_id, SAM_ID);
  assert.equal(capture.person.name, "Sam Lee");
});

test("a comma in one person's name does not make a group", () => {
  const { dom } = read("linkedin", "live-thread-member-id.html", THREAD);
  const doc = dom.window.document;
  doc.querySelector(".msg-entity-lockup__entity-title").textContent = "Sam Lee, PhD";
  doc.querySelector("a.msg-thread__link-to-profile").setAttribute("title", "Open Sam Lee, PhD’s profile");
  const { capture } = dom.window.AcquaintSite.read(doc, THREAD);
  assert.equal(capture.request.group, false);
  assert.equal(capture.person.name, "Sam Lee, PhD");
});

test("a line break inside a message is a break, not glue between two sentences", () => {
  const { dom } = read("linkedin", "live-thread-member-id.html", THREAD);
  const doc = dom.window.document;
  const body = doc.querySelectorAll(".msg-s-event-listitem--other .msg-s-event-listitem__body")[0];
  body.replaceChildren("Great to see you at the talk", doc.createElement("br"), "Could you write me a recommendation?");
  const { capture } = dom.window.AcquaintSite.read(doc, THREAD);
  assert.match(capture.request.text, /at the talk\nCould you write me a recommendation\?/);
});

test("the recommendation form opened on your own initiative asks nothing", () => {
  const url = "https://www.linkedin.com/in/sam-lee-77/edit/forms/recommendation/write/";
  const { dom } = read("linkedin", "live-recommendation-form.html", url);
  const outlet = dom.window.document.getElementById("interop-outlet").shadowRoot;
  outlet.querySelector(".recommendation-request").remove();
  const { capture } = dom.window.AcquaintSite.read(dom.window.document, url);
  assert.equal(capture.request.text, "");
  assert.deepEqual([...capture.request.hints], []);
});
