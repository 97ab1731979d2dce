"""What a user does with the extension, in real headless Chromium and Firefox ESR alike: the popup's quick actions
and history, dismissing a request, the options page (and its sync line), leaving a conversation inside the
single-page app, checking a link or a text by hand, and the cost of a busy page."""

from __future__ import annotations

import gzip
import json
import time

import pytest

from .browsers import wait_for
from .test_live_sites import SAM_ID, asks_of, person_with, visit


def test_the_popup_shows_the_history_and_its_quick_actions_change_the_verdict(clean_history, fixture_server):
    browser = clean_history
    tab, url = visit(browser, fixture_server, "linkedin-thread-member-id")
    browser.wait_badge(url, "?")
    popup = browser.popup(browser.tab_id(url))
    popup.wait("#verdict:not([hidden])")
    assert popup.text("#name") == "Sam Lee" and popup.text("#level") == "a stranger"
    assert popup.text("#asks") == "1"
    before = popup.text("#score")
    popup.click("[data-action='helped-me']")
    wait_for(lambda: popup.text("#action-result") == "Saved: They helped me", what="the action saved")
    wait_for(lambda: popup.text("#score") != before, what="a new score")
    assert "Sam helped you once" in popup.text("#reasons")
    assert popup.text("#favours") == "you helped them 0×, they helped you 1×"
    sam_id, _ = person_with(browser, linkedin_id=SAM_ID)
    kinds = [i["kind"] for i in browser.history()["interactions"].values() if i["person"] == int(sam_id)]
    assert sorted(kinds) == ["ask", "favor-received"]
    popup.click("[data-action='know-well']")
    browser.wait_badge(url, "✓")
    wait_for(lambda: popup.text("#level") == "well known to you", what="the new level")
    popup.close()


def test_not_an_ask_removes_the_recorded_ask_and_it_stays_dismissed(clean_history, fixture_server):
    browser = clean_history
    tab, url = visit(browser, fixture_server, "x-chat-one-to-one")
    browser.wait_badge(url, "?")
    wait_for(lambda: "Not an ask" in browser.hint_text(tab), what="the hint")
    sam_id, _ = person_with(browser, x="samlee")
    assert len(asks_of(browser, sam_id)) == 1
    browser.click_in_hint(tab, "Not an ask")
    wait_for(lambda: not asks_of(browser, sam_id), what="the ask removed")
    browser.wait_state(url, lambda s: s["verdict"]["dismissed"], what="a dismissed verdict")
    wait_for(lambda: browser.hint_text(tab) == "", what="the hint gone")
    browser.close_tab(tab)
    tab, url = visit(browser, fixture_server, "x-chat-one-to-one")
    browser.wait_state(url, lambda s: s.get("verdict") and s["verdict"]["dismissed"], what="still dismissed")
    time.sleep(0.5)
    assert not asks_of(browser, sam_id), "a dismissed request is not recorded again"
    assert browser.hint_text(tab) == "", "no hint for a dismissed request"


def test_the_options_page_turns_recording_and_the_hint_off(clean_history, fixture_server):
    browser = clean_history
    options = browser.extension_page("options/options.html")
    options.wait("input[name=recordAsks]:checked")
    try:
        options.click("input[name=recordAsks]")
        options.click("input[name=hint]")
        wait_for(lambda: options.text("#saved") == "Saved.", what="the options saved")
        assert not options.checked("input[name=recordAsks]") and not options.checked("input[name=hint]")
        tab, url = visit(browser, fixture_server, "linkedin-thread-group")
        badge = browser.wait_badge(url, "?")
        assert "Bob Ray: stranger, asks for" in badge["title"]
        time.sleep(1)
        assert browser.hint_text(tab) == "", "the hint is off"
        assert browser.history()["people"] == {}, "with recording off, nothing is written"
        browser.close_tab(tab)
    finally:
        options.click("input[name=recordAsks]")
        options.click("input[name=hint]")
        wait_for(lambda: options.checked("input[name=recordAsks]") and options.checked("input[name=hint]"),
                 what="the options restored")
        options.close()


