// Acquaint's background: one message switch for content scripts and extension pages, one chokepoint to the
// native host (lib/native.js), the per-tab state behind the badge, the hint and the popup, and the context menu.
import { webext, sessionStore } from "./lib/compat.js";
import { clearBadge, showProblem, showStatus, showVerdict } from "./lib/badge.js";
import { installMenus, lookup, lookupFromMenu, pastedKind } from "./lib/menus.js";
import { HostError, HostReplyError, NativeHost, statusForReply } from "./lib/native.js";
import { loadSettings } from "./lib/settings.js";
import { isExtensionPage, senderSite, validateOutcome } from "./lib/validate.js";

const host = new NativeHost();
const EXTENSION_ORIGIN = webext.runtime.getURL("");

const MAX_DRAFT = 2000;

// The user's own draft on this tab's conversation: if it asks, their standing with the person (the mirror). The
// draft goes to the local host and back, and is kept nowhere.
async function onDraft(tabId, text) {
  const settings = await loadSettings();
  const state = await getState(tabId);
  const capture = state?.capture;
  if (!settings.mirror || !capture?.person || typeof text !== "string" || !text.trim()) return { mirror: null };
  try {
    const reply = await hostCall({ type: "mirror", platform: capture.platform, person: capture.person,
                                   draft: text.slice(0, MAX_DRAFT) });
    return { mirror: reply.mirror };
  } catch {
    return { mirror: null }; // the mirror is a courtesy: a problem shows on the badge, not here
  }
}

// What the user gave through the page's own flow, kept with the tab until they log it from the popup (or leave).
const GAVE = {
  recommendation: { what: "wrote a recommendation for", log: { type: "log", kind: "recommendation", direction: "out",
                                                                note: "wrote them a recommendation (from the browser)" } },
  endorsement: { what: "endorsed", log: { type: "log", kind: "endorsement", direction: "out",
                                           note: "endorsed their skills (from the browser)" } },
  share: { what: "reposted", log: { type: "log", kind: "favor-given", note: "reposted their post (from the browser)" } },
};

async function onGave(tabId, kind) {
  const state = await getState(tabId);
  if (!GAVE[kind] || !state?.capture?.person) return { ok: false };
  await setState(tabId, { ...state, gave: { kind, what: GAVE[kind].what } });
  return { ok: true };
}

async function logGave(tabId) {
  const state = await requireCapture(tabId);
  if (!state.gave || !GAVE[state.gave.kind]) throw new Error("nothing given on this tab to log");
  await hostCall({ ...GAVE[state.gave.kind].log, platform: state.capture.platform, person: state.capture.person });
  await setState(tabId, { ...(await getState(tabId)), gave: null });
  return { verdict: await recheck(tabId, state.capture) };
}

// The popup's quick actions, as host messages.
const ACTIONS = {
  met: { type: "log", kind: "meeting", direction: "both", note: "we've met (from the browser)" },
  "helped-me": { type: "log", kind: "favor-received", note: "they helped me (from the browser)" },
  "i-helped": { type: "log", kind: "favor-given", note: "I helped them (from the browser)" },
  "know-well": { type: "closeness", closeness: "established" },
  ignore: { type: "forget", scope: "person" },
};

const stateKey = (tabId) => `tab:${tabId}`;

async function getState(tabId) {
  return (await sessionStore.get(stateKey(tabId)))[stateKey(tabId)] ?? null;
}

async function setState(tabId, state) {
  if (state) await sessionStore.set({ [stateKey(tabId)]: state });
  else await sessionStore.remove(stateKey(tabId));
}

const BUSY_RETRY_MS = [1000, 2000, 4000, 8000, 15000];

async function hostCall(message) {
  const reply = await host.request(message);
  if (!reply.ok) throw new HostReplyError(reply.error);
  return reply;
}

function problemOf(error) {
  if (error instanceof HostError) return error.status;
  if (error instanceof HostReplyError) return statusForReply(error);
  return { state: "error", message: String(error?.message ?? error), fix: "Run `acquaint doctor`." };
}

// A busy history (another Acquaint writing it) is tried again, a few times, a little later each time.
function retryLater(tabId, site, outcome, attempt) {
  if (attempt >= BUSY_RETRY_MS.length) return;
  setTimeout(async () => {
    const state = await getState(tabId);
    if (state?.status === "busy" || state?.verdict?.flags?.includes("history_busy")) {
      await onPage(tabId, site, outcome, attempt + 1);
    }
  }, BUSY_RETRY_MS[attempt]);
}

function checkMessage(capture, record) {
  return { type: "check", platform: capture.platform, person: capture.person, request: capture.request, record };
}

