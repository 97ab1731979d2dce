// The options page's sync line, from the host's `sync_status` reply.
import assert from "node:assert/strict";
import { test } from "node:test";

const { syncLine } = await import("../../extension/lib/sync_status.js");
const NOW = Date.parse("2026-11-26T12:00:00Z");

test("sync off says so and how to turn it on", () => {
  const line = syncLine(null, NOW);
  assert.match(line.text, /Sync is off/);
  assert.match(line.text, /acquaint sync init/);
  assert.equal(line.problem, false);
});

test("each other computer with its last change merged, and files still arriving", () => {
  const line = syncLine({ name: "laptop", devices: [
    { device: "a1", name: "desktop", last_change: "2026-11-26T11:50:00Z", files_waiting: 0 },
    { device: "b2", name: "work", last_change: "2026-11-24T12:00:00Z", files_waiting: 2 },
  ], problems: [] }, NOW);
  assert.equal(line.text, "Syncing as “laptop”. desktop: last change 10 min ago; work: last change 2 days ago, "
    + "2 file(s) still arriving.");
  assert.equal(line.problem, false);
});

test("a problem is named, and marked as one", () => {
  const line = syncLine({ name: "laptop", devices: [], problems: ["the sync folder /x is missing"] }, NOW);
  assert.match(line.text, /No other computer has joined yet\. Problem: the sync folder \/x is missing/);
  assert.equal(line.problem, true);
});

test("names from other computers are cut short and stay text", () => {
  const line = syncLine({ name: "<img src=x onerror=alert(1)>", devices: [{ name: "x".repeat(500) }], problems: [] }, NOW);
  assert.ok(line.text.includes("<img src=x onerror=alert(1)>"), "kept as text for textContent");
  assert.ok(!line.text.includes("x".repeat(41)));
});
