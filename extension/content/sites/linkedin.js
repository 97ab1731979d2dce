// LinkedIn: which pages hold a conversation, a request or a profile, and how to read who asks and what.
// All of Acquaint's knowledge of LinkedIn's markup is in this file; docs/SITES.md says what each piece rests on,
// and tests/js/fixtures/linkedin/live-*.html model the live pages (with a negative control for each case).
// Order of trust: the `--other` direction marker, profile links (member ids in messaging, vanity names on
// profiles and forms), ARIA, then class names, which change with redesigns.
(function (root) {
  "use strict";

  const MAX_MESSAGES = 5;    // the latest messages from them are what they ask
  const MAX_TEXT = 4000;

  const SELECTORS = {
    // LinkedIn's bottom-right messaging overlay lives in this host's open shadow root (2026).
    shadowHosts: ["#interop-outlet", "[data-testid='interop-shadowdom']"],
    thread: [".msg-thread", ".msg-convo-wrapper", "[data-view-name='message-thread']"],
    threadHeader: [".msg-title-bar", ".msg-thread__topcard"],
    headerLink: ["a.msg-thread__link-to-profile", "a.profile-card-one-to-one__profile-link", "a[href*='/in/']"],
    headerTitle: [".msg-entity-lockup__entity-title", ".msg-overlay-bubble-header__title", "h2"],
    message: [".msg-s-event-listitem"],
    senderLink: ["a.msg-s-event-listitem__link[href*='/in/']", ".msg-s-message-group__meta a[href*='/in/']"],
    senderName: [".msg-s-message-group__profile-link", ".msg-s-message-group__name"],
    senderHeading: [".msg-s-event-listitem--group-a11y-heading"],
    body: [".msg-s-event-listitem__body", ".msg-s-event__content"],
    bubble: [".msg-overlay-conversation-bubble"],
    bubbleHeader: [".msg-overlay-bubble-header", "header"],
    formDialog: ["[role='dialog'][data-test-modal-id='recommendation-form']", "[role='dialog']"],
    formMessage: [".recommendation-request p", "[data-test-recommendation-request-message]", "blockquote"],
    invitation: ["[role='listitem'][componentkey^='urn:li:invitation']", "li.invitation-card", "[role='listitem']"],
    profileCard: ["section[componentkey*='Topcard']", ".pv-top-card", "main section"],
    profileName: ["h1", "main h1"],
    profileConnect: ["a[href*='/preload/custom-invite/']", "a[aria-label^='Invite'][aria-label$='to connect']"],
  };
  const THEIRS = "msg-s-event-listitem--other";   // the most relied-on direction marker, 2024–2026
  const MINIMIZED = "msg-overlay-conversation-bubble--is-minimized";
  const RECOMMENDATION_LINK = "a[href*='/edit/forms/recommendation/write']";
  const SKILLS_LINK = "a[href*='/details/skills']";
  const SENT_HEADING = /^(.+?) sent the following messages? at /;
  const DEGREE = /^·?\s*(1st|2nd|3rd)\+?$/;
  const MEMBER_ID = /^ACoAA[A-Za-z0-9_-]{10,95}$/;
  // Inside markup the urn runs straight into other text ("…fsd_profile:ACoAA…Topcard"): member ids are 39
  // characters.
  const FSD_PROFILE = /urn:li:fsd_profile:(ACoAA[A-Za-z0-9_-]{34})/;
  const ROUTES = {
    thread: /^\/messaging\/thread\/[^/]+\/?$/,
    form: /^\/in\/([^/]+)\/edit\/forms\/recommendation\/write\/?$/,
    invitations: /^\/mynetwork\/invitation-manager(?:\/received)?\/?$/,
    profile: /^\/in\/([^/]+)\/?$/,
  };

  const { first, all, firstDeep, shadowRoots, text, withoutTracking, skeleton } = root.AcquaintDom;

  // "/in/ACoAA…" -> {member_id}; "/in/Jane-Doe/" -> {handle: "jane-doe"}; anything else -> null.
  // Member ids are case-sensitive: lower-casing one breaks it.
  function identityOf(href) {
    const match = /\/in\/([^/?#]+)/.exec(href ?? "");
    if (!match) return null;
    let segment;
    try {
      segment = decodeURIComponent(match[1]);
    } catch {
      segment = match[1];
    }
    return MEMBER_ID.test(segment) ? { member_id: segment } : { handle: segment.toLowerCase() };
  }

  function profileUrl(identity) {
    const segment = identity.handle ?? identity.member_id;
    return segment ? `https://www.linkedin.com/in/${encodeURIComponent(segment)}/` : undefined;
  }

  function senderNameOf(item) {
    const heading = SENT_HEADING.exec(text(first(item, SELECTORS.senderHeading)));
    return text(first(item, SELECTORS.senderName)) || heading?.[1] ||
      first(item, SELECTORS.senderLink)?.querySelector("img[alt]")?.getAttribute("alt")?.trim() || "";
  }

  // The messages of a thread or bubble, oldest first: who wrote each (their `--other` marker; the first
  // message of a group names its sender, the rest of the group continues it) and what it says.
  function readMessages(scope) {
    const messages = [];
    let sender = null;
    for (const item of all(scope, SELECTORS.message)) {
      const theirs = item.classList.contains(THEIRS);
      const link = first(item, SELECTORS.senderLink);
      const name = senderNameOf(item);
      if (link || name) {
        sender = { ...(identityOf(link?.getAttribute("href")) ?? {}), name, theirs };
      } else if (sender?.theirs !== theirs) {
        sender = { name: "", theirs };
      }
      const said = all(item, SELECTORS.body).map(text).filter(Boolean).join("\n");
      const links = [...item.querySelectorAll(RECOMMENDATION_LINK)].map((a) => a.getAttribute("href"));
      if (said || links.length) messages.push({ theirs, sender, text: said, recommendationLinks: links });
    }
    return messages;
  }

  const sameSender = (a, b) => Boolean(a && b) && (a.member_id ? a.member_id === b.member_id
    : a.handle ? a.handle === b.handle : a.name && a.name === b.name);

  function structuralHints(messages, scope) {
    const hints = [];
    if (messages.some((m) => m.recommendationLinks.length)) hints.push("recommendation_form");
    if (scope.querySelector(SKILLS_LINK)) hints.push("endorsement_prompt");
    return hints;
  }

  // A recommendation request carries the asker's vanity name in its form link (and, in `profileUrn`, their
  // member id): the one place in messaging where both identities show together.
  function identitiesFromFormLinks(links) {
    const found = {};
    for (const href of links) {
      const vanity = ROUTES.form.exec(new URL(href, "https://www.linkedin.com").pathname)?.[1];
      if (vanity && !MEMBER_ID.test(vanity)) found.handle = vanity.toLowerCase();
      const urn = FSD_PROFILE.exec(decodeURIComponent(href));
      if (urn) found.member_id = urn[1];
    }
    return found;
  }

  function readConversation(scope, header, pageUrl, anchor) {
    const messages = readMessages(scope);
    if (!scope.querySelector(SELECTORS.message.join(","))) {
      return { status: "unreadable", why: "no messages found in the conversation" };
    }
    const theirs = messages.filter((m) => m.theirs);
    const senders = theirs.map((m) => m.sender).filter((s, i, list) => list.findIndex((t) => sameSender(s, t)) === i);
    const title = text(first(header, SELECTORS.headerTitle));
    const group = senders.length > 1 || /,| and \d+ others?$/.test(title);
    let person;
    if (group) {
      // A group thread names the person who asked: the author of the latest message that is not ours.
      person = { ...theirs.at(-1)?.sender };
    } else {
      const headerLink = first(header, SELECTORS.headerLink);
      person = { ...(identityOf(headerLink?.getAttribute("href")) ?? senders[0] ?? {}),
                 name: title || senders[0]?.name || "" };
    }
    const fromThem = theirs.filter((m) => !group || sameSender(m.sender, person));
    const fromForm = identitiesFromFormLinks(fromThem.flatMap((m) => m.recommendationLinks));
    // Their own request names them; a form link with someone else's member id (a forwarded one) does not.
    if (!fromForm.member_id || !person.member_id || fromForm.member_id === person.member_id) {
      person.handle ??= fromForm.handle;
      person.member_id ??= fromForm.member_id;
    }
    if (!person.member_id && !person.handle) {
      return theirs.length ? { status: "identity_unknown", why: "no profile link for the person writing" }
        : { status: "unreadable", why: "no profile link in the conversation header" };
    }
    return {
      status: "ok",
      anchor,
      capture: {
        platform: "linkedin",
        person: personOut(person),
        request: { text: fromThem.slice(-MAX_MESSAGES).map((m) => m.text).join("\n").slice(-MAX_TEXT),
                   url: withoutTracking(pageUrl), hints: structuralHints(fromThem, scope), group,
                   context: "conversation" },
      },
    };
  }

  function personOut({ handle, member_id: memberId, name, relation }) {
    const person = {};
    if (handle) person.handle = handle;
    if (memberId) person.member_id = memberId;
    const url = profileUrl({ handle, member_id: memberId });
    if (url) person.url = url;
    if (name) person.name = name;
    if (relation) person.relation = relation;
    return person;
  }

  function openBubble(doc) {
    const bubbles = [doc, ...shadowRoots(doc, SELECTORS.shadowHosts)].flatMap((scope) => all(scope, SELECTORS.bubble));
    return bubbles.filter((bubble) => !bubble.classList.contains(MINIMIZED)).at(-1) ?? null;
  }

  // The recommendation form opens as a dialog (in the overlay's shadow root) over the asker's profile: the
  // profile says who, the dialog shows what they asked; the URL's profileUrn holds their member id.
  function readForm(doc, pageUrl, vanity) {
    const profile = readProfile(doc, pageUrl, vanity);
    if (profile.status !== "ok") return profile;
    const person = profile.capture.person;
    const urn = FSD_PROFILE.exec(decodeURIComponent(new URL(pageUrl).search))?.[1];
    if (urn && !person.member_id) person.member_id = urn;
    const dialog = firstDeep(doc, SELECTORS.shadowHosts, SELECTORS.formDialog);
    return {
      status: "ok",
      anchor: dialog ? first(dialog, [".artdeco-modal__header", "h2"]) : profile.anchor,
      capture: {
        ...profile.capture,
        request: { text: text(first(dialog, SELECTORS.formMessage)).slice(-MAX_TEXT), url: withoutTracking(pageUrl),
                   hints: ["recommendation_form"], group: false, context: "recommendation_form" },
      },
    };
  }

  // The invitation manager: the first received invitation that comes with a note. The note has no stable
  // class (2026): it is the card's text after the row holding the Accept button.
  function readInvitations(doc, pageUrl) {
    const cards = all(doc, SELECTORS.invitation);
    if (!cards.length) return { status: "no_conversation" };
    for (const card of cards) {
      const link = card.querySelector("a[href*='/in/']");
      const accept = card.querySelector("button[aria-label^='Accept']");
      if (!link || !accept) continue;
      let row = accept;
      while (row.parentElement && row.parentElement !== card) row = row.parentElement;
      const note = [...card.children].slice([...card.children].indexOf(row) + 1)
        .map((part) => [...part.querySelectorAll("p, span")].filter((t) => !t.closest("button") && !t.children.length)
          .map(text).join(" ")).join(" ").trim();
      if (!note) continue;
      const nameLink = [...card.querySelectorAll("a[href*='/in/']")].find((a) => text(a));
      return {
        status: "ok",
        anchor: card,
        capture: {
          platform: "linkedin",
          person: personOut({ ...identityOf(link.getAttribute("href")), name: text(nameLink) }),
          request: { text: note.slice(-MAX_TEXT), url: withoutTracking(pageUrl), hints: [], group: false,
                     context: "invitation" },
        },
      };
    }
    return { status: "no_conversation" };
  }

  const visible = (element) => element.checkVisibility?.() ??
    element.ownerDocument.defaultView.getComputedStyle(element).display !== "none";

  // "· 1st" and "· 2nd" are both in the top card (2026); LinkedIn's CSS hides the one that does not apply.
  // Without a visible one: a Connect link means not connected (2nd or 3rd, so no degree is claimed).
  function degreeOf(card) {
    const shown = [...card.querySelectorAll("span, p")].filter((e) => !e.children.length && DEGREE.test(text(e)))
      .filter(visible).map((e) => DEGREE.exec(text(e))[1]);
    if (shown.length === 1) return Number(shown[0][0]);
    return undefined;
  }

  // A profile: who this person is to the user. The vanity is in the URL, the member id in the top card.
  function readProfile(doc, pageUrl, segment) {
    const person = identityOf(`/in/${segment}/`);
    const card = first(doc, SELECTORS.profileCard) ?? doc;
    const heading = first(card, SELECTORS.profileName);
    if (!heading) return { status: "unreadable", why: "no name heading on the profile" };
    const markers = [card.getAttribute?.("componentkey"),
                     ...[...card.querySelectorAll("a[href*='fsd_profile']")].map((a) => a.getAttribute("href"))];
    const memberId = markers.map((m) => FSD_PROFILE.exec(decodeURIComponent(m ?? ""))?.[1]).find(Boolean);
    if (memberId && !person.member_id) person.member_id = memberId;
    const degree = degreeOf(card);
    const relation = degree ? { linkedin_degree: degree } : undefined;
    if (degree === undefined && isMe(doc)) return { status: "no_conversation" };
    return {
      status: "ok",
      anchor: heading,
      capture: {
        platform: "linkedin",
        person: personOut({ ...person, name: text(heading), relation }),
        request: { text: "", url: withoutTracking(pageUrl), hints: [], group: false, context: "profile" },
      },
    };
  }

  // Your own profile offers to edit it; nobody else's does.
  function isMe(doc) {
    return Boolean(doc.querySelector("main a[href*='/edit/intro/'], main a[href*='/overlay/background-photo/']"));
  }

  function read(doc, pageUrl) {
    const path = new URL(pageUrl).pathname;
    const form = ROUTES.form.exec(path);
    if (form) return readForm(doc, pageUrl, form[1]);
    if (ROUTES.thread.test(path)) {
      const thread = firstDeep(doc, SELECTORS.shadowHosts, SELECTORS.thread);
      if (!thread) return { status: "unreadable", why: "no conversation found on a thread page" };
      const header = first(thread, SELECTORS.threadHeader) ?? thread;
      return readConversation(thread, header, pageUrl, first(thread, SELECTORS.threadHeader));
    }
    const bubble = openBubble(doc);
    if (bubble) {
      const header = first(bubble, SELECTORS.bubbleHeader) ?? bubble;
      return readConversation(bubble, header, pageUrl, header === bubble ? null : header);
    }
    if (ROUTES.invitations.test(path)) return readInvitations(doc, pageUrl);
    const profile = ROUTES.profile.exec(path);
    if (profile) return readProfile(doc, pageUrl, profile[1]);
    return { status: "no_conversation" };
  }

  // The part of the page a bug report needs: the conversation, bubble, form or list being read.
  function report(doc, pageUrl) {
    const path = new URL(pageUrl).pathname;
    const area = (ROUTES.thread.test(path) && firstDeep(doc, SELECTORS.shadowHosts, SELECTORS.thread)) ||
      openBubble(doc) || doc.querySelector("main") || doc.body;
    const outlet = first(doc, SELECTORS.shadowHosts);
    const parts = [`route: ${AcquaintDom.linkShape(path)}`, skeleton(area)];
    if (outlet && !outlet.contains(area)) parts.push("overlay:", skeleton(outlet));
    return { platform: "linkedin", skeleton: parts.join("\n") };
  }

  // For the context menu: the person a link to a LinkedIn profile names (also /comm/in/… from emails).
  function profileFromLink(href) {
    let url;
    try {
      url = new URL(href);
    } catch {
      return null;
    }
    if (!/(^|\.)linkedin\.com$/.test(url.hostname)) return null;
    const path = url.pathname.replace(/^\/comm\//, "/");
    const segment = ROUTES.profile.exec(path)?.[1];
    return segment ? personOut(identityOf(`/in/${segment}/`)) : null;
  }

  const adapter = {
    platform: "linkedin", shadowHosts: SELECTORS.shadowHosts, read, report, profileFromLink,
    profileLinkPatterns: ["https://www.linkedin.com/in/*", "https://linkedin.com/in/*", "https://*.linkedin.com/in/*",
                          "https://www.linkedin.com/comm/in/*"],
  };
  root.AcquaintSite = adapter;
  root.AcquaintSites = { ...root.AcquaintSites, linkedin: adapter };
  if (typeof module === "object" && module.exports) module.exports = adapter;
})(globalThis);
