import assert from "node:assert/strict";
import { test } from "node:test";

globalThis.chrome = { runtime: { id: "ext" }, storage: { local: {} } };
const { senderSite, validateCapture, validateOutcome, isExtensionPage } = await import("../../extension/lib/validate.js");
const { classify, fixFor, statusForReply } = await import("../../extension/lib/native.js");

const GOOD = { platform: "x", person: { handle: "samlee", id: "1700000000000000001", name: "Sam" },
               request: { text: "RT?", url: "https://x.com/messages/1-2", hints: [], group: false,
                          context: "conversation" } };

test("only our own content script on a site we serve is accepted", () => {
  const tab = { id: 4, url: "https://x.com/messages/1-2" };
  assert.equal(senderSite({ id: "ext", tab, url: tab.url, frameId: 0 }, "ext"), "x");
  assert.equal(senderSite({ id: "ext", tab, url: "https://www.linkedin.com/feed/", frameId: 0 }, "ext"), "linkedin");
  assert.equal(senderSite({ id: "other", tab, url: tab.url }, "ext"), null);
  assert.equal(senderSite({ id: "ext", tab, url: "https://evil.example/x.com" }, "ext"), null);
  assert.equal(senderSite({ id: "ext", tab, url: tab.url, frameId: 3 }, "ext"), null);
  assert.equal(senderSite({ id: "ext", url: tab.url }, "ext"), null);
  assert.equal(isExtensionPage({ id: "ext", url: "chrome-extension://ext/popup/popup.html" }, "ext",
                               "chrome-extension://ext/"), true);
  assert.equal(isExtensionPage({ id: "ext", tab, url: "chrome-extension://ext/popup/popup.html" }, "ext",
                               "chrome-extension://ext/"), true, "the popup opened in a tab");
  assert.equal(isExtensionPage({ id: "ext", tab, url: "https://x.com/messages/1-2" }, "ext",
                               "chrome-extension://ext/"), false, "a content script");
  assert.equal(isExtensionPage({ id: "other", url: "chrome-extension://ext/popup/popup.html" }, "ext",
                               "chrome-extension://ext/"), false);
});

test("captures are checked and cleaned", () => {
  assert.deepEqual(validateCapture(GOOD, "x"), GOOD);
  assert.equal(validateCapture(null, "x"), null);
  const bad = [
    [{ ...GOOD, platform: "linkedin" }, /sent from x/],
    [{ ...GOOD, person: { id: 1700000000000000001 } }, /person.id must be a string/],
    [{ ...GOOD, person: { id: "17e3" } }, /digits/],
    [{ ...GOOD, person: {} }, /names nobody/],
    [{ ...GOOD, person: { member_id: "acoaa-lowercased" } }, /member id/],
    [{ ...GOOD, person: { handle: "sam", relation: { linkedin_degree: 4 } } }, /linkedin_degree/],
    [{ ...GOOD, request: { context: "mail" } }, /context is unknown/],
    [{ ...GOOD, request: { text: "x".repeat(20001) } }, /longer than 20000/],
    [{ ...GOOD, request: { hints: ["<script>"] } }, /unknown hints/],
    [{ ...GOOD, request: { group: "yes" } }, /group must be a boolean/],
    ["capture", /must be an object/],
  ];
  for (const [capture, message] of bad) assert.throws(() => validateCapture(capture, "x"), message);
});

test("what a page found is checked too: a known status, and a capture only where there is one", () => {
  assert.deepEqual(validateOutcome({ status: "locked", why: "enter your passcode" }, "x"),
                   { status: "locked", capture: null, why: "enter your passcode" });
  assert.deepEqual(validateOutcome({ status: "ok", capture: GOOD }, "x").capture, GOOD);
  assert.deepEqual(validateOutcome({ status: "ok", capture: { ...GOOD, person: { name: "Dana Wu" } } }, "x")
    .capture.person, { name: "Dana Wu" }, "a group chat may show only a name");
  assert.throws(() => validateOutcome({ status: "exploded" }, "x"), /unknown/);
  assert.throws(() => validateOutcome({ status: "ok" }, "x"), /must be an object/);
  assert.throws(() => validateOutcome({ status: "unreadable", why: "x".repeat(301) }, "x"), /longer than 300/);
});

test("browser errors become states with the exact fix", () => {
  assert.equal(classify("Specified native messaging host not found."), "missing");
  assert.equal(classify("No such native application com.acquaint.host"), "missing");
  assert.equal(classify("Access to the specified native messaging host is forbidden."), "forbidden");
  assert.equal(classify("Native host has exited."), "exited");
  assert.match(fixFor("missing", "ext"), /python3 install\.py/);
  assert.match(fixFor("forbidden", "abc"), /--extension-id abc/);
  assert.match(fixFor("version", "ext"), /different versions/);
});

test("host error codes say what to show: a page problem, a busy history, or the fix for a broken history", () => {
  assert.equal(statusForReply({ code: "bad_request", message: "'person.handle' is not a LinkedIn profile" }).state,
               "page");
  assert.equal(statusForReply({ code: "history_busy", message: "busy" }).state, "busy");
  assert.match(statusForReply({ code: "history_unreadable", message: "damaged" }).fix, /acquaint restore/);
  assert.match(statusForReply({ code: "settings_invalid", message: "x" }).fix, /acquaint doctor/);
  assert.equal(statusForReply({ code: "a_code_from_the_future", message: "x" }).state, "error");
});
