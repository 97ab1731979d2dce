"""The verdict the extension shows: level, badge, the ask, flags, reasons in plain words, and a suggestion.

A pure function of an assessment (see relationship.py), the detected ask and the time now.
"""

from __future__ import annotations

from datetime import datetime

from .asks import Ask
from .dates import days_between, describe_age
from .refs import READ_ONLY_CONTEXTS, Relation
from .relationship import Assessment, first_name, shown_name

BADGES = {"stranger": ("?", "#c5221f"), "acquaintance": ("~", "#b06000"), "established": ("✓", "#137333")}
QUIET_COLOR = "#5f6368"  # nothing is asked: the badge informs, it does not alarm
NEW_CONTACT_DAYS = 30
DORMANT_DAYS = 730
MAX_REASONS = 5

ASK_PHRASES = {
    "recommendation": "a recommendation", "endorsement": "an endorsement", "share": "a share or repost",
    "review": "a review or feedback", "intro": "an introduction", "follow": "a follow", "pitch": "a sales meeting",
    "other": "a favour",
}

STRANGER_ADVICE = {
    "recommendation": "A recommendation vouches for work you have seen. You have no first-hand knowledge of "
                      "{first}'s work yet: offer a call first, or suggest someone who has worked with them.",
    "endorsement": "Endorse skills you have seen used. Get to know {first}'s work first, or let this one pass.",
    "share": "Sharing puts your name behind their post. Read it first, and share it only if you would share it "
             "from anyone: you owe {first} nothing yet.",
    "review": "Reviewing takes your time for someone you do not know yet. A short reply or a pointer to a public "
              "resource is a fair answer.",
    "intro": "An introduction spends your contact's trust in you. Get to know {first} first; until then a "
             "polite no is fair.",
    "follow": "Following costs little: follow if their content interests you, not because you were asked.",
    "pitch": "This is a sales pitch. Answer only if you need what they sell.",
    "other": "You do not know {first} yet. Build the relationship first (a reply, a call) before you spend time "
             "on their request.",
}


DEGREE_NAMES = {1: "1st", 2: "2nd", 3: "3rd+"}
NO_RELATION = Relation()  # the page said nothing about it


def relation_flags(relation: Relation) -> list[str]:
    """What the site says, as flags: `linkedin_connected` (1st degree), `linkedin_not_connected` (2nd, 3rd),
    `follows_you` (X)."""
    flags = []
    if relation.linkedin_degree == 1:
        flags.append("linkedin_connected")
    elif relation.linkedin_degree:
        flags.append("linkedin_not_connected")
    if relation.follows_you:
        flags.append("follows_you")
    return flags


def relation_reason(relation: Relation, first: str, *, no_history: bool) -> str | None:
    """The site's own word on the relationship, which the history may lack: a 1st-degree connection missing
    from the history is a different case from a 2nd-degree person who has never been connected."""
    degree = relation.linkedin_degree
    if degree == 1:
        if no_history:
            return ("LinkedIn: 1st-degree — you are connected, but your history has no record of it "
                    "(import your LinkedIn connections)")
        return "LinkedIn: 1st-degree connection"
    if degree:
        return f"LinkedIn: {DEGREE_NAMES[degree]}-degree — you are not connected"
    if relation.follows_you is True:
        return f"X: {first} follows you"
    if relation.follows_you is False:
        return f"X: {first} does not follow you"
    return None


def flags_for(assessment: Assessment, now: datetime, *, group: bool) -> list[str]:
    summary, person = assessment.summary, assessment.person
    flags = []
    if summary.first_contact is None:
        flags.append("no_history")
    if summary.first_contact is None or days_between(summary.first_contact, now) < NEW_CONTACT_DAYS:
        flags.append("new_contact")
    contact_one_way = (summary.contacts_in > 0) != (summary.contacts_out > 0)
    help_one_way = bool(summary.favors_given) and not summary.favors_received
    if contact_one_way or help_one_way:
        flags.append("one_sided")
    if summary.asks_from_them:
        flags.append("repeat_asker")
    if summary.last_two_way and days_between(summary.last_two_way, now) > DORMANT_DAYS:
        flags.append("dormant")
    if person.get("closeness"):
        flags.append("closeness_set")
    if person.get("ignored"):
        flags.append("ignored")
    if group:
        flags.append("group")
    return flags


def reasons_for(assessment: Assessment, flags: list[str], *, known: bool, relation: Relation = NO_RELATION,
                match: dict | None = None, name_only: bool = False) -> list[str]:
    parts = {part.name: part for part in assessment.score.parts}
    first = first_name(assessment.person["name"])
    reasons = []
    if match and match["because"] == "link":
        reasons.append(f"Probably {match['name']}: their message links to that profile, not yet confirmed")
    elif match and match["identity"]:
        reasons.append(f"Probably {match['name']} from your connections: the same name, not yet confirmed")
    elif match:
        reasons.append(f"Probably {match['name']}: the page shows only a name, which is theirs")
    if name_only:
        reasons.append("The page shows only a name here, so Acquaint records nothing for this request")
    if assessment.person.get("closeness"):
        reasons.append(f"You set {first} as {assessment.person['closeness']}")
    if "no_history" in flags:
        reasons.append(f"You have no record of any contact with {first}" if known
                       else f"{first} was not in your history before this")
    else:
        reasons.append(parts["tenure"].sentence)
    site_says = relation_reason(relation, first, no_history="no_history" in flags)
    if site_says:
        reasons.append(site_says)
    if "repeat_asker" in flags:
        asks = parts["asks"].sentence
        if not assessment.summary.favors_received and not assessment.summary.favors_given:
            asks += "; you have no record of helping each other"
        reasons.append(asks)
    if "no_history" not in flags:
        for name in ("favours", "recency", "frequency"):
            reasons.append(parts[name].sentence)
    # Two parts can say the same thing ("no record of helping each other"): each is said once.
    return list(dict.fromkeys(sentence(reason) for reason in reasons))[:MAX_REASONS]


