"""Who and what a request is about, as a page (or the command line) tells it: the core's view of a request,
whatever protocol or command brought it. messages.py reads these from the native-messaging protocol."""

from __future__ import annotations

from dataclasses import dataclass, field

# Where the page text comes from. Profiles and links ask nothing and record nothing.
CONTEXTS = ("conversation", "invitation", "recommendation_form", "post", "profile", "link", "selection")
READ_ONLY_CONTEXTS = ("profile", "link")


@dataclass(frozen=True)
class Relation:
    """What the site itself says about the user and this person: LinkedIn's connection degree, X's
    "Follows you". None where the page did not say."""

    linkedin_degree: int | None = None
    follows_you: bool | None = None

    def as_json(self) -> dict:
        return {k: v for k, v in (("linkedin_degree", self.linkedin_degree), ("follows_you", self.follows_you))
                if v is not None}


@dataclass(frozen=True)
class PersonRef:
    """Who a request is about, as the page told it. `identities` are normalised, most reliable first: the
    site's own markup shows them. `claims` are identities only the sender's text shows (a vanity name in a
    recommendation link they pasted): they can propose a probable match, never prove one, and are never
    learnt. `fallbacks` are looked up but never learnt: the lower-cased member ids that Acquaint 0.1 stored as
    LinkedIn vanity names. `history_id` names a person already in the history directly."""

    platform: str
    identities: tuple[tuple[str, str], ...]
    name: str
    fallbacks: tuple[tuple[str, str], ...] = ()
    relation: Relation = field(default_factory=Relation)
    history_id: int | None = None
    claims: tuple[tuple[str, str], ...] = ()

    @property
    def name_only(self) -> bool:
        """A page that shows only a name (an X group chat): it may point to a probable person, but nothing is
        recorded or learnt under a bare name."""
        return not self.identities and self.history_id is None

    @classmethod
    def named(cls, platform: str, identities, name: str = "", **more) -> PersonRef:
        """A reference from normalised identities, most reliable first (duplicates dropped), with the fallbacks
        every LinkedIn member id brings."""
        identities = tuple(dict.fromkeys(identities))
        fallbacks = tuple(("linkedin", value.lower()) for kind, value in identities if kind == "linkedin_id")
        return cls(platform, identities, name, fallbacks, **more)

    @property
    def display_name(self) -> str:
        if self.name.strip():
            return " ".join(self.name.split())[:200]
        if not self.identities:
            return f"#{self.history_id}"
        kind, value = self.identities[0]
        return {"x": f"@{value}", "x_id": f"X user {value}"}.get(kind, value)


@dataclass(frozen=True)
class PageRequest:
    text: str
    url: str
    hints: tuple[str, ...] = field(default_factory=tuple)
    group: bool = False
    context: str = "conversation"

    @property
    def read_only(self) -> bool:
        return self.context in READ_ONLY_CONTEXTS
