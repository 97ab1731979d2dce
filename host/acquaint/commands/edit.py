"""acquaint edit: change a person's name, notes, tags or closeness."""

from ..kinds import CLOSENESS_LEVELS
from ._common import PERSON_HELP

EXAMPLES = """\
  acquaint edit jane --tag mentor --note "met at PyCon 2019"
  acquaint edit x:@samlee --closeness established
  acquaint edit 12 --closeness auto --untag conference
"""


def configure(parser):
    parser.add_argument("person", help=PERSON_HELP)
    parser.add_argument("--name", help="new display name")
    parser.add_argument("--note", help="replace the notes with this text")
    parser.add_argument("--tag", action="append", default=[], metavar="T", help="add a tag")
    parser.add_argument("--untag", action="append", default=[], metavar="T", help="remove a tag")
    parser.add_argument(
        "--closeness", choices=[*CLOSENESS_LEVELS, "auto"],
        help="how well you know them; 'auto' lets the score decide again",
    )


def run(args, context):
    from ..people import edit_person, label, resolve

    with context.history.change(f"edit {args.person}") as tx:
        person_id = resolve(tx, args.person)
        edit_person(
            tx, person_id, name=args.name, note=args.note, add_tags=args.tag, remove_tags=args.untag,
            closeness=None if args.closeness == "auto" else args.closeness,
            clear_closeness=args.closeness == "auto", now=context.now,
        )
        person = tx.people[person_id]
    context.out.write(f"Updated {label(person_id, person)}\n")
