"""acquaint find: search names, aliases, handles, emails, notes and tags."""

from ._common import add_json_option, identities_text, person_json

EXAMPLES = """\
  acquaint find doe
  acquaint find pycon --json
"""


def configure(parser):
    parser.add_argument("text", help="text to look for (case and accents ignored)")
    add_json_option(parser)


def _haystack(person: dict) -> str:
    from ..index import fold
    from ..people import identities_of

    parts = [person["name"], *person["aliases"], person["notes"], *person["tags"]]
    parts += [value for _, value in identities_of(person)]
    return fold("\n".join(parts))


def run(args, context):
    from ..index import fold
    from ..output import print_json, table

    needle = fold(args.text.strip())
    snapshot = context.history.read()
    found = sorted(
        ((pid, p) for pid, p in snapshot.people.items() if needle and needle in _haystack(p)),
        key=lambda item: item[1]["name"].casefold(),
    )
    if args.json:
        print_json([person_json(pid, p) for pid, p in found], context.out)
        return 0
    if not found:
        context.out.write(f"Nobody matches {args.text!r}\n")
        return 1
    rows = [(f"#{pid}", p["name"], identities_text(p)) for pid, p in found]
    context.out.write(table(rows, ("ID", "NAME", "HANDLES"), max_widths={1: 30}) + "\n")
    return 0
