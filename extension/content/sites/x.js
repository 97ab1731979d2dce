// X (Twitter): which pages hold a conversation, a request or a profile, and how to read who asks and what.
// All of Acquaint's knowledge of X's markup is in this file; docs/SITES.md says what each piece rests on, and
// tests/js/fixtures/x/live-*.html model the live pages (with a negative control for each case).
// Order of trust: the URL's id pair with the `twid` cookie, data-testid attributes, the justify-start/-end
// direction of chat rows, ARIA descriptions and hidden labels, then structure. X ids stay strings (> 2^53).
(function (root) {
  "use strict";

  const SELECTORS = {
    // Where the user writes a message (the mirror reads the draft there): legacy DMs, then XChat's textarea.
    composer: ["[data-testid='dmComposerTextInput']", "textarea[data-testid='dm-composer-textarea']"],
    // Choosing Repost in the menu the Repost button opens (unretweetConfirm, its undo, is not a favour).
    repostConfirm: ["[role='menuitem'][data-testid='retweetConfirm']"],
    // XChat (2026) renders inside this host's open shadow root; popovers (the passcode sheet) in the other.
    shadowHosts: ["[data-testid='xchatEmbedRoute']", "[data-testid='xchatEmbedOverlays']"],
    me: ["a[data-testid='AppTabBar_Profile_Link']"],
    chatPanel: ["[data-testid='dm-conversation-panel']", "section[aria-label='Conversation']"],
    chatHeader: ["[data-testid='dm-conversation-header']"],
    chatHeaderName: ["[data-testid='dm-conversation-username']"],
    chatStart: ["[data-testid='dm-conversation-header-item']"],
    chatRow: ["[data-dm-message-row]"],
    chatText: ["[data-testid^='message-text-'] span[dir='auto']", "[data-testid^='message-text-']"],
    chatSender: ["[id$='-sender']"],
    passcode: ["input[inputmode='numeric'][maxlength='1']"],
    legacyConversation: ["[data-testid='DmActivityContainer']"],
    legacyDetail: ["section[aria-labelledby='detail-header']", "section[aria-label='Section details']"],
    legacyAvatar: ["a[data-testid='DM_Conversation_Avatar']"],
    legacyHeading: ["#detail-header", "h2[role='heading']"],
    legacyEntry: ["[data-testid='messageEntry']"],
    legacyText: ["[data-testid='tweetText']"],
    tweet: ["article[data-testid='tweet']"],
    tweetText: ["[data-testid='tweetText']"],
    tweetUserName: ["[data-testid='User-Name']"],
    profileName: ["[data-testid='UserName']"],
    followsYou: ["[data-testid='userFollowIndicator']"],
    profileActions: ["[data-testid='placementTracking']"],
    userCell: ["[data-testid='UserCell']"],
    profileMessage: ["a[data-testid='sendDMFromProfile']"],
  };
  const AVATAR_PREFIX = "UserAvatar-Container-";
  const NOT_PROFILES = new Set(["home", "messages", "i", "search", "explore", "settings", "notifications",
                                "compose", "intent", "hashtag", "login", "logout", "signup", "tos", "privacy",
                                "share", "account", "jobs", "download", "unknown"]);
  const ROUTES = {
    chat: /^\/i\/chat(?:\/requests(?:\/other)?)?\/([^/]+)\/?$/,
    legacy: /^\/messages\/([^/]+)\/?$/,
    post: /^\/([A-Za-z0-9_]{1,15})\/status\/(\d+)/,
    profile: /^\/([A-Za-z0-9_]{1,15})\/?$/,
  };
  const PAIR = /^(\d+)-(\d+)$/;
  const GROUP = /^g?\d+$/;
  // "<Name>, @<handle>, <last message>, <time>" on the inbox row of a one-to-one chat.
  const ROW_DESCRIPTION = /^(.*?), @([A-Za-z0-9_]{1,15})(?:,|$)/;
  const HANDLE_AT_START = /^([A-Za-z0-9_]{1,15})(?:,|$)/;

  const { first, all, firstDeep, shadowRoots, text, messageText, withoutTracking, cookieValue, skeleton, linkShape,
          rootNote } = root.AcquaintDom;
  const { MAX_MESSAGES, MAX_TEXT } = root.AcquaintDom.LIMITS;

  // "/JaneDoe" -> "janedoe"; page links (/home, /messages/…) and placeholders ("unknown") -> null.
  function handleOf(href) {
    const match = /^(?:https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com)?\/([A-Za-z0-9_]{1,15})\/?$/.exec(href ?? "");
    if (!match || NOT_PROFILES.has(match[1].toLowerCase())) return null;
    return match[1].toLowerCase();
  }

  function myId(doc) {
    return /^u=(\d+)$/.exec(cookieValue(doc, "twid") ?? "")?.[1] ?? null;
  }

  function myHandle(doc) {
    return handleOf(first(doc, SELECTORS.me)?.getAttribute("href"));
  }

  // The other id of a one-to-one pair, when the cookie says which one is ours.
  function otherOf(pair, mine) {
    if (!pair || !mine) return null;
    return pair[1] === mine ? pair[2] : pair[2] === mine ? pair[1] : null;
  }

  function personOut({ handle, id, name, relation }) {
    const person = {};
    if (handle) {
      person.handle = handle;
      person.url = `https://x.com/${handle}`;
    }
    if (id) person.id = id;
    if (name) person.name = name;
    if (relation) person.relation = relation;
    return person;
  }

  // `theirs`: the messages of the person asking, oldest first.
  function conversationOutcome(person, theirs, pageUrl, group, anchor) {
    if (!person.handle && !person.id && !person.name) {
      return { status: "identity_unknown", why: "no name, handle or id for the person writing" };
    }
    return {
      status: "ok",
      anchor,
      capture: {
        platform: "x",
        person: personOut(person),
        request: { text: theirs.slice(-MAX_MESSAGES).map((m) => m.text).join("\n").slice(-MAX_TEXT),
                   url: withoutTracking(pageUrl), hints: [], group, context: "conversation" },
      },
    };
  }

  // -- XChat (/i/chat/…) ---------------------------------------------------------------------------------------

  // justify-start: laid out on their side; justify-end: on the user's (on the row, or the row's first child
  // that has either). Anything else says nothing.
  function chatDirection(row) {
    const marked = row.matches(".justify-start, .justify-end") ? row : row.querySelector(".justify-start, .justify-end");
    if (marked?.classList.contains("justify-start")) return "theirs";
    if (marked?.classList.contains("justify-end")) return "mine";
    return "unknown";
  }

  function readChatRows(panel) {
    return all(panel, SELECTORS.chatRow).map((row) => ({
      direction: chatDirection(row),
      // Only rows laid out on their side are theirs: an ask is never credited to the user.
      theirs: chatDirection(row) === "theirs",
      sender: text(first(row, SELECTORS.chatSender)),
      text: all(row, SELECTORS.chatText).slice(0, 1).map(messageText).join(""),
    })).filter((m) => m.text);
  }

  // The inbox row of the open one-to-one chat (or message request); its test id holds the pair.
  function inboxRow(scopes, pair) {
    for (const scope of scopes) {
      for (const [a, b] of [[pair[1], pair[2]], [pair[2], pair[1]]]) {
        const row = scope.querySelector(`[data-testid='dm-conversation-item-${a}:${b}'], ` +
                                        `[data-testid='dm-message-request-item-${a}:${b}']`);
        if (row) return row;
      }
    }
    return null;
  }

  // Its description reads "<Name>, @<handle>, <last message>, <time>". A display name can itself hold
  // ", @someone": read the handle right after the name the header shows, not the first one found.
  function describedHandle(row, name) {
    const description = row?.getAttribute("aria-description") ?? "";
    if (name) {
      return description.startsWith(`${name}, @`) ? HANDLE_AT_START.exec(description.slice(name.length + 3))?.[1] : null;
    }
    return ROW_DESCRIPTION.exec(description)?.[2] ?? null;
  }

  // The conversation's opening card shows the name, then the handle on a line of its own.
  function startHandle(panel) {
    const card = first(panel, SELECTORS.chatStart);
    const line = [...(card?.querySelectorAll("div, span") ?? [])].find((e) => /^@\w{1,15}$/.test(text(e)));
    return line ? text(line).slice(1).toLowerCase() : null;
  }

  function readChat(doc, pageUrl, conversation) {
    const scopes = [doc, ...shadowRoots(doc, SELECTORS.shadowHosts)];
    if (conversation === "pin" || scopes.some((scope) => first(scope, SELECTORS.passcode))) {
      return { status: "locked", why: "enter your passcode, then reopen the conversation" };
    }
    const pair = PAIR.exec(conversation);
    if (!pair && !GROUP.test(conversation)) return { status: "no_conversation" };
    const panel = scopes.map((scope) => first(scope, SELECTORS.chatPanel)).find(Boolean);
    if (!panel) return { status: "unreadable", why: "no conversation panel in the chat" };
    const messages = readChatRows(panel);
    const header = first(panel, SELECTORS.chatHeader);
    if (!messages.length && !header) {
      return { status: "unreadable", why: "no messages or header in the conversation panel" };
    }
    if (messages.length && messages.every((m) => m.direction === "unknown")) {
      return { status: "unreadable", why: "no chat row says whose side it is on" };
    }
    if (!pair) {
      // A group names the person who asked: the sender label of the latest row on their side.
      const name = [...messages].reverse().find((m) => m.theirs && m.sender)?.sender ?? "";
      return conversationOutcome({ name }, messages.filter((m) => m.theirs && m.sender === name), pageUrl, true,
                                 header);
    }
    const name = text(first(panel, SELECTORS.chatHeaderName));
    const row = inboxRow(scopes, pair);
    // Right after a switch, the URL names the new chat while the panel still shows the last one: read the
    // panel only once it shows the chat the URL names.
    const rowName = ROW_DESCRIPTION.exec(row?.getAttribute("aria-description") ?? "")?.[1];
    if (name && rowName && !(row.getAttribute("aria-description") ?? "").startsWith(`${name}, @`)) {
      return { status: "unreadable", why: "the conversation panel does not show the chat the address names" };
    }
    const started = startHandle(panel);
    const person = {
      id: otherOf(pair, myId(doc)),
      handle: describedHandle(row, name) ?? (started !== myHandle(doc) ? started : null),
      name: name || rowName,
    };
    return conversationOutcome(person, messages.filter((m) => m.theirs), pageUrl, false, header);
  }

  // -- legacy DMs (/messages/…) ----------------------------------------------------------------------------------

  // Where the browser lays the page out, a bubble whose middle is in the right half is the user's.
  function onTheRight(entry, container) {
    const box = entry.getBoundingClientRect?.();
    const area = container.getBoundingClientRect?.();
    if (!box || !area || box.width <= 0 || area.width <= 0) return false;
    return box.left + box.width / 2 > area.left + area.width / 2;
  }

  function readLegacy(doc, pageUrl, conversation) {
    const pair = PAIR.exec(conversation);
    if (!pair && !GROUP.test(conversation)) return { status: "no_conversation" };
    const container = first(doc, SELECTORS.legacyConversation);
    if (!container) return { status: "unreadable", why: "no DmActivityContainer on a DM page" };
    const detail = first(doc, SELECTORS.legacyDetail) ?? container;
    const me = myHandle(doc);
    const messages = all(container, SELECTORS.legacyEntry).map((entry) => {
      const avatar = entry.querySelector(`[data-testid^='${AVATAR_PREFIX}']`)?.getAttribute("data-testid");
      const sender = handleOf(`/${avatar?.slice(AVATAR_PREFIX.length) ?? ""}`);
      // Your own entries are buttons (2025); an entry with your own avatar, or laid out on your side, is yours.
      const mine = entry.getAttribute("role") === "button" || (sender && sender === me) || onTheRight(entry, container);
      return { theirs: !mine, sender: sender ?? "", text: messageText(first(entry, SELECTORS.legacyText) ?? entry) };
    }).filter((m) => m.text);
    const heading = first(detail, SELECTORS.legacyHeading);
    if (!pair) {
      // A group's entries carry their sender's avatar; the latest one on their side asked.
      const handle = [...messages].reverse().find((m) => m.theirs && m.sender)?.sender;
      return conversationOutcome({ handle }, messages.filter((m) => m.theirs && handle && m.sender === handle), pageUrl,
                                 true, heading);
    }
    const avatarLink = first(detail, SELECTORS.legacyAvatar);
    const person = { id: otherOf(pair, myId(doc)), handle: handleOf(avatarLink?.getAttribute("href")),
                     name: text(heading) };
    return conversationOutcome(person, messages.filter((m) => m.theirs), pageUrl, false, heading ?? avatarLink);
  }

  // -- posts and profiles --------------------------------------------------------------------------------------

  // A follow button's test id is "<their numeric id>-follow" (or "-unfollow" when you follow them).
  function followId(scope) {
    const button = scope?.querySelector("[data-testid$='-unfollow'], [data-testid$='-follow']");
    return /^(\d+)-(?:un)?follow$/.exec(button?.getAttribute("data-testid") ?? "")?.[1] ?? null;
  }

  // A post (or reply) that mentions the user: its author may be asking them to repost.
  function readPost(doc, pageUrl, author, postId) {
    const me = myHandle(doc);
    const article = all(doc, SELECTORS.tweet).find((a) => a.querySelector(`a[href*='/status/${postId}']`)) ??
      first(doc, SELECTORS.tweet);
    if (!article || !me || author.toLowerCase() === me || NOT_PROFILES.has(author.toLowerCase())) {
      return { status: "no_conversation" };  // /i/status/… is X's own route, not an author
    }
    const said = messageText(first(article, SELECTORS.tweetText)).replace(/\n/g, " ");
    if (!new RegExp(`@${me}\\b`, "i").test(said)) return { status: "no_conversation" };
    const nameBlock = first(article, SELECTORS.tweetUserName);
    // Beside the post, X lists its author among "Relevant people", with a follow button that holds their id.
    const cell = all(doc, SELECTORS.userCell).find((c) => c.querySelector(`a[href='/${author}' i]`));
    return {
      status: "ok",
      anchor: nameBlock,
      capture: {
        platform: "x",
        person: personOut({ handle: author.toLowerCase(), id: followId(cell),
                            name: text(nameBlock?.querySelector("span")) }),
        request: { text: said.slice(-MAX_TEXT), url: withoutTracking(pageUrl), hints: [], group: false,
                   context: "post" },
      },
    };
  }

  // The smallest block around the profile's name that also holds its action buttons.
  function profileHeader(nameBlock) {
    let block = nameBlock;
    for (let step = 0; step < 5 && block.parentElement; step += 1) {
      block = block.parentElement;
      if (first(block, SELECTORS.profileActions)) return block;
    }
    return nameBlock;
  }

  function readProfile(doc, pageUrl, handle) {
    const me = myHandle(doc);
    const nameBlock = first(doc, SELECTORS.profileName);
    if (!nameBlock || handle.toLowerCase() === me || NOT_PROFILES.has(handle.toLowerCase())) {
      return { status: "no_conversation" };
    }
    // The profile header's follow button holds their id; so does its Message link's pair, with the cookie. Other
    // people's cells (who to follow, followers you know) have buttons and "Follows you" badges of their own.
    const header = profileHeader(nameBlock);
    const pair = PAIR.exec(first(header, SELECTORS.profileMessage)?.getAttribute("href")?.split("/").pop() ?? "");
    const id = followId(first(header, SELECTORS.profileActions)) ?? otherOf(pair, myId(doc));
    const follows = first(nameBlock, SELECTORS.followsYou);
    return {
      status: "ok",
      anchor: nameBlock,
      capture: {
        platform: "x",
        person: personOut({ handle: handle.toLowerCase(), id, name: text(nameBlock.querySelector("span")),
                            relation: follows ? { follows_you: true } : undefined }),
        request: { text: "", url: withoutTracking(pageUrl), hints: [], group: false, context: "profile" },
      },
    };
  }

  function read(doc, pageUrl) {
    const path = new URL(pageUrl).pathname;
    const chat = ROUTES.chat.exec(path);
    if (chat) return readChat(doc, pageUrl, decodeURIComponent(chat[1]));
    const legacy = ROUTES.legacy.exec(path);
    if (legacy) return readLegacy(doc, pageUrl, decodeURIComponent(legacy[1]));
    const post = ROUTES.post.exec(path);
    if (post) return readPost(doc, pageUrl, post[1], post[2]);
    const profile = ROUTES.profile.exec(path);
    if (profile) return readProfile(doc, pageUrl, profile[1]);
    return { status: "no_conversation" };
  }

  function report(doc, pageUrl) {
    const path = new URL(pageUrl).pathname;
    const chat = firstDeep(doc, SELECTORS.shadowHosts, SELECTORS.chatPanel);
    const area = chat ?? first(doc, SELECTORS.legacyConversation) ?? doc.querySelector("main") ?? doc.body;
    const parts = [`route: ${linkShape(path)}`, rootNote(area), skeleton(area)].filter(Boolean);
    return { platform: "x", skeleton: parts.join("\n") };
  }

  // For the context menu: the person a link to an X profile names.
  function profileFromLink(href) {
    let url;
    try {
      url = new URL(href);
    } catch {
      return null;
    }
    if (!/^(?:www\.|mobile\.)?(?:x|twitter)\.com$/.test(url.hostname)) return null;
    const handle = handleOf(url.pathname);
    return handle ? personOut({ handle }) : null;
  }

  // The message composer `element` is in (or is), or null: the draft in it is the user's own, read for the mirror.
  function composer(element) {
    return element?.closest?.(SELECTORS.composer.join(", ")) ?? null;
  }

  // What the user gave by this click, or null: a repost of the page's post (its author is the person).
  function gave(element) {
    return element?.closest?.(SELECTORS.repostConfirm.join(", ")) ? "share" : null;
  }

  const adapter = {
    platform: "x", shadowHosts: SELECTORS.shadowHosts, read, report, profileFromLink, composer, gave,
    profileLinkPatterns: ["https://x.com/*", "https://twitter.com/*", "https://mobile.twitter.com/*"],
  };
  root.AcquaintSite = adapter;
  root.AcquaintSites = { ...root.AcquaintSites, x: adapter };
  if (typeof module === "object" && module.exports) module.exports = adapter;
})(globalThis);
