"""Installing Acquaint for one user: the host launcher, the host manifest for every browser, the packaged
extension, the receipt that lets --uninstall remove exactly what was written, and what to tell the user after.

Standard library only: install.py runs this before Acquaint's dependencies exist. Everything the installer
needs from the machine goes through `System`, so tests can lay out Linux, macOS and Windows homes (and a
fake registry) in a temporary folder.
"""

from __future__ import annotations

import json
import ntpath
import os
import posixpath
import shlex
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Protocol

from .browsers import BROWSERS, HOST_NAME, manifest_for, manifest_text
from .locations import Locations, locations_for, system_name

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
        name = system_name()
        return cls(name, Path.home(), dict(os.environ), shutil.which,
                   WindowsRegistry() if name == "windows" else None)

    @property
    def windows(self) -> bool:
        return self.name == "windows"

    @property
    def locations(self) -> Locations:
        """Where the host keeps its files for this user: the same rules the host itself follows."""
        return locations_for(self.name, self.home, self.env)


def data_dir(system: System) -> Path:
    return system.locations.data


def receipt_path(system: System) -> Path:
    return data_dir(system) / RECEIPT


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
    """One thing the installer writes: a file (with optional mode), a link, a registry key, or an extension
    package zipped from a folder."""

    kind: str            # "file", "link", "registry" or "package"
    target: str          # a path, or a registry key
    content: str = ""    # file text, link target, registry value, or the folder a package is zipped from
    mode: int | None = None
    browser: str = ""

    def describe(self) -> str:
        if self.kind == "registry":
            return f"registry HKCU\\{self.target} = {self.content}"
        if self.kind == "link":
            return f"link {self.target} -> {self.content}"
        if self.kind == "package":
            return f"package {self.target} (zipped from {self.content})"
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
        steps.append(Step("link", str(command_link(system)), str(python.parent / "acquaint")))
    return steps


def command_link(system: System) -> Path:
    """Where the `acquaint` command is linked on Linux and macOS: the folder pip and pipx use for commands."""
    return system.home / ".local" / "bin" / "acquaint"


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
        elif step.kind == "package":
            write_package(Path(step.content), target)
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
    path = receipt_path(system)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(receipt, indent=2) + "\n", encoding="utf-8")
    return receipt


