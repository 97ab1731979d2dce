// The popup: the verdict for this tab, the person's history, quick actions, why a page could not be read (with a
// page report to copy), and — opened from the context menu — a lookup of a profile link or a selected text.
// All text from the host or the page is set with textContent.
import { webext } from "../lib/compat.js";

const LEVEL_NAMES = { stranger: "a stranger", acquaintance: "an acquaintance", established: "well known to you" };
const STATUS_TEXT = {
  locked: ["This chat is locked", "X encrypts this chat until you enter your passcode. Enter it, then reopen the " +
    "conversation: Acquaint reads it then."],
  unreadable: ["Acquaint could not read this conversation", "The site's markup may have changed. Nothing was " +
    "recorded."],
  identity_unknown: ["Acquaint could not tell who wrote this", "The page shows the messages but no name, handle or " +
    "profile link for the person writing. Nothing was recorded."],
  busy: ["Your history is busy", "Another Acquaint program (a browser, the acquaint command, an import) is writing " +
    "it. Acquaint tries again in a moment."],
};
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

function show(id, visible) {
  $(id).hidden = !visible;
}

function day(iso) {
  return iso ? iso.slice(0, 10) : "none on record";
}

function send(message) {
  return webext.runtime.sendMessage(message);
}

const PROBLEM_TITLES = {
  history: "Acquaint cannot use your history",
  settings: "Acquaint's settings do not read",
  error: "Acquaint's helper program failed",
};

function renderProblem(problem) {
  show("problem", Boolean(problem));
  if (!problem) return;
  $("problem-title").textContent = PROBLEM_TITLES[problem.state] ?? "Acquaint cannot reach its helper program";
  $("problem-message").textContent = problem.message;
  $("problem-fix").textContent = problem.fix.replace(/^Run `([^`]+)`.*$/s, "$1");
  $("problem-fix").title = problem.fix;
}

function renderVerdict(verdict, fallbackName) {
  show("verdict", Boolean(verdict));
  if (!verdict) return;
  $("badge").textContent = verdict.badge.text || "·";
  $("badge").style.background = verdict.badge.color;
  $("name").textContent = (verdict.person?.name ?? fallbackName ?? "This person") + (verdict.match ? " (probably)" : "");
  $("level").textContent = LEVEL_NAMES[verdict.level] ?? verdict.level;
  $("score").textContent = `(score ${verdict.score}/100)`;
  const readOnly = ["profile", "link"].includes(verdict.context);
  $("ask").textContent = readOnly ? "Who they are to you, from your history." : verdict.ask
    ? `Asks for ${verdict.ask_phrase ?? verdict.ask}` + (verdict.ask_evidence ? ` — “${verdict.ask_evidence}”` : "")
    : verdict.ask_unread_language
      ? `Can't tell what they ask: Acquaint does not read ${verdict.ask_unread_language} yet.`
      : "Asks for nothing here.";
  show("match", Boolean(verdict.match?.identity));
  if (verdict.match?.identity) {
    $("match-question").textContent = `Is this ${verdict.match.name}? (${verdict.reasons[0]}.)`;
    $("match-yes").textContent = `Yes, it's ${verdict.match.name}`;
  }
  $("reasons").replaceChildren(...verdict.reasons.map((reason) => {
    const item = document.createElement("li");
    item.textContent = reason;
    return item;
  }));
  $("suggestion").textContent = verdict.suggestion;
}

function renderSummary(summary) {
  show("summary", Boolean(summary));
  if (!summary) return;
  $("first-contact").textContent = day(summary.first_contact);
  $("last-two-way").textContent = day(summary.last_two_way);
  $("favours").textContent = `you helped them ${summary.favors_given}×, they helped you ${summary.favors_received}×`;
  // All of their recorded asks, this one included (the verdict's "asked N times before" counts the earlier ones).
  $("asks").textContent = String(summary.asks_from_them);
}

function renderStatus(status, why) {
  const known = STATUS_TEXT[status];
  show("status", Boolean(known));
  if (!known) return;
  $("status-title").textContent = known[0];
  $("status-message").textContent = known[1] + (why ? ` (${why})` : "");
  show("report-box", !["locked", "busy"].includes(status));
}

