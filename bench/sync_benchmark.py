#!/usr/bin/env python3
"""What sync costs at 30,000 people and 300,000 interactions, beside syncing the history as one file.

usage: python bench/sync_benchmark.py [--people 30000] [--interactions 300000] [--changes 1000] [--seed 20261126]

Two computers' histories in two folders on this disk, sharing a sync folder (as if the sync tool were instant):

- the laptop turns sync on (its whole history written as its first snapshot), the desktop joins (merges it);
- the laptop then makes `--changes` changes, one commit each, as a day of use does (asks and calls recorded,
  notes edited); the desktop merges them all at once: the figure the issue bounds (1 s for 1,000);
- the sync folder's size, beside the live history (the segments of one version).

The baseline is what a user has without Acquaint's sync: the history as one TinyDB file in the synced folder.
Taking the other computer's changes then means reading its whole file (TinyDB, JSONStorage) and writing it over
one's own; and two computers' changes made between two syncs cannot both survive (one file wins). Printed beside
the merge, with the ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "host"))
sys.path.insert(0, str(ROOT / "bench"))

from history_benchmark import build_history  # noqa: E402


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def live_bytes(history) -> int:
    """The current version's segments: what the history holds, without kept versions."""
    from acquaint.store import digests_of

    manifest = history.read().manifest
    return sum((history.files.folder / "segments" / f"{digest}.json").stat().st_size
               for digest in digests_of(manifest))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=30_000)
    parser.add_argument("--interactions", type=int, default=300_000)
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    from acquaint.files import FolderFiles
    from acquaint.history import History
    from acquaint.interactions import log_interaction
    from acquaint.people import edit_person
    from acquaint.sync import engine

    with tempfile.TemporaryDirectory(prefix="acquaint-sync-bench-") as scratch:
        scratch = Path(scratch)
        shared = scratch / "Sync"
        shared.mkdir()
        legacy = scratch / "laptop" / "history.json"
        legacy.parent.mkdir()
        build_history(legacy, args.people, args.interactions, rng)
        (scratch / "desktop").mkdir()
        laptop = History(FolderFiles(scratch / "laptop" / "history"), legacy)
        desktop = History(FolderFiles(scratch / "desktop" / "history"), scratch / "desktop" / "history.json")
        laptop.read()  # moved into its folder, as a user's first run does
        print(f"history: {args.people:,} people, {args.interactions:,} interactions, "
              f"{live_bytes(laptop) / 1e6:.1f} MB live")

        started = time.perf_counter()
        engine.init(laptop, shared, "laptop")
        print(f"laptop turns sync on (first snapshot written): {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        engine.init(desktop, shared, "desktop")
        print(f"desktop joins (merges the whole history once): {time.perf_counter() - started:.1f} s")

        people = list(range(1, args.people + 1))
        now = datetime(2026, 11, 26, tzinfo=timezone.utc)
        started = time.perf_counter()
        for n in range(args.changes):
            someone = rng.choice(people)
            with laptop.change("bench") as tx:
                if n % 4 == 3:
                    edit_person(tx, someone, note=f"note {n}", now=now)
                else:
                    log_interaction(tx, someone, rng.choice(["ask", "call", "message"]), at=now - timedelta(hours=n),
                                    note=f"change {n}", now=now)
        made = time.perf_counter() - started
        print(f"laptop makes {args.changes:,} changes, one commit each: {made / args.changes * 1000:.0f} ms "
              "per change (stamped and published with the commit)")

        timings = []
        started = time.perf_counter()
        report = engine.pull(desktop)
        merge = time.perf_counter() - started
        timings.append(merge)
        same = laptop.read().as_dict()["interactions"] == desktop.read().as_dict()["interactions"]
        print(f"desktop merges the {args.changes:,} changes ({report['merged']} files): {merge:.2f} s; "
              f"histories identical: {same}")

        sync_size, live = folder_bytes(shared), live_bytes(laptop)
        print(f"sync folder: {sync_size / 1e6:.1f} MB for a live history of {live / 1e6:.1f} MB "
              f"({sync_size / live:.2f}x); per computer: " + ", ".join(
                  f"{d.name} {folder_bytes(d) / 1e6:.1f} MB" for d in sorted(shared.iterdir())))

        # The baseline: the history as one TinyDB file in the synced folder; taking the other's changes means
        # reading its whole file and writing it over one's own.
        from tinydb import TinyDB

        theirs, mine = scratch / "theirs.json", scratch / "mine.json"
        shutil.copyfile(legacy.with_name("history.json.migrated") if legacy.with_name(
            "history.json.migrated").exists() else legacy, theirs)
        started = time.perf_counter()
        database = TinyDB(theirs)
        tables = {name: database.table(name).all() for name in database.tables()}
        database.close()
        out = TinyDB(mine)
        for name, documents in tables.items():
            out.table(name).insert_multiple(documents)
        out.close()
        os.replace(mine, scratch / "history-synced.json")
        baseline = time.perf_counter() - started
        print(f"baseline, the history as one TinyDB file: taking the other computer's file {baseline:.2f} s "
              f"({baseline / merge:.1f}x Acquaint's merge), and a change made on both between two syncs is lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
