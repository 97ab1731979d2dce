import assert from "node:assert/strict";
import { test } from "node:test";
import { page, runScript } from "./load.js";

const VERDICT = {
  level: "stranger", ask: "share", person: { name: '<img src=x onerror="window.pwned=1">Mallory' },
  reasons: ["<b>First</b> contact today", "second", "third", "fourth"],
  suggestion: "<script>window.pwned=2</script>Build the relationship first.",
  flags: [], badge: { text: "?", color: "#c5221f", title: "t" },
};

function setup() {
  const dom = page("linkedin", "thread-hostile.html", "https://www.linkedin.com/messaging/thread/1/");
  const roots = [];
  const attach = dom.window.Element.prototype.attachShadow;
  dom.window.Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    roots.push({ root, mode: init.mode });
    return root;
  };
  runScript(dom, "content/hint.js");
  return { dom, roots, hint: dom.window.AcquaintHint };
}

test("the hint shows page text as text, in a closed shadow root, beside its anchor", () => {
  const { dom, roots, hint } = setup();
  const anchor = dom.window.document.querySelector(".msg-title-bar");
  hint.show(VERDICT, anchor, {});
  assert.equal(roots.length, 1);
  assert.equal(roots[0].mode, "closed");
  const shadow = roots[0].root;
  assert.equal(anchor.nextElementSibling.hasAttribute("data-acquaint-hint"), true);
  assert.equal(shadow.querySelector("img"), null);
  assert.equal(shadow.querySelector("script"), null);
  assert.equal(shadow.querySelector("b"), null);
  assert.equal(shadow.querySelector(".title").textContent,
               'Acquaint: <img src=x onerror="window.pwned=1">Mallory is Stranger · asks for a share');
  assert.deepEqual([...shadow.querySelectorAll("li")].map((li) => li.textContent),
                   ["<b>First</b> contact today", "second", "third"]);
  assert.equal(dom.window.pwned, undefined);
  assert.equal(shadow.querySelector("section").getAttribute("role"), "status");
});

test("its buttons are real buttons; Not an ask and Escape reach their handlers", () => {
  const { dom, roots, hint } = setup();
  let dismissed = 0;
  let closed = 0;
  hint.show(VERDICT, null, { dismiss: () => { dismissed += 1; }, close: () => { closed += 1; } });
  const shadow = roots[0].root;
  const buttons = [...shadow.querySelectorAll("button")];
  assert.deepEqual(buttons.map((b) => b.textContent), ["Not an ask", "Hide"]);
  assert.ok(buttons.every((b) => b.type === "button" && b.tabIndex === 0));
  buttons[0].click();
  assert.equal(dismissed, 1);
  shadow.querySelector("section").dispatchEvent(new dom.window.KeyboardEvent("keydown", { key: "Escape" }));
  assert.equal(closed, 1);
  assert.equal(hint.isShown(), false);
});

test("without an anchor it floats; showing again replaces it", () => {
  const { dom, roots, hint } = setup();
  hint.show(VERDICT, null, {});
  hint.show({ ...VERDICT, level: "established" }, null, {});
  assert.equal(dom.window.document.querySelectorAll("[data-acquaint-hint]").length, 1);
  assert.match(roots[1].root.querySelector("section").className, /established floating/);
});