// A page reported what it found: check a capture with the host, or show why there is none.
async function onPage(tabId, site, rawOutcome, attempt = 0) {
  const outcome = validateOutcome(rawOutcome, site);
  const settings = await loadSettings();
  if (outcome.status === "no_conversation" || !settings.sites[site]) {
    await setState(tabId, null);
    await clearBadge(tabId);
    return { verdict: null };
  }
  if (!outcome.capture) {
    await setState(tabId, { status: outcome.status, why: outcome.why, capture: null, verdict: null, site });
    await showStatus(tabId, outcome.status, outcome.why);
    return { verdict: null, status: outcome.status };
  }
  const capture = outcome.capture;
  // A profile asks nothing: look, never record.
  const record = settings.recordAsks && capture.request.context !== "profile";
  try {
    const reply = await hostCall(checkMessage(capture, record));
    await showVerdict(tabId, reply.verdict);
    // shownAt: when the badge was set (the e2e tests time a conversation's appearance against it).
    await setState(tabId, { status: outcome.status, capture, verdict: reply.verdict, site, shownAt: Date.now() });
    if (reply.verdict.flags.includes("history_busy")) retryLater(tabId, site, rawOutcome, attempt);  // not yet recorded
    return { verdict: reply.verdict, showHint: settings.hint && !reply.verdict.flags.includes("ignored") };
  } catch (error) {
    const problem = problemOf(error);
    if (problem.state === "page" || problem.state === "busy") {
      // Not a broken setup: this page's data was refused ("could not read this page"), or the history is busy.
      const status = problem.state === "page" ? "unreadable" : "busy";
      await setState(tabId, { status, why: problem.message, capture: null, verdict: null, site });
      await showStatus(tabId, status, problem.state === "page" ? problem.message : null);
      if (status === "busy") retryLater(tabId, site, rawOutcome, attempt);
      return { verdict: null, status };
    }
    await setState(tabId, { status: outcome.status, capture, verdict: null, problem, site });
    await showProblem(tabId, problem);
    return { problem };
  }
}

async function recheck(tabId, capture) {
  const reply = await hostCall(checkMessage(capture, false));
  const state = await getState(tabId);
  await setState(tabId, { ...state, capture, verdict: reply.verdict, shownAt: Date.now() });
  await showVerdict(tabId, reply.verdict);
  const settings = await loadSettings();
  const showHint = settings.hint && !reply.verdict.flags.includes("ignored");
  webext.tabs.sendMessage(tabId, { type: "verdict", verdict: reply.verdict, showHint }).catch(() => {});
  return reply.verdict;
}

async function requireCapture(tabId) {
  const state = await getState(tabId);
  if (!state?.capture) throw new Error("there is no request on this tab");
  return state;
}

async function onAction(tabId, action) {
  const { capture } = await requireCapture(tabId);
  const base = ACTIONS[action];
  if (!base) throw new Error(`unknown action ${action}`);
  await hostCall({ ...base, platform: capture.platform, person: capture.person });
  return { verdict: await recheck(tabId, capture) };
}

async function onDismiss(tabId) {
  const { capture } = await requireCapture(tabId);
  await hostCall({ type: "forget", scope: "request", platform: capture.platform, person: capture.person,
                   request: capture.request });
  return { verdict: await recheck(tabId, capture) };
}

// The user's answer to "Is this Sam Lee from your connections?", from the hint or the popup.
async function onMatch(tabId, same) {
  const { capture, verdict } = await requireCapture(tabId);
  if (!verdict?.match) throw new Error("there is no probable match on this tab");
  if (typeof same !== "boolean") throw new Error("the answer must be yes or no");
  await hostCall({ type: "match", platform: capture.platform, person: capture.person,
                   candidate: verdict.match.person_id, same });
  return { verdict: await recheck(tabId, capture) };
}

// The Give-first view's buttons: log what the user did for someone, or leave them out for now or for good.
const GIVE_FIRST_ACTIONS = {
  helped: { type: "log", kind: "favor-given", note: "I helped them (Give first)" },
  answered: { type: "log", kind: "message", direction: "out", note: "I answered (Give first)" },
  contacted: { type: "log", kind: "message", direction: "out", note: "I got in touch (Give first)" },
  snooze: { type: "give_first", snooze: { days: 90 } },
  "not-relevant": { type: "give_first" },
};

