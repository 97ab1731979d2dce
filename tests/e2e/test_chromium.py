"""End to end in real headless Chromium: the real extension, the real host installed by install.py into the
profile, fixture pages served over local TLS as www.linkedin.com and x.com."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from acquaint.browsers import CHROME_EXTENSION_ID, HOST_NAME

from .harness import EXTENSION, extension_worker, install_host, launch_chromium

THREAD = "https://www.linkedin.com/messaging/thread/2-abc123/"
DM = "https://x.com/messages/1700000000000000001-1600000000000000002"
SCREENSHOTS = os.environ.get("ACQUAINT_SCREENSHOTS")  # a folder: also keep the screenshots there


def wait_for(check, timeout=20.0, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}; last value: {last!r}")


class Browser:
    """A Chromium session with Acquaint, and ways to read what the user would see."""

    def __init__(self, context, data: Path):
        self.context = context
        self.data = data
        self.worker = extension_worker(context)

    def tab_id(self, url: str) -> int:
        tabs = self.worker.evaluate("async () => (await chrome.tabs.query({})).map(t => [t.id, t.url])")
        return wait_for(lambda: next((i for i, u in tabs if u and u.startswith(url)), None), 1, what=f"tab {url}")

    def badge(self, url: str) -> dict:
        return self.worker.evaluate(
            """async (tabId) => ({text: await chrome.action.getBadgeText({tabId}),
                                  title: await chrome.action.getTitle({tabId})})""", self.tab_id(url))

    def wait_badge(self, url: str, text: str) -> dict:
        return wait_for(lambda: (b := self.badge(url))["text"] == text and b, what=f"badge {text!r} on {url}")

    def hint_text(self, page) -> str:
        """The hint's text, read through its closed shadow root as assistive technology would (CDP pierces)."""
        session = self.context.new_cdp_session(page)
        root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
        session.detach()

        def find(node, inside=False):
            attributes = node.get("attributes", [])
            inside = inside or "data-acquaint-hint" in attributes[::2]
            texts = [node["nodeValue"]] if inside and node.get("nodeType") == 3 else []
            for child in node.get("children", []) + node.get("shadowRoots", []):
                if child.get("nodeName") != "STYLE":
                    texts += find(child, inside)
            return texts

        return " | ".join(t.strip() for t in find(root) if t.strip())

    def popup(self, tab_url: str):
        page = self.context.new_page()
        page.set_viewport_size({"width": 364, "height": 160})  # the popup's own width; full-page shots grow
        page.goto(f"chrome-extension://{CHROME_EXTENSION_ID}/popup/popup.html?tab={self.tab_id(tab_url)}")
        return page

    def history(self) -> dict:
        return json.loads((self.data / "history.json").read_text())


def acquaint(data: Path, *args: str) -> str:
    env = {**os.environ, "ACQUAINT_HOME": str(data)}
    result = subprocess.run([sys.executable, "-m", "acquaint.cli", *args], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def session(tmp_path_factory, fixture_server):
    from playwright.sync_api import sync_playwright

    if not shutil.which("chromium") and not shutil.which("chromium-browser"):
        (pytest.fail if os.environ.get("CI") else pytest.skip)("Chromium is not installed (apt-get install chromium)")
    base = tmp_path_factory.mktemp("chromium")
    home, data, profile = base / "home", base / "data", base / "profile"
    home.mkdir()
    installed = install_host(home, data, "--browser", "chromium", "--user-data-dir", str(profile))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    with sync_playwright() as playwright:
        context = launch_chromium(playwright, profile, fixture_server.port, data)
        try:
            yield {"browser": Browser(context, data), "install": installed, "profile": profile, "data": data,
                   "server": fixture_server, "playwright": playwright, "base": base}
        finally:
            context.close()


def keep_screenshot(page, name: str, tmp: Path, **options) -> Path:
    path = tmp / name
    page.screenshot(path=str(path), **options)
    assert path.stat().st_size > 2000
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SCREENSHOTS) / name)
    return path