function render(state) {
  const problem = state.problem ?? (["ok", "unknown"].includes(state.host?.state) ? null : state.host);
  renderProblem(problem);
  renderStatus(problem ? null : state.status, state.why);
  show("empty", !problem && !state.capture && !STATUS_TEXT[state.status]);
  show("by-hand", !problem);
  renderVerdict(state.verdict, state.capture?.person?.name);
  // While a match is only probable, the question comes first: actions would file things under a guess. A page
  // that shows only a name gives nothing to file them under.
  const person = state.capture?.person ?? {};
  const identified = Boolean(person.handle || person.member_id || person.id || person.url);
  show("actions", Boolean(state.capture && identified && !problem && !state.verdict?.match));
  renderSummary(state.person?.summary);
  // Given through the page's own flow (a recommendation sent, a repost): one click puts it in the ledger.
  const gave = state.gave && state.capture && identified && !problem ? state.gave : null;
  show("gave", Boolean(gave));
  if (gave) {
    const name = state.verdict?.person?.name ?? state.capture.person.name ?? "them";
    $("gave-text").textContent = `You just ${gave.what} ${name}.`;
    const what = { share: "a repost", endorsement: "an endorsement", recommendation: "a recommendation" }[gave.kind];
    $("gave-button").textContent = `I helped them (${what ?? "a favour"})`;
  }
  $("host-status").textContent = state.hello ? `Host ${state.hello.host_version}` : "Host not connected";
}

// -- Give first: who the user owes (the host's give_first) ------------------------------------------------------

const GIVE_FIRST_LISTS = [
  ["helped_you", "They helped you more than you helped them", ["helped", "I helped them"]],
  ["reaching_out", "They keep writing; you never answered", ["answered", "I answered"]],
  ["dormant", "Close once, quiet for years", ["contacted", "I got in touch"]],
];

function renderGiveFirst(lists) {
  show("give-first", Boolean(lists));
  if (!lists) return;
  const sections = [];
  for (const [name, title, [action, label]] of GIVE_FIRST_LISTS) {
    const lines = lists[name] ?? [];
    if (!lines.length) continue;
    const heading = document.createElement("h3");
    heading.textContent = title;
    const list = document.createElement("ul");
    list.className = "owed";
    list.dataset.list = name;
    for (const line of lines) list.append(owedLine(line, action, label));
    sections.push(heading, list);
  }
  show("give-first-empty", sections.length === 0);
  $("give-first-lists").replaceChildren(...sections);
}

function owedLine(line, action, label) {
  const item = document.createElement("li");
  const name = document.createElement("strong");
  name.textContent = line.person.name;
  const why = document.createElement("div");
  why.textContent = line.why;
  const buttons = document.createElement("div");
  buttons.className = "buttons";
  for (const [kind, text] of [[action, label], ["snooze", "Not now"], ["not-relevant", "Not relevant"]]) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.dataset.giveFirst = kind;
    button.addEventListener("click", async () => {
      const reply = await send({ type: "give-first-action", personId: line.person.id, action: kind });
      $("give-first-result").textContent = reply?.error ? `Could not save: ${reply.error}`
        : `Saved: ${text} (${line.person.name})`;
      if (!reply?.error) renderGiveFirst(reply);
    });
    buttons.append(button);
  }
  item.append(name, why, buttons);
  return item;
}

