"""Shared fixtures: an isolated ACQUAINT_HOME, a history on either backend, and an in-process CLI runner."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest

from acquaint.cli import Context, main
from acquaint.files import FolderFiles, MemoryFiles
from acquaint.history import History
from acquaint.store import StaleSnapshot

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def _home_entries(home: Path, depth: int = 3) -> set[str]:
    found, level = set(), [home]
    for _ in range(depth):
        following = []
        for folder in level:
            with contextlib.suppress(OSError):
                for entry in folder.iterdir():
                    found.add(str(entry.relative_to(home)))
                    if entry.is_dir() and not entry.is_symlink():
                        following.append(entry)
        level = following
    return found


@pytest.fixture(scope="session", autouse=True)
def real_home_left_as_it_was():
    """Tests leave the machine as they found it: no browser profile, NSS database, crash report or history in the
    real HOME (a browser started without its own HOME wrote three)."""
    home = Path.home()
    before = _home_entries(home)
    yield
    added = sorted(_home_entries(home) - before)
    assert not added, f"the tests wrote into the real HOME ({home}): {added[:10]}"


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "acquaint-home"
    folder.mkdir()
    monkeypatch.setenv("ACQUAINT_HOME", str(folder))
    return folder


def history_at(home: Path, **files_options) -> History:
    """The history in a home folder, as the CLI and the host open it (ACQUAINT_HOME=home)."""
    return History(FolderFiles(home / "history", **files_options), home / "history.json")


def read_history(home: Path) -> dict:
    """The whole history in a home folder, as one object of tables keyed by id (strings, as in JSON). Read
    again if a writer prunes the version meanwhile, as the CLI does."""
    for _ in range(10):
        try:
            return history_at(home).read().as_dict()
        except StaleSnapshot:
            continue
    raise AssertionError("the history kept changing while it was read")


def fingerprint(home: Path) -> dict[str, str]:
    """Every file under a home folder and a hash of its content: for "nothing was written" checks."""
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file() and not p.name.endswith(".lock")}


def stored_text(folder: Path) -> str:
    """Everything written under a folder as text, compressed files opened: for "this is kept nowhere" checks."""
    texts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            texts.append((gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", "replace"))
    return "\n".join(texts)


@pytest.fixture(params=["memory", "file"])
def history(request, home) -> History:
    """The same tests against the in-memory backend and the real folder, as tinydb's own suite does."""
    if request.param == "memory":
        return History(MemoryFiles())
    return history_at(home)


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
                          history=history_at(home))
        # argparse writes usage errors and --help to sys.stdout/sys.stderr itself.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args), context)
            except SystemExit as exit:
                code = exit.code
        return Result(code, out.getvalue(), err.getvalue())

    return run
