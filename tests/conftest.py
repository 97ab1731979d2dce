"""Shared fixtures: an isolated ACQUAINT_HOME, a history on either backend, and an in-process CLI runner."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from acquaint.cli import Context, main
from acquaint.history import History
from acquaint.storage import MemoryHistoryStorage, SafeJSONStorage

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "acquaint-home"
    folder.mkdir()
    monkeypatch.setenv("ACQUAINT_HOME", str(folder))
    return folder


@pytest.fixture(params=["memory", "file"])
def history(request, home) -> History:
    """The same tests against the in-memory backend and the real file, as tinydb's own suite does."""
    if request.param == "memory":
        return History(MemoryHistoryStorage())
    return History(SafeJSONStorage(home / "history.json"))


@dataclass
class Result:
    code: int
    out: str
    err: str


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def cli(home):
    """Run `acquaint ARGS…` in-process against the home folder's history; `answer` feeds a prompt."""

    def run(*args: str, answer: str | None = None, now: datetime = NOW) -> Result:
        out, err = io.StringIO(), io.StringIO()
        stdin = _Terminal(answer + "\n") if answer is not None else io.StringIO()
        context = Context(out=out, err=err, stdin=stdin, now=now,
                          history=History(SafeJSONStorage(home / "history.json")))
        # argparse writes usage errors and --help to sys.stdout/sys.stderr itself.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args), context)
            except SystemExit as exit:
                code = exit.code
        return Result(code, out.getvalue(), err.getvalue())

    return run
