#!/usr/bin/env python3
"""Kill writers of the history at random moments, many times over, and check that no acknowledged write is lost.

usage: python bench/kill_writers.py [--writers 8] [--kills 1000] [--seed 1] [--max-delay-ms 50]

The default run, 1,000 kills, takes 2 to 2 1/2 minutes on 2 cores (restarting Python 1,000 times is most of
it: the writes/s it prints is no measure of Acquaint's speed); `--kills 200` is a check of half a minute.

W writer processes (this script in its `--writer NAME` mode) each log one interaction per change for a person
of their own, through `History().change()` as every Acquaint program does, the note being a sequence number,
and print the number once the change has returned: an acknowledged write. A restarted writer goes on from what
the history holds for its person (the highest number + 1, read under the lock in its first change).

The driver, seeded, picks at random one of the writers that have acknowledged a write since they last started
(or, one kill in ten, any writer: the kill may then land during start-up or the wait for the lock), waits a
random 0 to --max-delay-ms milliseconds and SIGKILLs it, collects what it acknowledged, and starts it again;
--kills times, while the others keep writing. Then it stops every writer with SIGTERM (each finishes its change
and exits 0) and checks:

- the history reads, every part of it, and every kept version reads (`History().versions()`,
  `store.readable`);
- for each writer, every acknowledged number is in the history exactly once: lost=0, duplicated=0; numbers in
  the history that were never acknowledged (killed after the commit, before the print) are allowed and
  counted, and the numbers leave no gap (a gap would be a committed write lost later);
- each writer's person exists once;
- the temporary files (".tmp-*") and unreferenced segments the kills left are removed by the next change: once
  the writers have stopped (each made at least one change after its last restart) none remain, nor after one
  more change made by the driver.

The seed fixes which writer is killed and the delays, not the instants the operating system schedules: each
run kills at different points of a commit, and the figures (committed writes, unacknowledged ones) vary a
little from run to run. Everything lives in a temporary ACQUAINT_HOME, deleted at the end. Exits 1 on any loss,
duplicate, gap, unreadable version, leftover file, or writer that failed by itself.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "host"))

READY_TIMEOUT = 60.0  # seconds a (re)started writer may take to acknowledge its first write on a loaded machine
EARLY_KILLS = 0.1     # the share of kills that do not wait for the writer's first write
PROGRESS_EVERY = 100  # kills between progress lines (on stderr)


# -- the writer -----------------------------------------------------------------------------------------------------

def writer_main(name: str) -> int:
    """Log interactions for `name` until SIGTERM; print each sequence number once its change has returned."""
    stopping = threading.Event()
    # First thing: a SIGTERM from here on ends the loop after the change under way, never inside it.
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.set())
    from datetime import datetime, timezone

    from acquaint.history import History
    from acquaint.interactions import log_interaction

    history = History()
    number = None
    while not stopping.is_set():
        now = datetime.now(timezone.utc)
        with history.change(f"kill_writers: {name}") as tx:
            person_id = person_of(tx, name, now)
            if number is None:  # under the lock, so no other incarnation of this writer is writing meanwhile
                number = next_number(tx, person_id)
            log_interaction(tx, person_id, "message", at=now, note=str(number), now=now)
        print(number, flush=True)  # the acknowledgement: only after the commit returned
        number += 1
    return 0


def email_of(name: str) -> str:
    return f"{name}@example.com"


def person_of(tx, name: str, now) -> int:
    from acquaint.people import add_person

    found = tx.index.find("email", email_of(name))
    return found if found is not None else add_person(tx, name, [("email", email_of(name))], now=now)


def next_number(snapshot, person_id: int) -> int:
    numbers = [int(i["note"]) for i in snapshot.interactions_of(person_id) if i["note"].isdigit()]
    return max(numbers, default=-1) + 1


# -- the driver ------------------------------------------------------------------------------------------------------

class Writer:
    """One writer, restarted after each kill; `acked` gathers what all its incarnations acknowledged."""

    def __init__(self, name: str, env: dict, log_folder: Path):
        self.name = name
        self.env = env
        self.log = log_folder / f"{name}.stderr"
        self.acked: list[int] = []
        self.failures: list[str] = []  # incarnations that ended by themselves
        self.first_write: list[float] = []  # seconds from each start to its first acknowledged write
        self.start()

    def start(self) -> None:
        with self.log.open("ab") as stderr:  # a file: a writer's traceback is kept for the report
            self.process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--writer", self.name],
                                            env=self.env, stdout=subprocess.PIPE, stderr=stderr)
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._collect, args=(self.process, self.ready, time.monotonic()),
                                       daemon=True)
        self.reader.start()

    def _collect(self, process: subprocess.Popen, ready: threading.Event, started: float) -> None:
        for line in process.stdout:
            if line.endswith(b"\n"):  # a number cut by the kill was not acknowledged
                self.acked.append(int(line))
                if not ready.is_set():
                    self.first_write.append(time.monotonic() - started)
                    ready.set()
        process.stdout.close()

    def stop(self, sig: int) -> int:
        """Send `sig`, wait for the process and for the last of its output; its exit code."""
        if self.process.poll() is not None:
            self.failures.append(f"{self.name} exited by itself with code {self.process.returncode}: "
                                 + self.log.read_text(errors="replace")[-400:])
        else:
            self.process.send_signal(sig)
        code = self.process.wait()
        self.reader.join()
        return code


def steady_writers(writers: list[Writer]) -> list[Writer]:
    """The writers past their first write since their last start, waiting for one if need be; all of them when
    none gets there in a minute (then reported as stuck)."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        ready = [w for w in writers if w.ready.is_set()]
        if ready:
            return ready
        time.sleep(0.005)
    return []


