"""Whether a message asks the reader for a favour, and which kind. English only (see docs/ASKS.md).

A sentence is an ask when it carries a request cue ("could you", "would you mind", "please", an imperative like
"RT this") and names what is asked ("a recommendation", "endorse", "retweet", "introduce me"). Clauses that
thank ("thanks for the recommendation"), offer ("happy to write you one", "would you like me to …") or report
("I retweeted your post" — it has no request cue) are not asks. A sales pitch is recognised on the whole
message. Page structure can decide by itself: a link to LinkedIn's recommendation form is a recommendation ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

ASK_KINDS = ("recommendation", "endorsement", "share", "review", "intro", "follow", "pitch", "other")

# Hints the extension reads from page structure, and the ask each one means by itself.
HINT_KINDS = {
    "recommendation_form": "recommendation",
    "endorsement_prompt": "endorsement",
    "repost_request": "share",
}

# The evidence kept with a recorded ask: the clause that asks, never more than this. A message without
# punctuation is one long "sentence"; what came before its request (an address, a salary) stays out.
MAX_EVIDENCE = 120
CLAUSE_REACH = 60  # a request cue this far into its clause keeps the clause's start ("A recommendation … would")


def _rx(*alternatives: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


REQUEST_CUES = _rx(
    r"\b(?:could|can|would|will|wo?uld) (?:you|u)\b",
    r"\b(?:would|do) you mind\b",
    r"^(?:\w+[,!]? )?mind \w+ing\b",
    r"\b(?:please|pls|plz)\b",
    r"\bany chance\b",
    r"\bis there any (?:chance|way)\b",
    r"\b(?:i'?d|i would|would) (?:really |so |very |much )?(?:love|appreciate|be grateful)\b",
    r"\b(?:would|it would|that would|it'd|that'd) (?:mean|help|go a long way|make my day)\b",
    r"\bwould be (?:a )?(?:huge |big |great |massive )?(?:help|amazing|great|awesome|wonderful|lovely|appreciated)\b",
    r"\bhoping (?:you|u) (?:could|can|would|might)\b",
    r"\bmight you\b",
    r"\bdo you have (?:\d+|a few|five|ten|fifteen) minutes\b",
    r"\bif you could\b",
    r"\bdo you think you could\b",
    r"\bwondering if you\b",
    r"\bif you can\b",
    r"\b(?:could|can|may) i (?:ask|trouble|list|borrow|interest|send|pick|get|give)\b",
    r"\b(?:appreciated|thanks in advance)\b",
    r"\bdo you (?:know|have) (?:anyone|someone|any|budget|time)\b",
    r"\bwho do you know\b",
    r"\b(?:are you|would you be|be) (?:open|interested|willing|up for|able|looking)\b",
    r"^(?:\w+[,!]? )?(?:open to|interested in|worth a|want a|want the|want to hear)\b",
    r"\blet'?s (?:swap|connect|hop|schedule|set up)\b",
    r"\bshall (?:i|we)\b",
    r"\blet me know (?:a good time|when you'?re free|if you'?re (?:free|interested|open))\b",
    r"\bwould your team\b",
    # Imperatives that open a sentence: "RT this", "Endorse me for…?", "Follow me back?"
    r"^(?:(?:hey|hi|hello|ok|so|oh|and|quick favou?r|quick ask|one ask|small ask)[,:!]? )?(?:please )?"
    r"(?:rt|retweet|repost|reshare|share|"
    r"boost|endorse|follow|subscribe|join|introduce|intro|vote|sign|book|help|drop|star|rate|upvote|connect|"
    r"leave|donate|f4f)\b",
)

# Clauses that are not asks even with a cue in them: thanks, offers, things done.
NOT_ASK_CLAUSES = _rx(
    r"^(?:\w+[,!]? )?(?:thanks|thank you|thx|ty|many thanks|cheers)\b(?! in advance)",
    r"\b(?:would you like me to|do you want me to|want me to|happy to|glad to|i'?d be happy|i can|i could)\b",
    r"\b(?:if you ever need|let me know if (?:i|you)|just ask|no rush|no pressure)\b",
)

KIND_PATTERNS: dict[str, re.Pattern] = {
    "endorsement": _rx(r"\bendors\w*"),
    "recommendation": _rx(
        r"\brecommend(?:ation|ations|ing)?\b(?! (?:engine|system|algorithm|model)s?\b)",
        r"\brecommended me\b", r"\brec\b", r"\breferences?\b", r"\breferral\b", r"\brefer(?:ring)? me\b", r"\bvouch\w*",
        r"\bgood word\b", r"\bput in a word\b", r"\btestimonial\b",
    ),
    "intro": _rx(
        r"\bintroduc\w*", r"\bintro\b(?! (?:call|video|chat))", r"\bconnect(?:ing)? (?:me|us)\b",
        r"\bput me in touch\b",
        r"\bloop me in\b", r"\bpass my details\b", r"\bforward my\b", r"\bknow (?:anyone|someone|any)\b",
        r"\bwho do you know\b",
    ),
    "review": _rx(
        r"\breview\w*", r"\bfeedback\b", r"\bproofread\w*", r"\blook over\b", r"\b(?:take|have) a (?:quick )?look\b",
        r"\bgive .{0,30}?a (?:quick )?look\b", r"\blook at my\b", r"\bthoughts on\b", r"\bcritique\b",
        r"\bblog (?:post )?about\b", r"\bwrite about\b", r"\bcase study\b", r"\brate (?:our|my)\b",
        r"\bread(?:ing)? (?:my|the|our) \w+", r"\bgo(?:ing)? through my\b", r"\b(?:test|try) (?:our|my) (?:beta|app)\b",
        r"\bcheck my\b", r"\bgiving me notes\b",
    ),
    "share": _rx(
        r"\brt\b", r"\bretweet\w*", r"\bre-?post\w*", r"\breshar\w*", r"\bquote tweet\b", r"\bboost\w*",
        r"\bamplify\b", r"\bspread the word\b", r"\bupvot\w*", r"\ba like and a comment\b", r"\blike \+ share\b",
        r"\bsome love\b", r"\bpin (?:our|my)\b", r"\bmention (?:our|my)\b", r"\btweet about\b", r"\bpost about\b",
        r"\bshar(?:e|ing) (?:it|this|my|our|with)\b",
    ),
    "follow": _rx(
        r"\bfollow\w*(?! up)\b", r"\bf4f\b", r"\bsubscrib\w*", r"\bsign up for\b", r"\bjoin (?:my|our|the)\b",
        r"\blike our page\b", r"\bstar (?:my|our)\b", r"\bturn on notifications\b", r"\bconnect with me\b",
        r"\badd me to your network\b", r"\bwaitlist\b",
    ),
}
KIND_PRIORITY = ("endorsement", "recommendation", "intro", "review", "share", "follow")

# A sales pitch: seller language anywhere in the message, plus a request cue or a question.
PITCH_SIGNALS = _rx(
    r"\bour (?:\w+ ){0,2}(?:platform|solution|service|tool|software|agency|crm|suite|programme|program|"
    r"product|masterclass|app)\b",
    r"\bwe (?:help|offer|build|place|provide|specialize|specialise)\b", r"\bwe'?re offering\b", r"\bi help\b",
    r"\bi run an agency\b", r"\bwe'?ve helped\b", r"\bfree (?:trial|demo|audit|strategy session|consultation)\b",
    r"\bdemo\b", r"\bdiscount\b", r"\bpricing\b", r"\bproposal\b", r"\bhave (?:a |the )?budget\b",
    r"\bprocurement\b", r"\boutsourc\w*",
    r"\bfractional\b", r"\bcalendly\b", r"\bbook a call\b", r"\bhop on a call\b", r"\bmedia kit\b",
    r"\bsponsor your\b", r"\bearly bird\b", r"\bbuy a ticket\b", r"\binvest(?:ing)? in our\b",
    r"\binterest you in\b", r"\bright person to talk\b", r"\bwho handles\b", r"\bpitch you\b",
    r"\bwould your team benefit\b", r"\bswitching to our\b",
)

# Any other favour: a request cue together with one of these.
OTHER_FAVOURS = _rx(
    r"\bfavou?r\b", r"\bhelp (?:me|us)\b", r"\blend\b", r"\bborrow\b", r"\bmentor\w*", r"\badvice\b", r"\bdonat\w*",
    r"\bvote\b", r"\bsponsor\b", r"\bpick your brain\b", r"\bguest\b", r"\bspeak at\b", r"\bjudge\b",
    r"\bsign (?:our|my|the)\b", r"\bpetition\b", r"\bco-?sign\b", r"\bteach\b", r"\bfill (?:out|in)\b", r"\bsurvey\b",
    r"\bquestionnaire\b", r"\binterviews?\b", r"\bshadow\b", r"\bspare\b", r"\binvest (?:an|some|a few)\b",
    r"\btranslat\w*", r"\baccess to\b", r"\bcover my\b", r"\bkeep an eye\b", r"\bsend(?:ing)? me\b",
    r"\bshare your\b", r"\bprepare for\b",
)

_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n+")
_CLAUSE_BREAK = re.compile(r"[,;:]\s*|\s+-\s+|\s+—\s+")


@dataclass(frozen=True)
class Ask:
    kind: str
    evidence: str  # the sentence that asks, as written (page text: shown as text, never as markup)


def _normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


def _active_text(sentence: str) -> str:
    """The sentence without its thanking, offering clauses."""
    clauses = [c for c in _CLAUSE_BREAK.split(sentence) if c]
    return ", ".join(c for c in clauses if not NOT_ASK_CLAUSES.search(c))


def _kind_in(text: str) -> str | None:
    for kind in KIND_PRIORITY:
        if KIND_PATTERNS[kind].search(text):
            return kind
    return None


def _clip(text: str) -> str:
    if len(text) <= MAX_EVIDENCE:
        return text
    cut = text[: MAX_EVIDENCE - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[MAX_EVIDENCE // 2:] else cut) + "…"


def _evidence(sentence: str) -> str:
    """The part of `sentence` that asks: from its request cue (or the start of the clause holding it, when near)
    to the end of that clause, at most MAX_EVIDENCE characters."""
    sentence = " ".join(sentence.split())
    lowered = _normalise(sentence)
    cue = REQUEST_CUES.search(lowered)
    if cue is None or len(lowered) != len(sentence):  # no cue (a pitch's question), or lower() changed lengths
        return _clip(sentence)
    start = cue.start()
    clause_start = max((b.end() for b in _CLAUSE_BREAK.finditer(lowered, 0, start)), default=0)
    if start - clause_start <= CLAUSE_REACH:
        start = clause_start
    clause_end = next((b.start() for b in _CLAUSE_BREAK.finditer(lowered, cue.end())), len(sentence))
    return _clip(sentence[start:clause_end].strip())


def detect(text: str, hints: Iterable[str] = ()) -> Ask | None:
    """The ask in `text` (with the page's structural `hints`), or None when it asks nothing."""
    originals = [s for s in _SENTENCE_BREAK.split(text or "") if s.strip()]
    sentences = [_normalise(s) for s in originals]
    actives = [_active_text(s) for s in sentences]
    requests = [n for n, active in enumerate(actives) if active and REQUEST_CUES.search(active)]

    best: tuple[int, int] | None = None  # (priority, sentence number)
    for n in requests:
        # "Looking for recommendations. Would you write one?": the previous sentence names what is asked.
        kind = _kind_in(actives[n]) or (_kind_in(actives[n - 1]) if n > 0 else None)
        if kind and (best is None or KIND_PRIORITY.index(kind) < best[0]):
            best = (KIND_PRIORITY.index(kind), n)
    if best is not None:
        return Ask(KIND_PRIORITY[best[0]], _evidence(originals[best[1]]))

    for hint in hints:
        if hint in HINT_KINDS:
            evidence = _evidence(originals[requests[0]]) if requests else f"the page shows a {hint.replace('_', ' ')}"
            return Ask(HINT_KINDS[hint], evidence)

    whole = " ".join(actives)
    if PITCH_SIGNALS.search(whole) and (requests or "?" in whole):
        sentence = requests[0] if requests else next(n for n, s in enumerate(actives) if "?" in s)
        return Ask("pitch", _evidence(originals[sentence]))

    for n in requests:
        if OTHER_FAVOURS.search(actives[n]):
            return Ask("other", _evidence(originals[n]))
    return None
