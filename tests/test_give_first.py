"""Give first: who the user owes (host/acquaint/give_first.py), through `acquaint owe` and the `give_first`
message — on histories built to show each case, with ties, snoozes and people left out."""

import json
from datetime import timedelta

import pytest

from acquaint.service import HostService
from conftest import NOW, history_at


def day(days_ago: int) -> str:
    return (NOW - timedelta(days=days_ago)).strftime("%Y-%m-%d")


@pytest.fixture
def ledger(cli):
    """Ana helped twice and was helped once; Bo helped once, recently, and never got help; Cy and the user help
    each other evenly; Dee writes and writes and is never answered; Eve was a close contact for years, quiet
    for three; Fay wrote once (not yet "keeps reaching out"); Gus wrote twice, but two years ago."""
    for name in ("Ana Ruiz", "Bo Chen", "Cy Park", "Dee Olsen", "Eve Stone", "Fay Lund", "Gus Moe"):
        assert cli("add", name).code == 0
    log = [("ana", "favor-received", 400), ("ana", "recommendation --in", 300), ("ana", "favor-given", 200),
           ("bo", "endorsement --in", 10),
           ("cy", "favor-received", 50), ("cy", "favor-given", 40),
           ("dee", "message --in", 30), ("dee", "message --in", 20), ("dee", "call --in", 5),
           ("fay", "message --in", 3), ("gus", "message --in", 800), ("gus", "message --in", 790)]
    for year in range(8, 3, -1):  # Eve: both ways every year from eight years ago to four years ago
        log += [("eve", "message --in", year * 365), ("eve", "message --out", year * 365 - 2)]
    for who, what, days_ago in log:
        assert cli("log", who, *what.split(), "--at", day(days_ago)).code == 0, (who, what)


def owed(cli) -> dict:
    result = cli("owe", "--json")
    assert result.code == 0, result.err
    return {name: [line["person"]["name"] for line in lines] for name, lines in json.loads(result.out).items()}


def test_each_list_names_whom_it_should_most_recent_and_largest_first(cli, ledger):
    assert owed(cli) == {"helped_you": ["Bo Chen", "Ana Ruiz"], "reaching_out": ["Dee Olsen"],
                         "dormant": ["Eve Stone"]}


def test_each_line_says_why_with_its_numbers_and_the_next_step(cli, ledger):
    lines = json.loads(cli("owe", "--json").out)
    ana = next(line for line in lines["helped_you"] if line["person"]["name"] == "Ana Ruiz")
    assert ana["why"] == f"Ana helped you twice (last: recommendation, {day(300)}); you helped Ana once"
    assert ana["numbers"]["received"] == 2 and ana["numbers"]["given"] == 1
    assert ana["action"].startswith(f"acquaint log {ana['person']['id']} favor-given")
    dee = lines["reaching_out"][0]
    assert dee["why"] == f"Dee reached out 3 times (last {day(5)}); you have never answered"
    eve = lines["dormant"][0]
    assert eve["why"] == (f"You and Eve were in touch both ways for 4 years (10 contacts); nothing both ways "
                          f"since {day(4 * 365)} (4 years ago)")


def test_an_even_ledger_is_owed_nothing_and_an_answer_ends_reaching_out(cli, ledger):
    assert "Cy Park" not in owed(cli)["helped_you"]
    cli("log", "dee", "message", "--out", "--at", day(1))
    assert owed(cli)["reaching_out"] == []


def test_snoozed_not_relevant_and_ignored_people_are_left_out_until_they_are_not(cli, ledger, home):
    assert cli("owe", "--snooze", "bo", "--days", "30").out.startswith(f"Left Bo Chen (#2) out of `acquaint owe` "
                                                                       f"until {(NOW + timedelta(days=30)):%Y-%m-%d}")
    assert cli("owe", "--not-relevant", "eve").code == 0
    HostService(history_at(home), clock=lambda: NOW).respond(
        {"id": 1, "type": "forget", "scope": "person", "platform": "web", "person": {"history_id": 4}})  # Dee
    assert owed(cli) == {"helped_you": ["Ana Ruiz"], "reaching_out": [], "dormant": []}
    later = NOW + timedelta(days=31)
    assert "Bo Chen" in json.loads(cli("owe", "--json", now=later).out)["helped_you"][0]["person"]["name"]
    assert cli("owe", "--relevant", "eve").code == 0
    assert owed(cli)["dormant"] == ["Eve Stone"]
    assert cli("undo").code == 0 and owed(cli)["dormant"] == [], "leaving out is a change like any other"


