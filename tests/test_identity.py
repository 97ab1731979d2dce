"""Who a page means on the live sites: LinkedIn member ids beside vanity names, the probable match by name and
the user's answer to it, identities learnt from pages, and what the site itself says about the relationship."""


import pytest

from acquaint.errors import InvalidHandle
from acquaint.handles import display, identity_from_url, linkedin_identity, normalize_linkedin
from acquaint.service import HostService
from conftest import NOW, history_at, read_history

SAM_ID = "ACoAA7VIrxaR7kQfWv52uvEgoqiXnLAC1lIAYJR"
OTHER_ID = "ACoAAW2_SFi2DmZVVrLvHdgwHvpsbgh5AXLbTKs"
ENDORSE = "Hi Alex! Could you endorse me for Kubernetes? Happy to return it."


@pytest.fixture
def service(home):
    return HostService(history_at(home), clock=lambda: NOW)


def ask(service, message):
    reply = service.respond({"id": "t", **message})
    assert reply["ok"], reply
    return reply


def check(service, person, text=ENDORSE, platform="linkedin", **request):
    return ask(service, {"type": "check", "platform": platform, "person": person,
                         "request": {"text": text, **request}})["verdict"]


def people(home) -> dict:
    return read_history(home)["people"]


def interactions(home) -> list[dict]:
    return list(read_history(home)["interactions"].values())


@pytest.fixture
def sam_connection(cli):
    """Sam as the LinkedIn export gives him: a vanity name, connected eleven years ago, and talking since."""
    cli("add", "Sam Lee", "--linkedin", "sam-lee-77")
    cli("log", "sam", "connected", "--at", "2015-05-01")
    cli("log", "sam", "message", "--in", "--at", "2026-05-01")
    cli("log", "sam", "message", "--out", "--at", "2026-05-02")
    cli("log", "sam", "favor-received", "--at", "2020-03-01")
    return 1


# -- member ids as identities ----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [SAM_ID, f"https://www.linkedin.com/in/{SAM_ID}/", f"linkedin.com/in/{SAM_ID}?trk=x",
                                 f"urn:li:fsd_profile:{SAM_ID}", f"https://www.linkedin.com/comm/in/{SAM_ID}"])
def test_a_member_id_keeps_its_case_in_every_spelling(raw):
    assert linkedin_identity(raw) == ("linkedin_id", SAM_ID)


def test_a_vanity_name_is_still_a_vanity_name():
    assert linkedin_identity("https://www.linkedin.com/in/Sam-Lee-77/") == ("linkedin", "sam-lee-77")
    assert identity_from_url(f"https://www.linkedin.com/in/{SAM_ID}") == ("linkedin_id", SAM_ID)
    assert display("linkedin_id", SAM_ID) == f"linkedin-id:{SAM_ID}"
    with pytest.raises(InvalidHandle, match="member id, not a profile name"):
        normalize_linkedin(SAM_ID)


def test_the_cli_sets_and_shows_a_member_id(cli):
    cli("add", "Sam Lee", "--linkedin", "sam-lee-77")
    result = cli("alias", "sam", "--linkedin-id", SAM_ID)
    assert result.code == 0 and f"linkedin-id:{SAM_ID}" in result.out
    assert cli("show", f"linkedin-id:{SAM_ID}").code == 0
    # A member id pasted where a profile is asked for is still taken as a member id, case kept.
    cli("add", "Dana Wu", "--linkedin", f"https://www.linkedin.com/in/{OTHER_ID}/")
    assert f"linkedin-id:{OTHER_ID}" in cli("show", "dana").out


# -- the probable match -------------------------------------------------------------------------------------------

def test_a_member_id_and_the_name_of_one_connection_is_probably_them(service, home, sam_connection):
    verdict = check(service, {"member_id": SAM_ID, "name": "Sam Lee"})
    assert verdict["level"] == "established", verdict
    assert verdict["person"]["id"] == 1 and "probable_match" in verdict["flags"]
    assert verdict["match"] == {"state": "probable", "person_id": 1, "name": "Sam Lee",
                                "identity": f"linkedin-id:{SAM_ID}", "because": "name"}
    assert verdict["reasons"][0] == "Probably Sam Lee from your connections: the same name, not yet confirmed"
    assert verdict["badge"]["title"].startswith("Sam Lee (probably): established")
    assert verdict["badge"]["text"] == "✓?" and verdict["badge"]["color"] == "#b06000", "only probably: amber"
    # The ask is filed under Sam, marked as a guess; the member id is not given to him.
    asks = [i for i in interactions(home) if i["kind"] == "ask"]
    assert len(asks) == 1 and asks[0]["person"] == 1 and asks[0]["via"] == f"linkedin-id:{SAM_ID}"
    assert people(home)["1"]["handles"] == {"linkedin": ["sam-lee-77"]}
    assert len(people(home)) == 1


