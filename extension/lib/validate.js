// Everything a content script sends is checked here before it reaches the host: the sender must be our own
// content script on a site we serve, and the capture must have the shape and sizes the protocol allows.
// Page text is data: it is only ever passed along as strings.

export const SITES = { linkedin: ["www.linkedin.com"], x: ["x.com", "twitter.com"] };
export const HINTS = ["recommendation_form", "endorsement_prompt", "repost_request"];
export const CONTEXTS = ["conversation", "invitation", "recommendation_form", "post", "profile"];
// What reading a page can end in (the adapters' typed outcome).
export const STATUSES = ["ok", "no_conversation", "locked", "unreadable", "identity_unknown"];
const MAX_TEXT = 20000;
const MAX_STRING = 2000;

export function siteOfUrl(url) {
  let host;
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  for (const [site, hosts] of Object.entries(SITES)) {
    if (hosts.includes(host)) return site;
  }
  return null;
}

// The site a message comes from, or null when it is not our content script on a site we serve.
export function senderSite(sender, runtimeId) {
  if (!sender || sender.id !== runtimeId || !sender.tab || typeof sender.tab.id !== "number") return null;
  if (sender.frameId !== undefined && sender.frameId !== 0) return null;
  return siteOfUrl(sender.url ?? sender.tab.url ?? "");
}

// Our popup or options page (also when opened in a tab). Content scripts report the web page's URL, so a
// page on our own origin can only be one of ours.
export function isExtensionPage(sender, runtimeId, extensionOrigin) {
  return Boolean(sender) && sender.id === runtimeId &&
    typeof sender.url === "string" && sender.url.startsWith(extensionOrigin);
}

function string(value, name, limit = MAX_STRING) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new TypeError(`${name} must be a string`);
  if (value.length > limit) throw new TypeError(`${name} is longer than ${limit} characters`);
  return value;
}

// A clean copy of a capture from `site`, or a TypeError saying what is wrong with it.
export function validateCapture(capture, site) {
  if (capture === null) return null;
  if (typeof capture !== "object" || Array.isArray(capture)) throw new TypeError("capture must be an object");
  if (capture.platform !== site) throw new TypeError(`capture is for ${capture.platform}, sent from ${site}`);
  const person = capture.person;
  if (!person || typeof person !== "object") throw new TypeError("capture.person must be an object");
  const clean = {
    handle: string(person.handle, "person.handle", 200),
    member_id: string(person.member_id, "person.member_id", 120),
    claimed_handle: string(person.claimed_handle, "person.claimed_handle", 200),
    id: string(person.id, "person.id", 30),
    url: string(person.url, "person.url"),
    name: string(person.name, "person.name", 500),
    relation: relation(person.relation),
  };
  if (clean.id !== undefined && !/^[0-9]{1,20}$/.test(clean.id)) throw new TypeError("person.id must be digits");
  if (clean.member_id !== undefined && !/^ACoAA[A-Za-z0-9_-]+$/.test(clean.member_id)) {
    throw new TypeError("person.member_id must be a LinkedIn member id (ACoAA…)");
  }
  if (!clean.handle && !clean.id && !clean.url && !clean.member_id && !clean.name) {
    throw new TypeError("capture.person names nobody");
  }
  const request = capture.request ?? {};
  if (typeof request !== "object") throw new TypeError("capture.request must be an object");
  const hints = request.hints ?? [];
  if (!Array.isArray(hints) || hints.length > HINTS.length || !hints.every((h) => HINTS.includes(h))) {
    throw new TypeError("capture.request.hints holds unknown hints");
  }
  if (request.group !== undefined && typeof request.group !== "boolean") {
    throw new TypeError("capture.request.group must be a boolean");
  }
  const context = request.context ?? "conversation";
  if (!CONTEXTS.includes(context)) throw new TypeError("capture.request.context is unknown");
  const personOut = Object.fromEntries(Object.entries(clean).filter(([, v]) => v !== undefined && v !== ""));
  return {
    platform: site,
    person: personOut,
    request: {
      text: string(request.text, "request.text", MAX_TEXT) ?? "",
      url: string(request.url, "request.url") ?? "",
      hints: [...hints],
      group: Boolean(request.group),
      context,
    },
  };
}

function relation(value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw new TypeError("person.relation must be an object");
  const clean = {};
  if (value.linkedin_degree !== undefined) {
    if (![1, 2, 3].includes(value.linkedin_degree)) throw new TypeError("person.relation.linkedin_degree is 1, 2 or 3");
    clean.linkedin_degree = value.linkedin_degree;
  }
  if (value.follows_you !== undefined) {
    if (typeof value.follows_you !== "boolean") throw new TypeError("person.relation.follows_you is a boolean");
    clean.follows_you = value.follows_you;
  }
  return Object.keys(clean).length ? clean : undefined;
}

// A clean copy of what a content script found on a page: its status, the capture (for `ok` only: nothing
// else is ever sent to the host), and for the others a short reason. TypeError when it is malformed.
export function validateOutcome(outcome, site) {
  if (!outcome || typeof outcome !== "object" || Array.isArray(outcome)) throw new TypeError("outcome must be an object");
  if (!STATUSES.includes(outcome.status)) throw new TypeError(`outcome.status ${outcome.status} is unknown`);
  const why = string(outcome.why, "outcome.why", 300) ?? null;
  return { status: outcome.status, capture: outcome.status === "ok" ? validateCapture(outcome.capture, site) : null,
           why };
}