def test_the_options_page_shows_whether_the_history_syncs_and_with_whom(clean_history, tmp_path):
    """The sync line: off, then on with the computers that write to the folder, then a folder gone missing."""
    from .harness import acquaint

    browser = clean_history
    options = browser.extension_page("options/options.html")
    wait_for(lambda: options.text("#sync").startswith("Sync is off"), what="the sync line saying off")
    options.close()
    folder = tmp_path / "Sync"
    folder.mkdir()
    acquaint(browser.data, "sync", "init", str(folder), "--name", "laptop")
    try:
        options = browser.extension_page("options/options.html")
        wait_for(lambda: options.text("#sync") == "Syncing as “laptop”. No other computer has joined yet.",
                 what="the sync line naming this computer")
        options.close()
        folder.rename(tmp_path / "Sync-unmounted")
        options = browser.extension_page("options/options.html")
        wait_for(lambda: "Problem: the sync folder" in options.text("#sync") and "is missing" in options.text("#sync"),
                 what="the sync line naming the problem")
        options.close()
    finally:
        acquaint(browser.data, "sync", "off")


def test_leaving_a_conversation_inside_the_single_page_app_clears_the_badge(clean_history, fixture_server):
    browser = clean_history
    tab, url = visit(browser, fixture_server, "x-chat-one-to-one")
    browser.wait_badge(url, "?")
    browser.page_value(tab, """(history.pushState({}, "", "/home"),
                                document.querySelector("main").replaceChildren(), true)""")
    browser.wait_badge("https://x.com/home", "")
    browser.close_tab(tab)


def test_checking_a_profile_link_and_a_text_by_hand(clean_history, fixture_server):
    """The popup's "check by hand" box runs the context menu's lookups (a profile link; a text, with the person
    chosen from the history)."""
    browser = clean_history
    from .harness import acquaint

    acquaint(browser.data, "add", "Sam Lee", "--linkedin", "sam-lee-77")
    acquaint(browser.data, "log", "sam", "meeting", "--at", "2016-03-10")
    acquaint(browser.data, "log", "sam", "message", "--in", "--at", "20 days ago")
    acquaint(browser.data, "log", "sam", "message", "--out", "--at", "19 days ago")
    popup = browser.popup(0)
    popup.wait("#by-hand:not([hidden])")
    popup.fill("#by-hand-text", "https://www.linkedin.com/in/Sam-Lee-77/?trk=mail")
    popup.click("#by-hand button")
    popup.wait("#verdict:not([hidden])")
    wait_for(lambda: popup.text("#name") == "Sam Lee", what="the person")
    assert popup.text("#ask") == "Who they are to you, from your history."
    assert popup.text("#level") in ("an acquaintance", "well known to you")
    popup.close()

    popup = browser.popup(0)
    popup.wait("#by-hand:not([hidden])")
    popup.fill("#by-hand-text", "Loved your talk! Could you introduce me to your CTO?")
    popup.click("#by-hand button")
    popup.wait("#selection:not([hidden])")
    wait_for(lambda: (popup.text("#selection-answer") or "").startswith("Yes: it asks for intro"), what="detection")
    popup.fill("#choose-query", "sam")
    popup.wait("#choose-results button")
    popup.click("#choose-results button")
    popup.wait("#verdict:not([hidden])")
    wait_for(lambda: popup.text("#name") == "Sam Lee", what="the chosen person's verdict")
    assert popup.text("#ask").startswith("Asks for an introduction")
    sam, _ = person_with(browser, linkedin="sam-lee-77")
    assert not asks_of(browser, sam), "looking records nothing"
    popup.click("#record-ask")
    wait_for(lambda: len(asks_of(browser, sam)) == 1, what="the ask recorded on request")
    popup.close()


def test_a_busy_page_costs_little(clean_history, fixture_server):
    browser = clean_history
    fixture_server.routes[("www.linkedin.com", "/feed/busy/")] = "busy.html"
    tab = browser.open("https://www.linkedin.com/feed/busy/")
    time.sleep(5)
    stats = browser.extension_value(
        f"api.tabs.sendMessage({browser.tab_id('https://www.linkedin.com/feed/busy/')}, {{type: 'stats'}})")
    mutations = browser.page_value(tab, "window.busyMutations")
    print(f"\n{browser.name}, busy page, 5 s: {mutations} DOM insertions in {stats['mutationBatches']} observer "
          f"batches; {stats['reads']} page reads took {stats['readMs']:.1f} ms in all; {stats['sent']} sent")
    assert mutations > 2000 and stats["mutationBatches"] > 50
    assert stats["reads"] <= 5 / 0.5 + 2, "the page is read at most every 500 ms"
    assert stats["sent"] == 1, "an unchanged page (no conversation) is reported once"
    browser.close_tab(tab)


