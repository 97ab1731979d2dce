#!/usr/bin/env python3
"""What ask detection costs: time per message, what it adds to the host's cold start, and its size on disk;
beside the 12-keyword list (bench/asks_report.py) on the same messages in the same run.

usage: python bench/asks_benchmark.py [--rounds 3]

Messages: every message of the corpus (train, dev and test, about 2,900), as the host reads them. "First read"
is each message read once in a fresh process, with no word seen before; "warm" is the same messages again (the
host is a long-lived process that has seen most words). Cold start: a fresh process that imports the host's
service and answers one check's detection, against one that imports it and does not detect.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "host"))
sys.path.insert(0, str(ROOT / "bench"))

from asks_corpus import load  # noqa: E402
from asks_report import keyword_list  # noqa: E402

START = ("import time; begin = time.perf_counter(); import acquaint.service; imported = time.perf_counter(); "
         "from acquaint.asks import detect; detect('Hi! Could you write me a recommendation on LinkedIn?'); "
         "print(imported - begin, time.perf_counter() - imported)")
DETECTION_MODULES = ("acquaint.asks", "acquaint.ask_model", "acquaint.language")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def timed(function, texts) -> list[float]:
    out = []
    for text in texts:
        begin = time.perf_counter()
        function(text)
        out.append((time.perf_counter() - begin) * 1000)
    return out


def cold_start(rounds: int) -> tuple[float, float, float]:
    """Medians over fresh processes: importing the host's service, the detection modules' share of it (Python's
    -X importtime), and the first detection (which reads the weights)."""
    imports, firsts, modules = [], [], []
    for _ in range(rounds):
        result = subprocess.run([sys.executable, "-X", "importtime", "-c", START], capture_output=True, text=True,
                                check=True, cwd=ROOT)
        imported, first = map(float, result.stdout.split())
        imports.append(imported * 1000)
        firsts.append(first * 1000)
        own = [line.split("|") for line in result.stderr.splitlines() if line.startswith("import time:")]
        modules.append(sum(int(cells[0].split()[-1]) for cells in own if cells[2].strip() in DETECTION_MODULES) / 1000)
    return statistics.median(imports), statistics.median(modules), statistics.median(firsts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="fresh processes per cold-start figure")
    args = parser.parse_args()
    texts = [text for split in ("train", "dev", "test") for *_, text in load(split)]
    from acquaint import ask_model
    from acquaint.asks import detect

    ask_model.shipped()
    first = timed(detect, texts)
    warm = timed(detect, texts)
    keywords = timed(keyword_list, texts)
    print(f"{len(texts):,} messages, {sum(map(len, texts)) / len(texts):.0f} characters on average")
    for name, values in (("first read", first), ("warm", warm), ("keyword list", keywords)):
        print(f"  {name:<13} p50 {percentile(values, 0.5):.2f} ms  p99 {percentile(values, 0.99):.2f} ms  "
              f"max {max(values):.2f} ms")
    print(f"  Acquaint's p99, warm, is {percentile(warm, 0.99) / percentile(keywords, 0.99):.0f}x the keyword "
          "list's (which finds a third fewer asks in English and almost none in the other languages)")
    rng = random.Random(20261126)
    threads = ["\n".join(rng.sample(texts, 5)) for _ in range(1000)]  # a check sends the latest five messages
    five = timed(detect, threads)
    print(f"  five messages together ({sum(map(len, threads)) / len(threads):.0f} characters on average): "
          f"p50 {percentile(five, 0.5):.2f} ms  p99 {percentile(five, 0.99):.2f} ms")
    imported, modules, first = cold_start(args.rounds)
    print(f"cold start: importing the host's service {imported:.0f} ms, of which the detection modules "
          f"{modules:.0f} ms; the first detection, reading the weights, {first:.0f} ms: +{modules + first:.0f} ms "
          "in all for detection")
    files = [ask_model.MODEL_FILE, ROOT / "host" / "acquaint" / "ask_model.py", ROOT / "host" / "acquaint" / "asks.py",
             ROOT / "host" / "acquaint" / "language.py"]
    print(f"size on disk: {sum(f.stat().st_size for f in files) / 1e6:.2f} MB "
          f"({ask_model.MODEL_FILE.name} {ask_model.MODEL_FILE.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
