#!/usr/bin/env python3
"""How fast Acquaint answers and writes at 30,000 people and 300,000 interactions, beside TinyDB on the same data.

usage: python bench/history_benchmark.py [--people 30000] [--interactions 300000] [--seed 20261126]

Builds a synthetic history as a one-file TinyDB history (Acquaint 0.2's history.json), lets Acquaint move it into
its folder (timed: the migration a user meets once), and then measures what the browser and the user wait for:

- acquaint-host, through real pipes as the browser runs it: cold start to first verdict, warm checks, a check
  that records an ask, a quick action from the popup (`log`), the first check after an outside write, peak memory;
- `acquaint log`, `acquaint show`, `acquaint --help` as whole processes;
- the disk the history folder takes, against the live data (one version's segments).

Beside each, the same operation on the same data done the plain way: TinyDB with its JSONStorage (every read
and write goes through the whole file) and TinyDB with CachingMiddleware (reads from memory; a write is durable
only at flush, which rewrites the whole file). Each line prints the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "host"))

KINDS = [("message", "in"), ("message", "out"), ("call", "both"), ("meeting", "both"), ("favor-given", "out"),
         ("favor-received", "in"), ("ask", "in"), ("connected", "both")]
STAMP = "2026-01-01T00:00:00Z"
X_ID_BASE = 1_700_000_000_000_000_000


# -- the data ------------------------------------------------------------------------------------------------

def build_history(path: Path, people: int, interactions: int, rng: random.Random) -> None:
    """A schema-3 history.json, as Acquaint 0.2 wrote it and TinyDB reads it."""
    people_table = {
        str(n): {"name": f"Person {n}", "handles": {"linkedin": [f"person-{n}-abc"], "x": [f"user{n}"],
                                                    "x_id": [str(X_ID_BASE + n)]},
                 "emails": [], "aliases": [], "notes": "", "tags": [], "closeness": None, "ignored": False,
                 "not_identities": [], "created": STAMP, "updated": STAMP}
        for n in range(1, people + 1)
    }
    interaction_table = {}
    for n in range(1, interactions + 1):
        kind, direction = rng.choice(KINDS)
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1_790_000_000 - rng.randrange(1, 3650) * 86400))
        interaction_table[str(n)] = {"person": rng.randrange(1, people + 1), "kind": kind, "direction": direction,
                                     "at": at, "note": "", "source": "import", "key": f"bench:{n}",
                                     "recorded": STAMP}
    data = {"meta": {"1": {"schema_version": 3, "created": STAMP}}, "people": people_table,
            "interactions": interaction_table, "undo": {}, "dismissed": {}}
    path.write_text(json.dumps(data, separators=(",", ":")))


def random_person(rng: random.Random, people: int) -> tuple[int, dict]:
    n = rng.randrange(1, people + 1)
    return n, rng.choice([{"platform": "linkedin", "person": {"handle": f"person-{n}-abc"}},
                          {"platform": "x", "person": {"id": str(X_ID_BASE + n)}}])


# -- Acquaint ------------------------------------------------------------------------------------------------

def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return struct.pack("@I", len(body)) + body


class Host:
    """acquaint-host as the browser starts it."""

    def __init__(self, env: dict):
        self.process = subprocess.Popen([sys.executable, "-m", "acquaint.host"], env=env, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.sent = 0

    def ask(self, message: dict) -> tuple[dict, float]:
        self.sent += 1
        data = frame({"id": self.sent, **message})
        begin = time.perf_counter()
        self.process.stdin.write(data)
        self.process.stdin.flush()
        (length,) = struct.unpack("@I", self.process.stdout.read(4))
        reply = json.loads(self.process.stdout.read(length))
        elapsed = time.perf_counter() - begin
        if not reply.get("ok"):
            raise SystemExit(f"the host refused {message}: {reply}")
        return reply, elapsed

    def peak_mib(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def wall(command: list[str], env: dict) -> float:
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-m", "acquaint.cli", *command], env=env, check=True, capture_output=True)
    return time.perf_counter() - begin


def measure_acquaint(home: Path, people: int, rng: random.Random, rounds: int) -> dict:
    env = {**os.environ, "ACQUAINT_HOME": str(home)}
    figures = {"cold": []}
    for _ in range(5):  # one start is one sample of a noisy disk and scheduler: five, each a new process
        begin = time.perf_counter()
        host = Host(env)
        _, who = random_person(rng, people)
        host.ask({"type": "check", **who, "request": {"text": "hi"}, "record": False})
        figures["cold"].append(time.perf_counter() - begin)
        host.close()
    host = Host(env)
    figures["check"] = [host.ask({"type": "check", **random_person(rng, people)[1], "request": {"text": "hi"},
                                  "record": False})[1] for _ in range(rounds * 10)]
    recorded = []
    for n in range(rounds):
        reply, elapsed = host.ask({"type": "check", **random_person(rng, people)[1], "record": True,
                                   "request": {"text": f"Could you retweet my launch post number {n}?"}})
        if not reply["verdict"]["recorded"]:
            raise SystemExit(f"the ask was not recorded: {reply}")
        recorded.append(elapsed)
    figures["record"] = recorded
    figures["quick"] = [host.ask({"type": "log", **random_person(rng, people)[1], "kind": "favor-received"})[1]
                        for _ in range(rounds)]
    after = []
    for _ in range(5):
        n, who = random_person(rng, people)
        wall(["log", f"linkedin:person-{n}-abc", "call"], env)
        after.append(host.ask({"type": "check", **who, "request": {"text": "hi"}, "record": False})[1])
    figures["after_outside_write"] = after
    figures["peak_mib"] = host.peak_mib()
    host.close()
    figures["cli_log"] = [wall(["log", f"linkedin:person-{random_person(rng, people)[0]}-abc", "call"], env)
                          for _ in range(5)]
    figures["cli_show"] = [wall(["show", f"linkedin:person-{random_person(rng, people)[0]}-abc"], env)
                           for _ in range(5)]
    figures["cli_help"] = [wall(["--help"], env) for _ in range(5)]
    return figures


def disk_use(folder: Path) -> tuple[int, int]:
    """Bytes of the whole history folder, and of the current version's segments (the live data)."""
    from acquaint.store import digests_of

    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    seq = json.loads((folder / "HEAD").read_text())["manifest"]
    manifest = json.loads((folder / "manifests" / f"{seq:09d}.json").read_text())
    live = sum((folder / "segments" / f"{d}.json").stat().st_size for d in digests_of(manifest))
    return total, live