def test_confirming_the_match_gives_them_the_member_id(service, home, sam_connection):
    check(service, {"member_id": SAM_ID, "name": "Sam Lee"})
    reply = ask(service, {"type": "match", "platform": "linkedin", "candidate": 1, "same": True,
                          "person": {"member_id": SAM_ID, "name": "Sam Lee"}})
    assert reply["person"] == {"id": 1, "name": "Sam Lee"} and reply["same"] is True
    assert people(home)["1"]["handles"]["linkedin_id"] == [SAM_ID]
    assert all("via" not in i for i in interactions(home))
    verdict = check(service, {"member_id": SAM_ID, "name": "Sam Lee"})
    assert verdict["match"] is None and verdict["person"]["id"] == 1 and verdict["level"] == "established"
    assert len([i for i in interactions(home) if i["kind"] == "ask"]) == 1, "the same request is not recorded twice"


def test_rejecting_the_match_makes_a_new_person_who_takes_the_ask(service, home, sam_connection):
    check(service, {"member_id": SAM_ID, "name": "Sam Lee"})
    reply = ask(service, {"type": "match", "platform": "linkedin", "candidate": 1, "same": False,
                          "person": {"member_id": SAM_ID, "name": "Sam Lee"}})
    new_id = reply["person"]["id"]
    assert new_id != 1 and reply["moved"] == 1
    assert people(home)["1"]["not_identities"] == [f"linkedin-id:{SAM_ID}"]
    assert people(home)[str(new_id)]["handles"] == {"linkedin_id": [SAM_ID]}
    [moved] = [i for i in interactions(home) if i["kind"] == "ask"]
    assert moved["person"] == new_id and "via" not in moved and moved["key"].startswith(f"ask:{new_id}:")
    verdict = check(service, {"member_id": SAM_ID, "name": "Sam Lee"})
    assert verdict["match"] is None and verdict["person"]["id"] == new_id and verdict["level"] == "stranger"
    assert len([i for i in interactions(home) if i["kind"] == "ask"]) == 1, "the moved ask keeps its identity"


@pytest.mark.parametrize("setup", ["two connections", "not a connection", "another member id"])
def test_no_probable_match_when_the_name_is_not_enough(service, home, cli, setup):
    if setup == "two connections":
        cli("add", "Sam Lee", "--linkedin", "sam-lee-77")
        cli("add", "Sam Lee", "--linkedin", "sam-lee-88", "--new")
    elif setup == "not a connection":
        cli("add", "Sam Lee", "--x", "@samlee")
        cli("log", "sam", "message", "--in", "--at", "2026-05-01")
    else:
        cli("add", "Sam Lee", "--linkedin", "sam-lee-77", "--linkedin-id", OTHER_ID)
    verdict = check(service, {"member_id": SAM_ID, "name": "Sam Lee"})
    assert verdict["match"] is None and verdict["level"] == "stranger"
    assert verdict["person"]["known"] is False, "a new person was made for the stranger"


def test_a_probable_match_is_never_offered_when_the_page_names_a_vanity(service, home, sam_connection):
    verdict = check(service, {"member_id": SAM_ID, "handle": "sam-lee-78", "name": "Sam Lee"})
    assert verdict["match"] is None and verdict["level"] == "stranger"


# -- learning from pages -----------------------------------------------------------------------------------------

