// The adapters on pages modelled on the live sites (tests/js/fixtures/*/live-*.html), judged against
// expectations written from the pages alone, blind to the adapters (tests/js/fixtures/live-cases.json):
// who asks (with every identifier the page shows, and none it does not), what they said, group or not,
// what the site says about the relationship, and — for the negative controls — nothing at all.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { FIXTURES, read } from "./load.js";

const CASES = JSON.parse(readFileSync(join(FIXTURES, "live-cases.json"), "utf8"));
const MAX_MESSAGES = 5;

function expectedPerson(site, expected) {
  const person = {};
  if (site === "linkedin") {
    if (expected.linkedin) person.handle = expected.linkedin;
    if (expected.linkedin_member_id) person.member_id = expected.linkedin_member_id;
  } else {
    if (expected.x) person.handle = expected.x.toLowerCase();
    if (expected.x_id) person.id = expected.x_id;
  }
  if (expected.name) person.name = expected.name;
  return person;
}

for (const entry of CASES) {
  test(`${entry.control ? "negative control" : "live page"}: ${entry.name}`, () => {
    const outcome = read(entry.site, entry.fixture, entry.url, { cookie: entry.cookie ?? undefined });
    const expect = entry.expect;
    assert.equal(outcome.status, expect.status, `${entry.name}: ${outcome.why ?? ""}`);
    if (expect.status !== "ok") {
      assert.equal(outcome.capture ?? null, null);
      return;
    }
    const { capture } = outcome;
    assert.equal(capture.platform, entry.site);
    assert.equal(capture.request.context, expect.context);
    // A vanity name the sender's own message shows (a recommendation link) is shown, but only as a claim.
    const { url, relation, claimed_handle: claimed, ...person } = capture.person;
    if (claimed && !person.handle) person.handle = claimed;
    assert.deepEqual(person, expectedPerson(entry.site, expect.person));
    assert.deepEqual(relation ?? null, expect.relation);
    assert.equal(capture.request.group, expect.group);
    const said = expect.context === "profile" ? [] : expect.their_messages.slice(-MAX_MESSAGES);
    assert.equal(capture.request.text, said.join("\n"));
    if (expect.context !== "profile") assert.ok(outcome.anchor, "the hint has a place beside the request");
  });
}

test("every live case names its evidence, and every positive case has a negative control on its site", () => {
  for (const entry of CASES) assert.ok(entry.evidence?.length > 10, entry.name);
  for (const site of ["linkedin", "x"]) {
    assert.ok(CASES.some((c) => c.site === site && c.control), `${site} has negative controls`);
  }
  for (const entry of CASES) {
    const header = readFileSync(join(FIXTURES, entry.site, entry.fixture), "utf8").slice(0, 4000);
    assert.match(header, /<!--[\s\S]*EVIDENCE/i, `${entry.fixture} says what it rests on`);
  }
});
