#!/usr/bin/env python3
"""Time and peak memory of importing a large LinkedIn export: 30,000 connections and 200,000 messages.

usage: python bench/import_benchmark.py [--connections 30000] [--messages 200000]

Writes a synthetic export in the real format (preamble, quoted commas, multi-line messages) to a temporary
folder, runs `acquaint import linkedin` in a fresh process twice (the second adds nothing), and prints the
wall time and the process's peak memory for each; then the plain way on the same files, beside it: read the
two CSVs with csv.DictReader and put one document per connection and per message into TinyDB with
insert_multiple (no matching, no dedupe, no undo), in a fresh process too.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OWNER = "https://www.linkedin.com/in/alex-morgan-9f8e7d"


def write_export(folder: Path, connections: int, messages: int, rng: random.Random) -> None:
    with (folder / "Connections.csv").open("w", newline="", encoding="utf-8") as handle:
        handle.write('Notes:\n"When exporting your connection data, you may notice ..."\n\n')
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for n in range(connections):
            day = time.strftime("%d %b %Y", time.gmtime(1_300_000_000 + n * 10_000))  # 2011 to 2020
            writer.writerow([f"Fïrst{n}", f"Läst{n}", f"https://www.linkedin.com/in/person-{n}", "",
                             f"Company {n % 900}, Inc.", "Engineer", day])
    with (folder / "messages.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                         "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER"])
        for n in range(messages):
            other = rng.randrange(connections)
            url = f"https://www.linkedin.com/in/person-{other}"
            stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(1_600_000_000 + n * 600))
            body = f"Message {n}, about the project.\nSecond line with \"quotes\"."
            if rng.random() < 0.5:
                writer.writerow([f"c{other}", "", f"Fïrst{other} Läst{other}", url, "Alex Morgan", OWNER, stamp, "",
                                 body, "INBOX"])
            else:
                writer.writerow([f"c{other}", "", "Alex Morgan", OWNER, f"Fïrst{other} Läst{other}", url, stamp, "",
                                 body, "INBOX"])


def timed_import(folder: Path, home: Path) -> tuple[float, float, str]:
    env = {**os.environ, "ACQUAINT_HOME": str(home)}
    command = [sys.executable, "-c", "import resource, sys; from acquaint.cli import main; code = main(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)",
               "import", "linkedin", str(folder)]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(result.stderr)
    peak_kib = int(result.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib / 1024, result.stdout.splitlines()[1:3]


PLAIN_TINYDB = """
import csv, resource, sys, time
from tinydb import TinyDB
folder, target = sys.argv[1], sys.argv[2]
begin = time.perf_counter()
people, by_url, interactions = [], {}, []
with open(f"{folder}/Connections.csv", newline="", encoding="utf-8") as handle:
    for _ in range(3):
        next(handle)  # LinkedIn's preamble
    for row in csv.DictReader(handle):
        by_url[row["URL"]] = len(people) + 1
        people.append({"name": f"{row['First Name']} {row['Last Name']}", "url": row["URL"]})
        interactions.append({"person": by_url[row["URL"]], "kind": "connected", "at": row["Connected On"]})
with open(f"{folder}/messages.csv", newline="", encoding="utf-8") as handle:
    for row in csv.DictReader(handle):
        other = row["RECIPIENT PROFILE URLS"] if row["FROM"] == "Alex Morgan" else row["SENDER PROFILE URL"]
        interactions.append({"person": by_url.get(other), "kind": "message", "at": row["DATE"]})
database = TinyDB(target)
database.table("people").insert_multiple(people)
database.table("interactions").insert_multiple(interactions)
database.close()
print(time.perf_counter() - begin, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def timed_plain_tinydb(folder: Path, target: Path) -> tuple[float, float]:
    result = subprocess.run([sys.executable, "-c", PLAIN_TINYDB, str(folder), str(target)], capture_output=True,
                            text=True, check=True)
    elapsed, peak_kib = result.stdout.split()
    return float(elapsed), int(peak_kib) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder, home = Path(scratch) / "export", Path(scratch) / "home"
        folder.mkdir()
        write_export(folder, args.connections, args.messages, random.Random(20261126))
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(f"export: {args.connections:,} connections, {args.messages:,} messages, {size:.1f} MB")
        first = None
        for attempt in ("first import", "same export again"):
            elapsed, peak, lines = timed_import(folder, home)
            first = first or (elapsed, peak)
            print(f"{attempt}: {elapsed:.1f} s, peak memory {peak:.0f} MiB;{' '.join(lines)}")
        plain, plain_peak = timed_plain_tinydb(folder, Path(scratch) / "plain.json")
        print(f"plain TinyDB (DictReader + insert_multiple, the same files): {plain:.1f} s, peak memory "
              f"{plain_peak:.0f} MiB; Acquaint's first import takes {first[0] / plain:.1f}x the time and "
              f"{first[1] / plain_peak:.1f}x the memory, and matches, dedupes and can be undone")
        files = [p for p in (home / "history").rglob("*") if p.is_file()]
        print(f"history folder: {sum(p.stat().st_size for p in files) / 1e6:.1f} MB in {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
