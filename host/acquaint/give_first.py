"""Give first: who the user owes, from the favour ledger both ways. Pure functions over the history.

Three lists, each line saying why with its numbers and offering the natural next action:
- **helped you**: people who helped the user more often than the user helped them (most recent help first,
  then the largest difference);
- **reaching out**: people who keep reaching out (two or more contacts in the last year) while the user has
  never answered;
- **dormant**: strong ties gone quiet: both ways for two years or more, with at least two contacts each way,
  and nothing both ways for over two years. Reviving a dormant tie is among the most valuable things to do.

People the user ignores, marked "not relevant", or snoozed until a later date are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Iterable

from .dates import describe_age, from_iso, to_iso
from .summary import Summary, summarize

REACHING_OUT_WINDOW = timedelta(days=365)
REACHING_OUT_MIN = 2
DORMANT_AFTER = timedelta(days=2 * 365)
DORMANT_MIN_SPAN = timedelta(days=2 * 365)
DORMANT_MIN_EACH_WAY = 2
LIST_LIMIT = 20


@dataclass
class Line:
    person_id: int
    name: str
    why: str                   # one sentence, with the numbers
    action: str                # the natural next step, as a command ("acquaint log 12 favor-given")
    numbers: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"person": {"id": self.person_id, "name": self.name}, "why": self.why, "action": self.action,
                "numbers": self.numbers}


@dataclass
class GiveFirst:
    helped_you: list[Line] = field(default_factory=list)
    reaching_out: list[Line] = field(default_factory=list)
    dormant: list[Line] = field(default_factory=list)

    def as_json(self) -> dict:
        return {name: [line.as_json() for line in getattr(self, name)]
                for name in ("helped_you", "reaching_out", "dormant")}


def left_out(person: dict, now: datetime) -> bool:
    """Ignored, "not relevant", or snoozed until later."""
    snoozed = person.get("give_first_snoozed_until")
    return bool(person.get("ignored") or person.get("give_first_off")
                or (snoozed and from_iso(snoozed) > now))


def give_first(people: Iterable[tuple[int, dict]], interactions_of: Callable[[int], list[dict]],
               now: datetime) -> GiveFirst:
    result = GiveFirst()
    ranked: dict[str, list[tuple[tuple, Line]]] = {"helped_you": [], "reaching_out": [], "dormant": []}
    for person_id, person in people:
        if left_out(person, now):
            continue
        summary = summarize(interactions_of(person_id))
        first = person["name"].split()[0] if person["name"].split() else person["name"]
        for name, judge in (("helped_you", _helped_you), ("reaching_out", _reaching_out), ("dormant", _dormant)):
            found = judge(person_id, person["name"], first, summary, now)
            if found is not None:
                ranked[name].append(found)
    for name, lines in ranked.items():
        lines.sort(key=lambda item: item[0])
        setattr(result, name, [line for _, line in lines[:LIST_LIMIT]])
    return result


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _helped_you(person_id: int, name: str, first: str, summary: Summary, now: datetime):
    received, given = len(summary.favors_received), len(summary.favors_given)
    if received <= given:
        return None
    last = summary.favors_received[-1]
    why = (f"{first} helped you {_times(received)} (last: {last['kind']}, {last['at']:%Y-%m-%d}); "
           + (f"you helped {first} {_times(given)}" if given else f"you have no record of helping {first}"))
    line = Line(person_id, name, why, f"acquaint log {person_id} favor-given --note \"…\"",
                {"received": received, "given": given, "last_received": to_iso(last["at"])})
    return (-last["at"].timestamp(), given - received, person_id), line


def _reaching_out(person_id: int, name: str, first: str, summary: Summary, now: datetime):
    if summary.contacts_out or summary.contacts_in < REACHING_OUT_MIN or summary.last_from_them is None:
        return None
    if now - summary.last_from_them > REACHING_OUT_WINDOW:
        return None
    why = (f"{first} reached out {_times(summary.contacts_in)} (last {summary.last_from_them:%Y-%m-%d}); "
           "you have never answered")
    line = Line(person_id, name, why, f"acquaint log {person_id} message --out",
                {"contacts_in": summary.contacts_in, "last_from_them": to_iso(summary.last_from_them)})
    return (-summary.last_from_them.timestamp(), -summary.contacts_in, person_id), line


def _dormant(person_id: int, name: str, first: str, summary: Summary, now: datetime):
    last = summary.last_two_way
    if last is None or summary.first_contact is None or now - last <= DORMANT_AFTER:
        return None
    if last - summary.first_contact < DORMANT_MIN_SPAN:
        return None
    if summary.contacts_in < DORMANT_MIN_EACH_WAY or summary.contacts_out < DORMANT_MIN_EACH_WAY:
        return None
    contacts = summary.contacts_in + summary.contacts_out
    why = (f"You and {first} were in touch both ways for {describe_age((last - summary.first_contact).days)} "
           f"({contacts} contacts); nothing both ways since {last:%Y-%m-%d} ({describe_age((now - last).days)} "
           "ago)")
    line = Line(person_id, name, why, f"acquaint log {person_id} message --out --note \"…\"",
                {"contacts": contacts, "first_contact": to_iso(summary.first_contact), "last_two_way": to_iso(last)})
    return (-contacts, -last.timestamp(), person_id), line


def mirror(name: str | None, summary: Summary | None, ask_phrase: str, now: datetime) -> str:
    """What the user's own draft looks like from the other side: their standing with the person they are about
    to ask, in one or two sentences, and whether to offer something first. Never stored."""
    if name and summary is not None and summary.first_contact is None and summary.asks_from_them:
        first = name.split()[0]
        count = len(summary.asks_from_them)
        return (f"Before you ask for {ask_phrase}: your only history with {first} is {first}'s "
                f"{'ask' if count == 1 else f'{count} asks'} of you. Helping first makes yours an easy yes.")
    if not name or summary is None or summary.first_contact is None:
        who = (name or "this person").split()[0] if name else "this person"
        return (f"Before you ask for {ask_phrase}: you have no history with {who} yet, so this would be a first "
                "contact that asks. Offer something first?")
    first = name.split()[0]
    parts = []
    last = summary.last_two_way
    if last is None:
        parts.append(f"you and {first} have never been in touch both ways")
    else:
        parts.append(f"you last talked both ways {describe_age((now - last).days)} ago" if (now - last).days > 0
                     else "you talked both ways today")
    received, given = len(summary.favors_received), len(summary.favors_given)
    if received or given:
        theirs = f"{first} helped you {_times(received)}" if received else f"{first} has not helped you"
        yours = f"you helped {first} {_times(given)}" if given else f"you have no record of helping {first}"
        parts.append(f"{theirs}; {yours}")
    owing = received > given or last is None or now - last > DORMANT_AFTER
    advice = "Offer something first?" if owing else "The ledger is even: asking seems fair."
    return f"Before you ask for {ask_phrase}: " + ". ".join(parts) + ". " + advice
