#!/usr/bin/env python3
"""Speed of acquaint-host through the real stdio protocol, and the plain TinyDB way for comparison.

usage: python bench/host_benchmark.py [--people 30000] [--interactions 300000] [--checks 2000]

Builds a synthetic history in a temporary ACQUAINT_HOME, starts `python -m acquaint.host` as the browser would,
and reports: cold start (process start to first verdict), warm `check` round trips (p50/p99), a check that
records a new ask, the host's peak memory (VmHWM), and the same lookup done with a TinyDB Query per check on
the same file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "host"))

from acquaint.schema import SCHEMA_VERSION  # noqa: E402
from acquaint.storage import SafeJSONStorage  # noqa: E402

KINDS = [("message", "in"), ("message", "out"), ("call", "both"), ("meeting", "both"), ("favor-given", "out"),
         ("favor-received", "in"), ("ask", "in"), ("connected", "both")]
TEXTS = ["Would you write me a recommendation?", "How was the conference?", "Could you RT my launch?",
         "Thanks for the intro!", "Can you introduce me to your CTO?"]


def build_history(path: Path, people: int, interactions: int, rng: random.Random) -> None:
    stamp = "2026-01-01T00:00:00Z"
    people_table = {
        str(n): {"name": f"Person {n}", "handles": {"linkedin": [f"person-{n}-abc"], "x": [f"user{n}"],
                                                    "x_id": [str(1700000000000000000 + n)]},
                 "emails": [], "aliases": [], "notes": "", "tags": [], "closeness": None, "ignored": False,
                 "created": stamp, "updated": stamp}
        for n in range(1, people + 1)
    }
    interaction_table = {}
    for n in range(1, interactions + 1):
        kind, direction = rng.choice(KINDS)
        day = rng.randrange(1, 3650)
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1_790_000_000 - day * 86400))
        interaction_table[str(n)] = {"person": rng.randrange(1, people + 1), "kind": kind, "direction": direction,
                                     "at": at, "note": "", "source": "import", "key": f"bench:{n}",
                                     "recorded": stamp}
    data = {"meta": {"1": {"schema_version": SCHEMA_VERSION, "created": stamp}}, "people": people_table,
            "interactions": interaction_table, "undo": {}, "dismissed": {}}
    SafeJSONStorage(path).write(data)


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return struct.pack("@I", len(body)) + body


def receive(stream) -> dict:
    (length,) = struct.unpack("@I", stream.read(4))
    return json.loads(stream.read(length))


def check_message(n: int, rng: random.Random, people: int) -> dict:
    person = rng.randrange(1, people + 1)
    who = rng.choice([{"platform": "linkedin", "person": {"handle": f"person-{person}-abc"}},
                      {"platform": "x", "person": {"id": str(1700000000000000000 + person)}}])
    return {"id": n, "type": "check", **who, "request": {"text": rng.choice(TEXTS)}, "record": False}


def peak_memory_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return -1


def measure_host(home: Path, people: int, checks: int, rng: random.Random) -> dict:
    env = {**os.environ, "ACQUAINT_HOME": str(home)}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "acquaint.host"], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    process.stdin.write(frame(check_message(0, rng, people)))
    process.stdin.flush()
    first = receive(process.stdout)
    cold = time.perf_counter() - started
    assert first["ok"], first
    latencies = []
    for n in range(1, checks + 1):
        message = frame(check_message(n, rng, people))
        begin = time.perf_counter()
        process.stdin.write(message)
        process.stdin.flush()
        reply = receive(process.stdout)
        latencies.append(time.perf_counter() - begin)
        assert reply["ok"] and reply["id"] == n, reply
    recording = []
    for n in range(5):  # a new ask: recorded, so the whole history file is rewritten under the lock
        message = frame({**check_message(checks + 1 + n, rng, people), "record": True,
                         "request": {"text": f"Could you retweet my launch post number {n}?"}})
        begin = time.perf_counter()
        process.stdin.write(message)
        process.stdin.flush()
        reply = receive(process.stdout)
        recording.append(time.perf_counter() - begin)
        assert reply["ok"] and reply["verdict"]["recorded"], reply
    peak = peak_memory_kib(process.pid)
    process.stdin.close()
    process.wait()
    latencies.sort()
    return {
        "cold_start_s": cold,
        "warm_p50_ms": statistics.median(latencies) * 1000,
        "warm_p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "warm_max_ms": latencies[-1] * 1000,
        "peak_kib": peak,
        "recording_median_ms": statistics.median(recording) * 1000,
    }


def measure_plain_tinydb(path: Path, people: int, lookups: int, rng: random.Random) -> float:
    """The plain way: a TinyDB Query per check, which re-reads and re-parses the whole file each time."""
    from tinydb import Query, TinyDB

    database = TinyDB(path, access_mode="r")
    person_query, interaction_query = Query(), Query()
    times = []
    for _ in range(lookups):
        wanted = f"person-{rng.randrange(1, people + 1)}-abc"
        begin = time.perf_counter()
        found = database.table("people").search(person_query.handles.linkedin.any([wanted]))
        database.table("interactions").search(interaction_query.person == found[0].doc_id)
        times.append(time.perf_counter() - begin)
    database.close()
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--interactions", type=int, default=300_000)
    parser.add_argument("--checks", type=int, default=2000)
    parser.add_argument("--plain-lookups", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(20261126)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        path = home / "history.json"
        begin = time.perf_counter()
        build_history(path, args.people, args.interactions, rng)
        size_mb = path.stat().st_size / 1e6
        print(f"history: {args.people} people, {args.interactions} interactions, {size_mb:.1f} MB "
              f"(built in {time.perf_counter() - begin:.1f} s)")
        host = measure_host(home, args.people, args.checks, rng)
        print(f"acquaint-host cold start (spawn to first verdict): {host['cold_start_s'] * 1000:.0f} ms")
        print(f"acquaint-host warm check over stdio, {args.checks} round trips: p50 {host['warm_p50_ms']:.2f} ms, "
              f"p99 {host['warm_p99_ms']:.2f} ms, max {host['warm_max_ms']:.2f} ms")
        print(f"acquaint-host check that records a new ask (rewrites the file), median of 5: "
              f"{host['recording_median_ms']:.0f} ms")
        print(f"acquaint-host peak memory (VmHWM): {host['peak_kib'] / 1024:.0f} MiB")
        plain = measure_plain_tinydb(path, args.people, args.plain_lookups, rng)
        print(f"plain TinyDB, a Query per check (person + interactions), median of {args.plain_lookups}: "
              f"{plain * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
