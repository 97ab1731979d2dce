"""The named errors Acquaint raises; each message says what is wrong and how to fix it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def quote(value: str, limit: int = 60) -> str:
    """A value from outside (a page, a file, a frame) as an error message or a log line may show it: quoted, at
    most `limit` characters, line breaks, controls, direction overrides and lone surrogates escaped."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


class AcquaintError(Exception):
    """A problem the user can act on. The message is complete: the CLI prints it after `Error: `. `code` is what
    the host answers with it (docs/PROTOCOL.md, "Error codes"); a subclass names its own."""

    code = "bad_request"


class HistoryCorrupted(AcquaintError):
    """A history that does not read. `good` names the newest good version ("version 41 of 2026-11-25 10:02")
    or is None when there is none; nothing is ever written over a history that does not read."""

    code = "history_unreadable"

    def __init__(self, path: Path | str, problem: str, good: str | None):
        self.path, self.problem, self.good = path, problem, good
        if good:
            fix = f"your newest good copy is {good} — run `acquaint restore` to put it back"
        else:
            fix = "no good copy was found; repair it by hand or move it away to start afresh"
        super().__init__(f"history {path} is unreadable ({problem}); it has not been changed; {fix}")

    def with_good(self, good: str | None) -> "HistoryCorrupted":
        return HistoryCorrupted(self.path, self.problem, good)


class HistoryMissing(HistoryCorrupted):
    """The history is gone but earlier versions of it are not: a new empty history would hide them."""

    def __init__(self, path: Path | str, good: str | None):
        super().__init__(path, "its current version is missing while earlier ones exist", good)


class HistoryUnwritable(AcquaintError):
    """The disk is full, read-only, or not ours to write: nothing was changed, and the message says why."""

    code = "history_unwritable"


class HistoryTooNew(AcquaintError):
    code = "history_too_new"

    def __init__(self, path: Path, version: int, supported: int):
        super().__init__(
            f"history file {path} has schema version {version}, but this Acquaint reads up to "
            f"version {supported}; upgrade Acquaint (python3 install.py)"
        )


class HistoryBusy(AcquaintError):
    code = "history_busy"


class UnknownPerson(AcquaintError):
    code = "unknown_person"


class AmbiguousPerson(AcquaintError):
    def __init__(self, reference: str, candidates: list[str]):
        self.candidates = candidates
        listed = "; ".join(candidates)
        super().__init__(
            f"{reference!r} matches {len(candidates)} people: {listed}. Name one by id (#N) or handle"
        )


class InvalidHandle(AcquaintError):
    pass


class InvalidDate(AcquaintError):
    pass


class InvalidValue(AcquaintError):
    pass


class SettingsInvalid(InvalidValue):
    code = "settings_invalid"


class Conflict(AcquaintError):
    pass


class NothingToUndo(AcquaintError):
    pass


class NothingToRestore(AcquaintError):
    """`acquaint restore` on a history whose current version reads whole: nothing is changed."""
