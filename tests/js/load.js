// Fixture pages in jsdom, with the extension's content scripts run in them as a browser would run them.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";

const HERE = dirname(fileURLToPath(import.meta.url));
export const EXTENSION = join(HERE, "..", "..", "extension");
export const FIXTURES = join(HERE, "fixtures");

export function fixtureHtml(site, name) {
  return readFileSync(join(FIXTURES, site, name), "utf8");
}

// Browsers attach declarative shadow roots (<template shadowrootmode="open">) while parsing a served page;
// jsdom does not, so do what the parser does: innermost templates first.
export function attachDeclarativeShadowRoots(scope) {
  for (const template of [...scope.querySelectorAll("template[shadowrootmode]")]) {
    const host = template.parentElement;
    if (!host || host.shadowRoot) continue;
    const shadow = host.attachShadow({ mode: template.getAttribute("shadowrootmode") });
    shadow.append(template.content);
    template.remove();
    attachDeclarativeShadowRoots(shadow);
  }
}

export function page(site, name, url, { cookie } = {}) {
  const dom = new JSDOM(fixtureHtml(site, name), { url, runScripts: "outside-only", pretendToBeVisual: true });
  attachDeclarativeShadowRoots(dom.window.document);
  if (cookie) dom.window.document.cookie = cookie;
  return dom;
}

export function runScript(dom, relativePath) {
  dom.window.eval(readFileSync(join(EXTENSION, relativePath), "utf8"));
}

// What the site's adapter reads from a fixture page: its outcome, without the anchor element.
export function read(site, name, url, options) {
  const dom = page(site, name, url, options);
  runScript(dom, "content/sites/dom.js");
  runScript(dom, `content/sites/${site}.js`);
  const { anchor, ...outcome } = dom.window.AcquaintSite.read(dom.window.document, url);
  return { ...JSON.parse(JSON.stringify(outcome)), anchor: anchor ?? null, dom };
}
