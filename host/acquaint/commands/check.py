"""acquaint check: the verdict the browser would show for a person and a message."""

import textwrap

from ..errors import InvalidValue

EXAMPLES = """\
  acquaint check --linkedin sam-lee-77 --text "Would you write me a recommendation?"
  acquaint check --text "¿Podrías compartir mi publicación?" --json     (only: is it an ask, and of what kind?)
  acquaint check --linkedin ACoAA7VIrxaR7kQfWv52uvEgoqiXnLAC1lIAYJR --name "Sam Lee"
  acquaint check --x @samlee --x-id 1700000000000000001 --json
"""


def configure(parser):
    who = parser.add_argument_group("who (one of these, or only --text to ask whether a text asks)")
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
    from ..verdict import flag_words

    if not (args.linkedin or args.x or args.x_id):
        if args.text:
            return _ask_only(args, context)
        raise InvalidValue("name the person with --linkedin, --x or --x-id (or give only --text: is it an ask?)")
    if args.linkedin and (args.x or args.x_id):
        raise InvalidValue("give a LinkedIn person or an X person, not both")
    from ..actions import Actions  # the detector and the scoring: loaded for this command only
    from ..people import parse_identities
    from ..refs import PageRequest, PersonRef

    platform = "linkedin" if args.linkedin else "x"
    identities = parse_identities(linkedin=[args.linkedin] if args.linkedin else (), x=[args.x] if args.x else (),
                                  x_id=[args.x_id] if args.x_id else ())
    ref = PersonRef.named(platform, identities, args.name)
    verdict = Actions(context.history, clock=lambda: context.now, source="cli").check(
        ref, PageRequest(args.text, ""), record=args.record)
    if args.json:
        print_json(verdict, context.out)
        return 0
    width = terminal_width()
    who = verdict["person"]["name"] if verdict["person"] else ref.display_name
    ask = (f"; asks for {verdict['ask']}" if verdict["ask"]
           else f"; can't tell what they ask ({verdict['ask_unread_language']})" if verdict.get("ask_unread_language")
           else "; asks nothing")
    lines = [f"{who}: {verdict['level']} (score {verdict['score']}/100){ask}"]
    lines += [f"  - {clip(reason, width - 4)}" for reason in verdict["reasons"]]
    if verdict["flags"]:
        lines.append(f"  also: {flag_words(verdict['flags'])}")
    lines.append(textwrap.fill(verdict["suggestion"], width=min(width, 100)))
    if args.record and verdict["ask"]:  # say what --record did: recording an ask twice adds nothing
        lines.append("Recorded this ask." if verdict["recorded"] else
                     "Not recorded: dismissed before (Not an ask)." if verdict["dismissed"] else
                     "Not recorded now: it was recorded before, or `record_asks` is off in your settings.")
    context.out.write("\n".join(lines) + "\n")
    return 0


def _ask_only(args, context) -> int:
    """Whether the text asks, and what: the detector's answer alone, nothing looked up or recorded (the
    protocol's `detect`, with the verdict's field names)."""
    from ..asks import cannot_tell, detect
    from ..output import print_json

    if args.record:
        raise InvalidValue("--record needs the person: name them with --linkedin, --x or --x-id")
    ask = detect(args.text)
    answer = {"ask": ask.kind if ask else None, "ask_evidence": ask.evidence if ask else None,
              "ask_unread_language": None if ask else cannot_tell(args.text)}
    if args.json:
        print_json(answer, context.out)
    elif ask:
        context.out.write(f"Asks for {ask.kind}: “{ask.evidence}”\n")
    elif answer["ask_unread_language"]:
        context.out.write(f"Can't tell: Acquaint does not read {answer['ask_unread_language']} yet.\n")
    else:
        context.out.write("Asks nothing.\n")
    return 0
