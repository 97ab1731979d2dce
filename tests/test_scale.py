"""The move from history.json into the folder at the size the scale issue names: 30,000 people."""

from __future__ import annotations

import json
import random

import pytest

from conftest import history_at, read_history

KINDS = [("message", "in"), ("message", "out"), ("call", "both"), ("favor-given", "out"), ("ask", "in")]


def _legacy_history(people: int, interactions: int) -> dict:
    rng = random.Random(30_000)
    stamp = "2026-01-01T00:00:00Z"
    people_table = {
        str(n): {"name": f"Pérson {n}", "handles": {"linkedin": [f"person-{n}"], "x_id": [str(1_700_000_000 + n)]},
                 "emails": [f"p{n}@example.com"] if n % 3 == 0 else [], "aliases": [], "notes": "", "tags": [],
                 "closeness": None, "ignored": False, "not_identities": [], "created": stamp, "updated": stamp}
        for n in range(1, people + 1)}
    interaction_table = {}
    for n in range(1, interactions + 1):
        kind, direction = rng.choice(KINDS)
        interaction_table[str(n)] = {"person": rng.randrange(1, people + 1), "kind": kind, "direction": direction,
                                     "at": f"20{rng.randrange(10, 26)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"
                                           "T10:00:00Z", "note": "", "source": "import", "key": f"k{n}",
                                     "recorded": stamp}
    return {"meta": {"1": {"schema_version": 3, "created": stamp}}, "people": people_table,
            "interactions": interaction_table, "undo": {}, "dismissed": {}}


@pytest.mark.slow
def test_a_30000_person_history_moves_into_the_folder_whole(home, cli):
    original = _legacy_history(30_000, 100_000)
    (home / "history.json").write_text(json.dumps(original))
    moved = read_history(home)
    assert moved["people"] == original["people"] and moved["interactions"] == original["interactions"]
    assert json.loads((home / "history.json.migrated").read_text()) == original, "the old file is kept as it was"
    assert not (home / "history.json").exists()
    snapshot = history_at(home).read()
    assert snapshot.index.find("x_id", "1700029999") == 29_999
    assert snapshot.index.exact_name("person 12345") == [12_345], "names folded, accents and case aside"
    assert cli("show", "linkedin:person-777").code == 0
