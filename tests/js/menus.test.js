// The context menu: one item on profile links (the adapters' own URL patterns), one on selected text; and
// what a pasted text is taken for.
import assert from "node:assert/strict";
import { test } from "node:test";

const created = [];
globalThis.chrome = {
  runtime: { id: "ext", getURL: (path) => `chrome-extension://ext/${path}` },
  contextMenus: { removeAll: (done) => { created.length = 0; done(); }, create: (item) => created.push(item) },
  storage: { local: {} },
};
const { installMenus, personFromLink, pastedKind } = await import("../../extension/lib/menus.js");

test("a link item limited to LinkedIn and X profiles, and a selection item; installing twice does not duplicate", () => {
  installMenus();
  installMenus();
  assert.deepEqual(created.map((item) => [item.id, item.contexts]),
                   [["acquaint-who", ["link"]], ["acquaint-ask", ["selection"]]]);
  const patterns = created[0].targetUrlPatterns;
  assert.ok(patterns.includes("https://www.linkedin.com/in/*") && patterns.includes("https://x.com/*"), patterns);
  assert.equal(created[1].targetUrlPatterns, undefined, "text anywhere, mail included");
});

test("links name a person on the right platform; pasted text is a link only when it is a profile", () => {
  assert.deepEqual(JSON.parse(JSON.stringify(personFromLink("https://www.linkedin.com/in/sam-lee-77/"))),
                   { platform: "linkedin", person: { handle: "sam-lee-77", url: "https://www.linkedin.com/in/sam-lee-77/" } });
  assert.equal(personFromLink("https://x.com/samlee").platform, "x");
  assert.equal(personFromLink("https://x.com/home"), null);
  assert.equal(pastedKind(" https://x.com/samlee "), "link");
  assert.equal(pastedKind("https://example.com/blog"), "selection");
  assert.equal(pastedKind("Could you RT my launch? https://x.com/samlee/status/1"), "selection");
});
