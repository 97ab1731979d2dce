"""Installing Acquaint for one user: the host launcher, the host manifest for every browser, the receipt that
lets --uninstall remove exactly what was written, and the packaged extension.

Standard library only: install.py runs this before Acquaint's dependencies exist. Everything the installer
needs from the machine goes through `System`, so tests can lay out Linux, macOS and Windows homes (and a
fake registry) in a temporary folder.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Protocol

from .browsers import BROWSERS, HOST_NAME, manifest_for, manifest_text

RECEIPT = "install-receipt.json"


class Registry(Protocol):
    """The HKEY_CURRENT_USER keys a Windows install writes: each key's default value is a manifest path."""

    def set_default(self, key: str, value: str) -> None: ...
    def get_default(self, key: str) -> str | None: ...
    def delete(self, key: str) -> None: ...


class WindowsRegistry:
    def __init__(self):
        import winreg  # only on Windows

        self.winreg = winreg

    def set_default(self, key: str, value: str) -> None:
        with self.winreg.CreateKey(self.winreg.HKEY_CURRENT_USER, key) as handle:
            self.winreg.SetValueEx(handle, "", 0, self.winreg.REG_SZ, value)

    def get_default(self, key: str) -> str | None:
        try:
            with self.winreg.OpenKey(self.winreg.HKEY_CURRENT_USER, key) as handle:
                return self.winreg.QueryValueEx(handle, "")[0]
        except OSError:
            return None

    def delete(self, key: str) -> None:
        try:
            self.winreg.DeleteKey(self.winreg.HKEY_CURRENT_USER, key)
        except OSError:
            pass


@dataclass
class System:
    name: str                                    # "linux", "darwin" or "windows"
    home: Path
    env: Mapping[str, str] = field(default_factory=dict)
    which: Callable[[str], str | None] = lambda _command: None
    registry: Registry | None = None

    @classmethod
    def current(cls) -> System:
        name = {"win32": "windows", "darwin": "darwin"}.get(sys.platform, "linux")
        return cls(name, Path.home(), dict(os.environ), shutil.which,
                   WindowsRegistry() if name == "windows" else None)

    @property
    def windows(self) -> bool:
        return self.name == "windows"


def data_dir(system: System) -> Path:
    """The folder platformdirs gives Acquaint (host/acquaint/paths.py), or ACQUAINT_HOME."""
    override = system.env.get("ACQUAINT_HOME", "").strip()
    if override:
        return Path(override).expanduser().resolve()
    if system.windows:
        return Path(system.env.get("LOCALAPPDATA") or system.home / "AppData" / "Local") / "acquaint"
    if system.name == "darwin":
        return system.home / "Library" / "Application Support" / "acquaint"
    return Path(system.env.get("XDG_DATA_HOME") or system.home / ".local" / "share") / "acquaint"


def venv_python(system: System) -> Path:
    venv = data_dir(system) / "venv"
    return venv / "Scripts" / "python.exe" if system.windows else venv / "bin" / "python"


def launcher_path(system: System) -> Path:
    return data_dir(system) / ("acquaint-host.bat" if system.windows else "acquaint-host")


def launcher_text(system: System, python: Path) -> str:
    """Starts the host with an absolute interpreter path: `#!/usr/bin/env python3` fails under macOS apps
    started from the Dock, whose PATH has no Homebrew or pyenv. The browser's environment is kept as it is,
    so ACQUAINT_HOME set for a test browser reaches the host."""
    if system.windows:
        return ("@echo off\r\nrem Acquaint native-messaging host launcher, written by install.py.\r\n"
                f'"{python}" -m acquaint.host %*\r\n')
    return ("#!/bin/sh\n# Acquaint native-messaging host launcher, written by install.py.\n"
            f"exec {shlex.quote(str(python))} -m acquaint.host \"$@\"\n")


# -- finding browsers ---------------------------------------------------------------------------------

