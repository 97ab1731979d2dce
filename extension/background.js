// Acquaint's background: one message switch for content scripts and extension pages, one chokepoint to the
// native host (lib/native.js), and the per-tab state behind the badge, the hint and the popup.
import { webext, sessionStore } from "./lib/compat.js";
import { clearBadge, showProblem, showVerdict } from "./lib/badge.js";
import { HostError, NativeHost } from "./lib/native.js";
import { loadSettings } from "./lib/settings.js";
import { isExtensionPage, senderSite, validateCapture } from "./lib/validate.js";

const host = new NativeHost();
const EXTENSION_ORIGIN = webext.runtime.getURL("");

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

async function hostCall(message) {
  const reply = await host.request(message);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply;
}

// A page reported what it shows: check it with the host and show the verdict.
async function onPage(tabId, site, rawCapture) {
  const capture = validateCapture(rawCapture, site);
  const settings = await loadSettings();
  if (!capture || !settings.sites[site]) {
    await setState(tabId, null);
    await clearBadge(tabId);
    return { verdict: null };
  }
  try {
    const reply = await hostCall({ type: "check", platform: capture.platform, person: capture.person,
                                   request: capture.request, record: settings.recordAsks });
    await setState(tabId, { capture, verdict: reply.verdict });
    await showVerdict(tabId, reply.verdict);
    return { verdict: reply.verdict, showHint: settings.hint && !reply.verdict.flags.includes("ignored") };
  } catch (error) {
    const status = error instanceof HostError ? error.status : { state: "error", message: error.message,
                                                                  fix: "Run `acquaint doctor`." };
    await setState(tabId, { capture, verdict: null, problem: status });
    await showProblem(tabId, status);
    return { problem: status };
  }
}

async function recheck(tabId, capture) {
  const reply = await hostCall({ type: "check", platform: capture.platform, person: capture.person,
                                 request: capture.request, record: false });
  await setState(tabId, { capture, verdict: reply.verdict });
  await showVerdict(tabId, reply.verdict);
  const settings = await loadSettings();
  const showHint = settings.hint && !reply.verdict.flags.includes("ignored");
  webext.tabs.sendMessage(tabId, { type: "verdict", verdict: reply.verdict, showHint }).catch(() => {});
  return reply.verdict;
}

async function onAction(tabId, action) {
  const state = await getState(tabId);
  if (!state?.capture) throw new Error("there is no request on this tab");
  const base = ACTIONS[action];
  if (!base) throw new Error(`unknown action ${action}`);
  await hostCall({ ...base, platform: state.capture.platform, person: state.capture.person });
  return { verdict: await recheck(tabId, state.capture) };
}

async function onDismiss(tabId) {
  const state = await getState(tabId);
  if (!state?.capture) return { ok: false };
  await hostCall({ type: "forget", scope: "request", platform: state.capture.platform,
                   person: state.capture.person, request: state.capture.request });
  return { verdict: await recheck(tabId, state.capture) };
}

async function popupState(tabId) {
  const state = await getState(tabId);
  let person = null;
  let problem = state?.problem ?? null;
  if (state?.capture) {
    try {
      person = await hostCall({ type: "person", platform: state.capture.platform, person: state.capture.person });
    } catch (error) {
      problem = error instanceof HostError ? error.status : { state: "error", message: error.message, fix: "" };
    }
  } else {
    try {
      await host.connect();
    } catch (error) {
      problem = error instanceof HostError ? error.status : problem;
    }
  }
  return { capture: state?.capture ?? null, verdict: state?.verdict ?? null, person, problem,
           host: host.status, hello: host.hello };
}

async function handleMessage(message, sender) {
  if (!message || typeof message.type !== "string") return { error: "malformed message" };
  const site = senderSite(sender, webext.runtime.id);
  if (site) {
    const tabId = sender.tab.id;
    switch (message.type) {
      case "page": return onPage(tabId, site, message.capture);
      case "dismiss": return onDismiss(tabId);
      default: return { error: `unknown message ${message.type}` };
    }
  }
  if (isExtensionPage(sender, webext.runtime.id, EXTENSION_ORIGIN)) {
    switch (message.type) {
      case "popup-state": return popupState(message.tabId);
      case "action": return onAction(message.tabId, message.action);
      case "retry": host.reset(); return popupState(message.tabId);
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
