"""Where each browser looks for native-messaging host manifests, and what goes in them.

Standard library only: install.py imports this before Acquaint's dependencies are installed.
Locations are from shared/FACTS.md (user level; Windows keys under HKEY_CURRENT_USER).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

HOST_NAME = "com.acquaint.host"
DESCRIPTION = "Acquaint: relationship context for favour requests on LinkedIn and X"
# The Chrome extension ID is fixed by the public key in extension/manifest.json ("key").
CHROME_EXTENSION_ID = "lklfjflcifnfffdgkndlliacbjhmdpbc"
FIREFOX_EXTENSION_ID = "acquaint@acquaint.dev"


@dataclass(frozen=True)
class Browser:
    name: str
    family: str                      # "chromium" or "firefox"
    linux: str                       # user-level manifest folder, relative to the home folder
    macos: str
    windows_key: str                 # HKCU key under which the manifest path is registered
    linux_config: str                # a folder that exists once the browser has run (detection)
    macos_app: str
    windows_data: str                # relative to %LOCALAPPDATA% (Chromium family) or %APPDATA% (Firefox)
    commands: tuple[str, ...]        # executables on PATH (detection on Linux)
    flatpak_id: str = ""

    def manifest_folder(self, system: str, home: Path) -> Path:
        return home / (self.linux if system == "linux" else self.macos)

    def registry_key(self) -> str:
        return f"{self.windows_key}\\{HOST_NAME}"


_CHROME_KEY = r"Software\Google\Chrome\NativeMessagingHosts"
_MOZILLA_KEY = r"Software\Mozilla\NativeMessagingHosts"
_MAC = "Library/Application Support/"

BROWSERS = {
    b.name: b
    for b in (
        Browser("chrome", "chromium", ".config/google-chrome/NativeMessagingHosts",
                _MAC + "Google/Chrome/NativeMessagingHosts", _CHROME_KEY, ".config/google-chrome",
                "Google Chrome.app", r"Google\Chrome\User Data", ("google-chrome", "google-chrome-stable"),
                "com.google.Chrome"),
        Browser("chromium", "chromium", ".config/chromium/NativeMessagingHosts",
                _MAC + "Chromium/NativeMessagingHosts", r"Software\Chromium\NativeMessagingHosts", ".config/chromium",
                "Chromium.app", r"Chromium\User Data", ("chromium", "chromium-browser"), "org.chromium.Chromium"),
        Browser("edge", "chromium", ".config/microsoft-edge/NativeMessagingHosts",
                _MAC + "Microsoft Edge/NativeMessagingHosts", r"Software\Microsoft\Edge\NativeMessagingHosts",
                ".config/microsoft-edge", "Microsoft Edge.app", r"Microsoft\Edge\User Data",
                ("microsoft-edge", "microsoft-edge-stable"), "com.microsoft.Edge"),
        Browser("brave", "chromium", ".config/BraveSoftware/Brave-Browser/NativeMessagingHosts",
                _MAC + "BraveSoftware/Brave-Browser/NativeMessagingHosts", _CHROME_KEY,
                ".config/BraveSoftware/Brave-Browser", "Brave Browser.app", r"BraveSoftware\Brave-Browser\User Data",
                ("brave-browser", "brave"), "com.brave.Browser"),
        Browser("vivaldi", "chromium", ".config/vivaldi/NativeMessagingHosts", _MAC + "Vivaldi/NativeMessagingHosts",
                _CHROME_KEY, ".config/vivaldi", "Vivaldi.app", r"Vivaldi\User Data", ("vivaldi", "vivaldi-stable"),
                "com.vivaldi.Vivaldi"),
        Browser("firefox", "firefox", ".mozilla/native-messaging-hosts", _MAC + "Mozilla/NativeMessagingHosts",
                _MOZILLA_KEY, ".mozilla/firefox", "Firefox.app", r"Mozilla\Firefox", ("firefox", "firefox-esr"),
                "org.mozilla.firefox"),
        Browser("librewolf", "firefox", ".librewolf/native-messaging-hosts", _MAC + "LibreWolf/NativeMessagingHosts",
                _MOZILLA_KEY, ".librewolf", "LibreWolf.app", r"LibreWolf", ("librewolf",),
                "io.gitlab.librewolf-community"),
    )
}


def allowed_ids(browser: Browser, extra_ids: tuple[str, ...] = ()) -> list[str]:
    """The extension IDs a manifest admits: ours, and extra ones of the right family (Firefox IDs have an @)."""
    if browser.family == "chromium":
        return [CHROME_EXTENSION_ID, *[i for i in extra_ids if "@" not in i and i != CHROME_EXTENSION_ID]]
    return [FIREFOX_EXTENSION_ID, *[i for i in extra_ids if "@" in i and i != FIREFOX_EXTENSION_ID]]


def manifest_for(browser: Browser, launcher: Path, templates: Path, extra_ids: tuple[str, ...] = ()) -> dict:
    """The host manifest from the family's template in manifest/: Chrome family lists origins, Firefox IDs."""
    ids = allowed_ids(browser, extra_ids)
    allowed = [f"chrome-extension://{i}/" for i in ids] if browser.family == "chromium" else ids
    values = {"name": HOST_NAME, "description": DESCRIPTION, "path": str(launcher), "allowed": allowed}
    text = (templates / f"{browser.family}.json").read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", json.dumps(value))
    return json.loads(text)


def manifest_text(manifest: dict) -> str:
    return json.dumps(manifest, indent=2) + "\n"
