"""acquaint alias: more handles, emails or names for a person (or, with --remove, fewer)."""

from ..errors import InvalidValue
from ._common import PERSON_HELP, add_identity_options, identities_from, identities_text

EXAMPLES = """\
  acquaint alias jane --x @janedoe_dev --email jane@example.com
  acquaint alias sam --linkedin-id ACoAA7VIrxaR7kQfWv52uvEgoqiXnLAC1lIAYJR   # his id in LinkedIn messaging
  acquaint alias 3 --name "Janet Doe"
  acquaint alias jane --remove --x @janedoe_dev
"""


def configure(parser):
    parser.add_argument("person", help=PERSON_HELP)
    add_identity_options(parser)
    parser.add_argument("--name", action="append", default=[], metavar="NAME", help="another name they go by")
    parser.add_argument("--remove", action="store_true", help="remove the given identities instead of adding")


def run(args, context):
    from ..people import add_identities, label, remove_identities, resolve

    identities = identities_from(args)
    if not identities and not args.name:
        raise InvalidValue("give at least one of --linkedin, --linkedin-id, --x, --x-id, --email, --name")
    with context.history.change(f"alias {args.person}") as tx:
        person_id = resolve(tx, args.person)
        change = remove_identities if args.remove else add_identities
        change(tx, person_id, identities, args.name, now=context.now)
        person = tx.people[person_id]
    context.out.write(f"{label(person_id, person)}: {identities_text(person)}\n")