async function activeTabId() {
  // popup.html?tab=ID shows one tab's state when the popup is opened as a page (tests, screenshots).
  const asked = Number(params.get("tab"));
  if (Number.isInteger(asked) && asked > 0) return asked;
  const [tab] = await webext.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function copyReport(tabId) {
  const reply = await send({ type: "report", tabId });
  if (reply?.error) {
    $("report-result").textContent = `No report: ${reply.error}`;
    return;
  }
  $("report").value = `Acquaint ${webext.runtime.getManifest().version} page report (${reply.platform})\n${reply.skeleton}`;
  show("report", true);
  try {
    await navigator.clipboard.writeText($("report").value);
    $("report-result").textContent = "Copied. Paste it into your bug report.";
  } catch {
    $("report").select();
    $("report-result").textContent = "Select the text above and copy it (Ctrl+C).";
  }
}

async function tabMain() {
  const tabId = await activeTabId();
  render(await send({ type: "popup-state", tabId }));
  for (const button of document.querySelectorAll("[data-action]")) {
    button.addEventListener("click", async () => {
      const reply = await send({ type: "action", tabId, action: button.dataset.action });
      $("action-result").textContent = reply?.error ? `Could not save: ${reply.error}` : `Saved: ${button.textContent}`;
      render(await send({ type: "popup-state", tabId }));
    });
  }
  for (const [id, same] of [["match-yes", true], ["match-no", false]]) {
    $(id).addEventListener("click", async () => {
      const reply = await send({ type: "match", tabId, same });
      $("action-result").textContent = reply?.error ? `Could not save: ${reply.error}` : "";
      render(await send({ type: "popup-state", tabId }));
    });
  }
  $("copy-report").addEventListener("click", () => copyReport(tabId));
  if (!$("empty").hidden) {  // no request on this tab: the time to see whom to give back to
    const lists = await send({ type: "give-first" });
    renderGiveFirst(lists?.error ? null : lists);
  }
  $("by-hand").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("by-hand-text").value.trim();
    if (!text) return;
    const reply = await send({ type: "lookup", text });
    if (reply?.lookupId) location.search = `?lookup=${encodeURIComponent(reply.lookupId)}`;
  });
  $("retry").addEventListener("click", async () => {
    render(await send({ type: "retry", tabId }));
  });
}

// -- opened from the context menu ------------------------------------------------------------------------------

function renderChoices(lookupId, people, ask) {
  $("choose-results").replaceChildren(...people.map((person) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `${person.name} — ${LEVEL_NAMES[person.level] ?? person.level}`;
    button.title = person.identities.join(", ");
    button.addEventListener("click", () => choosePerson(lookupId, person.id, ask));
    item.append(button);
    return item;
  }));
  if (!people.length) {
    const item = document.createElement("li");
    item.textContent = "Nobody in your history matches.";
    $("choose-results").replaceChildren(item);
  }
}

async function choosePerson(lookupId, personId, ask) {
  const reply = await send({ type: "lookup-check", lookupId, personId, record: false });
  if (reply?.error) {
    $("lookup-error").textContent = reply.error;
    show("lookup-error", true);
    return;
  }
  renderVerdict(reply.verdict);
  renderSummary(reply.person?.summary);
  show("record-ask", Boolean(ask));
  $("record-ask").onclick = async () => {
    const recorded = await send({ type: "lookup-check", lookupId, personId, record: true });
    $("record-ask").textContent = recorded?.error ? `Could not record: ${recorded.error}`
      : recorded.verdict.recorded ? "Recorded." : "Already recorded.";
    $("record-ask").disabled = true;
  };
}

async function lookupMain(lookupId) {
  document.body.classList.add("window");
  show("lookup", true);
  const lookup = await send({ type: "lookup-state", lookupId });
  const error = lookup?.error;
  show("lookup-error", Boolean(error));
  if (error) {
    $("lookup-error").textContent = error;
    return;
  }
  if (lookup.kind === "link") {
    renderVerdict(lookup.verdict, lookup.capture?.person?.name);
    renderSummary(lookup.person?.summary);
    return;
  }
  show("selection", true);
  $("selection-text").textContent = lookup.text;
  $("selection-answer").textContent = lookup.ask
    ? `Yes: it asks for ${lookup.ask} — “${lookup.evidence}”.`
    : lookup.unread_language ? `Can't tell: Acquaint does not read ${lookup.unread_language} yet.`
      : "No: Acquaint finds no favour asked in it.";
  show("choose", true);
  let searching = 0;
  $("choose-query").addEventListener("input", async () => {
    const query = $("choose-query").value.trim();
    const mine = ++searching;
    const reply = query ? await send({ type: "people", query }) : { people: [] };
    if (mine === searching) renderChoices(lookupId, reply?.people ?? [], lookup.ask);
  });
  $("choose").addEventListener("submit", (event) => event.preventDefault());
}

if (params.get("lookup")) lookupMain(params.get("lookup"));
else tabMain();