def detect(system: System) -> list[str]:
    """The browsers that look installed for this user."""
    found = []
    for name, browser in BROWSERS.items():
        if system.windows:
            root = "APPDATA" if browser.family == "firefox" else "LOCALAPPDATA"
            base = system.env.get(root)
            present = bool(base) and (Path(base) / browser.windows_data).exists()
        elif system.name == "darwin":
            present = (Path("/Applications") / browser.macos_app).exists() or \
                browser.manifest_folder("darwin", system.home).parent.exists()
        else:
            present = (system.home / browser.linux_config).exists() or \
                any(system.which(command) for command in browser.commands)
        if present:
            found.append(name)
    return found


def sandbox_notes(system: System) -> list[str]:
    """Snap and Flatpak browsers cannot start a host the usual way; say so, and what to do."""
    if system.name != "linux":
        return []
    notes = []
    for command in ("chromium", "chromium-browser", "firefox"):
        path = system.which(command)
        if path and path.startswith("/snap/"):
            notes.append(f"{path} is a Snap package: Snap browsers cannot run native-messaging hosts. "
                         "Install the browser from your distribution's packages or from its vendor instead.")
    for browser in BROWSERS.values():
        if browser.flatpak_id and (system.home / ".var" / "app" / browser.flatpak_id).exists():
            notes.append(f"{browser.name} is (also) installed as a Flatpak ({browser.flatpak_id}): its sandbox "
                         "hides this host. Use a non-Flatpak build of the browser, or see the troubleshooting "
                         "section of the README for the flatpak-spawn wrapper.")
    return notes


# -- planning and applying ----------------------------------------------------------------------------

@dataclass
class Step:
    """One thing the installer writes: a file (with optional mode), a link, or a registry key."""

    kind: str            # "file", "link" or "registry"
    target: str          # a path, or a registry key
    content: str = ""    # file text, link target, or registry value
    mode: int | None = None
    browser: str = ""

    def describe(self) -> str:
        if self.kind == "registry":
            return f"registry HKCU\\{self.target} = {self.content}"
        if self.kind == "link":
            return f"link {self.target} -> {self.content}"
        return f"file {self.target}" + (f" (mode {self.mode:o})" if self.mode else "")


def plan(system: System, repo: Path, browsers: list[str], python: Path, user_data_dirs: list[Path] = (),
         extra_ids: tuple[str, ...] = ()) -> list[Step]:
    launcher = launcher_path(system)
    steps = [Step("file", str(launcher), launcher_text(system, python), None if system.windows else 0o755)]
    templates = repo / "manifest"
    registered: set[str] = set()
    for name in browsers:
        browser = BROWSERS[name]
        text = manifest_text(manifest_for(browser, launcher, templates, extra_ids))
        if system.windows:
            if browser.registry_key() in registered:
                continue  # Brave and Vivaldi read Chrome's key on Windows: one entry serves them all
            registered.add(browser.registry_key())
            path = data_dir(system) / "manifests" / f"{name}.json"
            steps.append(Step("file", str(path), text, browser=name))
            steps.append(Step("registry", browser.registry_key(), str(path), browser=name))
        else:
            path = browser.manifest_folder(system.name, system.home) / f"{HOST_NAME}.json"
            steps.append(Step("file", str(path), text, browser=name))
    for folder in user_data_dirs:
        # A Chromium-family browser started with --user-data-dir=DIR looks in DIR/NativeMessagingHosts only.
        text = manifest_text(manifest_for(BROWSERS["chromium"], launcher, templates, extra_ids))
        steps.append(Step("file", str(Path(folder) / "NativeMessagingHosts" / f"{HOST_NAME}.json"), text,
                          browser=f"profile {folder}"))
    if not system.windows:
        command = python.parent / "acquaint"
        steps.append(Step("link", str(system.home / ".local" / "bin" / "acquaint"), str(command)))
    return steps