# -- TinyDB, the plain way -------------------------------------------------------------------------------------

def measure_tinydb(path: Path, people: int, rng: random.Random, rounds: int, caching: bool) -> dict:
    """The lookup and the writes of a check done with TinyDB Queries on the same history file."""
    from tinydb import Query, TinyDB
    from tinydb.middlewares import CachingMiddleware
    from tinydb.storages import JSONStorage

    figures = {}
    begin = time.perf_counter()
    database = TinyDB(path, storage=CachingMiddleware(JSONStorage) if caching else JSONStorage)
    person, interaction = Query(), Query()

    def lookup() -> int:
        n, _ = random_person(rng, people)
        found = database.table("people").get(person.handles.linkedin.any([f"person-{n}-abc"]))
        database.table("interactions").search(interaction.person == found.doc_id)
        return found.doc_id

    def write(kind: str, person_id: int) -> None:
        database.table("interactions").insert({"person": person_id, "kind": kind, "direction": "in",
                                               "at": STAMP, "note": "", "source": "bench", "key": None,
                                               "recorded": STAMP})
        if caching:
            database.storage.flush()  # durable only now: the whole file is written

    lookup()
    figures["cold"] = [time.perf_counter() - begin]
    figures["check"] = [_timed(lookup) for _ in range(rounds)]
    figures["record"] = [_timed(lambda: write("ask", lookup())) for _ in range(max(3, rounds // 4))]
    figures["quick"] = figures["record"]  # the same: a lookup and an insert
    database.close()
    return figures


def _timed(action) -> float:
    begin = time.perf_counter()
    action()
    return time.perf_counter() - begin


# -- report --------------------------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def summary(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0] * 1000:8.1f} ms"
    return (f"p50 {statistics.median(values) * 1000:7.1f} ms, p99 {percentile(values, 0.99) * 1000:7.1f} ms "
            f"(n={len(values)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--interactions", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=100, help="asks recorded and quick actions (checks: 10x)")
    parser.add_argument("--baseline-rounds", type=int, default=5, help="TinyDB lookups (each reads the file)")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as scratch:
        home, baseline = Path(scratch) / "home", Path(scratch) / "tinydb.json"
        home.mkdir()
        begin = time.perf_counter()
        build_history(home / "history.json", args.people, args.interactions, rng)
        shutil.copy(home / "history.json", baseline)
        print(f"history: {args.people:,} people, {args.interactions:,} interactions; history.json "
              f"{baseline.stat().st_size / 1e6:.0f} MB (built in {time.perf_counter() - begin:.1f} s)")
        begin = time.perf_counter()
        subprocess.run([sys.executable, "-m", "acquaint.cli", "doctor"], env={**os.environ, "ACQUAINT_HOME": str(home)},
                       capture_output=True)
        print(f"first run: history.json moved into the folder in {time.perf_counter() - begin:.1f} s (once)")

        ours = measure_acquaint(home, args.people, rng, args.rounds)
        total, live = disk_use(home / "history")
        plain = measure_tinydb(baseline, args.people, rng, args.baseline_rounds, caching=False)
        cached = measure_tinydb(baseline, args.people, rng, args.baseline_rounds * 20, caching=True)

        print(f"\n{'':44}{'Acquaint':>34}  {'TinyDB':>12} {'ratio':>7}  {'TinyDB+cache':>12} {'ratio':>7}")
        rows = [("cold host, first check (bar p50 300 ms)", "cold"), ("warm check", "check"),
                ("check that records an ask (bar p99 50 ms)", "record"),
                ("quick action from the popup (bar p99 50 ms)", "quick")]
        for label, key in rows:
            mine = percentile(ours[key], 0.99)
            line = f"{label:44}{summary(ours[key]):>34}"
            for other in (plain, cached):
                theirs = percentile(other[key], 0.99)
                line += f"  {theirs * 1000:9.1f} ms {theirs / mine:6.0f}x"
            print(line)
        print(f"{'first check after an outside write (bar 50)':44}{summary(ours['after_outside_write']):>34}")
        for label, key in (("acquaint log, whole process (bar 250 ms)", "cli_log"),
                           ("acquaint show, whole process (bar 300 ms)", "cli_show"),
                           ("acquaint --help (bar 100 ms)", "cli_help")):
            print(f"{label:44}{statistics.median(ours[key]) * 1000:>28.0f} ms (median of {len(ours[key])})")
        print(f"{'host peak memory (bar 150 MiB)':44}{ours['peak_mib']:>28.0f} MiB")
        print(f"{'disk: folder / live data (bar 2x)':44}{total / 1e6:>21.1f} MB / {live / 1e6:.1f} MB = "
              f"{total / live:.2f}x")
        print("\nratios are TinyDB's p99 over Acquaint's p99 (single runs: the one time).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
