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
    path_advice,
    plan,
    read_receipt,
    sandbox_notes,
    uninstall,
)
from acquaint.locations import locations_for
from acquaint.messages import PROTOCOL_VERSION

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
VERSION = json.loads((ROOT / "extension" / "manifest.json").read_text())["version"]
XDG_VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")


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


def _hello(launcher: Path, env: dict) -> dict:
    """Frame a hello into the launcher, as the browser does, and read the reply."""
    body = json.dumps({"id": 1, "type": "hello"}).encode()
    result = subprocess.run([str(launcher), "chrome-extension://x/"],
                            input=struct.pack("@I", len(body)) + body, capture_output=True, env=env, timeout=60)
    (length,) = struct.unpack("@I", result.stdout[:4])
    return json.loads(result.stdout[4:4 + length])


def test_the_real_launcher_answers_a_framed_hello(tmp_path):
    system = linux(tmp_path)
    apply(system, plan(system, ROOT, [], PYTHON), None)
    reply = _hello(launcher_path(system), {**os.environ, "ACQUAINT_HOME": str(tmp_path / "other-home")})
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


def _environment(home: Path, acquaint_home: bool = True, **variables: str) -> dict:
    """This process's environment with HOME in a temporary folder, and ACQUAINT_HOME in it unless told not to.
    The real user's XDG folders are dropped, so that nothing reaches the real HOME."""
    env = {k: v for k, v in os.environ.items() if k not in XDG_VARIABLES and k != "ACQUAINT_HOME"}
    env["HOME"] = str(home)
    if acquaint_home:
        env["ACQUAINT_HOME"] = str(home / "data")
    return {**env, **variables}


