// X (Twitter): which pages hold a conversation or a request, and how to read who asks and what.
// All of Acquaint's knowledge of X's markup is in this file. Each selector list is tried in order:
// data-testid attributes and href shapes first, then ARIA, then structure.
// Fixture pages for every case are in tests/js/fixtures/x/.
(function (root) {
  "use strict";

  const MAX_MESSAGES = 5;
  const MAX_TEXT = 4000;

  const SELECTORS = {
    me: ["a[data-testid='AppTabBar_Profile_Link']", "nav a[aria-label='Profile']"],
    conversation: ["[data-testid='DmActivityContainer']", "[data-testid='DMConversation']",
                   "section[aria-label*='onversation']", "main"],
    header: ["[data-testid='DMConversationHeader']", "[data-testid='DmActivityContainer'] [role='heading']",
             "section [role='heading']"],
    messageEntry: ["[data-testid='messageEntry']", "[data-testid^='message-'][data-testid$='-entry']",
                   "[role='log'] [role='listitem']"],
    messageText: ["[data-testid='messageText']", "[data-testid='tweetText']", "[dir='auto']"],
    ownMarker: ["[data-testid='dm-message-status']", "[aria-label='Sent']", "[aria-label='Seen']"],
    tweet: ["article[data-testid='tweet']", "article[role='article']"],
    tweetText: ["[data-testid='tweetText']"],
    tweetUserName: ["[data-testid='User-Name']"],
  };
  const AVATAR_PREFIX = "UserAvatar-Container-";
  const NOT_PROFILES = new Set(["home", "messages", "i", "search", "explore", "settings", "notifications",
                                "compose", "intent", "hashtag", "login", "logout", "signup", "tos", "privacy"]);
  const DM_PATH = /^\/(?:messages|i\/chat)\/([^/?#]+)\/?$/;
  const STATUS_PATH = /^\/([A-Za-z0-9_]{1,15})\/status\/(\d+)/;

  const { first, all, text, withoutTracking } = root.AcquaintDom;

  // "/JaneDoe" -> "janedoe"; page links (/home, /messages/…) -> null.
  function handleOf(href) {
    const match = /^(?:https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com)?\/([A-Za-z0-9_]{1,15})\/?$/.exec(href ?? "");
    if (!match || NOT_PROFILES.has(match[1].toLowerCase())) return null;
    return match[1].toLowerCase();
  }

  function avatarHandle(element) {
    const avatar = element.querySelector(`[data-testid^='${AVATAR_PREFIX}']`);
    return avatar ? avatar.getAttribute("data-testid").slice(AVATAR_PREFIX.length).toLowerCase() : null;
  }

  // The signed-in user's numeric id, from X's own (script-readable) `twid` cookie: "u%3D<id>".
  function myId(doc) {
    const match = /(?:^|;\s*)twid=u(?:%3D|=)(\d+)/.exec(doc.cookie ?? "");
    return match ? match[1] : null;
  }

  function myHandle(doc) {
    return handleOf(first(doc, SELECTORS.me)?.getAttribute("href"));
  }

  // Who wrote each message entry: their avatar marks theirs; a sent/seen marker marks ours; otherwise,
  // where the browser lays the page out, a bubble in the right half is ours. Unknown counts as ours, so
  // that nobody is ever credited with an ask they did not write.
  function senderOf(entry, me) {
    const avatar = avatarHandle(entry);
    if (avatar) return avatar;
    if (first(entry, SELECTORS.ownMarker)) return me ?? "(me)";
    const box = entry.getBoundingClientRect?.();
    const width = entry.ownerDocument.documentElement.clientWidth;
    if (box && box.width > 0 && width > 0 && box.left + box.width / 2 < width / 2) return "(them)";
    return me ?? "(me)";
  }

  function captureConversation(doc, pageUrl, conversationId) {
    const me = myHandle(doc);
    const mine = myId(doc);
    const scope = first(doc, SELECTORS.conversation) ?? doc;
    const pair = /^(\d+)-(\d+)$/.exec(conversationId);
    const group = !pair;
    let otherId = null;
    if (pair && mine) otherId = pair[1] === mine ? pair[2] : pair[2] === mine ? pair[1] : null;
    const header = first(scope, SELECTORS.header) ?? scope;
    const headerLink = [...header.querySelectorAll("a[href]")].find((a) => {
      const handle = handleOf(a.getAttribute("href"));
      return handle && handle !== me;
    });
    const entries = all(scope, SELECTORS.messageEntry);
    const messages = entries.map((entry) => ({
      sender: senderOf(entry, me),
      text: text(first(entry, SELECTORS.messageText) ?? entry),
    })).filter((m) => m.text);
    let other = handleOf(headerLink?.getAttribute("href"));
    if (group || !other) {
      other = [...messages].reverse().find((m) => m.sender !== me && m.sender !== "(me)" && m.sender !== "(them)")
        ?.sender ?? other;
    }
    if (!other && !otherId) return null;
    const theirs = messages.filter((m) => m.sender === other || (!group && m.sender === "(them)"));
    const person = {};
    if (other) {
      person.handle = other;
      person.url = `https://x.com/${other}`;
    }
    if (otherId && !group) person.id = otherId;
    const name = headerLink ? text(headerLink).replace(/@\w+$/, "").trim() : "";
    if (name && !group) person.name = name;
    return {
      platform: "x",
      person,
      request: { text: theirs.slice(-MAX_MESSAGES).map((m) => m.text).join("\n").slice(-MAX_TEXT),
                 url: withoutTracking(pageUrl), hints: [], group },
    };
  }

  // A post (or reply) that mentions the user: its author may be asking them to repost.
  function capturePost(doc, pageUrl, author, postId) {
    const me = myHandle(doc);
    const article = all(doc, SELECTORS.tweet).find((a) => a.querySelector(`a[href*='/status/${postId}']`)) ??
      first(doc, SELECTORS.tweet);
    if (!article || !me || author.toLowerCase() === me) return null;
    const said = text(first(article, SELECTORS.tweetText));
    if (!said.toLowerCase().includes(`@${me}`)) return null;
    const nameBlock = first(article, SELECTORS.tweetUserName);
    const name = text(nameBlock?.querySelector("span")) || author;
    return {
      platform: "x",
      person: { handle: author.toLowerCase(), name, url: `https://x.com/${author.toLowerCase()}` },
      request: { text: said.slice(-MAX_TEXT), url: withoutTracking(pageUrl), hints: [], group: false },
    };
  }

  function capture(doc, pageUrl) {
    const path = new URL(pageUrl).pathname;
    const dm = DM_PATH.exec(path);
    if (dm) return captureConversation(doc, pageUrl, decodeURIComponent(dm[1]));
    const post = STATUS_PATH.exec(path);
    if (post) return capturePost(doc, pageUrl, post[1], post[2]);
    return null;
  }

  function hintAnchor(doc, pageUrl) {
    const path = new URL(pageUrl).pathname;
    if (DM_PATH.test(path)) {
      const scope = first(doc, SELECTORS.conversation) ?? doc;
      return first(scope, SELECTORS.header);
    }
    return null;
  }

  const adapter = { platform: "x", capture, hintAnchor };
  root.AcquaintSite = adapter;
  if (typeof module === "object" && module.exports) module.exports = adapter;
})(globalThis);
