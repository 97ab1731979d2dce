// Follows the single-page site: re-reads the page when a conversation opens or a message arrives, tells the
// background what it shows, and shows the hint. Cheap on busy pages: a DOM change only sets a timer, and
// the page is read at most every THROTTLE_MS; pages that are no conversation cost a URL test and a query.
(function () {
  "use strict";

  const webext = globalThis.browser ?? globalThis.chrome;
  const site = globalThis.AcquaintSite;
  const hint = globalThis.AcquaintHint;
  if (!site || !hint || !webext?.runtime?.id) return;

  const THROTTLE_MS = 500;
  const stats = { mutationBatches: 0, reads: 0, readMs: 0, sent: 0 };
  let timer = null;
  let lastSent;
  let closedFor = null;

  function schedule(delay = THROTTLE_MS) {
    if (timer === null) timer = setTimeout(readPage, delay);
  }

  async function readPage() {
    timer = null;
    const started = performance.now();
    let capture = null;
    try {
      capture = site.capture(document, location.href);
    } catch (error) {
      capture = null; // a redesign broke a selector: do nothing rather than something wrong
    }
    stats.reads += 1;
    stats.readMs += performance.now() - started;
    const key = JSON.stringify(capture);
    if (key === lastSent) return;
    lastSent = key;
    stats.sent += 1;
    let reply;
    try {
      reply = await webext.runtime.sendMessage({ type: "page", capture });
    } catch {
      return; // the extension was reloaded; this script is orphaned
    }
    render(reply, key);
  }

  function render(reply, key) {
    const verdict = reply?.verdict;
    if (!verdict || !reply.showHint || !verdict.ask || verdict.dismissed || closedFor === key) {
      hint.hide();
      return;
    }
    hint.show(verdict, site.hintAnchor(document, location.href), {
      dismiss: async () => {
        const after = await webext.runtime.sendMessage({ type: "dismiss" }).catch(() => null);
        render({ ...after, showHint: true }, key);
      },
      close: () => { closedFor = key; },
    });
  }

  webext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== webext.runtime.id) return false;
    if (message?.type === "verdict") render(message, lastSent);
    if (message?.type === "stats") sendResponse({ ...stats });
    return false;
  });

  new MutationObserver(() => {
    stats.mutationBatches += 1;
    schedule();
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  globalThis.navigation?.addEventListener("navigate", () => schedule(150));
  addEventListener("popstate", () => schedule(150));
  schedule(0);
})();
