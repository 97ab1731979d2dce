// Follows the single-page site: reads the page when a conversation opens or a message arrives (also inside the
// open shadow roots LinkedIn's overlay and X's chat render into), tells the background what it found, and shows
// the hint. Quick and cheap: the first change after a quiet spell is read within SETTLE_MS, then at most every
// THROTTLE_MS while the page keeps changing; a DOM change by itself only sets a timer.
(function () {
  "use strict";

  const webext = globalThis.browser ?? globalThis.chrome;
  const site = globalThis.AcquaintSite;
  const hint = globalThis.AcquaintHint;
  const dom = globalThis.AcquaintDom;
  if (!site || !hint || !dom || !webext?.runtime?.id) return;

  const SETTLE_MS = 30;
  const THROTTLE_MS = 500;
  // A conversation that is still loading looks unreadable for a moment; only one that stays so is reported.
  const UNREADABLE_GRACE_MS = 3000;
  const OBSERVE = { childList: true, subtree: true, characterData: true };

  const stats = { mutationBatches: 0, reads: 0, readMs: 0, sent: 0, roots: 0 };
  const observedRoots = new WeakSet();
  let timer = null;
  let timerDue = Infinity;
  let lastRead = -Infinity;
  let unreadableSince = null;
  let lastSent;
  let lastReply = null;
  let anchor = null;
  let closedFor = null;

  // A read at most every THROTTLE_MS; a change brings a later-planned read (a wait for a loading page) forward.
  function schedule(delay = SETTLE_MS) {
    const now = performance.now();
    const due = now + Math.max(delay, lastRead + THROTTLE_MS - now);
    if (timer !== null && timerDue <= due) return;
    clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(readPage, due - now);
  }

  const observer = new MutationObserver(() => {
    stats.mutationBatches += 1;
    schedule();
  });

  // A MutationObserver on the document does not see inside shadow roots, and attaching a root emits no
  // mutation: each read looks for new roots under the adapter's hosts and observes them too.
  function observeShadowRoots() {
    for (const shadowRoot of dom.shadowRoots(document, site.shadowHosts)) {
      if (observedRoots.has(shadowRoot)) continue;
      observedRoots.add(shadowRoot);
      observer.observe(shadowRoot, OBSERVE);
      stats.roots += 1;
    }
  }

  function readOutcome() {
    try {
      return site.read(document, location.href);
    } catch (error) {
      // A redesign broke an assumption: say so rather than guess.
      return { status: "unreadable", why: `the ${site.platform} reader failed: ${error?.message ?? error}` };
    }
  }

  async function readPage() {
    timer = null;
    timerDue = Infinity;
    lastRead = performance.now();
    observeShadowRoots();
    const started = performance.now();
    const outcome = readOutcome();
    stats.reads += 1;
    stats.readMs += performance.now() - started;
    if (outcome.status === "unreadable") {
      unreadableSince ??= started;
      const waited = started - unreadableSince;
      if (waited < UNREADABLE_GRACE_MS) {
        schedule(UNREADABLE_GRACE_MS - waited);
        return;
      }
    } else {
      unreadableSince = null;
    }
    anchor = outcome.anchor ?? null;
    const report = { status: outcome.status, capture: outcome.capture ?? null, why: outcome.why ?? null };
    const key = JSON.stringify(report);
    if (key === lastSent) {
      // The site re-rendered around the hint (and threw it away): put it back where it belongs.
      if (lastReply && !hint.isShown()) render(lastReply, key);
      return;
    }
    lastSent = key;
    stats.sent += 1;
    let reply;
    try {
      reply = await webext.runtime.sendMessage({ type: "page", outcome: report });
    } catch {
      return; // the extension was reloaded; this script is orphaned
    }
    if (key === lastSent) render(reply, key);
  }

  function wantsHint(reply) {
    const verdict = reply?.verdict;
    return Boolean(verdict && reply.showHint && (verdict.ask || verdict.match) && !verdict.dismissed);
  }

  function render(reply, key) {
    lastReply = reply;
    if (!wantsHint(reply) || closedFor === key) {
      hint.hide();
      return;
    }
    hint.show(reply.verdict, anchor, {
      dismiss: async () => {
        const after = await webext.runtime.sendMessage({ type: "dismiss" }).catch(() => null);
        render({ ...after, showHint: true }, key);
      },
      match: async (same) => {
        const after = await webext.runtime.sendMessage({ type: "match", same }).catch(() => null);
        render({ ...after, showHint: true }, key);
      },
      close: () => { closedFor = key; },
    });
  }

  // The mirror: the user's draft, read a moment after they stop typing, sent to the background (which asks the
  // local host whether it asks, and if so shows their standing with the person). Never stored anywhere.
  const MIRROR_WAIT_MS = 700;
  const MIRROR_MIN_CHARS = 12;
  const MIRROR_MAX_CHARS = 2000;
  let mirrorTimer = null;
  let lastDraft = "";

  async function mirrorDraft(composer) {
    const draft = String(composer.value ?? composer.innerText ?? "").trim().slice(0, MIRROR_MAX_CHARS);
    if (draft === lastDraft) return;
    lastDraft = draft;
    if (draft.length < MIRROR_MIN_CHARS) {
      hint.hideMirror();
      return;
    }
    let reply;
    try {
      reply = await webext.runtime.sendMessage({ type: "draft", text: draft });
    } catch {
      return;
    }
    if (draft !== lastDraft) return; // typed on meanwhile: the next reply counts
    if (reply?.mirror) hint.showMirror(reply.mirror, composer);
    else hint.hideMirror();
  }

  // Input events cross shadow roots (they are composed): the first item of the path is the composer itself.
  document.addEventListener("input", (event) => {
    const composer = site.composer?.(event.composedPath?.()[0] ?? event.target);
    if (!composer) return;
    clearTimeout(mirrorTimer);
    mirrorTimer = setTimeout(() => mirrorDraft(composer), MIRROR_WAIT_MS);
  }, true);

  // A favour done through the page's own flow (a recommendation sent, a repost): the popup offers to log it.
  document.addEventListener("click", (event) => {
    const kind = site.gave?.(event.composedPath?.()[0] ?? event.target, location.href);
    if (kind) webext.runtime.sendMessage({ type: "gave", kind }).catch(() => {});
  }, true);

  webext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== webext.runtime.id) return false;
    if (message?.type === "verdict") render(message, lastSent);
    if (message?.type === "stats") sendResponse({ ...stats });
    if (message?.type === "report") sendResponse(site.report(document, location.href));
    return false;
  });

  observer.observe(document.documentElement, OBSERVE);
  globalThis.navigation?.addEventListener("navigate", () => schedule());
  addEventListener("popstate", () => schedule());
  schedule(0);
})();
