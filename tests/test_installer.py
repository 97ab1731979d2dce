"""install.py and acquaint doctor: every browser's manifest location, the launcher, dry runs, re-installs,
uninstalls that leave nothing behind, and the Windows registry behind a fake."""

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from acquaint.browsers import BROWSERS, CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID, HOST_NAME
from acquaint.doctor import diagnose, report
from acquaint.installer import (
    RECEIPT,
    System,
    apply,
    build_packages,
    data_dir,
    detect,
    launcher_path,
    plan,
    read_receipt,
    sandbox_notes,
    uninstall,
)
from acquaint.messages import PROTOCOL_VERSION

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)


class FakeRegistry:
    def __init__(self):
        self.keys: dict[str, str] = {}

    def set_default(self, key, value):
        self.keys[key] = value

    def get_default(self, key):
        return self.keys.get(key)

    def delete(self, key):
        self.keys.pop(key, None)


def linux(home, **env):
    return System("linux", home, {"ACQUAINT_HOME": str(home / "data"), **env})


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_linux_manifests_go_where_each_browser_looks(tmp_path):
    system = linux(tmp_path)
    steps = plan(system, ROOT, list(BROWSERS), PYTHON)
    targets = {step.browser: step.target for step in steps if step.browser}
    assert targets["chrome"] == str(tmp_path / ".config/google-chrome/NativeMessagingHosts/com.acquaint.host.json")
    assert targets["chromium"] == str(tmp_path / ".config/chromium/NativeMessagingHosts/com.acquaint.host.json")
    assert targets["edge"] == str(tmp_path / ".config/microsoft-edge/NativeMessagingHosts/com.acquaint.host.json")
    assert targets["brave"] == str(
        tmp_path / ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts/com.acquaint.host.json")
    assert targets["vivaldi"] == str(tmp_path / ".config/vivaldi/NativeMessagingHosts/com.acquaint.host.json")
    assert targets["firefox"] == str(tmp_path / ".mozilla/native-messaging-hosts/com.acquaint.host.json")
    assert targets["librewolf"] == str(tmp_path / ".librewolf/native-messaging-hosts/com.acquaint.host.json")
    apply(system, steps, None)
    chrome = json.loads(Path(targets["chrome"]).read_text())
    assert chrome == {"name": HOST_NAME, "description": chrome["description"], "path": str(launcher_path(system)),
                      "type": "stdio", "allowed_origins": [f"chrome-extension://{CHROME_EXTENSION_ID}/"]}
    firefox = json.loads(Path(targets["firefox"]).read_text())
    assert firefox["allowed_extensions"] == [FIREFOX_EXTENSION_ID] and "allowed_origins" not in firefox


def test_the_launcher_uses_the_absolute_interpreter_and_keeps_the_environment(tmp_path):
    system = linux(tmp_path)
    apply(system, plan(system, ROOT, [], PYTHON), None)
    launcher = launcher_path(system)
    text = launcher.read_text()
    assert text.startswith("#!/bin/sh\n") and "/usr/bin/env python" not in text
    assert f"exec {PYTHON} -m acquaint.host" in text
    assert os.access(launcher, os.X_OK)


def test_the_real_launcher_answers_a_framed_hello(tmp_path):
    system = linux(tmp_path)
    apply(system, plan(system, ROOT, [], PYTHON), None)
    body = json.dumps({"id": 1, "type": "hello"}).encode()
    env = {**os.environ, "ACQUAINT_HOME": str(tmp_path / "other-home")}
    result = subprocess.run([str(launcher_path(system)), "chrome-extension://x/"],
                            input=struct.pack("@I", len(body)) + body, capture_output=True, env=env, timeout=60)
    (length,) = struct.unpack("@I", result.stdout[:4])
    reply = json.loads(result.stdout[4:4 + length])
    assert reply["ok"] and reply["protocol"] == PROTOCOL_VERSION
    assert reply["history"]["path"] == str(tmp_path / "other-home" / "history"), "ACQUAINT_HOME reaches the host"


def test_macos_layout(tmp_path):
    system = System("darwin", tmp_path, {})
    steps = plan(system, ROOT, ["chrome", "brave", "firefox", "librewolf"], Path("/venv/bin/python"))
    targets = {step.browser: step.target for step in steps if step.browser}
    support = tmp_path / "Library" / "Application Support"
    assert targets["chrome"] == str(support / "Google/Chrome/NativeMessagingHosts/com.acquaint.host.json")
    assert targets["brave"] == str(support / "BraveSoftware/Brave-Browser/NativeMessagingHosts/com.acquaint.host.json")
    assert targets["firefox"] == str(support / "Mozilla/NativeMessagingHosts/com.acquaint.host.json")
    assert targets["librewolf"] == str(support / "LibreWolf/NativeMessagingHosts/com.acquaint.host.json")
    assert data_dir(system) == support / "acquaint"


def test_windows_layout_registers_each_manifest_under_hkcu(tmp_path):
    registry = FakeRegistry()
    local = tmp_path / "AppData" / "Local"
    system = System("windows", tmp_path, {"LOCALAPPDATA": str(local)}, registry=registry)
    python = local / "acquaint" / "venv" / "Scripts" / "python.exe"
    steps = plan(system, ROOT, ["chrome", "edge", "brave", "firefox"], python)
    apply(system, steps, None)
    manifests = local / "acquaint" / "manifests"
    assert registry.keys == {  # Brave reads Chrome's key: one entry serves both
        rf"Software\Google\Chrome\NativeMessagingHosts\{HOST_NAME}": str(manifests / "chrome.json"),
        rf"Software\Microsoft\Edge\NativeMessagingHosts\{HOST_NAME}": str(manifests / "edge.json"),
        rf"Software\Mozilla\NativeMessagingHosts\{HOST_NAME}": str(manifests / "firefox.json"),
    }
    assert sorted(p.name for p in manifests.iterdir()) == ["chrome.json", "edge.json", "firefox.json"]
    launcher = local / "acquaint" / "acquaint-host.bat"
    assert launcher.read_bytes() == (b"@echo off\r\nrem Acquaint native-messaging host launcher, written by "
                                     b"install.py.\r\n\"" + str(python).encode() + b"\" -m acquaint.host %*\r\n")
    assert not any(step.kind == "link" for step in steps)
    uninstall(system, purge=False, dry_run=False)
    assert registry.keys == {}
    assert not launcher.exists() and not manifests.exists()


def test_a_user_data_dir_profile_gets_its_own_manifest(tmp_path):
    system = linux(tmp_path)
    profile = tmp_path / "profile"
    apply(system, plan(system, ROOT, [], PYTHON, [profile], ("abcdefghijklmnopabcdefghijklmnop", "store@x.org")),
          None)
    manifest = json.loads((profile / "NativeMessagingHosts" / f"{HOST_NAME}.json").read_text())
    assert manifest["allowed_origins"] == [f"chrome-extension://{CHROME_EXTENSION_ID}/",
                                           "chrome-extension://abcdefghijklmnopabcdefghijklmnop/"]


def test_detection_and_sandbox_notes(tmp_path):
    (tmp_path / ".config" / "google-chrome").mkdir(parents=True)
    (tmp_path / ".var" / "app" / "org.mozilla.firefox").mkdir(parents=True)
    system = System("linux", tmp_path, {}, which=lambda c: {"chromium": "/snap/bin/chromium",
                                                             "firefox": "/usr/bin/firefox"}.get(c))
    assert detect(system) == ["chrome", "chromium", "firefox"]
    notes = sandbox_notes(system)
    assert any("Snap package" in n and "/snap/bin/chromium" in n for n in notes)
    assert any("Flatpak (org.mozilla.firefox)" in n for n in notes)


def _install(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home), "ACQUAINT_HOME": str(home / "data")}
    return subprocess.run([sys.executable, str(ROOT / "install.py"), "--python", sys.executable, *args],
                          env=env, capture_output=True, text=True, timeout=120)


