"""Pieces several commands share: identity options, naming a person, printing a person."""

from __future__ import annotations

import argparse


def add_identity_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("identities (each may be given more than once)")
    group.add_argument("--linkedin", action="append", metavar="H", help="LinkedIn profile URL or vanity name")
    group.add_argument("--linkedin-id", action="append", metavar="ID",
                       help="LinkedIn member id (ACoAA…, from a /in/ACoAA… link in messaging)")
    group.add_argument("--x", action="append", metavar="H", help="X handle (@name) or profile URL")
    group.add_argument("--x-id", action="append", metavar="N", help="X numeric user id")
    group.add_argument("--email", action="append", metavar="E", help="email address")


def identities_from(args: argparse.Namespace):
    from ..people import parse_identities

    return parse_identities(args.linkedin, args.x, args.x_id, args.email, args.linkedin_id)


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def person_json(person_id: int, person: dict) -> dict:
    return {"id": person_id, **person}


def identities_text(person: dict) -> str:
    from ..handles import display
    from ..people import identities_of

    return ", ".join(display(kind, value) for kind, value in identities_of(person)) or "no handles"

PERSON_HELP = "an id (12), a handle (x:@jane, linkedin:jane-doe), a profile URL, or part of the name"