def kill_loop(writers: list[Writer], args: argparse.Namespace) -> Counter:
    rng = random.Random(args.seed)
    counts = Counter()
    for kill in range(1, args.kills + 1):
        early = rng.random() < EARLY_KILLS
        delay = rng.uniform(0, args.max_delay_ms / 1000)
        # A steady writer is in its loop of changes, so the kill lands somewhere in a change or between two; an
        # early kill lands wherever the writer is, start-up and the wait for the lock included.
        candidates = writers if early else steady_writers(writers)
        if not candidates:
            counts["stuck"] += 1
            candidates = writers
        writer = rng.choice(candidates)
        time.sleep(delay)
        writer.stop(signal.SIGKILL)
        counts["early" if early else "steady"] += 1
        writer.start()
        if kill % PROGRESS_EVERY == 0:
            print(f"  {kill} kills, {sum(len(w.acked) for w in writers)} acknowledged writes", file=sys.stderr)
    return counts


def stop_all(writers: list[Writer]) -> list[str]:
    """SIGTERM each writer once it is past start-up (its handler installed): it ends after its change."""
    unclean = []
    for writer in writers:
        writer.ready.wait(READY_TIMEOUT)
    for writer in writers:
        code = writer.stop(signal.SIGTERM)
        if code != 0:
            unclean.append(f"{writer.name} exited with {code} on SIGTERM")
    return unclean


def leftovers(home: Path, history) -> tuple[int, int]:
    """Temporary files anywhere under the data folder, and segments no kept version uses."""
    from acquaint.store import digests_of

    temporaries = len([p for p in home.rglob(".tmp-*")])
    used = {digest for version in history.versions() for digest in digests_of(version)}
    segments = home / "history" / "segments"
    orphans = len([p for p in segments.iterdir() if p.stem not in used]) if segments.is_dir() else 0
    return temporaries, orphans