def test_install_py_set_up_the_profile_and_doctor_agrees(session):
    installed = session["install"]
    manifest = json.loads((session["profile"] / "NativeMessagingHosts" / f"{HOST_NAME}.json").read_text())
    assert manifest["allowed_origins"] == [f"chrome-extension://{CHROME_EXTENSION_ID}/"]
    assert os.access(manifest["path"], os.X_OK)
    assert "All is well." in installed.stdout, installed.stdout


def test_the_extension_has_its_fixed_id(session):
    assert session["browser"].worker.url.startswith(f"chrome-extension://{CHROME_EXTENSION_ID}/")


def test_a_strangers_ask_gets_a_warning_badge_and_a_hint_and_is_recorded(session, tmp_path):
    browser, server = session["browser"], session["server"]
    server.routes[("www.linkedin.com", "/messaging/thread/2-abc123/")] = "thread-ask.html"
    page = browser.context.new_page()
    page.goto(THREAD + "?trk=notification")
    badge = browser.wait_badge(THREAD, "?")
    assert badge["title"] == "Acquaint — Sam Lee: stranger, asks for a recommendation (score 0)"
    page.wait_for_selector("[data-acquaint-hint]", state="attached")
    hint = wait_for(lambda: browser.hint_text(page), what="hint text")
    assert "Acquaint: Sam Lee is Stranger · asks for a recommendation" in hint
    assert "Sam was not in your history before this" in hint
    assert "A recommendation vouches for work you have seen." in hint
    keep_screenshot(page, "hint-stranger.png", tmp_path, clip={"x": 0, "y": 0, "width": 1100, "height": 420})
    history = browser.history()
    sam = next(pid for pid, p in history["people"].items() if p["handles"].get("linkedin") == ["sam-lee-77"])
    asks = [i for i in history["interactions"].values() if i["person"] == int(sam) and i["kind"] == "ask"]
    assert len(asks) == 1 and asks[0]["source"] == "browser:linkedin"
    page.reload()
    browser.wait_badge(THREAD, "?")
    time.sleep(1)
    assert len([i for i in browser.history()["interactions"].values() if i["kind"] == "ask"
                and i["person"] == int(sam)]) == 1, "re-opening the thread must not record the ask again"
    page.close()


def test_an_established_contact_gets_a_different_badge(session):
    browser, server, data = session["browser"], session["server"], session["data"]
    acquaint(data, "add", "Priya Nair", "--linkedin", "priya-nair-3c")
    acquaint(data, "log", "priya", "meeting", "--at", "2016-04-02", "--note", "met at a conference")
    acquaint(data, "log", "priya", "favor-received", "--at", "2021-09-10")
    acquaint(data, "log", "priya", "message", "--in", "--at", "10 days ago")
    acquaint(data, "log", "priya", "message", "--out", "--at", "9 days ago")
    server.routes[("www.linkedin.com", "/feed/")] = "overlay-bubble.html"
    page = browser.context.new_page()
    page.goto("https://www.linkedin.com/feed/")
    badge = browser.wait_badge("https://www.linkedin.com/feed/", "✓")
    assert badge["title"].startswith("Acquaint — Priya Nair: established, asks for a share or repost")
    page.close()


def test_an_x_dm_records_the_numeric_id_as_a_string(session):
    browser, server = session["browser"], session["server"]
    server.routes[("x.com", "/messages/1700000000000000001-1600000000000000002")] = "dm-ask.html"
    page = browser.context.new_page()
    page.goto(DM)
    browser.wait_badge(DM, "?")
    person = next(p for p in browser.history()["people"].values() if p["handles"].get("x") == ["samlee"])
    assert person["handles"]["x_id"] == ["1700000000000000001"]
    # Leaving the conversation inside the single-page app clears the badge.
    page.evaluate("""() => { history.pushState({}, "", "/home");
                             document.querySelector("main").replaceChildren(); }""")
    browser.wait_badge("https://x.com/home", "")
    page.close()


