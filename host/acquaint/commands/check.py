"""acquaint check: the verdict the browser would show for a person and a message."""

import textwrap

from ..errors import InvalidValue

EXAMPLES = """\
  acquaint check --linkedin sam-lee-77 --text "Would you write me a recommendation?"
  acquaint check --linkedin ACoAA7VIrxaR7kQfWv52uvEgoqiXnLAC1lIAYJR --name "Sam Lee"
  acquaint check --x @samlee --x-id 1700000000000000001 --json
"""


def configure(parser):
    who = parser.add_argument_group("who (one of these is required)")
    who.add_argument("--linkedin", metavar="H", help="LinkedIn profile URL, vanity name or member id")
    who.add_argument("--x", metavar="H", help="X handle or profile URL")
    who.add_argument("--x-id", metavar="N", help="X numeric user id")
    parser.add_argument("--name", default="", help="display name, as the page shows it")
    parser.add_argument("--text", default="", help="their message; says whether and what they ask")
    parser.add_argument("--record", action="store_true",
                        help="record the ask in the history, as the browser does (default: only look)")
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON (the protocol's shape)")


def run(args, context):
    from ..output import clip, print_json, terminal_width

    if not (args.linkedin or args.x or args.x_id):
        raise InvalidValue("name the person with --linkedin, --x or --x-id")
    if args.linkedin and (args.x or args.x_id):
        raise InvalidValue("give a LinkedIn person or an X person, not both")
    platform = "linkedin" if args.linkedin else "x"
    person = {"name": args.name}
    if args.linkedin:
        person["handle"] = args.linkedin
    if args.x:
        person["handle"] = args.x
    if args.x_id:
        person["id"] = args.x_id
    request = {"id": "cli", "type": "check", "platform": platform, "person": person,
               "request": {"text": args.text}, "record": args.record}
    from ..service import HostService  # the detector and the scoring: loaded for this command only

    verdict = HostService(context.history, clock=lambda: context.now, source="cli").check(request)["verdict"]
    if args.json:
        print_json(verdict, context.out)
        return 0
    width = terminal_width()
    who = verdict["person"]["name"] if verdict["person"] else (args.name or person.get("handle") or args.x_id)
    ask = f"; asks for {verdict['ask']}" if verdict["ask"] else "; asks nothing"
    lines = [f"{who}: {verdict['level']} (score {verdict['score']}/100){ask}"]
    lines += [f"  - {clip(reason, width - 4)}" for reason in verdict["reasons"]]
    if verdict["flags"]:
        lines.append(f"  flags: {', '.join(verdict['flags'])}")
    lines.append(textwrap.fill(verdict["suggestion"], width=min(width, 100)))
    context.out.write("\n".join(lines) + "\n")
    return 0

