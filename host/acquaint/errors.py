"""The named errors Acquaint raises; each message says what is wrong and how to fix it."""

from __future__ import annotations

from pathlib import Path


class AcquaintError(Exception):
    """A problem the user can act on. The message is complete: the CLI prints it after `Error: `."""


class HistoryCorrupted(AcquaintError):
    def __init__(self, path: Path, problem: str, backup: Path | None):
        self.path, self.problem, self.backup = path, problem, backup
        if backup:
            fix = f"your newest good copy is {backup.name} — run `acquaint restore` to use it"
        else:
            fix = "no good backup was found; repair the file by hand or move it away to start afresh"
        super().__init__(
            f"history file {path} is unreadable ({problem}); it has not been changed; {fix}"
        )


class HistoryTooNew(AcquaintError):
    def __init__(self, path: Path, version: int, supported: int):
        super().__init__(
            f"history file {path} has schema version {version}, but this Acquaint reads up to "
            f"version {supported}; upgrade Acquaint (python3 install.py)"
        )


class HistoryBusy(AcquaintError):
    pass


class UnknownPerson(AcquaintError):
    pass


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
    pass


class Conflict(AcquaintError):
    pass


class NothingToUndo(AcquaintError):
    pass