def test_the_popup_shows_the_history_and_its_quick_action_changes_the_verdict(session, tmp_path):
    browser, server = session["browser"], session["server"]
    server.routes[("www.linkedin.com", "/messaging/thread/2-abc123/")] = "thread-ask.html"
    page = browser.context.new_page()
    page.goto(THREAD)
    browser.wait_badge(THREAD, "?")
    popup = browser.popup(THREAD)
    popup.wait_for_selector("#verdict:not([hidden])")
    assert popup.text_content("#name") == "Sam Lee"
    assert popup.text_content("#level") == "a stranger"
    assert popup.text_content("#asks") == "1"
    keep_screenshot(popup, "popup-stranger.png", tmp_path, full_page=True)
    before = popup.text_content("#score")
    popup.click("text=They helped me")
    popup.wait_for_selector("#action-result:has-text('Saved: They helped me')")
    wait_for(lambda: popup.text_content("#score") != before, what="a new score")
    reasons = popup.text_content("#reasons")
    assert "Sam helped you once" in reasons
    assert popup.text_content("#favours") == "you helped them 0×, they helped you 1×"
    kinds = [i["kind"] for i in browser.history()["interactions"].values() if i["source"] == "browser:linkedin"]
    assert "favor-received" in kinds
    popup.click("text=I know them well")
    popup.wait_for_selector("#action-result:has-text('Saved: I know them well')")
    browser.wait_badge(THREAD, "✓")
    assert wait_for(lambda: popup.text_content("#level") == "well known to you", what="new level")
    popup.close()
    page.close()


def test_a_busy_page_costs_little(session):
    browser, server = session["browser"], session["server"]
    server.routes[("www.linkedin.com", "/feed/busy/")] = "busy.html"
    page = browser.context.new_page()
    page.goto("https://www.linkedin.com/feed/busy/")
    time.sleep(5)
    stats = browser.worker.evaluate("async (tabId) => chrome.tabs.sendMessage(tabId, {type: 'stats'})",
                                    browser.tab_id("https://www.linkedin.com/feed/busy/"))
    mutations = page.evaluate("() => window.busyMutations")
    print(f"\nbusy page, 5 s: {mutations} DOM insertions in {stats['mutationBatches']} observer batches; "
          f"{stats['reads']} page reads took {stats['readMs']:.1f} ms in all; {stats['sent']} sent to the host")
    assert mutations > 2000 and stats["mutationBatches"] > 50
    assert stats["reads"] <= 5 / 0.5 + 2, "the page must be read at most every 500 ms"
    assert stats["sent"] == 1, "an unchanged page (no conversation) is reported once"
    page.close()


def test_a_missing_host_shows_the_fix(session, tmp_path):
    from .harness import launch_chromium as launch

    server = session["server"]
    server.routes[("www.linkedin.com", "/messaging/thread/2-abc123/")] = "thread-ask.html"
    bare_profile = tmp_path / "no-host-profile"
    context = launch(session["playwright"], bare_profile, server.port, session["data"])
    try:
        browser = Browser(context, session["data"])
        page = context.new_page()
        page.goto(THREAD)
        badge = browser.wait_badge(THREAD, "!")
        assert "Specified native messaging host not found." in badge["title"]
        assert "python3 install.py" in badge["title"]
        popup = browser.popup(THREAD)
        popup.wait_for_selector("#problem:not([hidden])")
        assert popup.text_content("#problem-fix") == "python3 install.py"
        keep_screenshot(popup, "popup-missing-host.png", tmp_path, full_page=True)
    finally:
        context.close()


