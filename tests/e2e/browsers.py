"""The two real browsers the end-to-end tests drive, behind one small interface, so that every test runs the
same steps in headless Chromium (Playwright over CDP) and Firefox ESR (WebDriver BiDi): open a page, read the
toolbar badge and the background's state for its tab, read and click the hint through its closed shadow root,
open the popup for a tab. What a test sees is what the extension shows a user."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from acquaint.browsers import CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID

from .bidi import BiDi, find_node, node_texts
from .harness import CHROMIUM, EXTENSION, FIREFOX, install_host, launch_chromium

# The moz-extension:// origin is random per profile unless a preference fixes it.
FIREFOX_UUID = "7c1f3e2a-4b5d-4e6f-8a9b-0c1d2e3f4a5b"
FIREFOX_PREFS = {
    # Reach the fixture sites through the test proxy; nothing else is reachable.
    "network.proxy.type": 1, "network.proxy.ssl": "127.0.0.1", "network.proxy.http": "127.0.0.1",
    "network.proxy.no_proxies_on": "", "network.proxy.allow_hijacking_localhost": True,
    # MV3 host permissions granted at install, as a user clicking "Allow" would.
    "extensions.originControls.grantByDefault": True,
    "extensions.webextensions.uuids": json.dumps({FIREFOX_EXTENSION_ID: FIREFOX_UUID}),
    # No background traffic, no first-run pages.
    "app.update.enabled": False, "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False, "toolkit.telemetry.enabled": False,
    "network.captive-portal-service.enabled": False, "network.connectivity-service.enabled": False,
    "browser.safebrowsing.malware.enabled": False, "browser.safebrowsing.phishing.enabled": False,
    "extensions.getAddons.cache.enabled": False, "extensions.update.enabled": False,
    "browser.startup.homepage_override.mstone": "ignore", "browser.aboutwelcome.enabled": False,
    "browser.newtabpage.enabled": False, "browser.startup.page": 0,
    "services.settings.server": "https://127.0.0.1:1/", "toolkit.crashreporter.enabled": False,
}


def wait_for(check, timeout=20.0, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}; last value: {last!r}")


class ExtensionBrowser:
    """What both browsers share: everything is read from the extension's own state, as the popup reads it."""

    name = "?"
    data: Path
    opened: list

    def close_opened(self) -> None:
        """Close what a test left open (a failed test skips its own clean-up)."""
        while self.opened:
            try:
                self.close_tab(self.opened.pop())
            except Exception:  # noqa: BLE001 - already closed
                pass

    # -- what each browser implements ----------------------------------------------------------------------------

    def open(self, url: str):
        raise NotImplementedError

    def close_tab(self, tab) -> None:
        raise NotImplementedError

    def extension_value(self, expression: str):
        """The JSON value of an (awaited) expression evaluated in the extension, with `api` its namespace."""
        raise NotImplementedError

    def page_value(self, tab, expression: str):
        raise NotImplementedError

    def hint_text(self, tab) -> str:
        raise NotImplementedError

    def mirror_text(self, tab) -> str:
        """The mirror's text (the box above the composer when the user's draft asks), or ""."""
        raise NotImplementedError

    def click_in_hint(self, tab, label: str) -> None:
        raise NotImplementedError

    def hint_tags(self, tab) -> list[str]:
        """The element names inside the hint (its closed shadow root included): page text must add none."""
        raise NotImplementedError

    def extension_page(self, path: str):
        """One of the extension's own pages (popup/popup.html?tab=…, options/options.html) in a tab."""
        raise NotImplementedError

    def popup(self, tab_id: int, query: str = ""):
        return self.extension_page(f"popup/popup.html?{query or f'tab={tab_id}'}")

    # -- shared -------------------------------------------------------------------------------------------------

    def tab_id(self, url: str) -> int:
        def find():
            tabs = self.extension_value("(await api.tabs.query({})).map((t) => [t.id, t.url])")
            return next((tab_id for tab_id, tab_url in tabs if tab_url and tab_url.startswith(url)), None)

        return wait_for(find, 10, what=f"a tab at {url}")

    def badge(self, url: str) -> dict:
        tab_id = self.tab_id(url)
        return self.extension_value(f"""({{text: await api.action.getBadgeText({{tabId: {tab_id}}}),
                                          title: await api.action.getTitle({{tabId: {tab_id}}})}})""")

    def wait_badge(self, url: str, text: str, timeout: float = 20) -> dict:
        return wait_for(lambda: (b := self.badge(url))["text"] == text and b, timeout, what=f"badge {text!r} on {url}")

    def state(self, url: str) -> dict | None:
        """The background's state for a tab: status, capture, verdict, shownAt (what the popup shows)."""
        key = f"tab:{self.tab_id(url)}"
        return self.extension_value(f"(await (api.storage.session ?? api.storage.local).get('{key}'))['{key}'] ?? null")

    def wait_state(self, url: str, check, timeout: float = 20, what: str = "state") -> dict:
        return wait_for(lambda: (s := self.state(url)) and check(s) and s, timeout, what=what)

    def history(self) -> dict:
        """The whole history, as one object of tables keyed by id (strings, as in JSON)."""
        from conftest import read_history

        return read_history(self.data)