def read_receipt(system: System) -> dict:
    try:
        receipt = json.loads(receipt_path(system).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {"written": [], "folders": [], "venv": None}
    receipt.setdefault("written", [])
    receipt.setdefault("folders", [])
    receipt.setdefault("venv", None)
    return receipt


def uninstall(system: System, purge: bool, dry_run: bool) -> list[str]:
    """Remove what the receipt says was written (the packages in dist/ too), the venv and the host's logs; with
    `purge`, also every folder where the host keeps the history, its versions and the settings."""
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
    where = system.locations
    folder = where.data
    if where.logs_root.exists():  # the host's logs: Acquaint's, but not history
        done.append(str(where.logs_root))
        if not dry_run:
            shutil.rmtree(where.logs_root)
    if receipt["venv"] and Path(receipt["venv"]).exists():
        done.append(receipt["venv"])
        if not dry_run:
            shutil.rmtree(receipt["venv"])
    if purge:
        for own in where.own_folders():
            if own != where.logs_root and own.exists():  # the logs went above
                done.append(f"{own} ({_contents(where, own)})")
                if not dry_run:
                    shutil.rmtree(own)
    elif not dry_run and (folder / RECEIPT).exists():
        (folder / RECEIPT).unlink()
        try:
            folder.rmdir()  # the data folder, when no history was ever kept in it
        except OSError:
            pass
    if not dry_run:
        # Last, so that a folder the install made (~/.local/share, dist/) goes once what it held has gone.
        for created in sorted(receipt["folders"], key=len, reverse=True):  # deepest first; only if empty
            try:
                Path(created).rmdir()
            except OSError:
                pass
    return done


def _contents(where: Locations, folder: Path) -> str:
    """What one of Acquaint's folders holds, for the uninstall listing."""
    kinds = {"history, its versions, backups": where.data, "settings": where.config}
    return ", ".join(kind for kind, inside in kinds.items() if inside == folder or folder in inside.parents)


# -- the extension packages ---------------------------------------------------------------------------

def package_steps(repo: Path, dist: Path) -> list[Step]:
    """dist/acquaint-chrome-VERSION.zip and dist/acquaint-firefox-VERSION.xpi from extension/ (same files;
    the manifest serves both browsers). Steps like the others, so --dry-run lists them and the receipt keeps
    them for --uninstall. dist/README.md says what each is for."""
    source = repo / "extension"
    version = json.loads((source / "manifest.json").read_text(encoding="utf-8"))["version"]
    return [Step("package", str(dist / name), str(source))
            for name in (f"acquaint-chrome-{version}.zip", f"acquaint-firefox-{version}.xpi")]


def write_package(source: Path, target: Path) -> None:
    files = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            # A fixed date: the same extension gives the same bytes, so a re-install changes nothing.
            info = zipfile.ZipInfo(path.relative_to(source).as_posix(), date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def build_packages(repo: Path, dist: Path) -> list[Path]:
    """The packages alone, without recording them (tests, and anyone who wants just the files)."""
    dist.mkdir(parents=True, exist_ok=True)
    built = []
    for step in package_steps(repo, dist):
        write_package(Path(step.content), Path(step.target))
        built.append(Path(step.target))
    return built


# -- after installing: what to tell the user -----------------------------------------------------------

def load_instructions(repo: Path, browsers: list[str], dist: Path) -> list[str]:
    """How to load the extension in each browser family; for Firefox, also how to keep it past a restart."""
    extension = repo / "extension"
    xpi = next(step.target for step in package_steps(repo, dist) if step.target.endswith(".xpi"))
    lines = []
    families = {BROWSERS[name].family for name in browsers}
    if "chromium" in families:
        names = ", ".join(n for n in browsers if BROWSERS[n].family == "chromium")
        lines.append(f"{names}: open chrome://extensions (edge://extensions, brave://extensions), turn on "
                     f"Developer mode, click 'Load unpacked' and choose {extension}")
    if "firefox" in families:
        names = ", ".join(n for n in browsers if BROWSERS[n].family == "firefox")
        # A temporary add-on is the only way in for an unsigned extension in Firefox release, and it is gone at
        # the next restart: say at once how to install one that stays, so nobody finds out the hard way.
        lines += [
            f"{names}: open about:debugging#/runtime/this-firefox, click 'Load Temporary Add-on' and choose "
            f"{extension / 'manifest.json'} (it is gone when the browser restarts).",
            "  To keep it: in Firefox ESR, Developer Edition, Nightly or LibreWolf, open about:config and set "
            "xpinstall.signatures.required to false; then in about:addons click the gear, "
            f"'Install Add-on From File…' and choose {xpi}",
            "  Firefox release installs signed add-ons only: sign it with your own addons.mozilla.org API keys "
            f"(web-ext sign --channel unlisted; the steps are in {repo / 'dist' / 'README.md'}) and install the "
            "signed .xpi the same way.",
        ]
    return lines


def command_folder(system: System, python: Path) -> Path:
    """The folder the `acquaint` command is in: where it is linked, or on Windows (no link) beside the
    interpreter, in the virtual environment's Scripts folder."""
    return python.parent if system.windows else command_link(system).parent


def _on_path(system: System, folder: Path) -> bool:
    # Windows paths compare without case and with either slash; the test for them runs on Linux too.
    flavour = ntpath if system.windows else posixpath
    entries = system.env.get("PATH", "").split(";" if system.windows else ":")
    wanted = flavour.normcase(flavour.normpath(str(folder)))
    return any(entry.strip() and flavour.normcase(flavour.normpath(entry)) == wanted for entry in entries)


def _posix_shell_line(system: System, folder: Path) -> tuple[str, str]:
    """What to do in the user's login shell, and the line that puts `folder` (inside HOME) first on PATH."""
    shell = Path(system.env.get("SHELL", "")).name or "sh"
    inside_home = folder.relative_to(system.home).as_posix()
    if shell == "fish":
        # fish_add_path stores the folder in a universal variable: once is enough, no file to edit.
        return "For fish, run this once (fish remembers it):", f"fish_add_path ~/{inside_home}"
    line = f'export PATH="$HOME/{inside_home}:$PATH"'
    if shell == "zsh":
        startup = f"{system.env['ZDOTDIR']}/.zshrc" if system.env.get("ZDOTDIR") else "~/.zshrc"
    elif shell == "bash":
        # macOS terminals start login shells, which read ~/.bash_profile and not ~/.bashrc.
        startup = "~/.bash_profile" if system.name == "darwin" else "~/.bashrc"
    else:
        return f"For your shell ({shell}), add this line to ~/.profile, then log in again:", line
    return f"For {shell}, add this line to {startup}, then open a new terminal:", line


def path_advice(system: System, python: Path) -> list[str]:
    """When the `acquaint` command's folder is not on PATH: say so, and the exact line that puts it there."""
    folder = command_folder(system, python)
    if _on_path(system, folder):
        return []
    lines = [f"The acquaint command is in {folder}, which is not on your PATH, so `acquaint` alone is not found."]
    if system.windows:
        lines += ["To add it for your account, run this in PowerShell, then open a new terminal:",
                  '  [Environment]::SetEnvironmentVariable("Path", [Environment]::GetEnvironmentVariable("Path", '
                  f'"User") + ";{folder}", "User")']
        command = folder / "acquaint.exe"
    else:
        how, line = _posix_shell_line(system, folder)
        lines += [how, f"  {line}"]
        command = folder / "acquaint"
    return [*lines, f"Until then: {command}"]