def test_a_request_the_host_refuses_for_its_page_data_is_not_a_broken_setup(clean_history, fixture_server):
    """A handle the host cannot take (a profile link LinkedIn never makes) is "could not read this page": grey,
    with the host's reason, never the red "!" of a broken install."""
    browser = clean_history
    tab, url = visit(browser, fixture_server, "linkedin-invitation-note")
    browser.wait_badge(url, "?")
    browser.page_value(tab, """(() => {
        for (const a of document.querySelectorAll("a[href*='/in/dana-wu/']")) a.href = "/in/dana..wu/";
        return true; })()""")
    badge = browser.wait_badge(url, "⚠")
    assert "could not read this conversation" in badge["title"] and "LinkedIn profile name" in badge["title"], badge
    browser.close_tab(tab)


def test_the_popup_gives_first_and_its_buttons_log_and_snooze(clean_history, fixture_server):
    """With no request on the tab, the popup shows whom the user owes; its buttons log what the user did, or
    leave someone out for now."""
    browser = clean_history
    from .harness import acquaint

    acquaint(browser.data, "add", "Bo Chen", "--x", "@bochen")
    acquaint(browser.data, "log", "bo", "endorsement", "--in", "--at", "10 days ago")
    acquaint(browser.data, "add", "Dee Olsen", "--x", "@deeolsen")
    acquaint(browser.data, "log", "dee", "message", "--in", "--at", "20 days ago")
    acquaint(browser.data, "log", "dee", "message", "--in", "--at", "5 days ago")
    popup = browser.popup(0)
    popup.wait("#give-first:not([hidden])")
    popup.wait("ul[data-list=helped_you] li")
    assert "Bo helped you once (last: endorsement" in popup.text("ul[data-list=helped_you]")
    assert "Dee reached out twice" in popup.text("ul[data-list=reaching_out]")
    popup.click("ul[data-list=helped_you] button[data-give-first=helped]")
    wait_for(lambda: popup.text("#give-first-result") == "Saved: I helped them (Bo Chen)", what="saved")
    bo, _ = person_with(browser, x="bochen")
    assert [i["kind"] for i in browser.history()["interactions"].values() if i["person"] == int(bo)] == \
        ["endorsement", "favor-given"]
    popup.click("ul[data-list=reaching_out] button[data-give-first=snooze]")
    wait_for(lambda: popup.attribute("#give-first-empty", "hidden") is None, what="nobody left to give back to")
    dee, person = person_with(browser, x="deeolsen")
    assert person["give_first_snoozed_until"] > "2026", "snoozed, for 90 days"
    popup.close()


def _type_draft(browser, tab, selector: str, text: str) -> None:
    """What typing does to the page: the composer's text changes and an input event rises from it."""
    browser.page_value(tab, f"""(() => {{
        const box = document.querySelector({json.dumps(selector)});
        if ("value" in box) box.value = {json.dumps(text)}; else box.textContent = {json.dumps(text)};
        box.dispatchEvent(new InputEvent("input", {{ bubbles: true, composed: true }}));
        return true;
    }})()""")


def _every_byte_under(folder) -> bytes:
    """Every file under the data folder, gzipped ones opened: where a draft must never be."""
    found = b""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        found += gzip.decompress(raw) if path.suffix == ".gz" else raw
    return found