def test_a_profile_page_ties_the_member_id_to_the_vanity_and_records_nothing(service, home, sam_connection):
    before = interactions(home)
    verdict = check(service, {"handle": "sam-lee-77", "member_id": SAM_ID, "name": "Sam Lee",
                              "relation": {"linkedin_degree": 1}}, text="Could you endorse me?", context="profile")
    assert verdict["ask"] is None and verdict["recorded"] is False and verdict["context"] == "profile"
    assert verdict["badge"]["color"] == "#5f6368"
    assert verdict["suggestion"].startswith("You and Sam go back 11 years; you helped Sam never, Sam helped you once")
    assert "LinkedIn: 1st-degree connection" in verdict["reasons"]
    assert interactions(home) == before
    assert people(home)["1"]["handles"] == {"linkedin": ["sam-lee-77"], "linkedin_id": [SAM_ID]}
    # From now on the member id alone is him, for sure.
    assert check(service, {"member_id": SAM_ID, "name": "Sam Lee"})["match"] is None


def test_a_link_in_their_message_proposes_who_they_are_and_never_proves_it(service, home, sam_connection):
    """Anyone can paste a recommendation-form link naming a trusted connection: it makes a probable match,
    which the user confirms; it never makes the sender that connection by itself."""
    mallory = {"member_id": OTHER_ID, "claimed_handle": "sam-lee-77", "name": "Mallory"}
    verdict = check(service, mallory, text="Would you write me a recommendation?", hints=["recommendation_form"])
    assert verdict["match"]["because"] == "link" and verdict["match"]["person_id"] == 1
    assert verdict["reasons"][0] == "Probably Sam Lee: their message links to that profile, not yet confirmed"
    assert verdict["badge"]["text"] == "✓?"
    assert "linkedin_id" not in people(home)["1"]["handles"], "a claim is never learnt"
    reply = ask(service, {"type": "match", "platform": "linkedin", "candidate": 1, "same": False, "person": mallory})
    assert reply["moved"] == 1 and people(home)[str(reply["person"]["id"])]["name"] == "Mallory"
    again = check(service, mallory, text="Would you write me a recommendation?", hints=["recommendation_form"])
    assert again["match"] is None and again["level"] == "stranger" and again["person"]["name"] == "Mallory"


def test_a_member_id_lower_cased_by_an_older_version_is_still_found(service, home, cli):
    cli("add", "Sam Lee", "--linkedin", SAM_ID.lower())
    verdict = check(service, {"member_id": SAM_ID, "name": "Sam Lee"})
    assert verdict["person"]["id"] == 1 and verdict["match"] is None
    assert people(home)["1"]["handles"]["linkedin_id"] == [SAM_ID]


# -- what the site says ------------------------------------------------------------------------------------------

def test_a_second_degree_stranger_is_told_apart_from_an_unrecorded_connection(service):
    second = check(service, {"member_id": SAM_ID, "name": "Sam Lee", "relation": {"linkedin_degree": 2}})
    assert "LinkedIn: 2nd-degree — you are not connected" in second["reasons"][:3]
    assert "linkedin_not_connected" in second["flags"]
    first = check(service, {"member_id": OTHER_ID, "name": "Bob Ray", "relation": {"linkedin_degree": 1}})
    assert any(r.startswith("LinkedIn: 1st-degree — you are connected, but your history has no record")
               for r in first["reasons"][:3])
    assert "linkedin_connected" in first["flags"] and first["relation"] == {"linkedin_degree": 1}


def test_x_follows_you_is_said(service):
    verdict = check(service, {"id": "1700000000000000001", "name": "Sam Lee", "relation": {"follows_you": True}},
                    text="could you RT my launch?", platform="x")
    assert "X: Sam follows you" in verdict["reasons"] and "follows_you" in verdict["flags"]


@pytest.mark.parametrize("person, platform, text", [
    ({"handle": "sam-lee-77", "relation": {"linkedin_degree": 4}}, "linkedin", "linkedin_degree"),
    ({"handle": "sam-lee-77", "relation": {"linkedin_degree": True}}, "linkedin", "linkedin_degree"),
    ({"handle": "sam-lee-77", "relation": {"follows_you": True}}, "linkedin", "follows_you"),
    ({"handle": "samlee", "relation": {"friends": 1}}, "x", "unknown fields: friends"),
    ({"handle": "samlee", "member_id": SAM_ID}, "x", "member_id"),
    ({"member_id": "acoaa-not-an-id"}, "linkedin", "not a LinkedIn member id"),
    ({"history_id": 0}, "linkedin", "history_id"),
    ({"handle": "samlee"}, "web", "platform 'web' names people only by"),
])
def test_bad_person_fields_are_refused_by_name(service, person, platform, text):
    reply = service.respond({"id": 1, "type": "check", "platform": platform, "person": person, "request": {}})
    assert reply["ok"] is False and reply["error"]["code"] == "bad_request" and text in reply["error"]["message"]