def verify(home: Path, writers: list[Writer]) -> dict:
    """Read the history and compare it with what the writers acknowledged."""
    os.environ["ACQUAINT_HOME"] = str(home)
    from acquaint.history import History

    history = History()
    data = history.read().as_dict()  # every bucket: a part that does not read raises
    names = {person_id: person["name"] for person_id, person in data["people"].items()}
    present: dict[str, Counter] = {w.name: Counter() for w in writers}
    for interaction in data["interactions"].values():
        name = names[str(interaction["person"])]
        if name in present:
            present[name][int(interaction["note"])] += 1
    figures = Counter()
    for writer in writers:
        held, acked = present[writer.name], Counter(writer.acked)
        figures["acked"] += len(writer.acked)
        figures["committed"] += sum(held.values())
        # A number acknowledged twice (by two incarnations) and held once is one acknowledged write lost.
        figures["lost"] += sum(max(0, count - held[n]) for n, count in acked.items())
        figures["duplicated"] += sum(count - 1 for count in held.values() if count > 1)
        figures["acked_twice"] += len(writer.acked) - len(acked)
        figures["unacknowledged"] += len([n for n in held if n not in acked])
        figures["gaps"] += len([n for n in range(max(held, default=-1) + 1) if n not in held])
        figures["people_not_one"] += list(names.values()).count(writer.name) != 1
    versions = history.versions()
    figures["versions"] = len(versions)
    figures["unreadable_versions"] = len([v for v in versions if not history.store.readable(v)])
    figures["temporaries_before"], figures["orphans_before"] = leftovers(home, history)
    # One more change: it must clear what the kills left (the next writer's job), and keep everything.
    from datetime import datetime, timezone

    from acquaint.people import add_person

    with history.change("kill_writers: final change") as tx:
        add_person(tx, "After The Kills", [("email", "after@example.com")], now=datetime.now(timezone.utc))
    figures["temporaries_after"], figures["orphans_after"] = leftovers(home, history)
    after = history.read().as_dict()
    figures["interactions_changed"] = len(after["interactions"]) != len(data["interactions"])
    figures["unreadable_versions"] += len([v for v in history.versions() if not history.store.readable(v)])
    return figures


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="acquaint-kill-") as scratch:
        home = Path(scratch) / "home"
        env = {**os.environ, "ACQUAINT_HOME": str(home),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "host"), os.environ.get("PYTHONPATH")]))}
        writers = [Writer(f"writer{n}", env, Path(scratch)) for n in range(args.writers)]
        loop_started = time.perf_counter()
        kills = kill_loop(writers, args)
        unclean = stop_all(writers)
        loop_seconds = time.perf_counter() - loop_started
        figures = verify(home, writers)
    failures = [f for w in writers for f in w.failures] + unclean
    for failure in failures[:5]:
        print(failure)
    bad = sum(figures[k] for k in ("lost", "duplicated", "acked_twice", "gaps", "people_not_one",
                                   "unreadable_versions", "temporaries_after", "orphans_after",
                                   "interactions_changed"))
    bad += len(failures) + kills["stuck"]
    print_summary(args, writers, kills, figures, len(failures), loop_seconds, time.perf_counter() - started)
    return 1 if bad else 0


def print_summary(args, writers: list[Writer], kills: Counter, figures: Counter, failures: int, loop_seconds: float,
                  wall: float) -> None:
    print(f"kill_writers: seed {args.seed}, {args.writers} writers, {args.kills} kills "
          f"({kills['steady']} after a write, {kills['early']} during start-up), delay 0-{args.max_delay_ms} ms")
    print(f"  writes:    {figures['acked']:,} acknowledged, {figures['committed']:,} committed")
    print(f"  lost={figures['lost']} duplicated={figures['duplicated']} "
          f"unacknowledged-but-committed={figures['unacknowledged']} gaps={figures['gaps']} "
          f"acknowledged-twice={figures['acked_twice']}")
    print(f"  history:   reads; {figures['versions']} kept versions, unreadable={figures['unreadable_versions']}; "
          f"people per writer not 1: {figures['people_not_one']}")
    print(f"  leftovers: {figures['temporaries_before']} temporary files, {figures['orphans_before']} unused "
          f"segments once the writers stopped; after one more change: {figures['temporaries_after']} and "
          f"{figures['orphans_after']}")
    waits = sorted(wait for writer in writers for wait in writer.first_write)
    if waits:
        print(f"  first write after a (re)start: median {waits[len(waits) // 2]:.2f} s, longest {waits[-1]:.2f} s "
              f"({len(waits)} starts)")
    print(f"  writers that failed by themselves: {failures}; stuck: {kills['stuck']}")
    print(f"  time:      {wall:.1f} s wall; kill phase {loop_seconds:.1f} s, "
          f"{figures['committed'] / loop_seconds:,.1f} writes/s, {args.kills / loop_seconds:.1f} kills/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=8, help="writer processes (default 8)")
    parser.add_argument("--kills", type=int, default=1000, help="SIGKILLs to send (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="picks the writers and delays (default 1)")
    parser.add_argument("--max-delay-ms", type=float, default=50.0, help="longest wait before a kill (default 50)")
    parser.add_argument("--writer", metavar="NAME", help=argparse.SUPPRESS)  # the writer mode, run by the driver
    args = parser.parse_args()
    if args.writer:
        return writer_main(args.writer)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
