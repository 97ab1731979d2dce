"""acquaint export: the whole history as JSON, or people or interactions as CSV."""

import csv
import io
import json
from pathlib import Path

from ..errors import InvalidValue

EXAMPLES = """\
  acquaint export -o acquaint-backup.json
  acquaint export --format csv --what interactions -o interactions.csv
"""
PEOPLE_COLUMNS = ("id", "name", "linkedin", "linkedin_id", "x", "x_id", "emails", "aliases", "tags", "closeness",
                  "notes", "created", "updated")
INTERACTION_COLUMNS = ("id", "person", "name", "kind", "direction", "at", "note", "source", "key", "recorded")


def configure(parser):
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    parser.add_argument("--what", choices=("people", "interactions"), default="people",
                        help="with --format csv: which table (default: people)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def _json(snapshot, now) -> str:
    from .. import __version__
    from ..dates import to_iso
    from ..schema import SCHEMA_VERSION

    interactions = snapshot.all_interactions()
    document = {
        "format": "acquaint-export",
        "schema_version": SCHEMA_VERSION,
        "acquaint_version": __version__,
        "exported_at": to_iso(now),
        "people": [{"id": pid, **p} for pid, p in sorted(snapshot.people.items())],
        "interactions": sorted(interactions, key=lambda i: i["id"]),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _joined(values) -> str:
    return " ::: ".join(values)  # the separator Google Contacts uses, unlikely inside a value


def _csv(snapshot, what: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if what == "people":
        writer.writerow(PEOPLE_COLUMNS)
        for pid, p in sorted(snapshot.people.items()):
            h = p["handles"]
            writer.writerow((pid, p["name"], _joined(h.get("linkedin", [])),
                             _joined(h.get("linkedin_id", [])), _joined(h.get("x", [])),
                             _joined(h.get("x_id", [])), _joined(p["emails"]), _joined(p["aliases"]),
                             _joined(p["tags"]), p["closeness"] or "", p["notes"], p["created"], p["updated"]))
    else:
        writer.writerow(INTERACTION_COLUMNS)
        rows = sorted(snapshot.all_interactions(), key=lambda i: i["id"])
        for i in rows:
            name = snapshot.people.get(i["person"], {}).get("name", "")
            writer.writerow((i["id"], i["person"], name, i["kind"], i["direction"], i["at"], i["note"],
                             i["source"], i["key"] or "", i["recorded"]))
    return buffer.getvalue()


def run(args, context):
    if args.what != "people" and args.format != "csv":
        raise InvalidValue("--what goes with --format csv; the JSON export holds everything")
    snapshot = context.history.read()
    text = _json(snapshot, context.now) if args.format == "json" else _csv(snapshot, args.what)
    if not args.output or args.output == "-":
        context.out.write(text)
        return
    target = Path(args.output)
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InvalidValue(f"cannot write {target}: {error.strerror}") from None
    from ..output import plural

    context.out.write(f"Exported {plural(len(snapshot.people), 'person', 'people')} to {target}\n")
