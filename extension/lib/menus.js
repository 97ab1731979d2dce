// "Check anything by hand": a context-menu item on any link to a LinkedIn or X profile, on any page (mail
// included), shows that person's verdict; on selected text, "Is this an ask?" shows the detector's answer and
// lets the user choose who sent it. Works whatever the sites' markup: it needs only a link or a selection.
import { webext } from "./compat.js";
import "../content/sites/dom.js";
import "../content/sites/linkedin.js";
import "../content/sites/x.js";

const SITES = globalThis.AcquaintSites;
const LINK_ITEM = "acquaint-who";
const SELECTION_ITEM = "acquaint-ask";
const MAX_SELECTION = 4000;
let lookups = 0;

export function installMenus() {
  webext.contextMenus.removeAll(() => {
    webext.contextMenus.create({
      id: LINK_ITEM, title: "Acquaint: who is this to me?", contexts: ["link"],
      targetUrlPatterns: Object.values(SITES).flatMap((site) => site.profileLinkPatterns),
    });
    webext.contextMenus.create({ id: SELECTION_ITEM, title: "Acquaint: is this an ask?", contexts: ["selection"] });
  });
}

// The person a link names, as the protocol's platform and person; null when it is no profile link.
export function personFromLink(href) {
  for (const site of Object.values(SITES)) {
    const person = site.profileFromLink(href);
    if (person) return { platform: site.platform, person };
  }
  return null;
}

async function lookupLink(href, { hostCall, personSummary }) {
  const found = personFromLink(href);
  if (!found) return { kind: "link", error: "This link is not a LinkedIn or X profile." };
  const reply = await hostCall({ type: "check", platform: found.platform, person: found.person,
                                 request: { text: "", url: "", context: "link" }, record: false });
  const summary = await personSummary(found.platform, found.person);
  return { kind: "link", capture: found, verdict: reply.verdict, person: summary.person ?? null };
}

async function lookupSelection(text, { hostCall }) {
  const selected = String(text ?? "").slice(0, MAX_SELECTION);
  const reply = await hostCall({ type: "detect", text: selected });
  return { kind: "selection", text: selected, ask: reply.ask, evidence: reply.evidence,
    unread_language: reply.unread_language ?? null };
}

// Looks up a link ("link") or a text ("selection"), keeps the answer for the page that shows it, and returns
// its id: popup/popup.html?lookup=ID shows it.
export async function lookup(kind, value, dependencies) {
  let found;
  try {
    found = kind === "link" ? await lookupLink(value, dependencies) : await lookupSelection(value, dependencies);
  } catch (error) {
    found = { kind, error: String(error?.message ?? error) };
  }
  const id = `${Date.now()}-${++lookups}`;
  await dependencies.store.set({ [dependencies.key(id)]: found });
  return id;
}

// A menu click is answered in a small window of its own.
export async function lookupFromMenu(info, dependencies) {
  const id = info.menuItemId === LINK_ITEM ? await lookup("link", info.linkUrl, dependencies)
    : await lookup("selection", info.selectionText, dependencies);
  await webext.windows.create({ url: webext.runtime.getURL(`popup/popup.html?lookup=${id}`), type: "popup",
                                width: 400, height: 600 });
  return id;
}

// What a user pasted into the popup: a profile link, or a message to check.
export function pastedKind(text) {
  return /^https?:\/\/\S+$/.test(String(text).trim()) && personFromLink(String(text).trim()) ? "link" : "selection";
}