# -- Chromium -------------------------------------------------------------------------------------------------------

class ChromiumPopup:
    def __init__(self, page):
        self.page = page

    def wait(self, selector: str, timeout: float = 20) -> None:
        self.page.wait_for_selector(selector, state="attached", timeout=timeout * 1000)

    def text(self, selector: str) -> str | None:
        return self.page.text_content(selector)

    def attribute(self, selector: str, name: str) -> str | None:
        return self.page.get_attribute(selector, name)

    def value(self, selector: str) -> str:
        return self.page.input_value(selector)

    def click(self, selector: str) -> None:
        self.page.click(selector)

    def fill(self, selector: str, value: str) -> None:
        self.page.fill(selector, value)

    def checked(self, selector: str) -> bool:
        return self.page.is_checked(selector)

    def close(self) -> None:
        self.page.close()


class Chromium(ExtensionBrowser):
    name = "chromium"

    def __init__(self, playwright, base: Path, server_port: int, *, install: bool = True, data: Path | None = None):
        """`install=False` starts on whatever profile `base/profile` holds (a test's own host manifest, or none)."""
        self.base = base
        self.opened = []
        self.playwright = playwright
        self.home, self.data, self.profile = base / "home", data or base / "data", base / "profile"
        self.home.mkdir(parents=True, exist_ok=True)
        if install:
            self.install = install_host(self.home, self.data, "--browser", "chromium", "--user-data-dir",
                                        str(self.profile))
            assert self.install.returncode == 0, self.install.stdout + self.install.stderr
        self.context = launch_chromium(playwright, self.profile, server_port, self.data, self.home)
        workers = self.context.service_workers
        self.worker = workers[0] if workers else self.context.wait_for_event("serviceworker", timeout=20000)

    def open(self, url: str):
        page = self.context.new_page()
        self.opened.append(page)
        page.goto(url)
        return page

    def close_tab(self, tab) -> None:
        if tab in self.opened:
            self.opened.remove(tab)
        tab.close()

    def extension_value(self, expression: str):
        return json.loads(self.worker.evaluate(
            f"async () => {{ const api = globalThis.chrome; return JSON.stringify(await ({expression})); }}"))

    def page_value(self, tab, expression: str):
        return tab.evaluate(f"async () => await ({expression})")

    def _hint_nodes(self, tab):
        session = self.context.new_cdp_session(tab)
        root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        return session, root

    def _marked_text(self, tab, wanted) -> str:
        """The text under elements whose data-acquaint-hint value passes `wanted`, read through closed shadow
        roots as assistive technology would (CDP pierces)."""
        session, root = self._hint_nodes(tab)
        session.detach()

        def find(node, inside=False):
            attributes = node.get("attributes", [])
            marked = dict(zip(attributes[::2], attributes[1::2], strict=True)).get("data-acquaint-hint")
            inside = inside or (marked is not None and wanted(marked))
            texts = [node["nodeValue"].strip()] if inside and node.get("nodeType") == 3 else []
            for child in node.get("children", []) + node.get("shadowRoots", []):
                if child.get("nodeName") != "STYLE":
                    texts += find(child, inside)
            return texts

        return " | ".join(t for t in find(root) if t)

    def hint_text(self, tab) -> str:
        return self._marked_text(tab, lambda _value: True)

    def mirror_text(self, tab) -> str:
        return self._marked_text(tab, lambda value: value == "mirror")

    def hint_tags(self, tab) -> list[str]:
        session, root = self._hint_nodes(tab)
        session.detach()

        def tags(node, inside=False):
            inside = inside or "data-acquaint-hint" in node.get("attributes", [])[::2]
            found = [node["nodeName"].lower()] if inside and node.get("nodeType") == 1 else []
            for child in node.get("children", []) + node.get("shadowRoots", []):
                found += tags(child, inside)
            return found

        return tags(root)

    def click_in_hint(self, tab, label: str) -> None:
        session, root = self._hint_nodes(tab)

        def find(node, inside=False):
            inside = inside or "data-acquaint-hint" in node.get("attributes", [])[::2]
            if inside and node.get("nodeName") == "BUTTON" and any(
                    c.get("nodeValue", "").strip() == label for c in node.get("children", [])):
                return node
            for child in node.get("children", []) + node.get("shadowRoots", []):
                found = find(child, inside)
                if found:
                    return found
            return None

        button = find(root)
        assert button, f"no {label!r} button in the hint"
        remote = session.send("DOM.resolveNode", {"backendNodeId": button["backendNodeId"]})["object"]
        session.send("Runtime.callFunctionOn", {"objectId": remote["objectId"],
                                                "functionDeclaration": "function () { this.click(); }"})
        session.detach()

    def extension_page(self, path: str):
        page = self.context.new_page()
        page.set_viewport_size({"width": 364, "height": 160})  # the popup's own width; full-page shots grow
        page.goto(f"chrome-extension://{CHROME_EXTENSION_ID}/{path}")
        return ChromiumPopup(page)

    def close(self) -> None:
        self.context.close()