def test_the_human_listing_fits_the_terminal_and_offers_the_way_out(cli, ledger):
    out = cli("owe").out.splitlines()
    assert out[0] == "They helped you; you have not helped them as much:"
    assert out[1].startswith("  #2 Bo Chen: Bo helped you once (last: endorsement,")
    assert out[2].startswith("      → acquaint log 2 favor-given")
    assert out[-1].startswith("Not now: `acquaint owe --snooze ID`")
    assert all(len(line) <= 80 for line in out)


def test_nobody_owed_says_so(cli):
    assert cli("owe").out.startswith("Nobody to give back to right now")


def test_the_give_first_message_answers_and_leaves_people_out(cli, ledger, home):
    service = HostService(history_at(home), clock=lambda: NOW)
    reply = service.respond({"id": 1, "type": "give_first", "snooze": {"history_id": 2, "days": 7},
                             "not_relevant": 5})
    assert reply["ok"] and [line["person"]["id"] for line in reply["helped_you"]] == [1]
    assert reply["dormant"] == [] and reply["reaching_out"][0]["person"]["id"] == 4


@pytest.mark.parametrize("message, text", [
    ({"snooze": {"history_id": 2}}, "'snooze' must be"),
    ({"snooze": {"history_id": 2, "days": 0}}, "a snooze lasts 1 to 3650 days"),
    ({"not_relevant": "2"}, "'not_relevant' must be a person's id"),
    ({"not_relevant": 99}, "there is no person #99"),
])
def test_bad_give_first_requests_are_refused_and_change_nothing(cli, ledger, home, message, text):
    from conftest import fingerprint

    before = fingerprint(home)
    reply = HostService(history_at(home), clock=lambda: NOW).respond({"id": 1, "type": "give_first", **message})
    assert reply["ok"] is False and text in reply["error"]["message"]
    assert fingerprint(home) == before


# -- the mirror: the user's own draft, before it is sent ------------------------------------------------------------

def mirror(home, draft: str, person: dict) -> dict:
    reply = HostService(history_at(home), clock=lambda: NOW).respond(
        {"id": 1, "type": "mirror", "platform": "x", "person": person, "draft": draft})
    assert reply["ok"], reply
    return reply


def test_a_drafted_ask_to_someone_who_helped_you_says_offer_something_first(cli, ledger, home):
    cli("alias", "bo", "--x", "@bochen")
    reply = mirror(home, "Hey Bo, could you introduce me to your CTO?", {"handle": "bochen"})
    assert reply["ask"] == "intro"
    assert reply["mirror"] == ("Before you ask for an introduction: you and Bo have never been in touch both ways. "
                               "Bo helped you once; you have no record of helping Bo. Offer something first?")


def test_an_even_ledger_says_asking_seems_fair_and_a_stranger_is_a_first_contact(cli, ledger, home):
    cli("alias", "cy", "--x", "@cypark")
    cli("log", "cy", "message", "--in", "--at", day(3))
    cli("log", "cy", "message", "--out", "--at", day(2))
    even = mirror(home, "Could you endorse me for Python?", {"handle": "cypark"})["mirror"]
    assert even.startswith("Before you ask for an endorsement: you last talked both ways 3 days ago. Cy helped you "
                           "once; you helped Cy once.") and even.endswith("The ledger is even: asking seems fair.")
    stranger = mirror(home, "Could you RT my launch?", {"handle": "nobody_yet", "name": "Zoe Quinn"})["mirror"]
    assert stranger.startswith("Before you ask for a share or repost: you have no history with Zoe yet")


def test_a_draft_that_asks_nothing_has_no_mirror_and_no_draft_is_ever_kept(cli, ledger, home):
    from conftest import fingerprint

    before = fingerprint(home)
    assert mirror(home, "Thanks, talk soon!", {"handle": "bochen"}) == {
        "id": 1, "ok": True, "type": "mirror", "ask": None, "mirror": None}
    mirror(home, "Could you introduce me to your CTO? Quokka-9151", {"handle": "someone_new"})
    assert fingerprint(home) == before, "a mirror records, learns and keeps nothing"
    assert not any(b"Quokka-9151" in path.read_bytes() for path in home.rglob("*") if path.is_file())


def test_someone_whose_only_history_is_their_ask_of_you(cli, home):
    cli("add", "Sam Lee", "--x", "@samlee")
    cli("log", "sam", "ask", "--at", day(2), "--note", "could you endorse me for Go?")
    reply = mirror(home, "Could you introduce me to your CTO?", {"handle": "samlee"})
    assert reply["mirror"] == ("Before you ask for an introduction: your only history with Sam is Sam's ask of you. "
                               "Helping first makes yours an easy yes.")
