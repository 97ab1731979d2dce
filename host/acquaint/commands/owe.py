"""acquaint owe: give first — who helped you and has not been helped back, who keeps reaching out unanswered,
which strong ties went quiet; and leaving someone out of it for a while, or for good."""

from ._common import add_json_option

EXAMPLES = """\
  acquaint owe
  acquaint owe --json
  acquaint owe --snooze jane --days 30        # leave Jane out of it for 30 days
  acquaint owe --not-relevant 12              # never list #12 here (--relevant 12 takes it back)
"""


def configure(parser):
    leave = parser.add_mutually_exclusive_group()
    leave.add_argument("--snooze", metavar="PERSON", help="leave this person out of the lists for --days days")
    leave.add_argument("--not-relevant", metavar="PERSON", help="never list this person here")
    leave.add_argument("--relevant", metavar="PERSON", help="list this person here again")
    parser.add_argument("--days", type=int, default=90, help="how long --snooze lasts (default: 90)")
    add_json_option(parser)


TITLES = {
    "helped_you": "They helped you; you have not helped them as much",
    "reaching_out": "They keep reaching out; you have never answered",
    "dormant": "Strong ties gone quiet",
}


def run(args, context):
    from ..actions import Actions
    from ..output import clip, print_json, terminal_width

    if args.snooze or args.not_relevant or args.relevant:
        return _leave_out(args, context)
    found = Actions(context.history, clock=lambda: context.now, source="cli").give_first()
    if args.json:
        print_json(found.as_json(), context.out)
        return 0
    width = terminal_width()
    lines = []
    for name, title in TITLES.items():
        entries = getattr(found, name)
        if not entries:
            continue
        lines += ["", f"{title}:"] if lines else [f"{title}:"]
        for entry in entries:
            lines.append("  " + clip(f"#{entry.person_id} {entry.name}: {entry.why}", width - 2))
            lines.append("      " + clip(f"→ {entry.action}", width - 6))
    if not lines:
        context.out.write("Nobody to give back to right now: nobody helped you more than you helped them, nobody "
                          "is waiting for an answer, and no strong tie has gone quiet.\n")
        return 0
    lines += ["", "Not now: `acquaint owe --snooze ID`; never: `acquaint owe --not-relevant ID`."]
    context.out.write("\n".join(lines) + "\n")
    return 0


def _leave_out(args, context) -> int:
    from ..actions import Actions
    from ..people import label, resolve

    reference = args.snooze or args.not_relevant or args.relevant
    person_id = resolve(context.history.read(), reference)
    actions = Actions(context.history, clock=lambda: context.now, source="cli")
    if args.snooze:
        done = actions.leave_out(person_id, days=args.days)
        said = f"Left {label(person_id, done)} out of `acquaint owe` until {done['snoozed_until'][:10]}."
    else:
        done = actions.leave_out(person_id, relevant=bool(args.relevant))
        said = f"{label(person_id, done)} is {'again' if args.relevant else 'never'} listed by `acquaint owe`."
    context.out.write(said + "\n")
    return 0