# -- Firefox --------------------------------------------------------------------------------------------------------

@dataclass
class FirefoxTab:
    context: str
    url: str


class FirefoxPopup:
    def __init__(self, browser: Firefox, tab: FirefoxTab):
        self.browser, self.tab = browser, tab

    def _value(self, expression: str):
        return self.browser.bidi.value(self.tab.context, expression)

    def wait(self, selector: str, timeout: float = 20) -> None:
        wait_for(lambda: self._value(f"document.querySelector({json.dumps(selector)}) !== null"), timeout,
                 what=f"{selector} in the popup")

    def text(self, selector: str) -> str | None:
        return self._value(f"document.querySelector({json.dumps(selector)})?.textContent ?? null")

    def attribute(self, selector: str, name: str) -> str | None:
        return self._value(f"document.querySelector({json.dumps(selector)})?.getAttribute({json.dumps(name)}) ?? null")

    def value(self, selector: str) -> str:
        return self._value(f"document.querySelector({json.dumps(selector)}).value")

    def click(self, selector: str) -> None:
        self._value(f"(document.querySelector({json.dumps(selector)}).click(), true)")

    def checked(self, selector: str) -> bool:
        return self._value(f"document.querySelector({json.dumps(selector)}).checked")

    def fill(self, selector: str, value: str) -> None:
        self._value(f"""(() => {{ const input = document.querySelector({json.dumps(selector)});
            input.value = {json.dumps(value)}; input.dispatchEvent(new Event("input", {{bubbles: true}}));
            return true; }})()""")

    def close(self) -> None:
        self.browser.close_tab(self.tab)


def write_firefox_profile(profile: Path, proxy_port: int, ca: Path) -> None:
    profile.mkdir(parents=True)
    prefs = {**FIREFOX_PREFS, "network.proxy.ssl_port": proxy_port, "network.proxy.http_port": proxy_port}
    lines = (f"user_pref({json.dumps(name)}, {json.dumps(value)});\n" for name, value in prefs.items())
    (profile / "user.js").write_text("".join(lines))
    database = f"sql:{profile}"
    subprocess.run(["certutil", "-N", "-d", database, "--empty-password"], check=True, capture_output=True)
    subprocess.run(["certutil", "-A", "-n", "Acquaint test CA", "-t", "C,,", "-i", str(ca), "-d", database],
                   check=True, capture_output=True)


