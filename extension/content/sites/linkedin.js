// LinkedIn: which pages hold a conversation, a request or a profile, and how to read who asks and what.
// All of Acquaint's knowledge of LinkedIn's markup is in this file; docs/SITES.md says what each piece rests on,
// and tests/js/fixtures/linkedin/live-*.html model the live pages (with a negative control for each case).
// Order of trust: the `--other` direction marker, profile links (member ids in messaging, vanity names on
// profiles and forms), ARIA, then class names, which change with redesigns.
(function (root) {
  "use strict";

  const SELECTORS = {
    // Where the user writes a message (the mirror reads the draft there): the thread's and the bubble's form.
    composer: [".msg-form__contenteditable[contenteditable='true']", ".msg-form [role='textbox'][contenteditable='true']"],
    // The recommendation form's Send (its dialog sits in #interop-outlet's shadow root, as the form fixture shows).
    formSend: [".artdeco-modal__actionbar button.artdeco-button--primary"],
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
    bubbleHeader: [".msg-overlay-bubble-header"],
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

  const { first, all, firstDeep, shadowRoots, text, messageText, withoutTracking, skeleton, linkShape, rootNote } =
    root.AcquaintDom;
  const { MAX_MESSAGES, MAX_TEXT } = root.AcquaintDom.LIMITS;

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
      const said = all(item, SELECTORS.body).map(messageText).filter(Boolean).join("\n");
      const links = [...item.querySelectorAll(RECOMMENDATION_LINK)].map((a) => a.getAttribute("href"));
      const skills = Boolean(item.querySelector(SKILLS_LINK));
      if (said || links.length) messages.push({ theirs, sender, text: said, recommendationLinks: links, skills });
    }
    return messages;
  }

  function sameSender(a, b) {
    if (!a || !b) return false;
    if (a.member_id && b.member_id) return a.member_id === b.member_id;
    if (a.handle && b.handle) return a.handle === b.handle;
    return Boolean(a.name) && a.name === b.name;
  }

  function structuralHints(messages) {
    const hints = [];
    if (messages.some((m) => m.recommendationLinks.length)) hints.push("recommendation_form");
    if (messages.some((m) => m.skills)) hints.push("endorsement_prompt");
    return hints;
  }

  // A recommendation request links to the form at /in/<the asker's vanity>/edit/forms/…: the vanity name
  // beside the member id the thread shows. But anyone can paste such a link, so it is sent as a claim (the
  // host may propose a probable match from it, never a sure one).
  function claimedVanity(links) {
    const vanities = links.map((href) => ROUTES.form.exec(new URL(href, "https://www.linkedin.com").pathname)?.[1])
      .filter((vanity) => vanity && !MEMBER_ID.test(vanity));
    return vanities.at(-1)?.toLowerCase();
  }

  // Several people, not one: more than one writes; one writes who is not the header's person; or the title
  // lists names (a comma in one person's name, "Sam Lee, PhD", is also in their profile link's title).
  function isGroup(senders, headerPerson, title, linkTitle) {
    if (senders.length > 1) return true;
    if (headerPerson && senders.some((s) => (s.member_id || s.handle) && !sameSender(s, headerPerson))) return true;
    return /,| and \d+ others?$/.test(title) && !linkTitle.includes(title);
  }

  function readConversation(scope, header, pageUrl, anchor) {
    const messages = readMessages(scope);
    if (!scope.querySelector(SELECTORS.message.join(","))) {
      return { status: "unreadable", why: "no messages found in the conversation" };
    }
    const theirs = messages.filter((m) => m.theirs);
    const senders = theirs.map((m) => m.sender).filter((s, i, list) => list.findIndex((t) => sameSender(s, t)) === i);
    // Only a real header names the person; without one (still loading, redesigned), their own messages do.
    const headerLink = header ? first(header, SELECTORS.headerLink) : null;
    const headerPerson = identityOf(headerLink?.getAttribute("href"));
    const title = header ? text(first(header, SELECTORS.headerTitle)) : "";
    const group = isGroup(senders, headerPerson, title, headerLink?.getAttribute("title") ?? "");
    let person;
    if (group) {
      // A group thread names the person who asked: the author of the latest message that is not ours.
      person = { ...theirs.at(-1)?.sender };
    } else {
      person = { ...(headerPerson ?? senders[0] ?? {}), name: title || senders[0]?.name || "" };
    }
    const fromThem = theirs.filter((m) => !group || sameSender(m.sender, person));
    const claimed = claimedVanity(fromThem.flatMap((m) => m.recommendationLinks));
    if (claimed && claimed !== person.handle) person.claimed_handle = claimed;
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
                   url: withoutTracking(pageUrl), hints: structuralHints(fromThem), group,
                   context: "conversation" },
      },
    };
  }

  function personOut({ handle, member_id: memberId, claimed_handle: claimed, name, relation }) {
    const person = {};
    if (handle) person.handle = handle;
    if (memberId) person.member_id = memberId;
    if (claimed) person.claimed_handle = claimed;
    const url = profileUrl({ handle, member_id: memberId });
    if (url) person.url = url;
    if (name) person.name = name;
    if (relation) person.relation = relation;
    return person;
  }

  // The open bubble being used (several can be open: the one with focus, else the last opened).
  function openBubble(doc) {
    const bubbles = [doc, ...shadowRoots(doc, SELECTORS.shadowHosts)].flatMap((scope) => all(scope, SELECTORS.bubble))
      .filter((bubble) => !bubble.classList.contains(MINIMIZED));
    return bubbles.find((bubble) => bubble.matches(":focus-within")) ?? bubbles.at(-1) ?? null;
  }

  // The recommendation form opens as a dialog (in the overlay's shadow root) over the asker's profile: the
  // profile says who (never the URL's parameters: a link anyone can paste), the dialog what they asked. Opened
  // on the user's own initiative, it shows no request, and nobody asked anything.
  function readForm(doc, pageUrl, vanity) {
    const profile = readProfile(doc, pageUrl, vanity);
    if (profile.status !== "ok") return profile;
    const dialog = firstDeep(doc, SELECTORS.shadowHosts, SELECTORS.formDialog);
    const request = messageText(first(dialog, SELECTORS.formMessage));
    return {
      status: "ok",
      anchor: dialog ? first(dialog, [".artdeco-modal__header", "h2"]) : profile.anchor,
      capture: {
        ...profile.capture,
        request: { text: request.slice(-MAX_TEXT), url: withoutTracking(pageUrl),
                   hints: request ? ["recommendation_form"] : [], group: false, context: "recommendation_form" },
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
          .map(messageText).join("\n")).join("\n").trim();
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
      const header = first(thread, SELECTORS.threadHeader);
      return readConversation(thread, header, pageUrl, header);
    }
    const bubble = openBubble(doc);
    if (bubble) {
      const header = first(bubble, SELECTORS.bubbleHeader);
      return readConversation(bubble, header, pageUrl, header);
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
    const parts = [`route: ${linkShape(path)}`, rootNote(area), skeleton(area)].filter(Boolean);
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

  // The message composer `element` is in (or is), or null: the draft in it is the user's own, read for the mirror.
  function composer(element) {
    return element?.closest?.(SELECTORS.composer.join(", ")) ?? null;
  }

  // What the user gave by this click, or null: sending the recommendation form they were asked to fill, or
  // endorsing a skill on the person's profile (the button reads exactly "Endorse"; "Endorsed" is done already).
  function gave(element, pageUrl) {
    const path = new URL(pageUrl).pathname;
    const send = element?.closest?.(SELECTORS.formSend.join(", "));
    if (send && /\bsend\b/i.test(send.textContent ?? "") && ROUTES.form.test(path)) return "recommendation";
    const button = element?.closest?.("button");
    if (button && text(button) === "Endorse" && ROUTES.profile.test(path)) return "endorsement";
    return null;
  }

  const adapter = {
    platform: "linkedin", shadowHosts: SELECTORS.shadowHosts, read, report, profileFromLink, composer, gave,
    profileLinkPatterns: ["https://www.linkedin.com/in/*", "https://linkedin.com/in/*", "https://*.linkedin.com/in/*",
                          "https://www.linkedin.com/comm/in/*"],
  };
  root.AcquaintSite = adapter;
  root.AcquaintSites = { ...root.AcquaintSites, linkedin: adapter };
  if (typeof module === "object" && module.exports) module.exports = adapter;
})(globalThis);
