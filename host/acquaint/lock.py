"""The one lock for writers: an OS lock on a file beside the history (fcntl on POSIX, msvcrt on Windows).

The OS releases it when the process dies, however it dies, so a killed writer never leaves the history locked.
Written here rather than taken from `filelock`, which Acquaint used before: it does the same with these two
calls, but importing it costs 70–90 ms, a third of what `acquaint log` may take in all.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

POLL_SECONDS = 0.02

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


class LockTimeout(Exception):
    """Another process held the lock for longer than the wait allowed."""


class FileLock:
    """An exclusive lock on `path`, waited for at most `timeout` seconds. Not re-entrant."""

    def __init__(self, path: Path, timeout: float):
        self.path = Path(path)
        self.timeout = timeout
        self._descriptor: int | None = None

    def acquire(self) -> None:
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        while not _try_lock(descriptor):
            if time.monotonic() >= deadline:
                os.close(descriptor)
                raise LockTimeout(str(self.path))
            time.sleep(POLL_SECONDS)
        self._descriptor = descriptor

    def release(self) -> None:
        if self._descriptor is None:
            return
        try:
            _unlock(self._descriptor)
        finally:
            os.close(self._descriptor)
            self._descriptor = None