# -- checking anything by hand -----------------------------------------------------------------------------------

def test_detect_answers_without_looking_anyone_up(service, home):
    reply = ask(service, {"type": "detect", "text": "Loved the talk. Could you introduce me to your CTO?"})
    assert reply["ask"] == "intro" and reply["evidence"] == "Could you introduce me to your CTO?"
    assert ask(service, {"type": "detect", "text": "Thanks for the coffee!"})["ask"] is None
    assert not (home / "history").exists()


def test_people_search_then_check_by_history_id(service, sam_connection, cli):
    cli("add", "Samantha Jones", "--x", "@sjones")
    found = ask(service, {"type": "people", "query": "sam"})["people"]
    assert [p["name"] for p in found] == ["Sam Lee", "Samantha Jones"]
    assert found[0]["level"] == "established" and found[0]["identities"] == ["linkedin:sam-lee-77"]
    assert [p["id"] for p in ask(service, {"type": "people", "query": "x:@sjones"})["people"]] == [2]
    verdict = check(service, {"history_id": 1}, text="Could you review my deck?", platform="web",
                    context="selection")
    assert verdict["person"]["id"] == 1 and verdict["ask"] == "review" and verdict["level"] == "established"
    reply = service.respond({"id": 2, "type": "check", "platform": "web", "person": {"history_id": 99},
                             "request": {"text": "x"}})
    assert reply["error"]["code"] == "unknown_person"


# -- pages that show less ----------------------------------------------------------------------------------------

def test_a_page_with_only_an_x_id_never_shows_a_bare_number(service, home):
    verdict = check(service, {"id": "1700000000000000001"}, text="could you RT my launch?", platform="x")
    assert verdict["recorded"] and verdict["person"]["name"] == "Someone on X (no name shown)"
    assert verdict["badge"]["title"].startswith("Someone on X (no name shown): stranger")
    assert verdict["reasons"][0] == "This person was not in your history before this"
    assert not any(ch.isdigit() for ch in verdict["reasons"][0] + verdict["suggestion"])
    # The ask is filed under the id; the name comes when a page shows it.
    assert list(people(home).values())[0]["name"] == "X user 1700000000000000001"
    check(service, {"id": "1700000000000000001", "handle": "samlee", "name": "Sam Lee"}, text="hi", platform="x")
    assert list(people(home).values())[0]["name"] == "Sam Lee"
    assert list(people(home).values())[0]["handles"] == {"x_id": ["1700000000000000001"], "x": ["samlee"]}


def test_a_known_x_id_is_named_from_the_history(service, cli):
    cli("add", "Sam Lee", "--x-id", "1700000000000000001")
    verdict = check(service, {"id": "1700000000000000001"}, text="could you RT my launch?", platform="x")
    assert verdict["person"]["name"] == "Sam Lee" and verdict["badge"]["title"].startswith("Sam Lee: stranger")


def test_a_name_only_page_points_to_the_one_person_of_that_name_and_records_nothing(service, home, cli):
    cli("add", "Dana Wu", "--x", "@danawu")
    cli("log", "dana", "meeting", "--at", "2020-01-01")
    verdict = check(service, {"name": "Dana Wu"}, text="Could you share the dashboard?", platform="x", group=True)
    assert verdict["person"]["id"] == 1 and verdict["match"]["identity"] is None
    assert "Probably Dana Wu: the page shows only a name, which is theirs" in verdict["reasons"]
    assert "name_only" in verdict["flags"] and verdict["recorded"] is False
    assert not [i for i in interactions(home) if i["kind"] == "ask"]
    stranger = check(service, {"name": "Bob Ray"}, text="Could you share the dashboard?", platform="x", group=True)
    assert stranger["person"] is None and stranger["level"] == "stranger" and stranger["recorded"] is False
    assert "The page shows only a name here, so Acquaint records nothing for this request" in stranger["reasons"]
    reply = service.respond({"id": 1, "type": "log", "platform": "x", "person": {"name": "Bob Ray"}, "kind": "meeting"})
    assert reply["error"]["code"] == "bad_request" and "only the name" in reply["error"]["message"]
    assert len(people(home)) == 1


