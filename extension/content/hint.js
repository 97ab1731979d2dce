// The small hint shown beside a favour request. It lives in a closed Shadow DOM, so the site's CSS cannot
// break it and it cannot break the site, and every piece of text reaches it through textContent: names and
// messages come from the page and are never treated as markup.
(function (root) {
  "use strict";

  const LEVEL_NAMES = { stranger: "Stranger", acquaintance: "Acquaintance", established: "Established" };
  const STYLE = `
    :host { all: initial; display: block; }
    .hint { font: 13px/1.4 system-ui, sans-serif; color: #202124; background: #fff; border: 1px solid #dadce0;
            border-left: 4px solid var(--level); border-radius: 8px; padding: 10px 12px; margin: 8px;
            max-width: 420px; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
    .floating { position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; margin: 0; }
    .title { font-weight: 600; margin: 0 0 4px; }
    ul { margin: 4px 0; padding-left: 18px; }
    p { margin: 6px 0 8px; }
    .actions { display: flex; gap: 8px; }
    button { font: inherit; border: 1px solid #dadce0; background: #f8f9fa; border-radius: 4px; padding: 2px 8px;
             cursor: pointer; color: #202124; }
    button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
    .stranger { --level: #c5221f; } .acquaintance { --level: #b06000; } .established { --level: #137333; }
    .match { background: #fef7e0; border-radius: 4px; padding: 6px 8px; margin: 6px 0; }
    .mirror { --level: #1a73e8; }
  `;

  let current = null;

  function element(tag, className, textValue) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (textValue !== undefined) node.textContent = textValue;
    return node;
  }

  function hide() {
    current?.remove();
    current = null;
  }

  // "Probably Sam Lee …" (the first reason says why): the user says yes or no; a guess is never an answer.
  function matchQuestion(match, handlers) {
    const box = element("div", "match");
    box.append(element("p", undefined, `Is this ${match.name}?`));
    const buttons = element("div", "actions");
    for (const [label, same] of [[`Yes, it's ${match.name}`, true], ["No, someone else", false]]) {
      const button = element("button", undefined, label);
      button.type = "button";
      button.addEventListener("click", () => handlers.match?.(same));
      buttons.append(button);
    }
    box.append(buttons);
    return box;
  }

  // Show `verdict`; `anchor` is the element to follow (null: float in the corner). `handlers.dismiss` is
  // "this is not an ask"; `handlers.match(same)` answers a probable match; closing only hides the hint.
  function show(verdict, anchor, handlers) {
    hide();
    const host = element("div");
    host.setAttribute("data-acquaint-hint", "");
    const shadow = host.attachShadow({ mode: "closed" });
    shadow.append(element("style", undefined, STYLE));
    const box = element("section", `hint ${verdict.level}${anchor ? "" : " floating"}`);
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", "polite");
    box.setAttribute("aria-label", "Acquaint");
    const who = (verdict.person?.name ?? "This person") + (verdict.match ? " (probably)" : "");
    // The host words the ask ("an introduction"): one list of phrases, in verdict.py.
    const asks = verdict.ask ? ` · asks for ${verdict.ask_phrase ?? "a favour"}` : "";
    box.append(element("p", "title", `Acquaint: ${who} is ${LEVEL_NAMES[verdict.level] ?? verdict.level}${asks}`));
    const reasons = element("ul");
    for (const reason of verdict.reasons.slice(0, 3)) reasons.append(element("li", undefined, reason));
    box.append(reasons, element("p", "suggestion", verdict.suggestion));
    // Only a guess from an identity can be confirmed; a guess from a bare name is just shown as "(probably)".
    if (verdict.match?.identity) box.append(matchQuestion(verdict.match, handlers));
    const actions = element("div", "actions");
    const notAnAsk = element("button", undefined, "Not an ask");
    notAnAsk.type = "button";
    // A page that shows only a name gives nothing to file a dismissal under.
    notAnAsk.hidden = !verdict.ask || verdict.flags?.includes("name_only");
    notAnAsk.addEventListener("click", () => handlers.dismiss?.());
    const close = element("button", undefined, "Hide");
    close.type = "button";
    close.setAttribute("aria-label", "Hide the Acquaint hint");
    close.addEventListener("click", () => { hide(); handlers.close?.(); });
    actions.append(notAnAsk, close);
    box.append(actions);
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { hide(); handlers.close?.(); }
    });
    shadow.append(box);
    // Beside the conversation, in whatever tree holds it (a shadow root for LinkedIn's overlay and X's chat).
    if (anchor?.isConnected) anchor.insertAdjacentElement("afterend", host);
    else document.body.append(host);
    current = host;
    return host;
  }

  // The mirror: when the user's own draft asks something, their standing with the person, above the composer.
  // It never blocks sending; it goes when the draft stops asking, is sent, or the user hides it.
  let mirrorHost = null;

  function hideMirror() {
    mirrorHost?.remove();
    mirrorHost = null;
  }

  function showMirror(text, composer) {
    hideMirror();
    const host = element("div");
    host.setAttribute("data-acquaint-hint", "mirror");
    const shadow = host.attachShadow({ mode: "closed" });
    shadow.append(element("style", undefined, STYLE));
    const box = element("section", `hint mirror${composer?.isConnected ? "" : " floating"}`);
    box.setAttribute("role", "status");
    box.setAttribute("aria-label", "Acquaint: before you send");
    box.append(element("p", "title", "Acquaint: before you send"), element("p", undefined, text));
    const close = element("button", undefined, "Hide");
    close.type = "button";
    close.addEventListener("click", hideMirror);
    box.append(close);
    shadow.append(box);
    const form = composer?.closest?.("form") ?? composer;
    if (form?.isConnected) form.insertAdjacentElement("beforebegin", host);
    else document.body.append(host);
    mirrorHost = host;
    return host;
  }

  root.AcquaintHint = { show, hide, isShown: () => Boolean(current?.isConnected), showMirror, hideMirror };
  if (typeof module === "object" && module.exports) module.exports = root.AcquaintHint;
})(globalThis);
