"""The learnt part of ask detection: a linear model over hashed word and character n-grams (docs/ASKS.md).

A message becomes a set of features: its words, its word pairs, and the character 3- to 5-grams of each word
with its neighbouring spaces, after folding case and accents and replacing links, @handles and digits. Each
feature is hashed (crc32, the same in every process) into one of 2^18 slots; each label has an 8-bit weight per
slot. The label's score is the sum of its weights over the message's slots, scaled by 1/sqrt(slots), plus its
bias; a softmax turns the scores into probabilities. Character n-grams are what make the model read typos,
inflections and five languages with one table of weights.

The weights are trained by bench/train_asks.py from tests/data/asks/ and shipped in data/ask_model.bin; this
module only reads them (standard library only: the host starts without numpy).
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
import zlib
from array import array
from functools import lru_cache
from pathlib import Path

SLOTS = 1 << 18
CHAR_GRAMS = (3, 4, 5)
MODEL_FILE = Path(__file__).parent / "data" / "ask_model.bin"
MAGIC = b"ACQASK1\n"

_LINK = re.compile(r"(?:https?://|www\.)\S+")
_HANDLE = re.compile(r"@\w+")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+|[?!]")


def normalise(text: str) -> str:
    """Lower case, no accents, quotes and dashes of one kind; links, handles and numbers as placeholders."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = _LINK.sub(" http ", text)
    text = _HANDLE.sub(" @user ", text)
    text = _DIGITS.sub("0", text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def features(text: str) -> list[str]:
    """The message's features, each once: words ("w:…"), word pairs ("b:… …") and character n-grams (bare)."""
    words = _WORD.findall(normalise(text))
    found = set()
    for word in words:
        found.update(_word_features(word))
    found.update(f"b:{first} {second}" for first, second in zip(words, words[1:], strict=False))
    return sorted(found)


@lru_cache(maxsize=1 << 15)
def _word_features(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return (f"w:{word}", *(padded[i:i + size] for size in CHAR_GRAMS for i in range(len(padded) - size + 1)))


@lru_cache(maxsize=1 << 16)
def slot(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (SLOTS - 1)


@lru_cache(maxsize=1 << 15)
def _word_slots(word: str) -> frozenset[int]:
    """A word's own slots, worked out once per process: words repeat from message to message."""
    return frozenset(slot(feature) for feature in _word_features(word))


def slots(text: str) -> list[int]:
    """The slots of features(text), the same set, made quicker."""
    words = _WORD.findall(normalise(text))
    taken = set()
    for word in words:
        taken |= _word_slots(word)
    taken.update(slot(f"b:{first} {second}") for first, second in zip(words, words[1:], strict=False))
    return sorted(taken)


class AskModel:
    """Labels, biases and 8-bit weights, read from the file bench/train_asks.py writes."""

    def __init__(self, labels: tuple[str, ...], scale: float, biases: list[float], weights: list[array],
                 threshold: float):
        self.labels = labels
        self.scale = scale          # weight = stored byte * scale
        self.biases = biases
        self.threshold = threshold  # P(some ask) at or above which a message asks
        # The weights (one array('b') of SLOTS per label) kept plus 128, as bytes: reading them makes no new int
        # objects (0..255 are shared), and itemgetter reads them all in one call. A long thread is scored in a
        # tenth of the time.
        self._lifted = [table.tobytes().translate(_LIFT) for table in weights]

    def probabilities(self, text: str) -> dict[str, float]:
        taken = slots(text)
        if not taken:
            return {label: float(label == "none") for label in self.labels}
        factor = self.scale / math.sqrt(len(taken))
        read = operator.itemgetter(*taken) if len(taken) > 1 else lambda table: (table[taken[0]],)
        lift = 128 * len(taken)
        scores = [bias + factor * (sum(read(table)) - lift)
                  for bias, table in zip(self.biases, self._lifted, strict=True)]
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {label: value / total for label, value in zip(self.labels, exps, strict=True)}

    # -- the file ---------------------------------------------------------------------------------------------------
    # MAGIC, then a header line of JSON-free text: "labels=a,b,c scale=… threshold=… biases=x,y,z\n", then the
    # weights: SLOTS signed bytes per label, in the labels' order.

    def to_bytes(self) -> bytes:
        header = (f"labels={','.join(self.labels)} scale={self.scale!r} threshold={self.threshold!r} "
                  f"biases={','.join(repr(b) for b in self.biases)}\n").encode("ascii")
        return MAGIC + header + b"".join(lifted.translate(_LOWER) for lifted in self._lifted)

    @classmethod
    def from_bytes(cls, raw: bytes) -> AskModel:
        if not raw.startswith(MAGIC):
            raise ValueError("not an Acquaint ask model")
        header_end = raw.index(b"\n", len(MAGIC))
        fields = dict(item.split("=", 1) for item in raw[len(MAGIC):header_end].decode("ascii").split())
        labels = tuple(fields["labels"].split(","))
        body = raw[header_end + 1:]
        if len(body) != SLOTS * len(labels):
            raise ValueError(f"the ask model holds {len(body)} bytes of weights, not {SLOTS * len(labels)}")
        weights = []
        for n in range(len(labels)):
            table = array("b")
            table.frombytes(body[n * SLOTS:(n + 1) * SLOTS])
            weights.append(table)
        return cls(labels, float(fields["scale"]), [float(b) for b in fields["biases"].split(",")], weights,
                   float(fields["threshold"]))


_LIFT = bytes((value + 128) & 255 for value in range(256))  # a signed byte's value plus 128, as an unsigned byte
_LOWER = bytes((value - 128) & 255 for value in range(256))  # and back


@lru_cache(maxsize=1)
def shipped() -> AskModel:
    """The model in the package, read once per process (a few milliseconds)."""
    return AskModel.from_bytes(MODEL_FILE.read_bytes())


def quantise(values, scale: float) -> array:
    """Weights as signed bytes: round(value / scale), within -127..127."""
    return array("b", (max(-127, min(127, round(v / scale))) for v in values))
