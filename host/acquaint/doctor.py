"""`acquaint doctor`: is every browser set up to reach the host, does the host answer, is the history sound?

Each problem comes with the exact command that fixes it.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import __version__, config, paths
from .browsers import BROWSERS, HOST_NAME, allowed_ids
from .errors import AcquaintError
from .history import History
from .installer import System, detect
from .messages import PROTOCOL_VERSION
from .output import plural

ROUND_TRIP_TIMEOUT = 20


@dataclass
class Finding:
    ok: bool
    subject: str
    message: str
    fix: str = ""


def _manifest_location(system: System, name: str) -> Path | None:
    browser = BROWSERS[name]
    if system.windows:
        value = system.registry.get_default(browser.registry_key()) if system.registry else None
        return Path(value) if value else None
    return browser.manifest_folder(system.name, system.home) / f"{HOST_NAME}.json"


def _round_trip(launcher: Path) -> tuple[bool, str]:
    """Frame a `hello` into the launcher, as the browser would, and read the answer."""
    body = json.dumps({"id": "doctor", "type": "hello", "extension_version": "doctor",
                       "protocol": PROTOCOL_VERSION}).encode()
    try:
        result = subprocess.run([str(launcher), "doctor"], input=struct.pack("@I", len(body)) + body,
                                capture_output=True, timeout=ROUND_TRIP_TIMEOUT, env=dict(os.environ))
    except (OSError, subprocess.TimeoutExpired) as error:
        return False, f"the launcher did not run: {error}"
    out = result.stdout
    if len(out) < 4 or len(out) < 4 + struct.unpack("@I", out[:4])[0]:
        stderr = result.stderr.decode("utf-8", "replace").strip().splitlines()
        return False, "the launcher answered no frame" + (f" ({stderr[-1]})" if stderr else "")
    try:
        reply = json.loads(out[4: 4 + struct.unpack("@I", out[:4])[0]])
    except ValueError:
        return False, "the launcher wrote something that is not a frame on stdout"
    if not reply.get("ok"):
        return False, f"the host answered an error: {reply.get('error')}"
    if reply.get("protocol") != PROTOCOL_VERSION:
        return False, f"the host speaks protocol {reply.get('protocol')}, this Acquaint {PROTOCOL_VERSION}"
    return True, f"the host answered hello (version {reply.get('host_version')}, protocol {reply.get('protocol')})"


def check_manifest(subject: str, path: Path, family_browser: str, fix: str, round_trips: dict) -> list[Finding]:
    browser = BROWSERS[family_browser]
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [Finding(False, subject, f"host manifest {path} does not read: {error}", fix)]
    problems = []
    if manifest.get("name") != HOST_NAME:
        problems.append(f"'name' is {manifest.get('name')!r}, not {HOST_NAME!r}")
    if manifest.get("type") != "stdio":
        problems.append("'type' is not 'stdio'")
    key = "allowed_origins" if browser.family == "chromium" else "allowed_extensions"
    ours = allowed_ids(browser)[0]
    wanted = f"chrome-extension://{ours}/" if browser.family == "chromium" else ours
    if wanted not in manifest.get(key, []):
        problems.append(f"'{key}' lacks {wanted}")
    launcher = Path(str(manifest.get("path", "")))
    if not launcher.is_absolute():
        problems.append(f"'path' {launcher} is not absolute")
    elif not launcher.exists():
        problems.append(f"the launcher {launcher} does not exist")
    elif os.name != "nt" and not os.access(launcher, os.X_OK):
        problems.append(f"the launcher {launcher} is not executable")
    if problems:
        return [Finding(False, subject, f"host manifest {path}: {'; '.join(problems)}", fix)]
    findings = [Finding(True, subject, f"host manifest {path}")]
    if launcher not in round_trips:
        round_trips[launcher] = _round_trip(launcher)
    ok, message = round_trips[launcher]
    findings.append(Finding(ok, subject, message, "" if ok else fix))
    return findings


def check_settings() -> Finding:
    """The host answers every check with settings_invalid while config.json is broken: say so, and which key."""
    try:
        config.load()
    except AcquaintError as error:
        return Finding(False, "settings", str(error), f"edit {paths.config_path()} (or delete it for the defaults)")
    where = paths.config_path()
    return Finding(True, "settings", f"{where}" if where.exists() else f"defaults (no {where})")


def check_history() -> Finding:
    history = History()
    try:
        snapshot = history.read()
        snapshot.segment("people/0")  # one part read and checked, beyond the version's own record
    except AcquaintError as error:
        return Finding(False, "history", str(error), "acquaint restore")
    if snapshot.manifest is None:
        return Finding(True, "history", f"no history yet at {history.path}; it is created on first use")
    versions = len(history.versions())
    counts = ", ".join((plural(len(snapshot.people), "person", "people"),
                        plural(snapshot.interaction_count, "interaction"), plural(versions, "restorable version")))
    return Finding(True, "history", f"{history.path}: {counts}")


def check_sync() -> Finding | None:
    """When the history syncs: the folder reachable, the other computers' files merged, no file refused."""
    from .sync import engine

    try:
        status = engine.status(History())
    except AcquaintError:
        return None  # the history finding says what is wrong
    if status is None:
        return None
    if status["problems"]:
        return Finding(False, "sync", "; ".join(status["problems"]), "acquaint sync status (docs/SYNC.md says more)")
    others = ", ".join(d["name"] for d in status["devices"]) or "no other computer yet"
    return Finding(True, "sync", f"{status['folder']}, as '{status['name']}', with {others}")


def diagnose(system: System, user_data_dirs: list[Path] = ()) -> list[Finding]:
    findings: list[Finding] = []
    round_trips: dict = {}
    detected = set(detect(system))
    for name in BROWSERS:
        fix = f"python3 install.py --browser {name}"
        location = _manifest_location(system, name)
        if location is None or not location.exists():
            if name in detected:
                findings.append(Finding(False, name, "found, but Acquaint's host is not set up for it", fix))
            continue
        findings += check_manifest(name, location, name, fix, round_trips)
    for folder in user_data_dirs:
        path = Path(folder) / "NativeMessagingHosts" / f"{HOST_NAME}.json"
        fix = f"python3 install.py --user-data-dir {folder}"
        if not path.exists():
            findings.append(Finding(False, f"profile {folder}", f"no host manifest at {path}", fix))
        else:
            findings += check_manifest(f"profile {folder}", path, "chromium", fix, round_trips)
    if not any(f.subject in BROWSERS or f.subject.startswith("profile") for f in findings):
        findings.append(Finding(False, "browsers", "Acquaint's host is not set up for any browser",
                                "python3 install.py (or --browser NAME for a browser it did not find)"))
    findings.append(check_settings())
    findings.append(check_history())
    sync = check_sync()
    if sync is not None:
        findings.append(sync)
    return findings


def report(findings: list[Finding]) -> tuple[str, int]:
    lines = [f"Acquaint doctor (version {__version__})"]
    for finding in findings:
        lines.append(f"  {'ok' if finding.ok else 'PROBLEM'}  {finding.subject}: {finding.message}")
        if finding.fix:
            lines.append(f"      fix: {finding.fix}")
    problems = sum(1 for f in findings if not f.ok)
    lines.append("All is well." if not problems else f"{problems} problem{'s' if problems > 1 else ''} found.")
    return "\n".join(lines) + "\n", 1 if problems else 0
