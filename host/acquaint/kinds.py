"""The kinds of interaction a history records, and which directions each may take."""

from __future__ import annotations

from typing import NamedTuple

from .errors import InvalidValue

DIRECTIONS = ("in", "out", "both")
# How well the user says they know someone: wins over the score.
CLOSENESS_LEVELS = ("stranger", "acquaintance", "established")


class Kind(NamedTuple):
    name: str
    meaning: str
    default_direction: str | None  # None: the user must say which way
    directions: tuple[str, ...] = DIRECTIONS


KINDS = {
    kind.name: kind
    for kind in (
        Kind("message", "a message (--in from them, --out from you)", "both"),
        Kind("call", "a phone or video call", "both"),
        Kind("meeting", "meeting in person", "both"),
        Kind("favor-given", "you helped them", "out", ("out",)),
        Kind("favor-received", "they helped you", "in", ("in",)),
        Kind("ask", "they asked you for something (--out: you asked them)", "in", ("in", "out")),
        Kind("recommendation", "a recommendation (--in: they wrote you one, --out: you wrote them one)", None,
             ("in", "out")),
        Kind("endorsement", "a skill endorsement (--in: they endorsed you, --out: you endorsed them)", None,
             ("in", "out")),
        Kind("connected", "you connected or started following each other", "both"),
    )
}


def check(kind: str, direction: str | None) -> str:
    """The direction to record for `kind`, or InvalidValue naming what is wrong."""
    if kind not in KINDS:
        raise InvalidValue(f"unknown kind {kind!r}; kinds are: {', '.join(KINDS)}")
    spec = KINDS[kind]
    chosen = direction or spec.default_direction
    if chosen is None:
        raise InvalidValue(f"say which way the {kind} went: {spec.meaning}")
    if chosen not in spec.directions:
        allowed = " or ".join(f"--{d}" for d in spec.directions)
        raise InvalidValue(f"{kind} ({spec.meaning}) takes {allowed}, not --{chosen}")
    return chosen
