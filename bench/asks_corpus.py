#!/usr/bin/env python3
"""The labelled messages for ask detection, and their train / dev / test split.

usage: python bench/asks_corpus.py        (re)write tests/data/asks/{train,dev}.tsv from the raw files, and
                                          check that test.tsv is still exactly its frozen split

Raw files (tests/data/asks/raw/LANG-*.tsv) hold `kind<TAB>text` or `kind<TAB>hints<TAB>text` per line; "\\n"
in a text is a line break. A message's split is fixed by a hash of its text, so adding messages never moves
one from a split to another: 20% test, 15% dev, 65% train. The test split is frozen: it is run when a change
is done and never tuned on (tests/test_asks.py checks its checksum).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "asks"
SPLITS = ("train", "dev", "test")
LABELS = ("none", "recommendation", "endorsement", "share", "review", "intro", "follow", "pitch", "other")
HEADER = "# lang\tkind\thints\ttext — written by bench/asks_corpus.py from raw/; \\n is a line break\n"


def split_of(text: str) -> str:
    share = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "test" if share < 20 else "dev" if share < 35 else "train"


def read_raw(path: Path) -> list[tuple[str, str, list[str], str]]:
    """(lang, kind, hints, text) of each line; the language is the file name's first part."""
    lang = path.name.split("-")[0].split(".")[0]
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) == 2:
            kind, hints, text = cells[0], "-", cells[1]
        elif len(cells) == 3:
            kind, hints, text = cells
        else:
            raise SystemExit(f"{path}:{number}: {len(cells)} columns; want kind, [hints,] text")
        kind = kind.strip().lower()
        if kind not in LABELS:
            raise SystemExit(f"{path}:{number}: unknown label {kind!r}")
        rows.append((lang, kind, [] if hints.strip() in ("-", "") else hints.split(","),
                     text.strip().replace("\\n", "\n")))
    return rows


def load(split: str) -> list[tuple[str, str, list[str], str]]:
    rows = []
    for line in (CORPUS / f"{split}.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        lang, kind, hints, text = line.split("\t")
        rows.append((lang, kind, [] if hints == "-" else hints.split(","), text.replace("\\n", "\n")))
    return rows


def _line(lang: str, kind: str, hints: list[str], text: str) -> str:
    return f"{lang}\t{kind}\t{','.join(hints) or '-'}\t{text.replace(chr(10), chr(92) + 'n')}\n"


def build() -> dict[str, list]:
    seen, by_split = set(), {name: [] for name in SPLITS}
    for path in sorted((CORPUS / "raw").glob("*.tsv")):
        for lang, kind, hints, text in read_raw(path):
            if text.casefold() in seen:
                continue  # a message written twice counts once, in one split
            seen.add(text.casefold())
            by_split[split_of(text)].append((lang, kind, hints, text))
    return by_split


def main() -> int:
    by_split = build()
    for name in ("train", "dev"):
        (CORPUS / f"{name}.tsv").write_text(HEADER + "".join(_line(*row) for row in by_split[name]), encoding="utf-8")
    frozen = CORPUS / "test.tsv"
    if not frozen.exists():
        frozen.write_text(HEADER + "".join(_line(*row) for row in by_split["test"]), encoding="utf-8")
        print(f"froze {frozen} ({len(by_split['test'])} messages)")
    kept = {text for *_, text in load("test")}
    raw = {text for *_, text in by_split["test"]}
    if kept - raw:
        print(f"{len(kept - raw)} messages of the frozen test split are gone from raw/: put them back", file=sys.stderr)
        return 1
    if raw - kept:  # messages added since the freeze that hash to the test split wait for the next test set
        print(f"{len(raw - kept)} messages added since the test split was frozen are set aside for the next one")
    by_split["test"] = load("test")
    for name in SPLITS:
        rows = by_split[name]
        langs = sorted({row[0] for row in rows})
        print(f"{name}: {len(rows)} messages; " + ", ".join(
            f"{lang} {sum(r[0] == lang for r in rows)} ({sum(r[0] == lang and r[1] != 'none' for r in rows)} asks)"
            for lang in langs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
