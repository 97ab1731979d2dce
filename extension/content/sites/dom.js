// DOM helpers the site adapters share: try selector lists in order, read text as the user sees it.
(function (root) {
  "use strict";

  function first(scope, selectors) {
    for (const selector of selectors) {
      const found = scope.querySelector(selector);
      if (found) return found;
    }
    return null;
  }

  function all(scope, selectors) {
    for (const selector of selectors) {
      const found = scope.querySelectorAll(selector);
      if (found.length) return [...found];
    }
    return [];
  }

  function text(element) {
    return (element?.textContent ?? "").replace(/\s+/g, " ").trim();
  }

  function withoutTracking(pageUrl) {
    const url = new URL(pageUrl);
    url.search = "";
    url.hash = "";
    return url.toString();
  }

  root.AcquaintDom = { first, all, text, withoutTracking };
  if (typeof module === "object" && module.exports) module.exports = root.AcquaintDom;
})(globalThis);
