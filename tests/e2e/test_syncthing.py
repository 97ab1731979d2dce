"""Sync through a real sync engine: two Syncthing instances on loopback, two Acquaint homes, the native host
of each run as a browser runs it. An ask recorded through the laptop's host reaches the desktop's verdict."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostproc import HostProcess

from .conftest import require
from .syncthing import SYNCTHING, Syncthing

ASK = {"id": 1, "type": "check", "platform": "linkedin", "person": {"handle": "sam-lee-77", "name": "Sam Lee"},
       "request": {"text": "Hi! Great talking yesterday. Would you write me a recommendation?",
                   "url": "https://www.linkedin.com/messaging/thread/2-abc/"}}


def acquaint(home: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "acquaint.cli", *args], env={**os.environ, "ACQUAINT_HOME": str(home)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def wait_for(condition, what: str, engines, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.5)
    logs = "\n".join(f"--- {engine.name}:\n{engine.log()}" for engine in engines)
    pytest.fail(f"{what} did not happen within {timeout:.0f} s\n{logs}")


@pytest.fixture
def engines(tmp_path):
    require(SYNCTHING, "Syncthing", "syncthing")
    laptop, desktop = Syncthing(tmp_path, "laptop"), Syncthing(tmp_path, "desktop")
    laptop.share_with(desktop)
    desktop.share_with(laptop)
    laptop.start()
    desktop.start()
    yield laptop, desktop
    laptop.stop()
    desktop.stop()


def test_an_ask_recorded_on_the_laptop_shows_in_the_desktops_verdict_through_syncthing(engines, tmp_path):
    laptop, desktop = engines
    laptop_home, desktop_home = tmp_path / "laptop-home", tmp_path / "desktop-home"
    laptop_home.mkdir()
    desktop_home.mkdir()
    assert "started the shared history" in acquaint(laptop_home, "sync", "init", str(laptop.folder), "--name", "laptop")
    # The desktop joins once the laptop's first file has come through Syncthing.
    wait_for(lambda: any(p.name.startswith("snapshot-") for p in desktop.folder.glob("*/*.json.gz")),
             "the laptop's first file reaching the desktop", engines)
    assert "joined the history of laptop" in acquaint(desktop_home, "sync", "init", str(desktop.folder),
                                                       "--name", "desktop")

    on_laptop = HostProcess(laptop_home)
    try:
        verdict = on_laptop.ask(ASK)["verdict"]
        assert verdict["ask"] == "recommendation" and verdict["recorded"] is True
    finally:
        on_laptop.close()

    on_desktop = HostProcess(desktop_home)
    try:
        def asked_before():
            reply = on_desktop.ask({**ASK, "id": "again", "request": {
                "text": "Could you also endorse me for SQL?", "url": "https://www.linkedin.com/messaging/thread/2-abc/"}})
            return reply["verdict"] if "repeat_asker" in reply["verdict"]["flags"] else None

        verdict = wait_for(asked_before, "the laptop's ask reaching the desktop's verdict", engines)
        assert any("Sam asked" in reason for reason in verdict["reasons"]), verdict["reasons"]
        status = on_desktop.ask({"id": "s", "type": "sync_status"})["sync"]
        assert [d["name"] for d in status["devices"]] == ["laptop"] and status["problems"] == []
    finally:
        on_desktop.close()
    assert not list(laptop.folder.rglob("*conflict*")), "each computer wrote only its own files"
