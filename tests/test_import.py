"""acquaint import: LinkedIn and X exports, vCard, Google Contacts and mapped CSVs — idempotent, one
transaction, matching by identity or exact name only, and clear errors that change nothing."""

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from acquaint.files import MemoryFiles
from acquaint.history import History
from acquaint.importing import ImportFailed, run_import
from acquaint.service import HostService
from conftest import NOW, fingerprint, history_at, stored_text

EXPORTS = Path(__file__).parent / "data" / "exports"


@pytest.fixture
def history(home):
    return history_at(home)


def people_by_name(history) -> dict[str, dict]:
    snapshot = history.read()
    return {p["name"]: {**p, "id": pid, "interactions": snapshot.interactions_of(pid)}
            for pid, p in snapshot.people.items()}


def kinds(person) -> list[tuple[str, str]]:
    return sorted((i["kind"], i["direction"]) for i in person["interactions"])


def zipped(folder: Path, target: Path, inside: str = "") -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{inside}{path.relative_to(folder)}")
    return target


def test_linkedin_export(history):
    summary = run_import(history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    assert (summary.people_added, summary.interactions_added) == (7, 17)
    people = people_by_name(history)
    assert sorted(people) == ["Ann Other", "Jane Doe", "Jon Doe", "José Müller", "Priya Nair", "Sam Lee", "李 小龙"]
    jane = people["Jane Doe"]
    assert jane["handles"] == {"linkedin": ["jane-doe-4a1b2c"]} and jane["emails"] == ["jane@example.com"]
    assert jane["notes"] == "Engineering Manager at Acme, Inc."
    assert kinds(jane) == [("connected", "both"), ("endorsement", "in"), ("endorsement", "in"), ("message", "in"),
                           ("message", "out"), ("recommendation", "in")]
    assert jane["interactions"][0]["at"] == "2016-03-14T00:00:00Z"
    assert people["José Müller"]["handles"] == {"linkedin": ["josé-müller-12"]}
    assert kinds(people["José Müller"]) == [("connected", "both"), ("message", "out"), ("recommendation", "out")]
    assert kinds(people["Sam Lee"]) == [("connected", "both"), ("message", "in"), ("message", "in")]
    assert kinds(people["Ann Other"]) == [("connected", "both"), ("message", "in")], "joined by exact name"
    assert people["Ann Other"]["handles"] == {"linkedin": ["ann-other-5"]}
    assert "Alex Morgan" not in people, "the export's owner is not a contact"
    skipped = {(s.where, s.reason.split(" (")[0]): s.lines for s in summary.skipped}
    assert skipped[("Connections.csv", "'Connected On' is not a date between 1900 and ten years from now")] == [10]
    assert skipped[("messages.csv", "a draft, never sent")] == [8]
    assert skipped[("messages.csv", "'DATE' is not a date between 1900 and ten years from now")] == [10]
    assert ("Invitations.csv", "an invitation without a message") in skipped
    assert any("Jon Doe (Recommendations_Received.csv line 4) matched nobody" in u for u in summary.uncertain)


def test_an_event_logged_by_hand_is_recognised_in_the_export_once(history, cli):
    cli("add", "Jane Doe", "--linkedin", "jane-doe-4a1b2c")
    cli("log", "jane", "recommendation", "--in", "--at", "2021-03-01", "--note", "the one she wrote me")
    cli("log", "jane", "recommendation", "--in", "--at", "2021-03-01", "--note", "logged twice by mistake")
    summary = run_import(history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    jane = people_by_name(history)["Jane Doe"]
    assert [i["note"] for i in jane["interactions"] if i["kind"] == "recommendation"] == \
        ["the one she wrote me", "logged twice by mistake"], "the export's one recommendation is the first of them"
    assert summary.interactions_known == 1 and summary.interactions_added == 16
    assert run_import(history, "linkedin", EXPORTS / "linkedin", {}, NOW).interactions_added == 0


def test_message_texts_are_not_kept_unless_asked(history, home):
    run_import(history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    text = stored_text(home)
    assert "are we still on for Thursday" not in text and "Would you write me" not in text
    other = History(MemoryFiles())
    run_import(other, "linkedin", EXPORTS / "linkedin", {"keep_words": 3}, NOW)
    notes = [i["note"] for i in people_by_name(other)["Jane Doe"]["interactions"] if i["kind"] == "message"]
    assert notes == ["Hi Alex, are", "Yes, see you"]


def test_a_zip_and_a_folder_import_the_same_and_twice_is_once(history, tmp_path):
    archive = zipped(EXPORTS / "linkedin", tmp_path / "Basic_LinkedInDataExport.zip", inside="export/")
    first = run_import(history, "linkedin", archive, {}, NOW)
    again = run_import(history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    assert (first.people_added, first.interactions_added) == (7, 17)
    assert (again.people_added, again.people_updated, again.interactions_added, again.interactions_known) == \
        (0, 0, 0, 17)


def test_a_newer_export_adds_only_what_is_new(history, tmp_path):
    run_import(history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    newer = tmp_path / "newer"
    shutil.copytree(EXPORTS / "linkedin", newer)
    with (newer / "messages.csv").open("a") as messages:
        messages.write("2-c2,,Alex Morgan,https://www.linkedin.com/in/alex-morgan-9f8e7d,Sam Lee,"
                       "https://www.linkedin.com/in/sam-lee-77,2026-11-22 09:00:00 UTC,,Let's have a call first,"
                       "INBOX,,No\n")
    summary = run_import(history, "linkedin", newer, {}, NOW)
    assert (summary.people_added, summary.interactions_added) == (0, 1)
    assert ("message", "out") in kinds(people_by_name(history)["Sam Lee"])


def test_an_old_export_without_preamble_or_urls_joins_by_exact_name(history):
    run_import(history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    summary = run_import(history, "linkedin", EXPORTS / "linkedin-old", {}, NOW)
    assert summary.people_added == 1  # Old Friend; Jane Doe is joined by her email
    people = people_by_name(history)
    assert kinds(people["Old Friend"]) == [("connected", "both")]
    assert summary.interactions_known == 1 and summary.interactions_added == 1, "Jane's connection is known"
    assert kinds(people["Jane Doe"]).count(("connected", "both")) == 1


def test_dry_run_changes_nothing(history, home):
    summary = run_import(history, "linkedin", EXPORTS / "linkedin", {"dry_run": True}, NOW)
    assert summary.dry_run and summary.people_added == 7
    assert not (home / "history").exists()


def test_x_archive_keeps_numeric_ids_and_learns_names_later(history, tmp_path):
    summary = run_import(history, "x", zipped(EXPORTS / "x", tmp_path / "twitter-2026.zip"), {}, NOW)
    assert (summary.people_added, summary.interactions_added) == (3, 3)
    people = {p["handles"]["x_id"][0]: p for p in people_by_name(history).values()}
    assert set(people) == {"1700000000000000001", "1700000000000000009", "12"}
    sam = people["1700000000000000001"]
    assert sam["name"] == "X user 1700000000000000001"
    assert kinds(sam) == [("message", "in"), ("message", "out")]
    assert kinds(people["1700000000000000009"]) == [("message", "in")], "group: contact from each sender"
    assert [s.reason for s in summary.skipped] == ["sent by you to a group (counted only as contact from each sender)"]
    # A DM page later gives the handle and the name; the browser host attaches both.
    HostService(history).check({"id": 1, "type": "check", "platform": "x",
                                "person": {"id": "1700000000000000001", "handle": "samlee", "name": "Sam Lee"},
                                "request": {"text": "Could you RT my launch?"}})
    sam = people_by_name(history)["Sam Lee"]
    assert sam["handles"] == {"x_id": ["1700000000000000001"], "x": ["samlee"]}


def test_vcard_3_and_4(history):
    run_import(history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    summary = run_import(history, "vcard", EXPORTS / "contacts.vcf", {}, NOW)
    assert (summary.people_added, summary.people_updated) == (1, 1)
    people = people_by_name(history)
    assert people["Jane Doe"]["handles"] == {"linkedin": ["jane-doe-4a1b2c"], "x": ["janedoe"]}
    zoe = people["Zoë Ångström"]
    assert zoe["handles"] == {"x": ["zoe_a"]} and zoe["emails"] == ["zoe@example.org"]
    assert [(s.reason, s.lines) for s in summary.skipped] == [("a card with no name, email or profile", [19])]


def test_vcard_notes_are_unescaped_for_new_people(history):
    run_import(history, "vcard", EXPORTS / "contacts.vcf", {}, NOW)
    assert people_by_name(history)["Jane Doe"]["notes"] == "Met at PyCon, 2016\nLoves Rust"


def test_google_contacts_csv(history):
    run_import(history, "linkedin", EXPORTS / "linkedin", {}, NOW)
    summary = run_import(history, "google-csv", EXPORTS / "google.csv", {}, NOW)
    people = people_by_name(history)
    assert people["Jane Doe"]["emails"] == ["jane@example.com", "jane.doe@acme.com"]
    assert people["Priya K. Nair"]["handles"] == {"x": ["priya_n"]}
    assert people["Priya K. Nair"]["notes"] == "Met at the Berlin meetup, 2024"
    new, known = people["Priya K. Nair"]["id"], people["Priya Nair"]["id"]
    assert (f"Priya K. Nair (google.csv line 3), added as #{new}, may be Priya Nair (#{known}): "
            f"`acquaint merge {known} {new}` if so") in summary.uncertain, "the ids to merge, ready to use"
    assert [(s.reason, s.lines) for s in summary.skipped] == [("not an email address in 'E-mail 2 - Value'", [3])]


def test_many_rows_skipped_for_one_reason_are_told_in_one_line(cli, tmp_path):
    export = tmp_path / "crm.csv"
    export.write_text("Name,Since\n" + "".join(f"Person {n},year {n}\n" for n in range(2000)))
    result = cli("import", "csv", str(export), "--map", "name=Name", "--map", "connected=Since")
    section = result.out.split("  skipped:\n")[1].split("\n  uncertain")[0]
    skipped = section.splitlines()
    assert skipped == ["    crm.csv: 2000 rows — 'Since' is not a date between 1900 and ten years from now "
                       "(e.g. 'year 0', 'year 1', 'year 2'; line 2, 3, 4, 5, 6, …)"]


def test_mapped_csv(history):
    options = {"mapping": ["name=Full name", "email=Mail", "linkedin=Profile URL", "connected=Since"]}
    summary = run_import(history, "csv", EXPORTS / "crm.csv", options, NOW)
    sam = people_by_name(history)["Sam Lee"]
    assert sam["emails"] == ["sam@example.com"] and kinds(sam) == [("connected", "both")]
    reasons = sorted((s.reason.split(";")[0], s.examples) for s in summary.skipped)
    assert reasons == [("'Since' is not a date between 1900 and ten years from now", ["yesterday"]),
                       ("linkedin: 'https://x.com/omar_h' is not a LinkedIn profile", [])]


@pytest.mark.parametrize("mapping, message", [
    ([], "--map name=COLUMN (or first_name=COLUMN) is required"),
    (["name=Nope"], "crm.csv has no column 'Nope'; its columns are: Full name, Mail, Profile URL, Since"),
    (["nickname=Full name"], "use FIELD=COLUMN with FIELD one of"),
])
def test_mapped_csv_errors(history, mapping, message):
    with pytest.raises(ImportFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
        run_import(history, "csv", EXPORTS / "crm.csv", {"mapping": mapping}, NOW)


def _broken_exports(tmp_path: Path) -> dict[str, tuple[str, Path, str]]:
    not_zip = tmp_path / "export.zip"
    not_zip.write_text("this is not a zip")
    wrong_zip = tmp_path / "photos.zip"
    with zipfile.ZipFile(wrong_zip, "w") as archive:
        archive.writestr("IMG_0001.jpg", b"\xff\xd8")
    wrong_layout = tmp_path / "wrong-layout"
    wrong_layout.mkdir()
    (wrong_layout / "Connections.csv").write_text("Name,Link,When\nJane,x,2020\n")
    latin1 = tmp_path / "latin1"
    latin1.mkdir()
    (latin1 / "Connections.csv").write_bytes("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                                             "José,Müller,,,,,02 Jan 2024\n".encode("latin-1"))
    half_good = tmp_path / "half-good"
    shutil.copytree(EXPORTS / "linkedin", half_good)
    (half_good / "messages.csv").write_text("garbage without the expected header\n")
    no_account = tmp_path / "x-no-account"
    (no_account / "data").mkdir(parents=True)
    (no_account / "data" / "follower.js").write_text("window.YTD.follower.part0 = []")
    bad_js = tmp_path / "x-bad-js"
    shutil.copytree(EXPORTS / "x", bad_js)
    (bad_js / "data" / "direct-messages.js").write_text("window.YTD.direct_messages.part0 = [ { oops")
    return {
        "not a zip": ("linkedin", not_zip, "is neither a zip file nor a folder"),
        "missing": ("linkedin", tmp_path / "nowhere.zip", "does not exist"),
        "wrong zip": ("linkedin", wrong_zip, "holds none of LinkedIn's files"),
        "unknown layout": ("linkedin", wrong_layout, "Connections.csv: no header with the columns First Name"),
        "not UTF-8": ("linkedin", latin1, "Connections.csv is not UTF-8 (byte 72)"),
        "one bad file fails the whole import": ("linkedin", half_good, "messages.csv: no header with the columns"),
        "no account.js": ("x", no_account, "has no data/account.js"),
        "broken X data file": ("x", bad_js, "direct-messages.js is not an X archive data file (line 1"),
        "not a vcard": ("vcard", EXPORTS / "crm.csv", "holds no BEGIN:VCARD"),
        "not a google csv": ("google-csv", EXPORTS / "crm.csv", "no 'First Name' or 'Name' column"),
    }


@pytest.mark.parametrize("case", ["not a zip", "missing", "wrong zip", "unknown layout", "not UTF-8",
                                  "one bad file fails the whole import", "no account.js", "broken X data file",
                                  "not a vcard", "not a google csv"])
def test_a_broken_export_is_a_clear_error_and_changes_nothing(history, home, tmp_path, case):
    run_import(history, "vcard", EXPORTS / "contacts.vcf", {}, NOW)
    before = fingerprint(home)
    source, path, message = _broken_exports(tmp_path)[case]
    with pytest.raises(ImportFailed) as caught:
        run_import(history, source, path, {}, NOW)
    assert message in str(caught.value)
    assert fingerprint(home) == before


def test_the_cli_prints_a_summary_and_the_json(cli, home):
    result = cli("import", "linkedin", str(EXPORTS / "linkedin"), "--dry-run")
    assert result.code == 0
    assert result.out.splitlines()[:3] == [
        f"Would import linkedin from {EXPORTS / 'linkedin'} (dry run: nothing was changed)",
        "  people: 7 added, 0 updated",
        "  interactions: 17 added, 0 already known",
    ]
    assert ("    Connections.csv: 1 row — 'Connected On' is not a date between 1900 and ten years from now "
            "(e.g. '31 Feb 2023'; line 10)") in result.out
    assert not (home / "history").exists()
    data = json.loads(cli("import", "x", str(EXPORTS / "x"), "--json").out)
    assert data["people_added"] == 3 and data["dry_run"] is False
    failed = cli("import", "linkedin", str(EXPORTS / "crm.csv"))
    assert failed.code == 1 and failed.err.startswith("Error: ") and "neither a zip file nor a folder" in failed.err


def test_progress_is_reported_on_large_files(history, tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    rows = ["CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT"]
    me = "https://www.linkedin.com/in/me"
    for n in range(50_001):
        rows.append(f"c{n % 500},P{n % 500},https://www.linkedin.com/in/p-{n % 500},Me,{me},"
                    f"2025-01-01 10:{n % 60:02d}:{n % 59:02d} UTC,hello {n}")
    (folder / "messages.csv").write_text("\n".join(rows) + "\n")
    reported = []
    summary = run_import(history, "linkedin", folder, {}, NOW,
                         progress=lambda name, count: reported.append((name, count)))
    assert reported == [("messages.csv", 50_000)]
    assert summary.people_added == 500 and summary.interactions_added == 50_001
