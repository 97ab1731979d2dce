"""What only Chromium shows: the profile install.py set up, the fixed extension id, the README's pictures, and
the badge and popup when the host is missing, refuses the extension, or speaks another protocol version."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from acquaint.browsers import CHROME_EXTENSION_ID, HOST_NAME
from acquaint.messages import PROTOCOL_VERSION

from .browsers import Chromium, wait_for
from .harness import EXTENSION
from .test_live_sites import CASES, visit

SCREENSHOTS = os.environ.get("ACQUAINT_SCREENSHOTS")  # a folder: also keep the screenshots there
THREAD = CASES["linkedin-thread-member-id"]["url"]
only_chromium = pytest.mark.parametrize("browser", ["chromium"], indirect=True)


def keep_screenshot(page, name: str, tmp: Path, **options) -> Path:
    path = tmp / name
    page.screenshot(path=str(path), **options)
    assert path.stat().st_size > 2000
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SCREENSHOTS) / name)
    return path


@only_chromium
def test_install_py_set_up_the_profile_and_doctor_agrees(browser):
    manifest = json.loads((browser.profile / "NativeMessagingHosts" / f"{HOST_NAME}.json").read_text())
    assert manifest["allowed_origins"] == [f"chrome-extension://{CHROME_EXTENSION_ID}/"]
    assert os.access(manifest["path"], os.X_OK)
    assert "All is well." in browser.install.stdout, browser.install.stdout
    assert browser.worker.url.startswith(f"chrome-extension://{CHROME_EXTENSION_ID}/"), "the fixed id"


@only_chromium
def test_screenshots_of_the_hint_and_the_popup(clean_history, fixture_server, tmp_path):
    """The README's pictures, from the real extension on a page modelled on a live LinkedIn thread."""
    browser = clean_history
    tab, url = visit(browser, fixture_server, "linkedin-thread-member-id")
    browser.wait_badge(url, "?")
    wait_for(lambda: browser.hint_text(tab), what="hint text")
    keep_screenshot(tab, "hint-stranger.png", tmp_path, clip={"x": 0, "y": 0, "width": 1100, "height": 420})
    tab.evaluate("""() => {
        const box = document.querySelector(".msg-form__contenteditable");
        box.textContent = "Could you introduce me to your head of platform?";
        box.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true }));
    }""")
    wait_for(lambda: "Before you ask" in browser.mirror_text(tab), what="the mirror")
    keep_screenshot(tab.locator("[data-acquaint-hint=mirror]"), "mirror-drafted-ask.png", tmp_path)
    popup = browser.popup(browser.tab_id(url))
    popup.wait("#verdict:not([hidden])")
    keep_screenshot(popup.page, "popup-stranger.png", tmp_path, full_page=True)
    popup.close()
    from .harness import acquaint

    acquaint(browser.data, "add", "Bo Chen", "--x", "@bochen")
    acquaint(browser.data, "log", "bo", "recommendation", "--in", "--at", "30 days ago")
    acquaint(browser.data, "add", "Eve Stone", "--linkedin", "eve-stone")
    for years in range(8, 3, -1):
        acquaint(browser.data, "log", "eve", "message", "--in", "--at", f"{years * 365} days ago")
        acquaint(browser.data, "log", "eve", "call", "--out", "--at", f"{years * 365 - 2} days ago")
    popup = browser.popup(0)
    popup.wait("ul[data-list=dormant] li")
    keep_screenshot(popup.page, "popup-give-first.png", tmp_path, full_page=True)
    popup.close()


def test_the_extension_files_are_plain_and_local():
    """No remote code: every script the extension loads is one of its own files."""
    manifest = json.loads((EXTENSION / "manifest.json").read_text())
    assert "externally_connectable" not in manifest
    assert set(manifest["host_permissions"]) == {"https://www.linkedin.com/*", "https://x.com/*",
                                                 "https://twitter.com/*"}
    for script in EXTENSION.rglob("*.js"):
        source = script.read_text()
        assert "http://" not in source and "eval(" not in source and "innerHTML" not in source, script


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


@only_chromium
@pytest.mark.parametrize("trouble", ["missing", "forbidden", "version"])
def test_a_host_that_is_missing_refuses_us_or_speaks_another_version_shows_the_fix(browser, fixture_server,
                                                                                   tmp_path, trouble):
    hosts = tmp_path / "profile" / "NativeMessagingHosts"
    hosts.mkdir(parents=True)
    if trouble != "missing":
        manifest = json.loads((browser.profile / "NativeMessagingHosts" / f"{HOST_NAME}.json").read_text())
        if trouble == "forbidden":
            manifest["allowed_origins"] = ["chrome-extension://abcdefghijklmnopabcdefghijklmnop/"]
        else:
            fake = tmp_path / "old-host"
            fake.write_text(FAKE_HOST.format(python=sys.executable))
            fake.chmod(0o755)
            manifest["path"] = str(fake)
        (hosts / f"{HOST_NAME}.json").write_text(json.dumps(manifest))
    troubled = Chromium(browser.playwright, tmp_path, fixture_server.port, install=False, data=browser.data)
    try:
        tab, url = visit(troubled, fixture_server, "linkedin-thread-member-id")
        title = troubled.wait_badge(url, "!")["title"]
        popup = troubled.popup(troubled.tab_id(url))
        popup.wait("#problem:not([hidden])")
        fix = popup.text("#problem-fix")
        if trouble == "missing":
            assert "Specified native messaging host not found." in title and "python3 install.py" in title
            assert fix == "python3 install.py"
            keep_screenshot(popup.page, "popup-missing-host.png", tmp_path, full_page=True)
        elif trouble == "forbidden":
            assert "Access to the specified native messaging host is forbidden." in title
            assert fix == f"python3 install.py --extension-id {CHROME_EXTENSION_ID}"
        else:
            assert f"the host speaks protocol 99; this extension {PROTOCOL_VERSION}" in title
            assert "different versions" in popup.attribute("#problem-fix", "title")
    finally:
        troubled.close()
