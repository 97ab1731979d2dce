// The toolbar badge, per tab: the verdict for the request on that tab, or what is wrong with the setup.
import { webext } from "./compat.js";

export async function showVerdict(tabId, verdict) {
  const ignored = verdict.flags.includes("ignored");
  await setBadge(tabId, ignored ? "" : verdict.badge.text, verdict.badge.color, `Acquaint — ${verdict.badge.title}`);
}

export async function showProblem(tabId, status) {
  await setBadge(tabId, "!", "#c5221f", `Acquaint: ${status.message}. ${status.fix}`);
}

// Pages where reading ended without a verdict: say why, quietly (grey), and where to look.
const STATUS_BADGES = {
  locked: ["…", "this chat is locked. Enter your passcode, then reopen the conversation"],
  unreadable: ["⚠", "could not read this conversation; open Acquaint to copy a page report"],
  identity_unknown: ["⚠", "could not tell who wrote this conversation; open Acquaint to copy a page report"],
  busy: ["…", "your history is busy (another Acquaint program is writing it); retrying"],
};

export async function showStatus(tabId, status, why) {
  const [text, says] = STATUS_BADGES[status] ?? ["", status];
  await setBadge(tabId, text, "#5f6368", `Acquaint: ${says}${why ? ` (${why})` : ""}.`);
}

export async function clearBadge(tabId) {
  await setBadge(tabId, "", "#5f6368", "Acquaint");
}

async function setBadge(tabId, text, color, title) {
  try {
    // The text last: whoever sees the new text also sees the new colour and tooltip.
    await webext.action.setTitle({ tabId, title });
    await webext.action.setBadgeBackgroundColor({ tabId, color });
    await webext.action.setBadgeText({ tabId, text });
  } catch {
    // The tab was closed meanwhile: nothing to show.
  }
}