def test_a_guess_settles_when_the_identity_turns_out_to_be_someone_elses(service, home, sam_connection, cli):
    """The guess said Sam; then the real owner of that member id shows up surely (their profile names them):
    the ask filed under the guess moves to them."""
    cli("add", "Samuel Lee", "--linkedin", "samuel-lee-9")
    check(service, {"member_id": SAM_ID, "name": "Sam Lee"})
    assert [i["person"] for i in interactions(home) if i["kind"] == "ask"] == [1]
    check(service, {"member_id": SAM_ID, "handle": "samuel-lee-9", "name": "Samuel Lee"}, text="", context="profile")
    [ask_] = [i for i in interactions(home) if i["kind"] == "ask"]
    assert ask_["person"] == 2 and "via" not in ask_ and ask_["key"].startswith("ask:2:")


def test_a_dismissal_made_under_a_guess_follows_the_answer(service, home, sam_connection):
    person = {"member_id": SAM_ID, "name": "Sam Lee"}
    check(service, person)
    ask(service, {"type": "forget", "scope": "request", "platform": "linkedin", "person": person,
                  "request": {"text": ENDORSE}})
    reply = ask(service, {"type": "match", "platform": "linkedin", "candidate": 1, "same": False, "person": person})
    dismissed = list(read_history(home)["dismissed"].values())
    assert [d["person"] for d in dismissed] == [reply["person"]["id"]] and "via" not in dismissed[0]
    verdict = check(service, person)
    assert verdict["dismissed"] is True and verdict["recorded"] is False, "still dismissed after the answer"


def test_contradicting_answers_are_refused_and_never_make_an_empty_person(service, home, sam_connection):
    person = {"member_id": SAM_ID, "name": "Sam Lee"}
    check(service, person)
    ask(service, {"type": "match", "platform": "linkedin", "candidate": 1, "same": True, "person": person})
    reply = service.respond({"id": 2, "type": "match", "platform": "linkedin", "candidate": 1, "same": False,
                             "person": person})
    assert reply["error"]["code"] == "bad_request" and "already #1's" in reply["error"]["message"]
    assert len(people(home)) == 1


@pytest.mark.parametrize("query", ["²", "http://[", "#٣", "x:@[bad"])
def test_odd_searches_answer_instead_of_failing(service, sam_connection, query):
    assert service.respond({"id": 1, "type": "people", "query": query})["ok"] is True


# -- merging keeps what was asked and dismissed --------------------------------------------------------------------

def test_after_a_merge_the_same_request_is_not_recorded_again_and_dismissed_stays_dismissed(service, home, cli):
    cli("add", "Jane Doe", "--linkedin", "jane-doe")
    cli("add", "Jane D", "--x", "@janed")
    on_x = {"handle": "janed", "name": "Jane D"}
    check(service, on_x, "Could you RT my launch?", platform="x")
    dismissed = "Could you write a blog post about my product?"
    ask(service, {"type": "forget", "scope": "request", "platform": "x", "person": on_x,
                  "request": {"text": dismissed}})
    assert cli("merge", "1", "2").code == 0
    again = check(service, on_x, "Could you RT my launch?", platform="x")
    assert again["person"]["id"] == 1 and again["recorded"] is False
    assert [i["person"] for i in interactions(home) if i["kind"] == "ask"] == [1], "recorded once, as Jane Doe's"
    assert check(service, on_x, dismissed, platform="x")["dismissed"] is True


def test_asks_merged_by_an_older_version_are_still_known_as_the_kept_persons(service, home, cli):
    cli("add", "Jane Doe", "--x", "@janed")
    check(service, {"handle": "janed"}, "Could you RT my launch?", platform="x")
    history = history_at(home)
    with history.change("as 0.3 merged: the key still names person #7") as tx:
        recorded = next(i for i in tx.interactions_of(1) if i["kind"] == "ask")
        tx.update("interactions", recorded["id"], {"key": recorded["key"].replace("ask:1:", "ask:7:")})
    assert check(service, {"handle": "janed"}, "Could you RT my launch?", platform="x")["recorded"] is False
    assert sum(i["kind"] == "ask" for i in interactions(home)) == 1
