"""The history file on disk: one lock for writers, atomic replacement, rolling backups, refusing damage.

TinyDB's own JSONStorage rewrites its file in place (seek, write, truncate): a crash mid-write or a second
writer corrupts it, and a reader can see half a file. This storage never writes the live file: it writes a
temporary file in the same folder, fsyncs it, renames it over the live one (atomic on POSIX and Windows)
and fsyncs the folder. A reader therefore sees the old or the new file, whole, and needs no lock. Writers
take an inter-process lock around their whole read-modify-write (see history.History.change).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator

from filelock import FileLock, Timeout
from tinydb.storages import Storage

from .errors import HistoryBusy, HistoryCorrupted, InvalidValue

BACKUP_COUNT = 5
LOCK_TIMEOUT_SECONDS = 30.0


def backup_path(path: Path, number: int) -> Path:
    return path.with_name(f"{path.name}.bak-{number}")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing a large history makes millions of dicts, and the cyclic collector rescans them again and
    again (about a third of the parse time at 30,000 people). JSON holds no reference cycles, so pausing
    it loses nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_history(raw: bytes) -> dict:
    """The decoded file, or ValueError saying what is wrong with it (in words a user can act on)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 at byte {error.start}") from None
    try:
        with gc_paused():
            data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        raise ValueError("not an Acquaint history: expected an object of tables")
    return data


def serialize(data: dict) -> bytes:
    """The history as bytes; InvalidValue (before any file is touched) for text that is not valid Unicode."""
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError as error:
        bad = error.object[max(0, error.start - 20):error.end + 20].encode("utf-8", "backslashreplace").decode()
        raise InvalidValue(f"text with an unpaired surrogate cannot be stored (near {bad!r}); nothing was changed") \
            from None


class SafeJSONStorage(Storage):
    """A TinyDB storage that is safe across processes and crashes. `read()` returns None for no file."""

    def __init__(self, path: str | os.PathLike, backups: int = BACKUP_COUNT):
        self.path = Path(path)
        self.backups = backups
        self._lock = FileLock(str(self.path.with_name(self.path.name + ".lock")), timeout=LOCK_TIMEOUT_SECONDS)

    # -- the TinyDB Storage interface -------------------------------------------------------------

    def read(self) -> dict | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            return parse_history(raw)
        except ValueError as error:
            raise HistoryCorrupted(self.path, str(error), self.newest_good_backup()) from None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        # Serialise before touching anything, so that a value JSON cannot hold changes nothing on disk.
        payload = serialize(data)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temporaries()
        descriptor, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.tmp-", dir=self.path.parent)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            self._rotate_backups()
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _fsync_folder(self.path.parent)

    def close(self) -> None:
        pass

    def signature(self) -> tuple:
        """Changes whenever the file is replaced (every write makes a new inode): a cheap "did it change?"."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return ("missing",)
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    # -- locking, backups -------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except Timeout:
            raise HistoryBusy(
                f"another Acquaint process has held the lock on {self.path} for over "
                f"{LOCK_TIMEOUT_SECONDS:.0f} s; try again, or stop the process that hangs"
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def backup_paths(self) -> list[Path]:
        """Existing backups, newest first."""
        paths = (backup_path(self.path, n) for n in range(1, self.backups + 1))
        return [p for p in paths if p.exists()]

    def newest_good_backup(self) -> Path | None:
        for candidate in self.backup_paths():
            try:
                parse_history(candidate.read_bytes())
            except (OSError, ValueError):
                continue
            return candidate
        return None

    def _rotate_backups(self) -> None:
        """Keep the file about to be replaced as backup 1, shifting older ones down.

        A copy, not a hard link: a link would share the live file's inode, so damage done to the file in
        place (a disk fault, another program) would reach the backup too. Not a rename either: between
        two renames the live file would be missing and a reader would see an empty history."""
        if not self.path.exists() or self.backups < 1:
            return
        oldest = backup_path(self.path, self.backups)
        with contextlib.suppress(FileNotFoundError):
            oldest.unlink()
        for number in range(self.backups - 1, 0, -1):
            with contextlib.suppress(FileNotFoundError):
                os.replace(backup_path(self.path, number), backup_path(self.path, number + 1))
        # Copied under a temporary name and renamed, so that a crash mid-copy leaves no half backup.
        descriptor, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.tmp-", dir=self.path.parent)
        os.close(descriptor)
        shutil.copy2(self.path, temporary)
        os.replace(temporary, backup_path(self.path, 1))

    def _remove_stale_temporaries(self) -> None:
        # Only a writer holding the lock gets here, so every temporary left is from a killed writer.
        for leftover in self.path.parent.glob(f".{self.path.name}.tmp-*"):
            with contextlib.suppress(OSError):
                leftover.unlink()


class MemoryHistoryStorage(Storage):
    """The same interface kept in memory, for tests of everything above the disk."""

    def __init__(self, data: dict | None = None):
        self.data = json.loads(json.dumps(data)) if data is not None else None
        self.path = Path("<memory>")
        self.writes = 0

    def read(self) -> dict | None:
        return json.loads(json.dumps(self.data)) if self.data is not None else None

    def write(self, data: dict) -> None:
        self.data = json.loads(serialize(data))
        self.writes += 1

    def signature(self) -> tuple:
        return ("memory", self.writes)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        yield

    def backup_paths(self) -> list[Path]:
        return []

    def newest_good_backup(self) -> Path | None:
        return None


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable. Windows cannot open folders; its rename is durable enough."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
