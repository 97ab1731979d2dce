// DOM helpers the site adapters share: try selector lists in order, look inside the open shadow roots the sites
// now render their chat into, read text as the user sees it, and outline a page's structure for a bug report.
(function (root) {
  "use strict";

  function first(scope, selectors) {
    for (const selector of selectors) {
      const found = scope?.querySelector(selector);
      if (found) return found;
    }
    return null;
  }

  function all(scope, selectors) {
    for (const selector of selectors) {
      const found = scope?.querySelectorAll(selector) ?? [];
      if (found.length) return [...found];
    }
    return [];
  }

  // The open shadow roots of the elements matching `hostSelectors`, searched in `scope` and, recursively, in
  // the roots found. document.querySelector does not see inside a shadow root, so an adapter names the hosts.
  function shadowRoots(scope, hostSelectors) {
    const roots = [];
    const queue = [scope];
    while (queue.length) {
      const here = queue.shift();
      for (const selector of hostSelectors) {
        for (const host of here.querySelectorAll(selector)) {
          if (host.shadowRoot && !roots.includes(host.shadowRoot)) {
            roots.push(host.shadowRoot);
            queue.push(host.shadowRoot);
          }
        }
      }
    }
    return roots;
  }

  // The first element matching any of `selectors` in the document or in one of the named shadow roots.
  function firstDeep(doc, hostSelectors, selectors) {
    for (const scope of [doc, ...shadowRoots(doc, hostSelectors)]) {
      const found = first(scope, selectors);
      if (found) return found;
    }
    return null;
  }

  // What the adapters send at most: the latest messages from them are what they ask.
  const LIMITS = { MAX_MESSAGES: 5, MAX_TEXT: 4000 };

  function text(element) {
    return (element?.textContent ?? "").replace(/\s+/g, " ").trim();
  }

  const BLOCKS = new Set(["p", "div", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
                          "section", "article", "header", "footer", "table", "tr"]);

  // A message's text with its line breaks: textContent drops <br> and block boundaries, which glues two
  // sentences together ("…talkCould you write me…") and hides the ask.
  function messageText(element) {
    if (!element) return "";
    const parts = [];
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3) {
          parts.push(child.data);
        } else if (child.nodeType === 1 && child.localName === "br") {
          parts.push("\n");
        } else if (child.nodeType === 1 && !["script", "style", "template"].includes(child.localName)) {
          const block = BLOCKS.has(child.localName);
          if (block) parts.push("\n");
          walk(child);
          if (block) parts.push("\n");
        }
      }
    };
    walk(element);
    return parts.join("").split("\n").map((line) => line.replace(/\s+/g, " ").trim()).filter(Boolean).join("\n");
  }

  function withoutTracking(pageUrl) {
    const url = new URL(pageUrl);
    url.search = "";
    url.hash = "";
    return url.toString();
  }

  // What the user signed in as on X: the numeric id in X's own script-readable `twid` cookie ("u%3D<id>").
  function cookieValue(doc, name) {
    const match = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(doc.cookie ?? "");
    return match ? decodeURIComponent(match[1]) : null;
  }

  // A structural outline of `element` for a bug report: tag names, test ids, ARIA roles and class names,
  // and links reduced to their shape (/in/ACoAA…, /messages/<n>-<n>). No text, no names, no ids of people.
  const REPORT_ATTRIBUTES = ["data-testid", "role", "aria-level", "data-view-name", "data-dm-message-row",
                             "data-event-urn", "shadowrootmode"];
  const REPORT_LIMIT = 1500;
  const SKIPPED = ["script", "style", "svg", "template"];

  // The sites' own route words; every other path segment may name someone (a handle, a vanity name).
  const ROUTE_WORDS = new Set(["in", "comm", "messaging", "thread", "mynetwork", "invitation-manager", "received",
                               "sent", "edit", "forms", "recommendation", "write", "feed", "details", "skills",
                               "recent-activity", "overlay", "company", "school", "jobs", "notifications",
                               "messages", "i", "chat", "requests", "other", "pin", "status", "photo", "home",
                               "explore", "compose", "post", "search", "settings", "following", "followers",
                               "header_photo", "with_replies", "media", "likes", "grok"]);

  function linkShape(href) {
    let path;
    try {
      path = new URL(href, "https://example.invalid/").pathname;
    } catch {
      return "?";
    }
    return path.split("/").map((part) => {
      if (!part) return part;
      if (/^\d+$/.test(part)) return "<n>";
      if (/^\d+-\d+$/.test(part)) return "<n>-<n>";
      if (/^g\d+$/.test(part)) return "g<n>";
      if (/^ACoAA/.test(part)) return "<member-id>";
      if (ROUTE_WORDS.has(part)) return part;
      return "<x>";
    }).join("/");
  }

  function attributeShape(name, value) {
    if (name === "data-testid") {
      if (value.startsWith("UserAvatar-Container-")) return "UserAvatar-Container-<handle>";
      return value.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>").replace(/\d{3,}/g, "<n>");
    }
    if (name === "data-event-urn" || name === "data-dm-message-row") return "<id>";
    return value;
  }

  function outline(node, depth, lines) {
    if (lines.length >= REPORT_LIMIT) return;
    const element = node;
    const classes = [...element.classList].filter((c) => !/\d{4,}/.test(c)).slice(0, 8);
    let line = "  ".repeat(depth) + element.localName;
    if (classes.length) line += "." + classes.join(".");
    for (const name of REPORT_ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value !== null) line += `[${name}=${JSON.stringify(attributeShape(name, value))}]`;
    }
    if (element.localName === "a" && element.hasAttribute("href")) line += `[href~${linkShape(element.getAttribute("href"))}]`;
    for (const name of ["aria-label", "aria-description", "title", "alt"]) {
      if (element.hasAttribute(name)) line += `[${name}]`; // present, content withheld
    }
    const words = text(element).length;
    if (words && !element.children.length) line += ` (${words} chars)`;
    lines.push(line);
    if (element.shadowRoot) {
      lines.push("  ".repeat(depth + 1) + "#shadow-root (open)");
      for (const child of element.shadowRoot.children) {
        if (!SKIPPED.includes(child.localName)) outline(child, depth + 2, lines);
      }
    }
    for (const child of element.children) {
      if (!SKIPPED.includes(child.localName)) outline(child, depth + 1, lines);
    }
  }

  function skeleton(element) {
    const lines = [];
    if (element) outline(element, 0, lines);
    if (lines.length >= REPORT_LIMIT) lines.push(`… (cut at ${REPORT_LIMIT} elements)`);
    return lines.join("\n");
  }

  // Where in the page an element lives, for a report: "" in the document, else the shadow host's outline.
  function rootNote(element) {
    const rootNode = element?.getRootNode?.();
    if (!rootNode || !rootNode.host) return "";
    const host = rootNode.host;
    const testid = host.getAttribute("data-testid");
    return `inside the open shadow root of ${host.localName}${host.id ? `#${host.id}` : ""}` +
      `${testid ? `[data-testid=${JSON.stringify(attributeShape("data-testid", testid))}]` : ""}`;
  }

  root.AcquaintDom = { first, all, shadowRoots, firstDeep, text, messageText, withoutTracking, cookieValue, skeleton,
                       linkShape, rootNote, LIMITS };
  if (typeof module === "object" && module.exports) module.exports = root.AcquaintDom;
})(globalThis);