class Firefox(ExtensionBrowser):
    """Firefox ESR, headless, driven over WebDriver BiDi; the extension is installed as a temporary add-on, as
    `about:debugging` does; the host manifest is where install.py put it in the test HOME."""

    name = "firefox"
    EXTENSION_BASE = f"moz-extension://{FIREFOX_UUID}"

    def __init__(self, base: Path, proxy_port: int, ca: Path):
        self.base = base
        self.opened = []
        self.home, self.data, self.profile = base / "home", base / "data", base / "profile"
        self.home.mkdir(parents=True, exist_ok=True)
        self.install = install_host(self.home, self.data, "--browser", "firefox", "--no-doctor")
        assert self.install.returncode == 0, self.install.stdout + self.install.stderr
        write_firefox_profile(self.profile, proxy_port, ca)
        env = {**os.environ, "HOME": str(self.home), "ACQUAINT_HOME": str(self.data), "MOZ_HEADLESS": "1",
               "MOZ_CRASHREPORTER_DISABLE": "1"}
        self.log_path = base / "firefox.log"
        self.process = subprocess.Popen(
            [FIREFOX, "--headless", "--no-remote", "--profile", str(self.profile), "--remote-debugging-port", "0",
             "--remote-allow-system-access"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.bidi = BiDi(self._listening_url())
        self.bidi.command("session.new", {"capabilities": {}})
        self.extension_id = self.bidi.command("webExtension.install", {
            "extensionData": {"type": "path", "path": str(EXTENSION)}})["extension"]
        self.extension_tab = self._new_tab(f"{self.EXTENSION_BASE}/options/options.html")

    def _listening_url(self) -> str:
        found: list[str] = []
        ready = threading.Event()
        log = self.log_path.open("w")

        def drain():
            for line in self.process.stderr:
                log.write(line)
                log.flush()
                match = re.search(r"WebDriver BiDi listening on (ws://\S+)", line)
                if match and not found:
                    found.append(match.group(1))
                    ready.set()

        threading.Thread(target=drain, daemon=True).start()
        if not ready.wait(60):
            raise AssertionError(f"Firefox did not start its BiDi server; see {self.log_path}")
        return found[0]

    def _new_tab(self, url: str) -> FirefoxTab:
        context = self.bidi.command("browsingContext.create", {"type": "tab"})["context"]
        self.bidi.command("browsingContext.navigate", {"context": context, "url": url, "wait": "complete"})
        return FirefoxTab(context, url)

    def open(self, url: str) -> FirefoxTab:
        tab = self._new_tab(url)
        self.opened.append(tab)
        return tab

    def close_tab(self, tab: FirefoxTab) -> None:
        if tab in self.opened:
            self.opened.remove(tab)
        self.bidi.command("browsingContext.close", {"context": tab.context})

    def extension_value(self, expression: str):
        return self.bidi.value(self.extension_tab.context, f"(async () => {{ const api = browser; "
                                                           f"return await ({expression}); }})()")

    def page_value(self, tab: FirefoxTab, expression: str):
        return self.bidi.value(tab.context, expression)

    # The hint's host element, wherever it is: in the page, or inside the site's open shadow roots.
    FIND_HINT = """(() => {
        const find = (root) => root.querySelector("[data-acquaint-hint]") ??
            [...root.querySelectorAll("*")].map((e) => e.shadowRoot && find(e.shadowRoot)).find(Boolean) ?? null;
        return find(document);
    })()"""

    def _hint_tree(self, tab: FirefoxTab, finder: str | None = None):
        return self.bidi.evaluate(tab.context, finder or self.FIND_HINT,
                                  serialization={"maxDomDepth": None, "includeShadowTree": "all"})

    def mirror_text(self, tab: FirefoxTab) -> str:
        tree = self._hint_tree(tab, self.FIND_HINT.replace("[data-acquaint-hint]", "[data-acquaint-hint='mirror']"))
        return " | ".join(node_texts(tree)) if tree.get("type") == "node" else ""

    def hint_text(self, tab: FirefoxTab) -> str:
        """The hint's text, closed shadow root included (BiDi serialises closed roots for automation)."""
        tree = self._hint_tree(tab)
        return " | ".join(node_texts(tree)) if tree.get("type") == "node" else ""

    def hint_tags(self, tab: FirefoxTab) -> list[str]:
        tree = self._hint_tree(tab)

        def tags(node):
            value = node.get("value", {})
            found = [value["localName"]] if value.get("nodeType") == 1 else []
            for child in (value.get("children") or []) + ([value["shadowRoot"]] if value.get("shadowRoot") else []):
                found += tags(child)
            return found

        return tags(tree) if tree.get("type") == "node" else []

    def click_in_hint(self, tab: FirefoxTab, label: str) -> None:
        tree = self._hint_tree(tab)

        def is_button(value):
            return value.get("localName") == "button" and any(
                c.get("value", {}).get("nodeValue", "").strip() == label for c in value.get("children") or [])

        button = find_node(tree, is_button) if tree.get("type") == "node" else None
        assert button, f"no {label!r} button in the hint"
        self.bidi.command("script.callFunction", {
            "functionDeclaration": "(button) => button.click()", "awaitPromise": False,
            "target": {"context": tab.context}, "arguments": [{"sharedId": button["sharedId"]}]})

    def extension_page(self, path: str) -> FirefoxPopup:
        return FirefoxPopup(self, self._new_tab(f"{self.EXTENSION_BASE}/{path}"))

    def close(self) -> None:
        self.bidi.close()
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)


BROWSERS = {"chromium": CHROMIUM, "firefox": FIREFOX}
