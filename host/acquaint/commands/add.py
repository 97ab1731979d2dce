"""acquaint add: a new person, with any handles you know."""

from ..errors import InvalidValue
from ..kinds import CLOSENESS_LEVELS
from ._common import add_identity_options, add_json_option, identities_from, identities_text, person_json

EXAMPLES = """\
  acquaint add "Jane Doe" --linkedin https://www.linkedin.com/in/jane-doe-4a1b2c
  acquaint add "Sam Lee" --x @samlee --x-id 1700000000000000001 --tag conference
"""


def configure(parser):
    parser.add_argument("name", help="display name")
    add_identity_options(parser)
    parser.add_argument("--alias", action="append", metavar="NAME", help="another name they go by")
    parser.add_argument("--note", default="", help="free text about them")
    parser.add_argument("--tag", action="append", metavar="T", help="a tag, for `list --tag`")
    parser.add_argument("--closeness", choices=CLOSENESS_LEVELS, help="how well you know them (overrides the score)")
    parser.add_argument("--new", action="store_true",
                        help="add them even if someone of the same name is in your history (two people, one name)")
    add_json_option(parser)


def run(args, context):
    from ..output import print_json
    from ..people import add_person, label

    identities = identities_from(args)
    if not args.new:
        _same_name_first(args, context)
    with context.history.change(f"add {args.name}") as tx:
        person_id = add_person(
            tx, args.name, identities, note=args.note, tags=args.tag, aliases=args.alias,
            closeness=args.closeness, now=context.now,
        )
        person = tx.people[person_id]
    if args.json:
        print_json(person_json(person_id, person), context.out)
    else:
        context.out.write(f"Added {label(person_id, person)}: {identities_text(person)}\n")


def _same_name_first(args, context) -> None:
    """Someone of this name is already known: most often the same person, so ask (a script passes --new)."""
    from ..people import label

    snapshot = context.history.read()
    same = snapshot.index.exact_name(args.name)
    if not same:
        return
    known = ", ".join(label(pid, snapshot.people[pid]) for pid in same[:3])
    answer = context.confirm(f"{known} is already in your history. Add another {args.name}?")
    if answer is None:
        raise InvalidValue(f"{known} is already in your history: add handles to them with `acquaint alias "
                           f"{same[0]} …`, or pass --new to add another person of that name")
    if not answer:
        raise InvalidValue(f"not added; `acquaint alias {same[0]} …` adds handles to {known}")
