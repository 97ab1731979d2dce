"""Several processes at once, and processes killed mid-write: the history loses nothing and never breaks."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from acquaint.history import History
from acquaint.interactions import log_interaction
from acquaint.people import add_person
from acquaint.storage import SafeJSONStorage, parse_history
from conftest import NOW

WRITER = Path(__file__).parent / "helpers" / "writer.py"


def _start_writer(home: Path, name: str, count: int) -> subprocess.Popen:
    env = {**os.environ, "ACQUAINT_HOME": str(home)}
    return subprocess.Popen([sys.executable, str(WRITER), name, str(count)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _counts(home: Path) -> dict[str, int]:
    data = parse_history((home / "history.json").read_bytes())
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
    history = History(SafeJSONStorage(home / "history.json"))
    with history.change("seed") as tx:
        for n in range(people):
            person_id = add_person(tx, f"Seed {n}", [("email", f"seed{n}@example.com")], now=NOW)
            log_interaction(tx, person_id, "call", at=NOW, note="x" * 40, now=NOW)


def test_a_writer_killed_at_random_moments_never_leaves_a_broken_history(home):
    _seed_large_history(home, 3000)
    rng = random.Random(20261126)
    path = home / "history.json"
    last_count = 0
    for _ in range(25):
        process = _start_writer(home, "victim", 0)
        process.stdout.readline()  # it has committed at least once: the kill lands in the steady loop
        time.sleep(rng.uniform(0.0, 0.25))
        process.send_signal(signal.SIGKILL)
        process.wait()
        data = parse_history(path.read_bytes())  # raises if the file is half-written
        count = _counts(home).get("victim", 0)
        assert count >= last_count, "a committed change was lost"
        last_count = count
        assert data["meta"]["1"]["schema_version"] >= 1
        for backup in History(SafeJSONStorage(path)).storage.backup_paths():
            parse_history(backup.read_bytes())
    assert last_count > 25
    # The lock died with the writer: a new process can still write, and its change lands.
    follower = _start_writer(home, "after", 1)
    assert follower.wait(timeout=60) == 0
    assert _counts(home)["after"] == 1


def test_a_reader_never_sees_half_a_file(home):
    _seed_large_history(home, 2000)
    path = home / "history.json"
    writer = _start_writer(home, "busy", 0)
    try:
        writer.stdout.readline()
        deadline = time.monotonic() + 3
        reads = 0
        while time.monotonic() < deadline:
            json.loads(path.read_bytes())
            reads += 1
        assert reads > 10
    finally:
        writer.kill()
        writer.wait()


DIE = Path(__file__).parent / "helpers" / "die_during_write.py"


def _names(path: Path) -> set[str]:
    return {p["name"] for p in parse_history(path.read_bytes())["people"].values()}


@pytest.mark.parametrize("step", ["temp-written", "rotating", "before-rename", "after-rename"])
def test_killed_at_each_step_of_a_write_leaves_the_old_or_the_new_history(home, step):
    path = home / "history.json"
    history = History(SafeJSONStorage(path))
    for n in range(7):  # enough writes for a full set of backups to rotate
        with history.change("setup") as tx:
            add_person(tx, f"Person {n}", [("email", f"p{n}@example.com")], now=NOW)
    before = _names(path)
    env = {**os.environ, "ACQUAINT_HOME": str(home)}
    result = subprocess.run([sys.executable, str(DIE), step], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr
    after = _names(path)
    expected_new = step == "after-rename"
    assert after == (before | {"Doomed Write"} if expected_new else before)
    # Whatever the instant, the next change goes through and keeps everything.
    with history.change("next") as tx:
        add_person(tx, "Next", [("email", "next@example.com")], now=NOW)
    assert _names(path) == after | {"Next"}
    assert not list(home.glob(".history.json.tmp-*"))
    for backup in history.storage.backup_paths():
        parse_history(backup.read_bytes())
