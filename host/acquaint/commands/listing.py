"""acquaint list: everyone in the history, sorted and filtered."""

from ..errors import InvalidValue
from ._common import add_json_option, identities_text

EXAMPLES = """\
  acquaint list
  acquaint list --sort strength --tag mentor
  acquaint list --sort last --json
"""


def configure(parser):
    parser.add_argument("--sort", choices=("name", "last", "strength"), default="name",
                        help="order: name (A–Z), last (most recent contact first), strength (strongest first)")
    parser.add_argument("--tag", help="only people with this tag")
    add_json_option(parser)


def run(args, context):
    from ..config import load_thresholds
    from ..output import plural, print_json, table
    from ..relationship import assess_person

    snapshot = context.history.read()
    thresholds = load_thresholds()
    rows = []
    for person_id, person in snapshot.people.items():
        if args.tag and args.tag not in person["tags"]:
            continue
        rows.append(assess_person(snapshot, person_id, context.now, thresholds))
    if args.tag and not rows and not any(args.tag in p["tags"] for p in snapshot.people.values()):
        raise InvalidValue(f"nobody has the tag {args.tag!r}")
    order = {
        "name": lambda r: (r.person["name"].casefold(), r.person_id),
        "last": lambda r: (-(r.summary.last_contact.timestamp() if r.summary.last_contact else 0), r.person_id),
        "strength": lambda r: (-r.score.total, r.person["name"].casefold()),
    }[args.sort]
    rows.sort(key=order)
    if args.json:
        print_json([r.as_json() for r in rows], context.out)
        return
    if not rows:
        context.out.write("Your history is empty; add someone with `acquaint add NAME --linkedin URL`\n")
        return
    lines = [
        (f"#{r.person_id}", r.person["name"], r.level, r.score.total,
         f"{r.summary.last_contact:%Y-%m-%d}" if r.summary.last_contact else "-", identities_text(r.person))
        for r in rows
    ]
    context.out.write(table(lines, ("ID", "NAME", "LEVEL", "SCORE", "LAST", "HANDLES"), max_widths={1: 24}) + "\n")
    context.out.write(f"{plural(len(rows), 'person', 'people')}\n")
