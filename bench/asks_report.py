#!/usr/bin/env python3
"""How well asks are detected, per language, on the corpus splits; beside a keyword list on the same messages.

usage: python bench/asks_report.py [--split dev|test|train ...] [--errors]

For each language: "is it an ask?" precision and recall, and kind accuracy (of the asks found, the share given
the right kind). The baseline is what a user would otherwise have: the 12-keyword list (recommend, endorse,
retweet, RT, share, review, introduce, follow, please, could/would/can you), its kind the first keyword's.
The test split is for when a change is done: look at it then, never tune on it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "host"))
sys.path.insert(0, str(ROOT / "bench"))

from asks_corpus import load  # noqa: E402

from acquaint.asks import Ask, detect  # noqa: E402

_KEYWORDS = [("recommendation", r"\brecommend\w*"), ("endorsement", r"\bendors\w*"), ("share", r"\bretweet\w*"),
             ("share", r"\brt\b"), ("share", r"\bshar\w*"), ("review", r"\breview\w*"), ("intro", r"\bintroduc\w*"),
             ("follow", r"\bfollow\w*"), ("other", r"\bplease\b"), ("other", r"\b(?:could|would|can) you\b")]


def keyword_list(text: str, hints=()) -> Ask | None:
    lowered = text.lower()
    for kind, pattern in _KEYWORDS:
        if re.search(pattern, lowered):
            return Ask(kind, text[:120])
    return None


def figures(rows, detector) -> dict[str, dict[str, float]]:
    """Per language and for all: n, asks, precision, recall, kind accuracy; and the wrong answers."""
    counts = defaultdict(lambda: defaultdict(int))
    errors = []
    for lang, kind, hints, text in rows:
        found = detector(text, hints)
        got = found.kind if found else "none"
        for key in (lang, "all"):
            c = counts[key]
            c["n"] += 1
            c["asks"] += kind != "none"
            c["said"] += got != "none"
            c["true"] += kind != "none" and got != "none"
            c["kind_right"] += kind != "none" and got == kind
        if got != kind:
            errors.append((lang, kind, got, text))
    out = {}
    for key, c in counts.items():
        out[key] = {"n": c["n"], "asks": c["asks"],
                    "precision": c["true"] / c["said"] if c["said"] else float("nan"),
                    "recall": c["true"] / c["asks"] if c["asks"] else float("nan"),
                    "kind accuracy": c["kind_right"] / c["true"] if c["true"] else float("nan")}
    return {"figures": out, "errors": errors}


def report(detectors: dict, splits, errors: bool = False) -> dict:
    results = {}
    for split in splits:
        rows = load(split)
        print(f"\n{split}: {len(rows)} messages")
        print(f"  {'':<14}{'lang':<6}{'n':>5}{'asks':>6}{'precision':>11}{'recall':>8}{'kind acc.':>11}")
        for name, detector in detectors.items():
            if not callable(detector):  # a model not yet shipped
                model = detector
                detector = lambda text, hints, model=model: detect(text, hints, model)  # noqa: E731
            result = figures(rows, detector)
            results[(split, name)] = result
            for lang, row in sorted(result["figures"].items(), key=lambda item: (item[0] == "all", item[0])):
                print(f"  {name:<14}{lang:<6}{row['n']:>5}{row['asks']:>6}{row['precision']:>11.2f}"
                      f"{row['recall']:>8.2f}{row['kind accuracy']:>11.2f}")
            if errors and name == "acquaint":
                for lang, kind, got, text in result["errors"]:
                    print(f"    wrong ({lang}): {kind} -> {got}: {text[:160]!r}")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", action="append", choices=("train", "dev", "test"))
    parser.add_argument("--errors", action="store_true", help="list Acquaint's wrong answers")
    args = parser.parse_args()
    report({"acquaint": detect, "keyword list": keyword_list}, args.split or ["dev"], args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
