import assert from "node:assert/strict";
import { test } from "node:test";
import { page, runScript } from "./load.js";

const VERDICT = {
  level: "stranger", ask: "share", ask_phrase: "a share", person: { name: '<img src=x onerror="window.pwned=1">Mallory' },
  reasons: ["<b>First</b> contact today", "second", "third", "fourth"],
  suggestion: "<script>window.pwned=2</script>Build the relationship first.",
  flags: [], badge: { text: "?", color: "#c5221f", title: "t" },
};

function setup() {
  const dom = page("linkedin", "live-thread-member-id.html", "https://www.linkedin.com/messaging/thread/1/");
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

test("a probable match asks the user, and only when there is an identity to confirm", () => {
  const { roots, hint } = setup();
  const answers = [];
  const match = { state: "probable", person_id: 3, name: "Sam Lee", identity: "linkedin-id:ACoAA7VIrxaR7kQfWv52uvEgoqiXnLAC1lIAYJR" };
  hint.show({ ...VERDICT, person: { name: "Sam Lee" }, match }, null, { match: (same) => answers.push(same) });
  const shadow = roots[0].root;
  assert.equal(shadow.querySelector(".title").textContent, "Acquaint: Sam Lee (probably) is Stranger · asks for a share");
  const buttons = [...shadow.querySelectorAll(".match button")];
  assert.deepEqual(buttons.map((b) => b.textContent), ["Yes, it's Sam Lee", "No, someone else"]);
  buttons[1].click();
  buttons[0].click();
  assert.deepEqual(answers, [false, true]);
  hint.show({ ...VERDICT, person: { name: "Dana Wu" }, match: { ...match, name: "Dana Wu", identity: null } }, null, {});
  assert.equal(roots[1].root.querySelector(".match"), null, "a bare name gives nothing to confirm");
});

test("inside a shadow root, the hint goes beside its anchor there", () => {
  const { dom, roots, hint } = setup();
  const outlet = dom.window.document.getElementById("interop-outlet");
  const header = outlet.shadowRoot.appendChild(dom.window.document.createElement("header"));
  hint.show(VERDICT, header, {});
  assert.equal(header.nextElementSibling.hasAttribute("data-acquaint-hint"), true);
  assert.equal(header.nextElementSibling.getRootNode(), outlet.shadowRoot);
  assert.equal(roots.at(-1).mode, "closed");
});
