"""acquaint log: record an interaction with a person."""

from ..kinds import KINDS
from ._common import PERSON_HELP

KIND_HELP = "\n".join(f"  {kind.name:<15} {kind.meaning}" for kind in KINDS.values())
EXAMPLES = f"""\
  acquaint log jane call --at 2025-03-02 --note "intro call"
  acquaint log x:@samlee favor-received --note "reviewed my talk"
  acquaint log 4 message --in --at "3 days ago"

kinds:
{KIND_HELP}
"""


def configure(parser):
    parser.add_argument("person", help=PERSON_HELP)
    parser.add_argument("kind", help="one of: " + ", ".join(KINDS))
    way = parser.add_mutually_exclusive_group()
    way.add_argument("--in", dest="direction", action="store_const", const="in", help="from them to you")
    way.add_argument("--out", dest="direction", action="store_const", const="out", help="from you to them")
    way.add_argument("--both", dest="direction", action="store_const", const="both", help="both ways")
    parser.add_argument("--at", default="now", metavar="DATE",
                        help="when: 2025-03-02, '3 days ago', yesterday (default: now)")
    parser.add_argument("--note", default="", help="what happened")


def run(args, context):
    from ..dates import parse_when
    from ..interactions import log_interaction
    from ..people import label, resolve

    at = parse_when(args.at, context.now)
    with context.history.change(f"log {args.kind} with {args.person}") as tx:
        person_id = resolve(tx, args.person)
        log_interaction(
            tx, person_id, args.kind, direction=args.direction, at=at, note=args.note, now=context.now
        )
        who = label(person_id, tx.people[person_id])
    context.out.write(f"Logged {args.kind} with {who} on {at:%Y-%m-%d}\n")
