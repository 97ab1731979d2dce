"""acquaint rm: remove a person and their interactions (after asking)."""

from ..errors import InvalidValue
from ._common import PERSON_HELP

EXAMPLES = """\
  acquaint rm 12
  acquaint rm x:@spammer --yes
"""


def configure(parser):
    parser.add_argument("person", help=PERSON_HELP)
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")


def run(args, context):
    from ..people import label, remove_person, resolve

    snapshot = context.history.read()
    person_id = resolve(snapshot, args.person)
    who = label(person_id, snapshot.people[person_id])
    count = len(snapshot.interactions_of(person_id))
    if not args.yes and not context.confirm(f"Remove {who} and {count} interactions?"):
        raise InvalidValue(f"not removed; confirm at the prompt or pass --yes (`acquaint rm {args.person} --yes`)")
    with context.history.change(f"rm {who}") as tx:
        removed = remove_person(tx, resolve(tx, f"#{person_id}"))
    context.out.write(f"Removed {who} and {removed} interactions (`acquaint undo` brings them back)\n")
