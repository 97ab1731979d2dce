// LinkedIn: which pages hold a conversation or a request, and how to read who asks and what.
// All of Acquaint's knowledge of LinkedIn's markup is in this file. Each selector list is tried in order:
// stable attributes and href shapes first, then ARIA, then class names, which change with redesigns.
// Fixture pages for every case are in tests/js/fixtures/linkedin/.
(function (root) {
  "use strict";

  const MAX_MESSAGES = 5;    // the latest messages from them are what they ask
  const MAX_TEXT = 4000;

  const SELECTORS = {
    me: [".global-nav__me a[href*='/in/']", "a.global-nav__primary-link-me-menu-trigger[href*='/in/']",
         ".feed-identity-module a[href*='/in/']"],
    thread: [".msg-thread", "[data-view-name='message-thread']", "main"],
    threadHeader: [".msg-title-bar", ".msg-thread__topcard", "header"],
    headerProfileLink: ["a.msg-thread__link-to-profile", "a[href*='/in/'][data-test-app-aware-link]", "a[href*='/in/']"],
    headerTitle: [".msg-entity-lockup__entity-title", ".msg-overlay-bubble-header__title", "h2"],
    messageEvent: ["li.msg-s-message-list__event", "li[class*='message-list__event']", "[data-event-urn]"],
    groupSenderLink: ["a.msg-s-message-group__profile-link", ".msg-s-message-group__meta a[href*='/in/']"],
    groupSenderName: [".msg-s-message-group__name", ".msg-s-message-group__meta [class*='name']"],
    messageBody: [".msg-s-event-listitem__body", "[class*='event-listitem__body']", "[data-test-message-body]"],
    overlayBubble: [".msg-overlay-conversation-bubble", "[data-msg-overlay-conversation-bubble-open]"],
    overlayHeader: [".msg-overlay-bubble-header", "header"],
    formName: ["[data-test-recommendation-form-name]", ".pv-recommendation-form__name", "h1"],
    formMessage: ["[data-test-recommendation-request-message]", ".recommendation-request-message", "blockquote"],
  };
  const MINIMIZED = ".msg-overlay-conversation-bubble--is-minimized, [aria-expanded='false']";
  const RECOMMENDATION_LINK = "a[href*='/edit/forms/recommendation/'], a[href*='recommendation-request']";
  const SKILLS_LINK = "a[href*='/details/skills']";
  const FORM_PATH = /^\/in\/([^/]+)\/edit\/forms\/recommendation\/write\/?$/;

  const { first, all, text, withoutTracking } = root.AcquaintDom;

  function vanityOf(href) {
    const match = /\/in\/([^/?#]+)/.exec(href ?? "");
    if (!match) return null;
    try {
      return decodeURIComponent(match[1]).toLowerCase();
    } catch {
      return match[1].toLowerCase();
    }
  }

  function profileUrl(vanity) {
    return `https://www.linkedin.com/in/${encodeURIComponent(vanity)}/`;
  }

  // The messages in a thread or bubble, oldest first. LinkedIn starts a "group" with the sender's link and
  // name; the events after it without one are more messages from the same sender.
  function readMessages(scope) {
    const messages = [];
    let sender = null;
    let senderName = "";
    for (const event of all(scope, SELECTORS.messageEvent)) {
      const link = first(event, SELECTORS.groupSenderLink);
      if (link) {
        sender = vanityOf(link.getAttribute("href"));
        senderName = text(first(event, SELECTORS.groupSenderName)) || text(link);
      }
      for (const body of all(event, SELECTORS.messageBody)) {
        const said = text(body);
        if (said) messages.push({ sender, senderName, text: said });
      }
    }
    return messages;
  }

  function hints(scope) {
    const found = [];
    if (scope.querySelector(RECOMMENDATION_LINK)) found.push("recommendation_form");
    if (scope.querySelector(SKILLS_LINK)) found.push("endorsement_prompt");
    return found;
  }

  function captureConversation(scope, header, doc, pageUrl) {
    const me = vanityOf(first(doc, SELECTORS.me)?.getAttribute("href"));
    const messages = readMessages(scope);
    const headerLink = first(header, SELECTORS.headerProfileLink);
    const headerVanity = vanityOf(headerLink?.getAttribute("href"));
    const senders = [...new Set(messages.map((m) => m.sender).filter((s) => s && s !== me))];
    const title = text(first(header, SELECTORS.headerTitle));
    // Without our own profile link, one sender besides the header's person is taken to be us.
    const allowance = me ? 0 : 1;
    const group = headerVanity
      ? senders.filter((s) => s !== headerVanity).length > allowance
      : senders.length > 1 + allowance || /,| and \d+ others?/.test(title);
    let other;
    if (!group) {
      other = headerVanity ?? senders[0] ?? null;
    } else {
      // In a group, the asker is whoever wrote the latest message that is not ours.
      other = [...messages].reverse().find((m) => m.sender && m.sender !== me)?.sender ?? null;
    }
    if (!other || other === me) return null;
    const theirs = messages.filter((m) => m.sender === other);
    const name = (!group && title) || theirs.at(-1)?.senderName || other;
    const said = theirs.slice(-MAX_MESSAGES).map((m) => m.text).join("\n");
    return {
      platform: "linkedin",
      person: { handle: other, name, url: profileUrl(other) },
      request: { text: said.slice(-MAX_TEXT), url: withoutTracking(pageUrl), hints: hints(scope), group },
    };
  }

  function openBubble(doc) {
    const open = all(doc, SELECTORS.overlayBubble).filter((bubble) => !bubble.matches(MINIMIZED));
    return open.at(-1) ?? null;
  }

  // What the page shows: a capture for the host, or null when it is no conversation or request.
  function capture(doc, pageUrl) {
    const path = new URL(pageUrl).pathname;
    const form = FORM_PATH.exec(path);
    if (form) {
      const vanity = vanityOf(`/in/${form[1]}/`);
      return {
        platform: "linkedin",
        person: { handle: vanity, name: text(first(doc, SELECTORS.formName)) || vanity, url: profileUrl(vanity) },
        request: { text: text(first(doc, SELECTORS.formMessage)).slice(-MAX_TEXT),
                   url: withoutTracking(pageUrl), hints: ["recommendation_form"], group: false },
      };
    }
    if (path.startsWith("/messaging/thread/")) {
      const scope = first(doc, SELECTORS.thread) ?? doc;
      return captureConversation(scope, first(doc, SELECTORS.threadHeader) ?? scope, doc, pageUrl);
    }
    const bubble = openBubble(doc);
    if (bubble) return captureConversation(bubble, first(bubble, SELECTORS.overlayHeader) ?? bubble, doc, pageUrl);
    return null;
  }

  // Where the hint goes: under the conversation's header, or (null) floating in a corner.
  function hintAnchor(doc, pageUrl) {
    const path = new URL(pageUrl).pathname;
    if (path.startsWith("/messaging/thread/")) return first(doc, SELECTORS.threadHeader);
    if (FORM_PATH.test(path)) return first(doc, SELECTORS.formName);
    const bubble = openBubble(doc);
    return bubble ? first(bubble, SELECTORS.overlayHeader) : null;
  }

  const adapter = { platform: "linkedin", capture, hintAnchor };
  root.AcquaintSite = adapter;
  if (typeof module === "object" && module.exports) module.exports = adapter;
})(globalThis);