async function giveFirstAction(personId, action) {
  const base = GIVE_FIRST_ACTIONS[action];
  if (!base || !Number.isInteger(personId) || personId < 1) throw new Error("no such Give-first action");
  if (action === "snooze") await hostCall({ ...base, snooze: { ...base.snooze, history_id: personId } });
  else if (action === "not-relevant") await hostCall({ ...base, not_relevant: personId });
  else await hostCall({ ...base, platform: "web", person: { history_id: personId } });
  return hostCall({ type: "give_first" });
}

async function personSummary(platform, person) {
  try {
    return { person: await hostCall({ type: "person", platform, person }) };
  } catch (error) {
    return { problem: problemOf(error) };
  }
}

async function popupState(tabId) {
  const state = await getState(tabId);
  let person = null;
  let problem = state?.problem ?? null;
  if (state?.capture) {
    const found = await personSummary(state.capture.platform, state.capture.person);
    person = found.person ?? null;
    problem = found.problem ?? problem;
  } else {
    try {
      await host.connect();
    } catch (error) {
      problem = error instanceof HostError ? error.status : problem;
    }
  }
  return { status: state?.status ?? null, why: state?.why ?? null, capture: state?.capture ?? null, gave: state?.gave ?? null,
           verdict: state?.verdict ?? null, shownAt: state?.shownAt ?? null, person, problem,
           host: host.status, hello: host.hello };
}

// The structural skeleton of the conversation area, from the content script, for a bug report.
async function pageReport(tabId) {
  const report = await webext.tabs.sendMessage(tabId, { type: "report" });
  if (!report || typeof report.skeleton !== "string") throw new Error("this page has no Acquaint reader");
  return report;
}

// -- looking anything up by hand (the context menu) ----------------------------------------------------------

const lookupKey = (id) => `lookup:${id}`;

async function getLookup(id) {
  const stored = (await sessionStore.get(lookupKey(id)))[lookupKey(id)];
  if (!stored) throw new Error("this lookup has expired; use the menu again");
  return stored;
}

async function lookupCheck(id, personId, record) {
  const lookup = await getLookup(id);
  if (!Number.isInteger(personId) || personId <= 0) throw new Error("choose a person from the list");
  const reply = await hostCall({ type: "check", platform: "web", person: { history_id: personId },
                                 request: { text: lookup.text ?? "", context: "selection" },
                                 record: Boolean(record) });
  const summary = await personSummary("web", { history_id: personId });
  return { verdict: reply.verdict, person: summary.person ?? null };
}

async function handleMessage(message, sender) {
  if (!message || typeof message.type !== "string") return { error: "malformed message" };
  const site = senderSite(sender, webext.runtime.id);
  if (site) {
    const tabId = sender.tab.id;
    switch (message.type) {
      case "page": return onPage(tabId, site, message.outcome);
      case "draft": return onDraft(tabId, message.text);
      case "gave": return onGave(tabId, message.kind);
      case "dismiss": return onDismiss(tabId);
      case "match": return onMatch(tabId, message.same);
      default: return { error: `unknown message ${message.type}` };
    }
  }
  if (isExtensionPage(sender, webext.runtime.id, EXTENSION_ORIGIN)) {
    switch (message.type) {
      case "popup-state": return popupState(message.tabId);
      case "action": return message.action === "gave" ? logGave(message.tabId) : onAction(message.tabId, message.action);
      case "match": return onMatch(message.tabId, message.same);
      case "report": return pageReport(message.tabId);
      case "retry": host.reset(); return popupState(message.tabId);
      case "lookup": {
        const pasted = String(message.text ?? "").trim();
        return { lookupId: await lookup(pastedKind(pasted), pasted, lookupDependencies) };
      }
      case "lookup-state": return getLookup(message.lookupId);
      case "people": return hostCall({ type: "people", query: String(message.query ?? "").slice(0, 200) });
      case "give-first": return hostCall({ type: "give_first" });
      case "sync-status": return hostCall({ type: "sync_status" });
      case "give-first-action": return giveFirstAction(message.personId, message.action);
      case "lookup-check": return lookupCheck(message.lookupId, message.personId, message.record);
      default: return { error: `unknown message ${message.type}` };
    }
  }
  return { error: "messages are accepted only from Acquaint's own pages and content scripts" };
}

webext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handleMessage(message, sender).then(sendResponse, (error) => sendResponse({ error: String(error?.message ?? error) }));
  return true; // the answer comes asynchronously
});

webext.tabs.onRemoved.addListener((tabId) => { setState(tabId, null); });

webext.runtime.onInstalled.addListener(installMenus);
webext.runtime.onStartup.addListener(installMenus);
const lookupDependencies = { hostCall, personSummary, store: sessionStore, key: lookupKey };
webext.contextMenus.onClicked.addListener((info) => { lookupFromMenu(info, lookupDependencies).catch(() => {}); });