def _install(home: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real install.py for a user whose HOME is `home`, packaging into home/dist (never the repository's)."""
    command = [sys.executable, str(ROOT / "install.py"), "--python", sys.executable, "--dist", str(home / "dist")]
    return subprocess.run([*command, *args], env=env or _environment(home), capture_output=True, text=True,
                          timeout=120)


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
    written = read_receipt(linux(tmp_path))["written"]
    assert [entry["kind"] for entry in written] == ["file", "file", "file", "link", "package", "package"]
    (tmp_path / "data" / "history.json").write_text('{"people": {}}')
    removed = _install(tmp_path, "--uninstall")
    assert removed.returncode == 0 and "Your history stays" in removed.stdout
    assert files_under(tmp_path) == before | {"data", "data/history.json"}
    purged = _install(tmp_path, "--uninstall", "--purge")
    assert purged.returncode == 0 and files_under(tmp_path) == before


def test_dry_run_lists_the_packages_and_the_receipt_too(tmp_path):
    """Regression: --dry-run left out dist/ and the install receipt, though the README says it lists every file."""
    result = _install(tmp_path, "--browser", "firefox", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert f"Would write package {tmp_path}/dist/acquaint-chrome-{VERSION}.zip" in result.stdout
    assert f"Would write package {tmp_path}/dist/acquaint-firefox-{VERSION}.xpi" in result.stdout
    assert f"Would write file {tmp_path}/data/{RECEIPT}" in result.stdout
    assert files_under(tmp_path) == set()


def test_uninstall_removes_the_packages_it_built_and_nothing_else_in_dist(tmp_path):
    """Regression: --uninstall left the dist/ packages install.py had built."""
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "README.md").write_text("not the installer's")
    installed = _install(tmp_path, "--browser", "firefox", "--no-doctor")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert files_under(dist) == {"README.md", f"acquaint-chrome-{VERSION}.zip", f"acquaint-firefox-{VERSION}.xpi"}
    preview = _install(tmp_path, "--uninstall", "--dry-run")
    assert f"Would remove {dist / f'acquaint-firefox-{VERSION}.xpi'}" in preview.stdout
    removed = _install(tmp_path, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert f"Removed {dist / f'acquaint-chrome-{VERSION}.zip'}" in removed.stdout
    assert files_under(dist) == {"README.md"}


@pytest.mark.skipif(sys.platform != "linux", reason="the Linux layout: XDG folders under HOME")
@pytest.mark.parametrize("xdg", [False, True], ids=["default-folders", "xdg-variables"])
def test_purge_without_acquaint_home_removes_settings_and_logs(tmp_path, xdg):
    """Regression: --uninstall --purge left ~/.config/acquaint/config.json and ~/.local/state/acquaint/log/, because
    the installer kept its own copy of where the host keeps its files (ACQUAINT_HOME hid it in the other tests)."""
    folders = {"XDG_DATA_HOME": "xdg/data", "XDG_CONFIG_HOME": "xdg/config", "XDG_STATE_HOME": "xdg/state"}
    variables = {name: str(tmp_path / folder) for name, folder in folders.items()} if xdg else {}
    env = _environment(tmp_path, acquaint_home=False, **variables)
    data = Path(variables.get("XDG_DATA_HOME", tmp_path / ".local/share")) / "acquaint"
    settings = Path(variables.get("XDG_CONFIG_HOME", tmp_path / ".config")) / "acquaint" / "config.json"
    log = Path(variables.get("XDG_STATE_HOME", tmp_path / ".local/state")) / "acquaint/log/acquaint-host.log"
    installed = _install(tmp_path, "--browser", "chromium", "--no-doctor", env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert _hello(data / "acquaint-host", env)["ok"]  # the host writes its log, as it does for a browser
    settings.parent.mkdir(parents=True)
    settings.write_text('{"record_asks": false}')
    assert log.exists()
    purged = _install(tmp_path, "--uninstall", "--purge", env=env)
    assert purged.returncode == 0, purged.stderr
    assert not settings.parent.exists() and not log.parent.parent.exists() and not data.exists()
    assert [path for path in files_under(tmp_path) if "acquaint" in path] == []


def test_purge_on_macos_removes_the_logs_outside_the_data_folder(tmp_path):
    system = System("darwin", tmp_path, {})
    apply(system, plan(system, ROOT, ["firefox"], Path("/venv/bin/python")), None)
    settings = tmp_path / "Library/Application Support/acquaint/config.json"
    settings.write_text("{}")
    log = tmp_path / "Library/Logs/acquaint/acquaint-host.log"
    log.parent.mkdir(parents=True)
    log.write_text("a start\n")
    uninstall(system, purge=True, dry_run=False)
    assert not settings.parent.exists() and not log.parent.exists()
    assert (tmp_path / "Library/Logs").exists(), "the system's own Logs folder stays"


@pytest.mark.parametrize("system_name, xdg", [("linux", False), ("linux", True), ("darwin", False)])
def test_locations_are_where_platformdirs_put_earlier_versions_files(tmp_path, monkeypatch, system_name, xdg):
    """Acquaint 0.1 and 0.2 asked platformdirs; locations.py must find their history, settings and logs."""
    from platformdirs.macos import MacOS
    from platformdirs.unix import Unix

    for name in (*XDG_VARIABLES, "ACQUAINT_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg:
        for name in XDG_VARIABLES:
            monkeypatch.setenv(name, str(tmp_path / name.lower()))
    earlier = (Unix if system_name == "linux" else MacOS)("acquaint", appauthor=False)
    ours = locations_for(system_name, tmp_path, os.environ)
    assert (ours.data, ours.config, ours.logs) == (earlier.user_data_path, earlier.user_config_path,
                                                   earlier.user_log_path)


def test_windows_and_acquaint_home_keep_everything_in_one_folder(tmp_path):
    local = tmp_path / "AppData" / "Local"
    windows = locations_for("windows", tmp_path, {"LOCALAPPDATA": str(local)})
    assert (windows.data, windows.config_file, windows.logs) == (
        local / "acquaint", local / "acquaint" / "config.json", local / "acquaint" / "Logs")
    assert windows.own_folders() == [local / "acquaint"]
    home = locations_for("linux", tmp_path, {"ACQUAINT_HOME": str(tmp_path / "data")})
    assert (home.data, home.config, home.logs) == (tmp_path / "data", tmp_path / "data", tmp_path / "data" / "logs")
    assert home.own_folders() == [tmp_path / "data"]


@pytest.mark.parametrize("shell, expected", [
    ("/bin/bash", "add this line to ~/.bashrc, then open a new terminal:\n  export PATH=\"$HOME/.local/bin:$PATH\""),
    ("/usr/bin/zsh", "add this line to ~/.zshrc, then open a new terminal:\n  export PATH=\"$HOME/.local/bin:$PATH\""),
    ("/usr/bin/fish", "For fish, run this once (fish remembers it):\n  fish_add_path ~/.local/bin"),
    ("/bin/dash", "add this line to ~/.profile, then log in again:\n  export PATH=\"$HOME/.local/bin:$PATH\""),
])
def test_install_says_when_the_acquaint_command_is_not_on_path(tmp_path, shell, expected):
    """Regression: after installing, `acquaint` was not found and nothing said why."""
    env = _environment(tmp_path, SHELL=shell, PATH="/usr/bin:/bin")
    result = _install(tmp_path, "--no-doctor", env=env)
    assert result.returncode == 0, result.stderr
    assert f"The acquaint command is in {tmp_path}/.local/bin, which is not on your PATH" in result.stdout
    assert expected in result.stdout
    assert f"Until then: {tmp_path}/.local/bin/acquaint" in result.stdout


def test_install_says_nothing_about_path_when_the_command_is_on_it(tmp_path):
    env = _environment(tmp_path, SHELL="/bin/bash", PATH=f"/usr/bin:{tmp_path}/.local/bin/:/bin")
    result = _install(tmp_path, "--no-doctor", env=env)
    assert result.returncode == 0, result.stderr
    assert "not on your PATH" not in result.stdout


def test_path_advice_on_macos_and_on_windows(tmp_path):
    darwin = System("darwin", Path("/Users/sam"), {"SHELL": "/bin/bash", "PATH": "/usr/bin"})
    assert 'add this line to ~/.bash_profile' in "\n".join(path_advice(darwin, PYTHON))
    scripts = tmp_path / "AppData" / "Local" / "acquaint" / "venv" / "Scripts"
    windows = System("windows", tmp_path, {"LOCALAPPDATA": str(tmp_path / "AppData" / "Local"), "PATH": "C:\\Windows"})
    advice = "\n".join(path_advice(windows, scripts / "python.exe"))
    assert f"The acquaint command is in {scripts}, which is not on your PATH" in advice
    assert ('[Environment]::SetEnvironmentVariable("Path", [Environment]::GetEnvironmentVariable("Path", "User") + '
            f'";{scripts}", "User")') in advice
    assert path_advice(System("windows", tmp_path, {"PATH": f"C:\\Windows;{scripts}"}), scripts / "python.exe") == []


def test_firefox_install_prints_the_steps_for_an_add_on_that_stays(tmp_path):
    """A temporary add-on is gone at the next restart: install.py says how to install the .xpi for good."""
    result = _install(tmp_path, "--browser", "firefox", "--no-doctor")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "about:config" in out and "xpinstall.signatures.required" in out
    assert "Install Add-on From File" in out and f"{tmp_path}/dist/acquaint-firefox-{VERSION}.xpi" in out
    assert "web-ext sign --channel unlisted" in out


def test_readme_and_dist_readme_say_how_to_install_each_package(tmp_path):
    readme = " ".join((ROOT / "README.md").read_text().split())
    for step in ("Firefox ESR", "Developer Edition", "Nightly", "LibreWolf", "about:config",
                 "xpinstall.signatures.required", "Install Add-on From File", "web-ext sign --channel unlisted",
                 "dist/README.md"):
        assert step in readme, step
    guide = ROOT / "dist" / "README.md"
    assert guide.exists(), "dist/ explains itself"
    text = " ".join(guide.read_text().split())
    for package in build_packages(ROOT, tmp_path):
        assert package.name.replace(VERSION, "VERSION") in text, package.name
    for step in ("chrome://extensions", "Load unpacked", "xpinstall.signatures.required", "Install Add-on From File",
                 "web-ext sign --channel unlisted", "--extension-id"):
        assert step in text, step


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


def test_doctor_reports_sync_and_a_sync_folder_gone_missing(installed, tmp_path):
    from acquaint.cli import main

    folder = tmp_path / "Sync"
    folder.mkdir()
    assert main(["sync", "init", str(folder), "--name", "laptop"]) == 0
    text, code = report(diagnose(installed))
    assert code == 0 and f"ok  sync: {folder}, as 'laptop', with no other computer yet" in text, text
    folder.rename(tmp_path / "Sync-unmounted")
    text, code = report(diagnose(installed))
    assert code == 1 and "PROBLEM  sync: the sync folder" in text and "is missing" in text
    assert "fix: acquaint sync status" in text


def test_doctor_with_nothing_installed_says_how_to_start(tmp_path, monkeypatch):
    monkeypatch.setenv("ACQUAINT_HOME", str(tmp_path / "data"))
    text, code = report(diagnose(System("linux", tmp_path, {})))
    assert code == 1 and "not set up for any browser" in text and "fix: python3 install.py" in text


def test_the_installer_and_the_host_share_one_set_of_locations(tmp_path, monkeypatch):
    from acquaint import paths

    for name in (*XDG_VARIABLES, "ACQUAINT_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    system = System.current()
    assert system.home == tmp_path
    assert data_dir(system) == paths.data_dir()
    assert system.locations.config_file == paths.config_path()
    assert system.locations.logs == paths.log_dir()
    assert RECEIPT == "install-receipt.json"
