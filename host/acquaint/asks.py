"""Whether a message asks the reader for a favour, and which kind: in English, German, Spanish, French and
Portuguese (docs/ASKS.md).

A learnt model (ask_model.py) decides; rules stay only where they are principled:
- what someone else wrote is not this person's ask: quoted passages and retweeted posts ("RT @devweekly: …")
  are left out before the model reads the message;
- the page's structure can decide by itself: a link to LinkedIn's recommendation form is a recommendation ask;
- the evidence kept is the sentence that asks most, cut to the clause that holds its request (never more than
  MAX_EVIDENCE characters: what came before the request, an address or a salary, stays out);
- a message in a language the model was not trained on is "can't tell", never "asks nothing" (language.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from . import ask_model, language

ASK_KINDS = ("recommendation", "endorsement", "share", "review", "intro", "follow", "pitch", "other")
LABELS = ("none", *ASK_KINDS)

# Hints the extension reads from page structure, and the ask each one means by itself.
HINT_KINDS = {
    "recommendation_form": "recommendation",
    "endorsement_prompt": "endorsement",
    "repost_request": "share",
}

MAX_EVIDENCE = 120
# A sentence asking with at least this probability is an ask, whatever the rest of the message says: on dev it
# finds no false ask (docs/ASKS.md).
SURE_SENTENCE = 0.95
CLAUSE_REACH = 60  # a request cue this far into its clause keeps the clause's start ("A recommendation … would")

# Quoted passages of two words or more, in the quotation marks of the five languages ('…' only between spaces:
# an apostrophe is not a quote).
_QUOTED = re.compile(r"\"[^\"\n]*\s[^\"\n]*\"|“[^”\n]*\s[^”\n]*”|„[^“”\n]*\s[^“”\n]*[“”]|«[^»\n]*\s[^»\n]*»"
                     r"|(?:(?<=\s)|^)'[^'\n]*\s[^'\n]*'(?=[\s.,!?;:]|$)")
# A retweet as X shows it: "RT @handle: their post", to the end of its line.
_RETWEET = re.compile(r"(?im)^\s*rt @\w+:.*$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n+")
_CLAUSE_BREAK = re.compile(r"[,;:]\s*|\s+-\s+|\s+—\s+")
# Where a request starts, in the five languages: only to cut the evidence down to its clause, never to decide.
_REQUEST_START = re.compile(
    r"\b(?:could|can|would|will|wo?uld) (?:you|u)\b|\b(?:please|pls|plz|any chance|mind)\b"
    r"|\b(?:kannst|k[oö]nntest|k[oö]nnten|w[uü]rdest|w[uü]rden) (?:du|sie)\b|\bbitte\b"
    r"|\b(?:puedes|podr[ií]as|podr[ií]a|pod[eé]s|te importar[ií]a|le importar[ií]a|por favor)\b"
    r"|\b(?:pourrais|pourriez|peux|pouvez|voudrais|voudriez)[- ](?:tu|vous)\b|\b(?:s'il (?:te|vous) pla[iî]t|stp|svp)\b"
    r"|\b(?:poderia|podia|pode|podes|voc[eê] (?:poderia|pode|podia)|por favor|pfv|pf)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Ask:
    kind: str
    evidence: str  # the clause that asks, as written (page text: shown as text, never as markup)


def their_own_words(text: str) -> str:
    """The message without what it quotes or retweets: someone else's ask is not theirs."""
    return _QUOTED.sub(" ", _RETWEET.sub(" ", text or ""))


def sentences_of(text: str) -> list[str]:
    return [" ".join(s.split()) for s in _SENTENCE_BREAK.split(text) if s.strip()]


def _clip(text: str) -> str:
    if len(text) <= MAX_EVIDENCE:
        return text
    cut = text[: MAX_EVIDENCE - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[MAX_EVIDENCE // 2:] else cut) + "…"


def _evidence(sentence: str) -> str:
    """The part of `sentence` that asks: from its request cue (or the start of the clause holding it, when near)
    to the end of that clause, at most MAX_EVIDENCE characters."""
    cue = _REQUEST_START.search(sentence)
    if cue is None:
        return _clip(sentence)
    start = cue.start()
    clause_start = max((b.end() for b in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    if start - clause_start <= CLAUSE_REACH:
        start = clause_start
    clause_end = next((b.start() for b in _CLAUSE_BREAK.finditer(sentence, cue.end())), len(sentence))
    return _clip(sentence[start:clause_end].strip())


def _asking(probabilities: dict[str, float]) -> float:
    return 1.0 - probabilities["none"]


def _worded(sentences: list[str]) -> list[str]:
    """The sentences of two words or more: one word ("?", "please") is no sentence to judge or keep."""
    return [s for s in sentences if len(s.split()) >= 2]


def _asking_sentence(sentences: list[str], model: ask_model.AskModel) -> str:
    """The first sentence that asks by itself (one with a request's words first), else the one that asks most;
    one word ("?", "please") is no sentence to keep. The first, so that messages after the ask ("??", "any
    news?") leave it, and the key of the request, as it was."""
    worded = _worded(sentences) or sentences
    if len(worded) == 1:
        return worded[0]
    scores = [_asking(model.probabilities(s)) for s in worded]
    asking = [s for s, score in zip(worded, scores, strict=True) if score >= model.threshold]
    # A greeting can score as asking on its own ("Hola Ana, ¿qué tal?"): one that holds a request's words is
    # the better witness.
    first = next((s for s in asking if _REQUEST_START.search(s)), None) or next(iter(asking), None)
    return first or max(zip(scores, worded, strict=True))[1]


def _sure_sentence(sentences: list[str], model: ask_model.AskModel) -> tuple[str, dict] | None:
    """A sentence of several that asks beyond doubt by itself, with its probabilities: small talk and thanks
    around a short ask can outweigh it in the whole message ("Hi Jane! Loved your talk… COULD you write me a
    Recommendation? Thanks!")."""
    worded = _worded(sentences)
    if len(worded) < 2:
        return None
    for sentence in worded:
        probabilities = model.probabilities(sentence)
        if _asking(probabilities) >= SURE_SENTENCE:
            return sentence, probabilities
    return None


def detect(text: str, hints: Iterable[str] = (), model: ask_model.AskModel | None = None) -> Ask | None:
    """The ask in `text` (with the page's structural `hints`), or None when it asks nothing, or when it is in
    a language the model does not read (then `cannot_tell` says which). `model`: the shipped one unless given
    (bench/train_asks.py judges a model before writing it)."""
    model = model or ask_model.shipped()
    own = their_own_words(text)
    sentences = sentences_of(own)
    if sentences and language.unsupported(own) is None:
        whole = model.probabilities(own)
        if _asking(whole) >= model.threshold:
            return Ask(max(ASK_KINDS, key=whole.__getitem__), _evidence(_asking_sentence(sentences, model)))
        sure = _sure_sentence(sentences, model)
        if sure is not None:
            return Ask(max(ASK_KINDS, key=sure[1].__getitem__), _evidence(sure[0]))
    for hint in hints:
        if hint in HINT_KINDS:
            return Ask(HINT_KINDS[hint], _evidence(sentences[0]) if sentences
                       else f"the page shows a {hint.replace('_', ' ')}")
    return None


def cannot_tell(text: str) -> str | None:
    """The language's name when the text is in one the detector does not read ("Italian"), else None."""
    return language.unsupported(their_own_words(text))
