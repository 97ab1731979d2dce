// Fixture pages in jsdom, with the extension's content scripts run in them as a browser would run them.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";

const HERE = dirname(fileURLToPath(import.meta.url));
export const EXTENSION = join(HERE, "..", "..", "extension");
export const FIXTURES = join(HERE, "fixtures");

// A fixture's HTML, with <!--#nav--> replaced by the site's shared navigation (the e2e server does the same).
export function fixtureHtml(site, name) {
  const nav = readFileSync(join(FIXTURES, site, "_nav.html"), "utf8");
  return readFileSync(join(FIXTURES, site, name), "utf8").replace("<!--#nav-->", nav);
}

export function page(site, name, url, { cookie } = {}) {
  const dom = new JSDOM(fixtureHtml(site, name), { url, runScripts: "outside-only", pretendToBeVisual: true });
  if (cookie) dom.window.document.cookie = cookie;
  return dom;
}

export function runScript(dom, relativePath) {
  dom.window.eval(readFileSync(join(EXTENSION, relativePath), "utf8"));
}

export function capture(site, name, url, options) {
  const dom = page(site, name, url, options);
  runScript(dom, "content/sites/dom.js");
  runScript(dom, `content/sites/${site}.js`);
  const result = dom.window.AcquaintSite.capture(dom.window.document, url);
  return result === null ? null : JSON.parse(JSON.stringify(result));
}