# Flags as the CLI prints them: the protocol keeps the names, people read words.
FLAG_WORDS = {
    "new_contact": "new contact", "one_sided": "one-sided", "repeat_asker": "has asked before",
    "no_history": "no history", "dormant": "dormant", "closeness_set": "closeness set by you", "ignored": "ignored",
    "group": "group thread", "linkedin_connected": "connected on LinkedIn",
    "linkedin_not_connected": "not connected on LinkedIn", "follows_you": "follows you on X",
    "probable_match": "probably them (not yet confirmed)", "name_only": "known only by name here",
    "history_busy": "not recorded yet: the history is busy",
}


def flag_words(flags: list[str]) -> str:
    return ", ".join(FLAG_WORDS.get(flag, flag.replace("_", " ")) for flag in flags)


def sentence(text: str) -> str:
    """Capitalised: a name may begin it, and "this person" stands in for one that is not shown."""
    return text[:1].upper() + text[1:]


def suggestion_for(assessment: Assessment, ask: Ask | None, flags: list[str], now: datetime,
                   context: str = "conversation", unread_language: str | None = None) -> str:
    first = first_name(assessment.person["name"])
    level, summary = assessment.level, assessment.summary
    if "ignored" in flags:
        return f"You chose to ignore {first}; Acquaint shows no hint for them."
    if context in READ_ONLY_CONTEXTS:
        return sentence(who_they_are(assessment, first, now))
    if ask is None and unread_language:
        return (f"Can't tell whether {first} asks for something: Acquaint does not read {unread_language} yet. "
                "Read it yourself; the relationship above still holds.")
    if ask is None:
        if level == "stranger":
            return f"No favour asked here. If you want to get to know {first}, reply, and log it."
        return "No favour asked here."
    if level == "stranger":
        advice = STRANGER_ADVICE[ask.kind].format(first=first)
    elif level == "acquaintance":
        advice = (f"You know {first} a little. Help if it costs you little; before {ASK_PHRASES[ask.kind]}, "
                  "a call makes it an honest yes.")
    else:
        known_for = describe_age(days_between(summary.first_contact, now)) if summary.first_contact else None
        advice = (f"You and {first} go back {known_for}. " if known_for else "") + \
            "Helping fits the relationship."
    if "repeat_asker" in flags and not summary.favors_received:
        count = len(summary.asks_from_them)
        advice += f" {first} has asked {times(count)} before and never helped you: " \
                  "saying no is fine."
    if "group" in flags:
        advice = "In a group thread: " + advice[0].lower() + advice[1:]
    return sentence(advice)


def who_they_are(assessment: Assessment, first: str, now: datetime) -> str:
    """For a profile: the relationship in one sentence, no advice about a request there is none of."""
    summary = assessment.summary
    if summary.first_contact is None:
        return f"You have no history with {first} yet."
    known_for = describe_age(days_between(summary.first_contact, now))
    given, received = len(summary.favors_given), len(summary.favors_received)
    return (f"You and {first} go back {known_for}; you helped {first} {times(given)}, "
            f"{first} helped you {times(received)}.")


def times(count: int) -> str:
    return {0: "never", 1: "once", 2: "twice"}.get(count, f"{count} times")


def badge_for(assessment: Assessment, ask: Ask | None, match: dict | None = None) -> dict:
    text, color = BADGES[assessment.level]
    if match and assessment.level != "stranger":
        # Only probably them: anyone can take a connection's name. Say so on the badge itself, in amber.
        text, color = text + "?", BADGES["acquaintance"][1]
    title = f"{shown_name(assessment.person['name'])}{' (probably)' if match else ''}: {assessment.level}"
    if ask:
        title += f", asks for {ASK_PHRASES[ask.kind]}"
    title += f" (score {assessment.score.total})"
    return {"text": text, "color": color if ask else QUIET_COLOR, "title": title}


def make_verdict(assessment: Assessment, ask: Ask | None, now: datetime, *, known: bool, person_id: int | None,
                 group: bool = False, recorded: bool = False, dismissed: bool = False,
                 context: str = "conversation", relation: Relation = NO_RELATION, match: dict | None = None,
                 name_only: bool = False, unread_language: str | None = None) -> dict:
    flags = flags_for(assessment, now, group=group) + relation_flags(relation) + (["probable_match"] if match else [])
    if name_only:
        flags.append("name_only")
    return {
        "level": assessment.level,
        "score": assessment.score.total,
        "badge": badge_for(assessment, ask, match),
        "ask": ask.kind if ask else None,
        "ask_phrase": ASK_PHRASES[ask.kind] if ask else None,  # "an introduction": what the extension shows
        "ask_evidence": ask.evidence if ask else None,
        # No ask found, because the message is in a language the detector does not read: "can't tell".
        "ask_unread_language": None if ask else unread_language,
        "flags": flags,
        "reasons": reasons_for(assessment, flags, known=known, relation=relation, match=match, name_only=name_only),
        "suggestion": suggestion_for(assessment, ask, flags, now, context, None if ask else unread_language),
        "person": ({"id": person_id, "name": shown_name(assessment.person["name"]), "known": known}
                   if person_id else None),
        "breakdown": [part.as_json() for part in assessment.score.parts],
        "recorded": recorded,
        "dismissed": dismissed,
        "context": context,
        "relation": relation.as_json(),
        "match": match,
    }
