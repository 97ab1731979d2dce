"""Several processes at once, and processes killed mid-write: the history loses nothing and never breaks."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from acquaint.interactions import log_interaction
from acquaint.people import add_person
from acquaint.store import digests_of
from conftest import NOW, history_at, read_history

WRITER = Path(__file__).parent / "helpers" / "writer.py"


def _start_writer(home: Path, name: str, count: int) -> subprocess.Popen:
    env = {**os.environ, "ACQUAINT_HOME": str(home)}
    return subprocess.Popen([sys.executable, str(WRITER), name, str(count)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _counts(home: Path) -> dict[str, int]:
    data = read_history(home)
    names = {pid: p["name"] for pid, p in data["people"].items()}
    counts: dict[str, int] = {}
    for interaction in data["interactions"].values():
        name = names[str(interaction["person"])]
        counts[name] = counts.get(name, 0) + 1
    return counts


def test_processes_writing_at_once_lose_nothing(home):
    writers = {f"writer{n}": 25 for n in range(4)}
    processes = [_start_writer(home, name, count) for name, count in writers.items()]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert _counts(home) == writers


def _seed_large_history(home: Path, people: int) -> None:
    """A history big enough that a write takes a while, so that kills land inside writes too."""
    history = history_at(home)
    with history.change("seed") as tx:
        for n in range(people):
            person_id = add_person(tx, f"Seed {n}", [("email", f"seed{n}@example.com")], now=NOW)
            log_interaction(tx, person_id, "call", at=NOW, note="x" * 40, now=NOW)


@pytest.mark.slow
def test_a_writer_killed_at_random_moments_never_leaves_a_broken_history(home):
    _seed_large_history(home, 3000)
    rng = random.Random(20261126)
    last_count = 0
    for _ in range(25):
        process = _start_writer(home, "victim", 0)
        process.stdout.readline()  # it has committed at least once: the kill lands in the steady loop
        time.sleep(rng.uniform(0.0, 0.25))
        process.send_signal(signal.SIGKILL)
        process.wait()
        count = _counts(home).get("victim", 0)  # reads every part: raises if any is half-written
        assert count >= last_count, "a committed change was lost"
        last_count = count
        history = history_at(home)
        assert all(history.store.readable(version) for version in history.versions())
    assert last_count > 25
    # The lock died with the writer: a new process can still write, and its change lands.
    follower = _start_writer(home, "after", 1)
    assert follower.wait(timeout=60) == 0
    assert _counts(home)["after"] == 1


def test_a_reader_never_sees_half_a_version(home):
    _seed_large_history(home, 2000)
    writer = _start_writer(home, "busy", 0)
    try:
        writer.stdout.readline()
        deadline = time.monotonic() + 3
        reads = 0
        while time.monotonic() < deadline:
            data = read_history(home)  # a fresh reader each time, as the CLI is
            assert all(str(i["person"]) in data["people"] for i in data["interactions"].values())
            reads += 1
        assert reads > 5
    finally:
        writer.kill()
        writer.wait()


DIE = Path(__file__).parent / "helpers" / "die_during_write.py"


def _names(home: Path) -> set[str]:
    return {p["name"] for p in read_history(home)["people"].values()}


DOOMED = {f"Doomed Write {n}" for n in range(5)}


@pytest.mark.parametrize("step", ["segment-temp-written", "between-segments", "manifest-written", "head-temp-written",
                                  "after-commit", "while-pruning"])
def test_killed_at_each_step_of_a_commit_leaves_the_old_or_the_new_history(home, step):
    history = history_at(home)
    for n in range(7):  # enough versions for pruning to have work
        with history.change("setup") as tx:
            add_person(tx, f"Person {n}", [("email", f"p{n}@example.com")], now=NOW)
    before = _names(home)
    env = {**os.environ, "ACQUAINT_HOME": str(home)}
    result = subprocess.run([sys.executable, str(DIE), step], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr
    after = _names(home)
    expected_new = step in ("after-commit", "while-pruning")
    assert after == (before | DOOMED if expected_new else before)
    # Whatever the instant, the next change goes through, keeps everything, and clears what the kill left.
    with history.change("next") as tx:
        add_person(tx, "Next", [("email", "next@example.com")], now=NOW)
    assert _names(home) == after | {"Next"}
    assert not [p for p in (home / "history").rglob(".tmp-*")]
    versions = history.versions()
    assert len(versions) == 5 and all(history.store.readable(v) for v in versions)
    used = {digest for v in versions for digest in digests_of(v)}
    assert {p.stem for p in (home / "history" / "segments").iterdir()} == used, "no orphan segments stay"
