"""acquaint show: one person — identities, how you stand, favours each way, and the timeline."""

from ._common import PERSON_HELP, add_json_option

EXAMPLES = """\
  acquaint show jane
  acquaint show https://x.com/samlee --all
  acquaint show linkedin:jane-doe-4a1b2c --json
"""
TIMELINE_DEFAULT = 15


def configure(parser):
    parser.add_argument("person", help=PERSON_HELP)
    parser.add_argument("--all", action="store_true",
                        help=f"the whole timeline (default: the latest {TIMELINE_DEFAULT})")
    add_json_option(parser)


def _note(interaction: dict) -> str:
    source = interaction["source"]
    origin = "" if source == "cli" else f"[{source}] "
    return origin + interaction["note"]


def run(args, context):
    from ..dates import days_between, describe_age
    from ..handles import display
    from ..output import clip, print_json, table, terminal_width
    from ..people import identities_of, label, resolve
    from ..relationship import assess_person
    from ..verdict import flag_words, flags_for

    snapshot = context.history.read()
    person_id = resolve(snapshot, args.person)
    assessment = assess_person(snapshot, person_id, context.now)
    interactions = snapshot.interactions_of(person_id)
    if args.json:
        flags = flags_for(assessment, context.now, group=False)
        print_json({**assessment.as_json(), "flags": flags, "interactions": interactions}, context.out)
        return
    person, summary = assessment.person, assessment.summary
    width = terminal_width()
    out = [label(person_id, person)]
    for kind, value in identities_of(person):
        out.append(f"  {display(kind, value)}")
    if person["aliases"]:
        out.append(f"  also known as: {', '.join(person['aliases'])}")
    if person["tags"]:
        out.append(f"  tags: {', '.join(person['tags'])}")
    if person["notes"]:
        out.append(f"  notes: {clip(person['notes'], width - 9)}")
    out.append("")
    out.append(f"Relationship: {assessment.level} (score {assessment.score.total}/100; {assessment.level_reason})")
    for part in assessment.score.parts:
        value = f"{part.value:+.0f}" if part.maximum == 0 else f"{part.value:.0f}/{part.maximum:.0f}"
        out.append(f"  {value:>6}  {clip(part.sentence, width - 10)}")
    flags = flags_for(assessment, context.now, group=False)
    if flags:
        out.append(f"  also: {flag_words(flags)}")
    out.append("")
    if summary.first_contact:
        known = describe_age(days_between(summary.first_contact, context.now))
        out.append(f"Known for {known}; first contact {summary.first_contact:%Y-%m-%d}, "
                   f"last {summary.last_contact:%Y-%m-%d}")
    out.append(f"Favours: you helped them {len(summary.favors_given)}×, they helped you "
               f"{len(summary.favors_received)}×; their asks: {len(summary.asks_from_them)}")
    out.append("")
    shown = interactions if args.all else interactions[-TIMELINE_DEFAULT:]
    if shown:
        hidden = len(interactions) - len(shown)
        count = f"{len(interactions)} interaction{'s' if len(interactions) != 1 else ''}"
        title = f"Timeline ({count}" + (f", latest {len(shown)}; --all for the rest)" if hidden else ")")
        out.append(title)
        rows = [(i["at"][:10], i["kind"], i["direction"], _note(i)) for i in reversed(shown)]
        out.append(table(rows, ("DATE", "KIND", "WAY", "NOTE"), width=width))
    else:
        out.append("No interactions yet; record one with `acquaint log`")
    context.out.write("\n".join(out) + "\n")
