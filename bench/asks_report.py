#!/usr/bin/env python3
"""Precision and recall of ask detection, per kind, on the labelled corpora in tests/data/.

usage: python bench/asks_report.py [--errors] [FILE.tsv ...]   (default: both corpora)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "host"))

from acquaint.asks import ASK_KINDS, detect  # noqa: E402

DEFAULT = [ROOT / "tests" / "data" / "asks_corpus.tsv", ROOT / "tests" / "data" / "asks_heldout.tsv"]
LABELS = (*ASK_KINDS, "none")


def load(path: Path) -> list[tuple[str, list[str], str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, hints, text = line.split("\t")
        if kind not in LABELS:
            raise SystemExit(f"{path}:{number}: unknown label {kind!r}")
        rows.append((kind, [] if hints == "-" else hints.split(","), text))
    return rows


def evaluate(rows) -> tuple[dict[str, dict[str, float]], list[tuple[str, str, str]]]:
    true_pos, predicted, actual = Counter(), Counter(), Counter()
    errors = []
    for kind, hints, text in rows:
        found = detect(text, hints)
        got = found.kind if found else "none"
        predicted[got] += 1
        actual[kind] += 1
        if got == kind:
            true_pos[kind] += 1
        else:
            errors.append((kind, got, text))
    figures = {}
    for label in LABELS:
        precision = true_pos[label] / predicted[label] if predicted[label] else float("nan")
        recall = true_pos[label] / actual[label] if actual[label] else float("nan")
        figures[label] = {"n": actual[label], "precision": precision, "recall": recall}
    # "Is it an ask at all?" — what decides whether the badge lights up.
    asks = [(k != "none", (detect(t, h) is not None)) for k, h, t in rows]
    tp = sum(1 for a, d in asks if a and d)
    figures["any ask"] = {
        "n": sum(1 for a, _ in asks if a),
        "precision": tp / max(1, sum(1 for _, d in asks if d)),
        "recall": tp / max(1, sum(1 for a, _ in asks if a)),
    }
    figures["accuracy"] = {"n": len(rows), "precision": sum(true_pos.values()) / len(rows), "recall": float("nan")}
    return figures, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--errors", action="store_true", help="list the messages classified wrongly")
    args = parser.parse_args()
    for path in args.files:
        figures, errors = evaluate(load(path))
        print(f"\n{path.name}: {figures['accuracy']['n']} messages, "
              f"accuracy {figures['accuracy']['precision']:.1%}")
        print(f"  {'kind':<15}{'n':>5}{'precision':>11}{'recall':>9}")
        for label, row in figures.items():
            if label == "accuracy":
                continue
            print(f"  {label:<15}{row['n']:>5}{row['precision']:>11.1%}{row['recall']:>9.1%}")
        if args.errors:
            for kind, got, text in errors:
                print(f"  wrong: {kind} -> {got}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
