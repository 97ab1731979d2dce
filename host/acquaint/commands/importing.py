"""acquaint import: people and interactions from LinkedIn and X exports, vCards and contact CSVs."""

from pathlib import Path

from ..importing import SOURCES, run_import
from ..output import print_json

SOURCE_HELP = "\n".join(f"  {name:<11} {description}" for name, (description, _) in SOURCES.items())
EXAMPLES = f"""\
  acquaint import linkedin ~/Downloads/Basic_LinkedInDataExport_11-26-2026.zip
  acquaint import x ~/Downloads/twitter-2026-11-26.zip --dry-run
  acquaint import vcard contacts.vcf
  acquaint import google-csv contacts.csv
  acquaint import csv crm.csv --map name="Full name" --map email=Email --map linkedin="Profile URL"

sources:
{SOURCE_HELP}

Importing the same export again adds nothing. Message texts are not kept unless you ask for their first words
with --keep-words N. People are matched by handle, X id, email or exact name; similar names are listed as
uncertain, for `acquaint merge`.
"""


def configure(parser):
    parser.add_argument("source", choices=list(SOURCES), metavar="SOURCE", help=", ".join(SOURCES))
    parser.add_argument("path", type=Path, help="the export: a .zip, a folder, a .vcf or a .csv file")
    parser.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    parser.add_argument("--keep-words", type=int, default=0, metavar="N",
                        help="keep the first N words of each message (default: none)")
    parser.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                        help="for `csv`: which column holds name, first_name, last_name, email, linkedin, x, x_id, "
                             "note or connected (a date)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def run(args, context):
    def progress(name: str, count: int) -> None:
        context.err.write(f"  {name}: {count:,} rows read\n")
        context.err.flush()

    options = {"dry_run": args.dry_run, "keep_words": max(0, args.keep_words), "mapping": args.map}
    summary = run_import(context.history, args.source, args.path, options, context.now, progress)
    if args.json:
        print_json(summary.as_json(), context.out)
        return 0
    verb = "Would import" if summary.dry_run else "Imported"
    lines = [f"{verb} {args.source} from {args.path}" + (" (dry run: nothing was changed)" if summary.dry_run else ""),
             f"  people: {summary.people_added:,} added, {summary.people_updated:,} updated",
             f"  interactions: {summary.interactions_added:,} added, {summary.interactions_known:,} already known"]
    if summary.skipped:
        lines.append("  skipped:")
        lines += [f"    {skipped.describe()}" for skipped in summary.skipped]
    if summary.uncertain:
        lines.append(f"  uncertain matches ({len(summary.uncertain)}; settle them with `acquaint merge A B`):")
        lines += [f"    {note}" for note in summary.uncertain[:20]]
        if len(summary.uncertain) > 20:
            lines.append(f"    … and {len(summary.uncertain) - 20} more (--json lists them all)")
    context.out.write("\n".join(lines) + "\n")
    return 0