def test_dry_run_prints_every_file_and_writes_nothing(tmp_path):
    result = _install(tmp_path, "--browser", "chromium", "--browser", "firefox", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert f"Would write file {tmp_path}/.config/chromium/NativeMessagingHosts/{HOST_NAME}.json" in result.stdout
    assert f"Would write file {tmp_path}/.mozilla/native-messaging-hosts/{HOST_NAME}.json" in result.stdout
    assert f"Would write file {tmp_path}/data/acquaint-host (mode 755)" in result.stdout
    assert files_under(tmp_path) == set()


def test_install_reinstall_and_uninstall_leave_nothing_behind(tmp_path):
    (tmp_path / ".config").mkdir()
    before = files_under(tmp_path)
    first = _install(tmp_path, "--browser", "chromium", "--browser", "firefox")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "All is well." in first.stdout and "Load the extension:" in first.stdout
    installed = files_under(tmp_path)
    again = _install(tmp_path, "--browser", "chromium", "--browser", "firefox")
    assert again.returncode == 0 and files_under(tmp_path) == installed, "re-installing changes nothing"
    assert len(read_receipt(linux(tmp_path))["written"]) == 4
    (tmp_path / "data" / "history.json").write_text('{"people": {}}')
    removed = _install(tmp_path, "--uninstall")
    assert removed.returncode == 0 and "Your history stays" in removed.stdout
    assert files_under(tmp_path) == before | {"data", "data/history.json"}
    purged = _install(tmp_path, "--uninstall", "--purge")
    assert purged.returncode == 0 and files_under(tmp_path) == before


def test_packages_hold_the_extension(tmp_path):
    import zipfile

    built = build_packages(ROOT, tmp_path)
    version = json.loads((ROOT / "extension" / "manifest.json").read_text())["version"]
    assert [p.name for p in built] == [f"acquaint-chrome-{version}.zip", f"acquaint-firefox-{version}.xpi"]
    with zipfile.ZipFile(built[1]) as archive:
        names = set(archive.namelist())
    assert {"manifest.json", "background.js", "content/sites/linkedin.js", "popup/popup.html"} <= names


@pytest.fixture
def installed(tmp_path, monkeypatch):
    monkeypatch.setenv("ACQUAINT_HOME", str(tmp_path / "data"))
    system = System("linux", tmp_path, {"ACQUAINT_HOME": str(tmp_path / "data")})
    apply(system, plan(system, ROOT, ["chromium", "firefox"], PYTHON), None)
    return system


def test_doctor_says_all_is_well_after_an_install(installed):
    text, code = report(diagnose(installed))
    assert code == 0, text
    assert "ok  chromium: host manifest" in text and "ok  firefox: the host answered hello" in text
    assert text.endswith("All is well.\n")


@pytest.mark.parametrize("breakage, expected", [
    ("wrong-id", "'allowed_origins' lacks chrome-extension://"),
    ("no-launcher", "does not exist"),
    ("not-executable", "is not executable"),
    ("bad-json", "does not read"),
])
def test_doctor_names_each_problem_and_its_fix(installed, breakage, expected):
    manifest_path = installed.home / ".config/chromium/NativeMessagingHosts" / f"{HOST_NAME}.json"
    manifest = json.loads(manifest_path.read_text())
    launcher = Path(manifest["path"])
    if breakage == "wrong-id":
        manifest["allowed_origins"] = ["chrome-extension://someoneelse/"]
        manifest_path.write_text(json.dumps(manifest))
    elif breakage == "no-launcher":
        manifest["path"] = str(launcher) + ".gone"
        manifest_path.write_text(json.dumps(manifest))
    elif breakage == "not-executable":
        launcher.chmod(0o644)
    else:
        manifest_path.write_text("{")
    text, code = report(diagnose(installed))
    assert code == 1
    assert expected in text
    assert "fix: python3 install.py --browser chromium" in text


def test_doctor_reports_a_damaged_history_with_restore(installed, tmp_path):
    (tmp_path / "data" / "history.json").write_text("{broken")  # a damaged history from before the folder
    text, code = report(diagnose(installed))
    assert code == 1 and f"history: history {tmp_path / 'data' / 'history.json'} is unreadable" in text
    assert "fix: acquaint restore" in text


def test_doctor_with_nothing_installed_says_how_to_start(tmp_path, monkeypatch):
    monkeypatch.setenv("ACQUAINT_HOME", str(tmp_path / "data"))
    text, code = report(diagnose(System("linux", tmp_path, {})))
    assert code == 1 and "not set up for any browser" in text and "fix: python3 install.py" in text


def test_installer_data_dir_matches_platformdirs(monkeypatch):
    from acquaint import paths

    monkeypatch.delenv("ACQUAINT_HOME", raising=False)
    assert data_dir(System.current()) == paths.data_dir()
    assert RECEIPT == "install-receipt.json"
