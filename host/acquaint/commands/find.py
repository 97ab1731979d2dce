"""acquaint find: search names, aliases, handles, emails, notes, tags and the notes of interactions."""

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
    # Why each person matches: their own record, or what was noted on an interaction ("met at PyCon").
    because = {pid: None for pid, p in snapshot.people.items() if needle and needle in _haystack(p)}
    for interaction in snapshot.all_interactions() if needle else ():
        if interaction["person"] not in because and needle in fold(interaction.get("note") or ""):
            because[interaction["person"]] = interaction
    found = sorted(((pid, snapshot.people[pid]) for pid in because if pid in snapshot.people),
                   key=lambda item: item[1]["name"].casefold())
    if args.json:
        print_json([person_json(pid, p) for pid, p in found], context.out)
        return 0
    if not found:
        context.out.write(f"Nobody matches {args.text!r}\n")
        return 1
    rows = [(f"#{pid}", p["name"], identities_text(p), _where(because[pid])) for pid, p in found]
    context.out.write(table(rows, ("ID", "NAME", "HANDLES", "FOUND IN"), max_widths={1: 30, 3: 50}) + "\n")
    return 0


def _where(interaction: dict | None) -> str:
    if interaction is None:
        return "their record"
    return f"{interaction['kind']} {interaction['at'][:10]}: {interaction['note']}"
