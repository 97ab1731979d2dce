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
    from ..output import plural
    from ..people import label, remove_person, resolve

    snapshot = context.history.read()
    person_id = resolve(snapshot, args.person)
    who = label(person_id, snapshot.people[person_id])
    count = len(snapshot.interactions_of(person_id))
    answer = True if args.yes else context.confirm(f"Remove {who} and {plural(count, 'interaction')}?")
    if answer is None:
        raise InvalidValue(f"not removed: there is no terminal to ask in; pass --yes (`acquaint rm {args.person} "
                           "--yes`)")
    if not answer:
        context.out.write(f"Kept {who}.\n")
        return 0
    with context.history.change(f"rm {who}") as tx:
        removed = remove_person(tx, resolve(tx, f"#{person_id}"))
    context.out.write(f"Removed {who} and {plural(removed, 'interaction')} (`acquaint undo` brings them back)\n")