def test_the_extension_files_are_plain_and_local():
    """No remote code: every script the extension loads is one of its own files."""
    manifest = json.loads((EXTENSION / "manifest.json").read_text())
    assert "externally_connectable" not in manifest
    assert set(manifest["host_permissions"]) == {"https://www.linkedin.com/*", "https://x.com/*",
                                                 "https://twitter.com/*"}
    for script in EXTENSION.rglob("*.js"):
        source = script.read_text()
        assert "http://" not in source and "eval(" not in source and "innerHTML" not in source, script


def test_the_options_page_turns_recording_and_the_hint_off(session):
    browser, server = session["browser"], session["server"]
    server.routes[("www.linkedin.com", "/messaging/thread/2-options/")] = "thread-group.html"
    options = browser.context.new_page()
    options.goto(f"chrome-extension://{CHROME_EXTENSION_ID}/options/options.html")
    options.wait_for_selector("input[name=recordAsks]:checked")
    options.uncheck("input[name=recordAsks]")
    options.uncheck("input[name=hint]")
    options.wait_for_selector("#saved:has-text('Saved.')")
    try:
        page = browser.context.new_page()
        page.goto("https://www.linkedin.com/messaging/thread/2-options/")
        badge = browser.wait_badge("https://www.linkedin.com/messaging/thread/2-options/", "?")
        assert "Bob Ray: stranger, asks for an endorsement" in badge["title"]
        time.sleep(1)
        assert page.locator("[data-acquaint-hint]").count() == 0, "the hint is off"
        names = [p["name"] for p in browser.history()["people"].values()]
        assert "Bob Ray" not in names, "with recording off, nothing is written"
        page.close()
    finally:
        options.check("input[name=recordAsks]")
        options.check("input[name=hint]")
        options.close()


FAKE_HOST = """#!{python}
import json, struct, sys
# A host of another version: answers every request with protocol 99.
while True:
    header = sys.stdin.buffer.read(4)
    if len(header) < 4:
        break
    request = json.loads(sys.stdin.buffer.read(struct.unpack("@I", header)[0]))
    body = json.dumps({{"id": request.get("id"), "ok": True, "type": "hello", "protocol": 99,
                       "host_version": "9.9.9"}}).encode()
    sys.stdout.buffer.write(struct.pack("@I", len(body)) + body)
    sys.stdout.buffer.flush()
"""


@pytest.mark.parametrize("trouble", ["forbidden", "version"])
def test_a_host_that_refuses_us_or_speaks_another_version_shows_the_fix(session, tmp_path, trouble):
    from .harness import launch_chromium as launch

    server = session["server"]
    server.routes[("www.linkedin.com", "/messaging/thread/2-abc123/")] = "thread-ask.html"
    profile = tmp_path / "profile"
    manifest = json.loads((session["profile"] / "NativeMessagingHosts" / f"{HOST_NAME}.json").read_text())
    if trouble == "forbidden":
        manifest["allowed_origins"] = ["chrome-extension://abcdefghijklmnopabcdefghijklmnop/"]
    else:
        fake = tmp_path / "old-host"
        fake.write_text(FAKE_HOST.format(python=sys.executable))
        fake.chmod(0o755)
        manifest["path"] = str(fake)
    (profile / "NativeMessagingHosts").mkdir(parents=True)
    (profile / "NativeMessagingHosts" / f"{HOST_NAME}.json").write_text(json.dumps(manifest))
    context = launch(session["playwright"], profile, server.port, session["data"])
    try:
        browser = Browser(context, session["data"])
        page = context.new_page()
        page.goto(THREAD)
        title = browser.wait_badge(THREAD, "!")["title"]
        popup = browser.popup(THREAD)
        popup.wait_for_selector("#problem:not([hidden])")
        fix = popup.text_content("#problem-fix")
        if trouble == "forbidden":
            assert "Access to the specified native messaging host is forbidden." in title
            assert fix == f"python3 install.py --extension-id {CHROME_EXTENSION_ID}"
        else:
            assert "the host speaks protocol 99; this extension 1" in title
            assert "different versions" in popup.get_attribute("#problem-fix", "title")
    finally:
        context.close()