def _make_folders(folder: Path) -> list[str]:
    """mkdir -p, returning the folders that did not exist (outermost first), so uninstall can remove them."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir()
    return [str(created) for created in reversed(missing)]


def apply(system: System, steps: list[Step], venv: Path | None) -> dict:
    """Carry out the steps and record them, with what an earlier install recorded, in the receipt."""
    receipt = read_receipt(system)
    for step in steps:
        if step.kind == "registry":
            system.registry.set_default(step.target, step.content)
            continue
        target = Path(step.target)
        for folder in _make_folders(target.parent):
            if folder not in receipt["folders"]:
                receipt["folders"].append(folder)
        if step.kind == "link":
            if target.is_symlink() or target.exists():
                target.unlink()
            target.symlink_to(step.content)
        else:
            target.write_text(step.content, encoding="utf-8", newline="")
            if step.mode:
                target.chmod(step.mode)
    for step in steps:
        entry = {"kind": step.kind, "target": step.target}
        if entry not in receipt["written"]:
            receipt["written"].append(entry)
    if venv is not None:
        receipt["venv"] = str(venv)
    path = data_dir(system) / RECEIPT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(receipt, indent=2) + "\n", encoding="utf-8")
    return receipt


def read_receipt(system: System) -> dict:
    try:
        receipt = json.loads((data_dir(system) / RECEIPT).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {"written": [], "folders": [], "venv": None}
    receipt.setdefault("written", [])
    receipt.setdefault("folders", [])
    receipt.setdefault("venv", None)
    return receipt


def uninstall(system: System, purge: bool, dry_run: bool) -> list[str]:
    """Remove what the receipt says was written (and the venv); the history too with `purge`."""
    receipt = read_receipt(system)
    done = []
    for entry in reversed(receipt["written"]):
        if entry["kind"] == "registry":
            done.append(f"registry HKCU\\{entry['target']}")
            if not dry_run and system.registry is not None:
                system.registry.delete(entry["target"])
            continue
        target = Path(entry["target"])
        if target.is_symlink() or target.exists():
            done.append(str(target))
            if not dry_run:
                target.unlink()
    folder = data_dir(system)
    logs = folder / "logs"  # the host's logs: Acquaint's, but not history
    if logs.exists():
        done.append(str(logs))
        if not dry_run:
            shutil.rmtree(logs)
    if not dry_run:
        for created in sorted(receipt["folders"], key=len, reverse=True):  # deepest first; only if empty
            try:
                Path(created).rmdir()
            except OSError:
                pass
    if receipt["venv"] and Path(receipt["venv"]).exists():
        done.append(receipt["venv"])
        if not dry_run:
            shutil.rmtree(receipt["venv"])
    if purge and folder.exists():
        done.append(f"{folder} (history, backups, settings)")
        if not dry_run:
            shutil.rmtree(folder)
    elif not dry_run and (folder / RECEIPT).exists():
        (folder / RECEIPT).unlink()
        try:
            folder.rmdir()  # the data folder, when the install made it and no history was ever kept
        except OSError:
            pass
    return done


# -- the extension packages ---------------------------------------------------------------------------

def build_packages(repo: Path, dist: Path) -> list[Path]:
    """dist/acquaint-chrome-VERSION.zip and dist/acquaint-firefox-VERSION.xpi from extension/ (same files;
    the manifest serves both browsers)."""
    source = repo / "extension"
    version = json.loads((source / "manifest.json").read_text(encoding="utf-8"))["version"]
    files = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
    dist.mkdir(parents=True, exist_ok=True)
    built = []
    for name in (f"acquaint-chrome-{version}.zip", f"acquaint-firefox-{version}.xpi"):
        target = dist / name
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                info = zipfile.ZipInfo(path.relative_to(source).as_posix(), date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
        built.append(target)
    return built


def load_instructions(repo: Path, browsers: list[str]) -> list[str]:
    extension = repo / "extension"
    lines = []
    families = {BROWSERS[name].family for name in browsers}
    if "chromium" in families:
        names = ", ".join(n for n in browsers if BROWSERS[n].family == "chromium")
        lines.append(f"{names}: open chrome://extensions (edge://extensions, brave://extensions), turn on "
                     f"Developer mode, click 'Load unpacked' and choose {extension}")
    if "firefox" in families:
        names = ", ".join(n for n in browsers if BROWSERS[n].family == "firefox")
        lines.append(f"{names}: open about:debugging#/runtime/this-firefox, click 'Load Temporary Add-on' and "
                     f"choose {extension / 'manifest.json'} (until restart; a signed build is for later)")
    return lines
