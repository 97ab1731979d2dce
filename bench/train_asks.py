#!/usr/bin/env python3
"""Train the ask detector's weights from the corpus and write them into the package.

usage: python bench/train_asks.py [--check] [--features words|chars|both]

Reads tests/data/asks/train.tsv, fits a softmax regression over hashed n-grams (host/acquaint/ask_model.py) by
seeded stochastic gradient descent, rounds the weights to 8 bits, picks the "is it an ask?" threshold on
dev.tsv (the lowest that keeps dev precision at or above 0.96, and each language's at or above its bar), and
writes host/acquaint/data/ask_model.bin. The same corpus gives the same bytes. --check writes nothing and
fails when the shipped file differs from what training gives now. The test split is never read here.

Needs numpy (the test extra installs it); the host reads the weights with the standard library alone.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "host"))
sys.path.insert(0, str(ROOT / "bench"))

from asks_corpus import load  # noqa: E402

from acquaint import ask_model  # noqa: E402
from acquaint.asks import LABELS, sentences_of, their_own_words  # noqa: E402

EPOCHS = 20
LEARNING_RATE = 1.0
L2 = 1e-6
SEED = 20261126
TARGET_PRECISION = 0.96  # over all languages
PRECISION_BAR = {"en": 0.95}  # and in each language its bar (docs/ASKS.md)
OTHER_PRECISION_BAR = 0.90


def with_small_talk(rows, seed: int = SEED) -> list:
    """Each message once more, with a sentence of small talk before or after it, or both ("Great to see you!
    … Thanks!"): real messages wrap their ask in it, and the model scores a message whole, so it must learn that
    small talk neither makes nor unmakes an ask. The small talk is the short sentences of the training split's
    messages that ask nothing, in the message's own language."""
    rng = random.Random(seed)
    pool: dict[str, list[str]] = {}
    for lang, kind, _, text in rows:
        if kind == "none":
            talk = pool.setdefault(lang, [])
            talk.extend(s for s in sentences_of(their_own_words(text)) if 2 <= len(s.split()) <= 10)
    out = []
    for lang, kind, hints, text in rows:
        talk = pool.get(lang)
        if not talk:
            continue
        where = rng.choice(("before", "after", "both"))
        before = rng.choice(talk) + rng.choice((" ", "\n")) if where != "after" else ""
        after = rng.choice((" ", "\n")) + rng.choice(talk) if where != "before" else ""
        out.append((lang, kind, hints, before + text + after))
    return out


def vectorise(rows, kinds: str = "both") -> list[np.ndarray]:
    out = []
    for _, _, _, text in rows:
        if kinds == "both":  # what the host does
            out.append(np.array(ask_model.slots(their_own_words(text)), dtype=np.int64))
            continue
        names = ask_model.features(their_own_words(text))
        if kinds != "both":
            words = [n for n in names if n.startswith(("w:", "b:"))]
            names = words if kinds == "words" else sorted(set(names) - set(words))
        out.append(np.array(sorted({ask_model.slot(n) for n in names}), dtype=np.int64))
    return out


def fit(vectors: list[np.ndarray], targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    weights = np.zeros((ask_model.SLOTS, len(LABELS)))
    biases = np.zeros(len(LABELS))
    order = np.arange(len(vectors))
    step = 0
    for _epoch in range(EPOCHS):
        rng.shuffle(order)
        for n in order:
            slots = vectors[n]
            if not len(slots):
                continue
            step += 1
            rate = LEARNING_RATE / (1 + step / 2000)
            factor = 1 / np.sqrt(len(slots))
            scores = biases + factor * weights[slots].sum(axis=0)
            scores -= scores.max()
            probabilities = np.exp(scores) / np.exp(scores).sum()
            probabilities[targets[n]] -= 1  # the gradient of the log loss
            weights[slots] -= rate * (factor * probabilities + L2 * weights[slots])
            biases -= rate * probabilities
    return weights, biases


def quantised_model(weights: np.ndarray, biases: np.ndarray, threshold: float) -> ask_model.AskModel:
    scale = float(np.abs(weights).max()) / 127 or 1.0
    tables = [ask_model.quantise(weights[:, n].tolist(), scale) for n in range(len(LABELS))]
    return ask_model.AskModel(LABELS, scale, [round(float(b), 6) for b in biases], tables, threshold)


def choose_threshold(model: ask_model.AskModel, rows) -> float:
    """The lowest threshold (in steps of 0.01) at which dev precision of "is it an ask?" is at least the target
    over all languages and at least its language's bar in each (English's is stricter: over all, the other four
    languages' higher precision could hide an English one under its bar)."""
    asking = [1 - model.probabilities(their_own_words(text))["none"] for *_, text in rows]
    actual = [kind != "none" for _, kind, _, _ in rows]
    languages = [lang for lang, *_ in rows]

    def precision(said: list[bool], lang: str | None = None) -> float | None:
        chosen = [(s, a) for s, a, language in zip(said, actual, languages, strict=True) if lang in (None, language)]
        found = sum(s for s, _ in chosen)
        return sum(s and a for s, a in chosen) / found if found else None

    for step in range(5, 96):
        said = [p >= step / 100 for p in asking]
        overall = precision(said)
        if overall is None or overall < TARGET_PRECISION:
            continue
        if all((precision(said, lang) or 1.0) >= PRECISION_BAR.get(lang, OTHER_PRECISION_BAR)
               for lang in set(languages)):
            return step / 100
    return 0.95


def train(kinds: str = "both") -> ask_model.AskModel:
    rows = load("train")
    rows += with_small_talk(rows)
    targets = np.array([LABELS.index(kind) for _, kind, _, _ in rows])
    weights, biases = fit(vectorise(rows, kinds), targets)
    model = quantised_model(weights, biases, 0.5)
    model.threshold = choose_threshold(model, load("dev"))
    return model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="write nothing; fail if the shipped weights differ")
    parser.add_argument("--features", choices=("both", "words", "chars"), default="both",
                        help="which n-grams to use (only `both` is shipped; the others are for comparison)")
    args = parser.parse_args()
    model = train(args.features)
    raw = model.to_bytes()
    if args.check:
        if ask_model.MODEL_FILE.read_bytes() != raw:
            print(f"{ask_model.MODEL_FILE} is not what training on the corpus gives: run python bench/train_asks.py",
                  file=sys.stderr)
            return 1
        print(f"{ask_model.MODEL_FILE.name} is what the corpus gives (threshold {model.threshold})")
        return 0
    if args.features != "both":
        print(f"trained on {args.features} only (threshold {model.threshold}); not written. Its figures:")
        from asks_report import report

        report({"model": model}, ("dev",))
        return 0
    ask_model.MODEL_FILE.write_bytes(raw)
    print(f"wrote {ask_model.MODEL_FILE} ({len(raw) / 1e6:.1f} MB), threshold {model.threshold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
