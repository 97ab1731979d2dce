// The popup: the verdict for this tab, the person's history, quick actions, and what to do when the setup
// is broken. All text from the host or the page is set with textContent.
import { webext } from "../lib/compat.js";

const LEVEL_NAMES = { stranger: "a stranger", acquaintance: "an acquaintance", established: "well known to you" };
const $ = (id) => document.getElementById(id);

function show(id, visible) {
  $(id).hidden = !visible;
}

function day(iso) {
  return iso ? iso.slice(0, 10) : "none on record";
}

function render(state) {
  const problem = state.problem ?? (["ok", "unknown"].includes(state.host?.state) ? null : state.host);
  show("problem", Boolean(problem));
  if (problem) {
    $("problem-message").textContent = problem.message;
    $("problem-fix").textContent = problem.fix.replace(/^Run `([^`]+)`.*$/s, "$1");
    $("problem-fix").title = problem.fix;
  }
  const verdict = state.verdict;
  show("empty", !problem && !state.capture);
  show("verdict", Boolean(verdict));
  show("actions", Boolean(state.capture && !problem));
  if (verdict) {
    $("badge").textContent = verdict.badge.text || "·";
    $("badge").style.background = verdict.badge.color;
    $("name").textContent = verdict.person?.name ?? state.capture?.person?.name ?? "This person";
    $("level").textContent = LEVEL_NAMES[verdict.level] ?? verdict.level;
    $("score").textContent = `(score ${verdict.score}/100)`;
    $("ask").textContent = verdict.ask ? `Asks for: ${verdict.ask}` + (verdict.ask_evidence ? ` — “${verdict.ask_evidence}”` : "")
      : "Asks for nothing here.";
    $("reasons").replaceChildren(...verdict.reasons.map((reason) => {
      const item = document.createElement("li");
      item.textContent = reason;
      return item;
    }));
    $("suggestion").textContent = verdict.suggestion;
  }
  const summary = state.person?.summary;
  show("summary", Boolean(summary));
  if (summary) {
    $("first-contact").textContent = day(summary.first_contact);
    $("last-two-way").textContent = day(summary.last_two_way);
    $("favours").textContent = `you helped them ${summary.favors_given}×, they helped you ${summary.favors_received}×`;
    $("asks").textContent = String(summary.asks_from_them);
  }
  $("host-status").textContent = state.hello ? `Host ${state.hello.host_version}` : "Host not connected";
}

async function activeTabId() {
  // popup.html?tab=ID shows one tab's state when the popup is opened as a page (tests, screenshots).
  const asked = Number(new URLSearchParams(location.search).get("tab"));
  if (Number.isInteger(asked) && asked > 0) return asked;
  const [tab] = await webext.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function main() {
  const tabId = await activeTabId();
  render(await webext.runtime.sendMessage({ type: "popup-state", tabId }));
  for (const button of document.querySelectorAll("[data-action]")) {
    button.addEventListener("click", async () => {
      const reply = await webext.runtime.sendMessage({ type: "action", tabId, action: button.dataset.action });
      $("action-result").textContent = reply?.error ? `Could not save: ${reply.error}` : `Saved: ${button.textContent}`;
      render(await webext.runtime.sendMessage({ type: "popup-state", tabId }));
    });
  }
  $("retry").addEventListener("click", async () => {
    render(await webext.runtime.sendMessage({ type: "retry", tabId }));
  });
}

main();