@pytest.mark.parametrize("case, composer, first", [
    ("linkedin-thread-member-id", ".msg-form__contenteditable", "Sam"),
    ("x-legacy-dm-handle", "[data-testid='dmComposerTextInput']", "Priya"),
])
def test_a_drafted_ask_shows_the_users_own_standing_and_is_kept_nowhere(clean_history, fixture_server, case,
                                                                        composer, first):
    browser = clean_history
    tab, url = visit(browser, fixture_server, case)
    browser.wait_badge(url, "?")
    draft = "By the way, could you introduce me to your head of design? Zebra-4417"
    _type_draft(browser, tab, composer, draft)
    wait_for(lambda: "Before you ask for an introduction" in browser.mirror_text(tab), what="the mirror")
    # Their ask was just recorded, and it is all the history there is: the mirror names them and says so.
    assert f"your only history with {first} is {first}'s ask of you" in browser.mirror_text(tab)
    _type_draft(browser, tab, composer, "Thanks, talk soon! Zebra-4417")  # asks nothing: the mirror goes
    wait_for(lambda: browser.mirror_text(tab) == "", what="the mirror gone")
    assert b"Zebra-4417" not in _every_byte_under(browser.data), "nothing of a draft is stored"
    browser.close_tab(tab)


CLICK_FORM_SEND = """(() => {
    const send = document.querySelector("#interop-outlet").shadowRoot
        .querySelector(".artdeco-modal__actionbar button.artdeco-button--primary");
    send.disabled = false;  // as typing a recommendation does
    send.click();
    return true;
})()"""
CLICK_ENDORSE = """(() => {
    const endorse = [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === "Endorse");
    endorse.click();
    return true;
})()"""
CLICK_REPOST = """(() => {
    document.querySelector("article[data-testid='tweet'] [data-testid='retweet']").click();
    document.querySelector("[data-testid='retweetConfirm']").click();
    return true;
})()"""


@pytest.mark.parametrize("case, click, said, logged", [
    ("linkedin-recommendation-form", CLICK_FORM_SEND, "You just wrote a recommendation for Sam Lee.",
     ("recommendation", "out")),
    ("x-post-mention-retweet", CLICK_REPOST, "You just reposted Sam Lee.", ("favor-given", "out")),
    ("linkedin-profile-first-degree", CLICK_ENDORSE, "You just endorsed Sam Lee.", ("endorsement", "out")),
])
def test_a_favour_given_through_the_page_is_one_click_from_the_ledger(clean_history, fixture_server, case, click,
                                                                      said, logged):
    browser = clean_history
    tab, url = visit(browser, fixture_server, case)
    browser.wait_state(url, lambda s: s.get("capture"), what="the person read from the page")
    browser.page_value(tab, click)
    browser.wait_state(url, lambda s: s.get("gave"), what="the favour noticed")
    popup = browser.popup(browser.tab_id(url))
    popup.wait("#gave:not([hidden])")
    assert popup.text("#gave-text") == said
    popup.click("#gave-button")
    wait_for(lambda: (popup.text("#action-result") or "").startswith("Saved: I helped them"), what="logged")
    given = [(i["kind"], i["direction"]) for i in browser.history()["interactions"].values() if i["kind"] != "ask"]
    assert given == [logged]
    wait_for(lambda: popup.attribute("#gave", "hidden") is not None, what="the offer gone once logged")
    popup.close()
    browser.close_tab(tab)


def test_a_look_alike_click_gives_nothing(clean_history, fixture_server):
    """The reply's Repost button opens no menu here, Quote is not a repost, and "Endorsed" is done already:
    nothing is offered."""
    browser = clean_history
    tab, url = visit(browser, fixture_server, "x-post-mention-retweet")
    browser.wait_badge(url, "?")
    browser.page_value(tab, """(() => {
        document.querySelectorAll("[data-testid='retweet']")[1].click();
        document.querySelector("article[data-testid='tweet'] [data-testid='retweet']").click();
        document.querySelectorAll("[role='menuitem']")[1].click();
        return true;
    })()""")
    tab2, url2 = visit(browser, fixture_server, "linkedin-profile-first-degree")
    browser.wait_state(url2, lambda s: s.get("capture"), what="the profile read")
    browser.page_value(tab2, """(() => {
        [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === "Endorsed").click();
        return true;
    })()""")
    time.sleep(0.5)
    assert not browser.state(url).get("gave") and not browser.state(url2).get("gave")
    browser.close_tab(tab)
    browser.close_tab(tab2)
