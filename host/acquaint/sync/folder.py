"""The shared folder: one subfolder per device, written only by that device, of files never changed once written.

    <folder>/<device id>/log-00000007-<sha256[:16]>.json.gz       changes this device made (a batch)
    <folder>/<device id>/snapshot-00000040-<sha256[:16]>.json.gz  all this device's writes still current, up
                                                                  to log 40 (the logs it covers are deleted)

A file is written under a temporary name and renamed, so a sync tool sees it whole; its name carries the hash
of its bytes, so a file that arrives partially (Dropbox, iCloud and OneDrive show files while they download) is
known and waited for. Sync tools' own temporary files (`.syncthing.*.tmp`, `~$…`, `.dropbox…`, `.*.icloud`)
are never read. A "conflicted copy" one of them made anyway is read like any file of its device: its content is
checked, and what it holds merges like everything else (merging the same change twice changes nothing).

Every file holds a header — the format, the history it belongs to (`group`), the device and its name — and the
changes (crdt.py's deltas).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ..encoding import dumps, loads
from .crdt import check_delta

FORMAT = 1
_NAME = re.compile(r"^(log|snapshot)-(\d{8})-([0-9a-f]{16})(.*)\.gz$")
_DEVICE = re.compile(r"^[0-9a-f]{12}$")


class FolderProblem(Exception):
    """The folder cannot be used now (missing, offline, not writable): nothing was lost, the changes wait."""


class BadFile(Exception):
    """A file that is not a file of this history's; the message says which and why."""


class Incomplete(BadFile):
    """A file that has not arrived whole yet (or was cut short): waited for."""


@dataclass(frozen=True, order=True)
class SyncFile:
    counter: int
    kind: str  # "log" or "snapshot"
    digest: str
    name: str
    size: int = field(default=0, compare=False)  # known for a file this device just wrote

    @property
    def conflict_copy(self) -> bool:
        return self.name != f"{self.kind}-{self.counter:08d}-{self.digest}.json.gz"


class SyncFolder:
    def __init__(self, path: str | os.PathLike, durable: bool = True):
        self.path = Path(path)
        self.durable = durable

    def check(self) -> None:
        if not self.path.is_dir():
            raise FolderProblem(f"the sync folder {self.path} is missing (offline, unmounted or moved?)")

    def devices(self) -> list[str]:
        self.check()
        try:
            return sorted(entry.name for entry in os.scandir(self.path) if entry.is_dir() and _DEVICE.match(entry.name))
        except OSError as error:
            raise FolderProblem(f"the sync folder {self.path} cannot be read: {error.strerror}") from None

    def files(self, device: str) -> list[SyncFile]:
        """The device's files, in order; temporary files of sync tools are left out."""
        try:
            names = os.listdir(self.path / device)
        except FileNotFoundError:
            return []
        except OSError as error:
            raise FolderProblem(f"{self.path / device} cannot be read: {error.strerror}") from None
        found = []
        for name in names:
            match = _NAME.match(name)
            if match and not name.startswith((".", "~")):
                found.append(SyncFile(int(match[2]), match[1], match[3], name))
        return sorted(found)

    def read(self, device: str, file: SyncFile, group: str | None) -> dict:
        """The file's header and changes, checked. BadFile if it is incomplete, damaged, or not of this history."""
        where = f"{device}/{file.name}"
        try:
            raw = (self.path / device / file.name).read_bytes()
        except FileNotFoundError:
            raise Incomplete(f"{where} went away while being read") from None
        except OSError as error:
            raise BadFile(f"{where} cannot be read: {error.strerror}") from None
        whole = hashlib.sha256(raw).hexdigest()[:16] == file.digest
        if not whole and not file.conflict_copy:
            raise Incomplete(f"{where} has not arrived whole yet")
        try:
            content = loads(gzip.decompress(raw))
        except (OSError, EOFError, ValueError):
            raise Incomplete(f"{where} is incomplete or damaged") from None
        _check_content(content, where, device, file)
        if group is not None and content["group"] != group:
            raise BadFile(f"{where} belongs to another history (made by '{content['name']}'): not merged")
        return content

    def write(self, device: str, kind: str, counter: int, header: dict, changes: list[dict]) -> SyncFile:
        content = {"format": FORMAT, **header, "device": device, "kind": kind, "counter": counter, "changes": changes}
        raw = gzip.compress(dumps(content), compresslevel=6, mtime=0)
        digest = hashlib.sha256(raw).hexdigest()[:16]
        file = SyncFile(counter, kind, digest, f"{kind}-{counter:08d}-{digest}.json.gz", len(raw))
        folder = self.path / device
        temporary = folder / f".{file.name}.{secrets.token_hex(4)}.tmp"
        try:
            self.check()
            folder.mkdir(exist_ok=True)
            with open(temporary, "wb") as out:
                out.write(raw)
                if self.durable:
                    out.flush()
                    os.fsync(out.fileno())
            os.replace(temporary, folder / file.name)
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise FolderProblem(f"cannot write to the sync folder {self.path}: {error.strerror}") from None
        return file

    def delete(self, device: str, file: SyncFile) -> None:
        with contextlib.suppress(OSError):
            (self.path / device / file.name).unlink()


def _check_content(content: object, where: str, device: str, file: SyncFile) -> None:
    if not isinstance(content, dict):
        raise BadFile(f"{where} is not a file of Acquaint's")
    if not isinstance(content.get("format"), int) or content["format"] > FORMAT:
        raise BadFile(f"{where} was written by a newer Acquaint: upgrade this computer's to merge it")
    for key in ("group", "name", "device", "kind"):
        if not isinstance(content.get(key), str):
            raise BadFile(f"{where} has no '{key}' in its header")
    if content["device"] != device or content["kind"] != file.kind or content.get("counter") != file.counter:
        raise BadFile(f"{where} does not say it is this device's file {file.counter}: not merged")
    changes = content.get("changes")
    if not isinstance(changes, list):
        raise BadFile(f"{where} holds no list of changes")
    try:
        for delta in changes:
            check_delta(delta)
    except ValueError as error:
        raise BadFile(f"{where}: {error}") from None
