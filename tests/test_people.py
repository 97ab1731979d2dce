"""People: identities belong to one person, naming a person, merging."""

import pytest

from acquaint.errors import AmbiguousPerson, Conflict, InvalidValue, UnknownPerson
from acquaint.people import add_identities, add_person, merge_people, parse_identities, resolve
from conftest import NOW


@pytest.fixture
def people(history):
    with history.change("setup") as tx:
        ids = {
            "jane": add_person(tx, "Jane Doe", parse_identities(
                linkedin=["jane-doe-4a1b2c"], x=["@JaneDoe"], email=["jane@example.com"]), now=NOW),
            "smith": add_person(tx, "Jane Smith", parse_identities(x=["jsmith"]), now=NOW),
            "jose": add_person(tx, "José Müller", parse_identities(x_id=["1700000000000000001"]),
                               aliases=["Pepe"], now=NOW),
        }
    return history, ids


@pytest.mark.parametrize("reference, who", [
    ("https://www.linkedin.com/in/Jane-Doe-4a1b2c/?trk=x", "jane"),
    ("linkedin:jane-doe-4a1b2c", "jane"),
    ("x:@janedoe", "jane"),
    ("@JaneDoe", "jane"),
    ("twitter.com/JaneDoe", "jane"),
    ("jane@example.com", "jane"),
    ("email:JANE@example.com", "jane"),
    ("jane doe", "jane"),
    ("smith", "smith"),
    ("jose", "jose"),
    ("MÜLLER", "jose"),
    ("pepe", "jose"),
    ("x-id:1700000000000000001", "jose"),
])
def test_resolve_finds_people_every_way(people, reference, who):
    history, ids = people
    assert resolve(history.read(), reference) == ids[who]


def test_resolve_by_id(people):
    history, ids = people
    snapshot = history.read()
    assert resolve(snapshot, str(ids["jose"])) == resolve(snapshot, f"#{ids['jose']}") == ids["jose"]
    with pytest.raises(UnknownPerson, match="no person #99"):
        resolve(snapshot, "99")


def test_ambiguous_name_lists_candidates(people):
    history, _ = people
    with pytest.raises(AmbiguousPerson) as caught:
        resolve(history.read(), "jane")
    assert caught.value.candidates == ["Jane Doe (#1)", "Jane Smith (#2)"]


def test_unknown_handle_is_an_error(people):
    history, _ = people
    with pytest.raises(UnknownPerson, match="x:@nobody"):
        resolve(history.read(), "x:@nobody")


def test_a_handle_belongs_to_one_person(people):
    history, ids = people
    with pytest.raises(Conflict, match="x:@janedoe already belongs to Jane Doe"):
        with history.change("dup") as tx:
            add_identities(tx, ids["smith"], parse_identities(x=["https://x.com/janedoe"]), now=NOW)


def test_merge_moves_everything_to_the_kept_person(people):
    history, ids = people
    with history.change("merge") as tx:
        merge_people(tx, ids["jane"], ids["jose"], now=NOW)
    snapshot = history.read()
    kept = snapshot.people[ids["jane"]]
    assert kept["handles"]["x_id"] == ["1700000000000000001"]
    assert kept["aliases"] == ["José Müller", "Pepe"]
    assert ids["jose"] not in snapshot.people
    assert resolve(snapshot, "x-id:1700000000000000001") == ids["jane"]


def test_merging_a_person_with_themselves_is_refused(people):
    history, ids = people
    with pytest.raises(InvalidValue):
        with history.change("merge") as tx:
            merge_people(tx, ids["jane"], ids["jane"], now=NOW)
