"""The files of the history folder, behind a small interface: a real folder, or memory for tests.

A file is only ever written whole, under a temporary name, synced, and renamed into place: a reader sees the
old file or the new one, never half of either, and a process killed mid-write leaves at most a stray
temporary (removed by the next writer). A full disk, a read-only folder or a missing permission is raised as
HistoryUnwritable with one line saying what to do, after removing what this write had started.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import HistoryBusy, HistoryCorrupted, HistoryUnwritable
from .lock import FileLock, LockTimeout

TEMPORARY_PREFIX = ".tmp-"
NO_SPACE = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def _mount_point(path: Path) -> Path:
    path = path.resolve()
    while not os.path.ismount(path) and path != path.parent:
        path = path.parent
    return path


def unwritable(error: OSError, folder: Path, needed: int = 0) -> HistoryUnwritable:
    """The one line a user reads when the history cannot be written."""
    if error.errno in NO_SPACE:
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            free = 0
        short = max(needed - free, 0) + 10 * 1024 * 1024  # and some room to breathe
        return HistoryUnwritable(f"no space left on {_mount_point(folder)}: free {short / 1e6:.0f} MB and try "
                                 f"again (the history in {folder} is unchanged)")
    if error.errno in (errno.EROFS,):
        return HistoryUnwritable(f"{folder} is on a read-only disk: the history cannot be changed there")
    if error.errno in (errno.EACCES, errno.EPERM):
        return HistoryUnwritable(f"no permission to write in {folder}: fix its permissions "
                                 f"(chmod u+w) or set ACQUAINT_HOME to a folder you own")
    return HistoryUnwritable(f"cannot write in {folder}: {error.strerror or error}")


class FolderFiles:
    """Files in one folder on disk (symlinks followed: a history kept in a synced folder stays there)."""

    def __init__(self, folder: str | os.PathLike, lock_timeout: float = 30.0):
        self.given = Path(folder)
        self.lock_timeout = lock_timeout
        self._lock: FileLock | None = None
        self._resolved: Path | None = None

    @property
    def folder(self) -> Path:
        """Where the files really are (links followed: writing beside the real target, never replacing a link
        with a file). Resolved again each time the lock is taken, or on a read that finds nothing."""
        if self._resolved is None:
            self._resolved = self.given.resolve()
        return self._resolved

    def describe(self, name: str) -> str:
        return str(self.given / name)

    # -- reading ------------------------------------------------------------------------------------------------

    def read(self, name: str) -> bytes | None:
        """The file's bytes; None when it does not exist."""
        path = self.folder / name
        try:
            return path.read_bytes()
        except FileNotFoundError:
            if self._resolved is not None and self._resolved != self.given.resolve():  # the link was changed
                self._resolved = None
                return self.read(name)
            return None
        except IsADirectoryError:
            raise HistoryCorrupted(path, "it is a folder, not a file", None) from None
        except OSError as error:
            raise HistoryCorrupted(path, f"it cannot be read: {error.strerror or error}", None) from None

    def exists(self, name: str = "") -> bool:
        return (self.folder / name).exists() if name else self.given.exists()

    def names(self, folder: str) -> list[str]:
        """File names in a sub-folder, temporaries left out."""
        try:
            return sorted(n for n in os.listdir(self.folder / folder) if not n.startswith(TEMPORARY_PREFIX))
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            raise HistoryCorrupted(self.folder / folder, "it is a file, not a folder", None) from None

    def signature(self, name: str) -> tuple:
        """Changes whenever the file is replaced (every write makes a new inode)."""
        try:
            stat = os.stat(self.folder / name)
        except FileNotFoundError:
            return ("missing",)
        except OSError:  # the folder is a file, or not ours to read: reading says which
            return ("unreadable",)
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    # -- writing ------------------------------------------------------------------------------------------------

    def write(self, name: str, payload: bytes, *, sync_folder: bool = True) -> None:
        """Write `name` whole: temporary file, fsync, rename over the old one, fsync the folder (or leave that to
        one `sync_folders` call after many writes)."""
        target = self.folder / name
        folder = target.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=folder)
        except OSError as error:
            raise unwritable(error, self.given, len(payload)) from None
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise unwritable(error, self.given, len(payload)) from None
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        if sync_folder:
            _fsync_folder(folder)

    def sync_folders(self, *folders: str) -> None:
        """Make the renames into these sub-folders durable (before the write that points to them), all at once."""
        at_once([lambda folder=self.folder / name: _fsync_folder(folder)
                 for name in folders if (self.folder / name).is_dir()])

    def delete(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.folder / name)

    def remove_temporaries(self, folder: str = "") -> None:
        """Only a writer holding the lock calls this, so every temporary left is from a killed writer."""
        for leftover in (self.folder / folder).glob(f"{TEMPORARY_PREFIX}*"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    @contextlib.contextmanager
    def locked(self, timeout: float | None = None) -> Iterator[None]:
        """The one lock for writers (lock.py: released by the OS if the process dies). It sits beside the folder,
        so that taking it creates nothing a look-only change would leave behind. `timeout`: how long to wait for
        another writer, when not the usual `lock_timeout`."""
        self._resolved = None
        folder = self.folder
        lock_file = folder.parent / f"{folder.name}.lock"
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise unwritable(error, folder.parent) from None
        if self._lock is None or self._lock.path != lock_file:
            self._lock = FileLock(lock_file, timeout=self.lock_timeout)
        self._lock.timeout = self.lock_timeout if timeout is None else timeout
        try:
            self._lock.acquire()
        except LockTimeout:
            raise HistoryBusy(f"another Acquaint program has held the history ({self.given}) for over "
                              f"{self._lock.timeout:.0f} s; try again once it is done (a program that is killed lets "
                              "go by itself)") from None
        except OSError as error:
            raise unwritable(error, folder) from None
        try:
            yield
        finally:
            self._lock.release()


class MemoryFiles:
    """The same interface in memory, for tests of everything above the disk."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.writes = 0
        self.given = Path("<memory>")

    @property
    def folder(self) -> Path:
        return self.given

    def describe(self, name: str) -> str:
        return f"<memory>/{name}"

    def read(self, name: str) -> bytes | None:
        return self.files.get(name)

    def exists(self, name: str = "") -> bool:
        return name in self.files if name else bool(self.files)

    def names(self, folder: str) -> list[str]:
        prefix = folder.rstrip("/") + "/"
        return sorted(n[len(prefix):] for n in self.files if n.startswith(prefix) and "/" not in n[len(prefix):])

    def signature(self, name: str) -> tuple:
        return ("memory", self.writes) if name in self.files else ("missing",)

    def write(self, name: str, payload: bytes, *, sync_folder: bool = True) -> None:
        self.files[name] = bytes(payload)
        self.writes += 1

    def sync_folders(self, *folders: str) -> None:
        pass

    def delete(self, name: str) -> None:
        self.files.pop(name, None)

    def remove_temporaries(self, folder: str = "") -> None:
        pass

    @contextlib.contextmanager
    def locked(self, timeout: float | None = None) -> Iterator[None]:
        yield


def at_once(calls: list) -> None:
    """Run the calls side by side (each waits on the disk, which lets the others run: a commit's few fsyncs then
    take about as long as one) and raise the first failure once all are done."""
    if len(calls) < 2:
        for call in calls:
            call()
        return
    import threading

    failures: list[BaseException] = []

    def run(call) -> None:
        try:
            call()
        except BaseException as error:  # handed to the caller below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable. Windows cannot open folders; its rename is durable enough."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
