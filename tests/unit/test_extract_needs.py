"""Changes a postmortem says are needed ("We need branch protection to …", "Back-up systems
should be implemented …") under a heading naming follow-ups or lessons, as against rules,
hindsight, musings and advice that commit to nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.prose import sentences
from syncer.stated_needs import states_need
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

STORY = "# Relayer outage\n\n## Summary\n\nRewards were not paid for a day.\n\n## Root cause\n\nThe relayer stopped.\n\n"

CASES = {
    "needs told one to a line under a heading of recommendations": (
        STORY + "## Recommendations\n\n"
        "Regular monitoring of the relayer should be implemented to ensure it keeps running.\n"
        "Back-up systems should be established so that rewards are paid when the relayer fails.\n",
        ["Regular monitoring of the relayer should be implemented to ensure it keeps running",
         "Back-up systems should be established so that rewards are paid when the relayer fails"],
    ),
    "a thing the team needs, in a paragraph of lessons": (
        STORY + "## Lessons\n\nWe learnt a lot about our proxy setup.\n\n"
        "We also learnt that we need a staging environment that mirrors production, so that changes are "
        "validated first.\n",
        ["We also learnt that we need a staging environment that mirrors production, so that changes are "
         "validated first"],
    ),
    "a thing the team should have, among other sentences": (
        STORY + "## Lessons learned\n\nA full CI pass was impossible. We should have a set of presubmits that "
        "give a simple yes or no.\n",
        ["We should have a set of presubmits that give a simple yes or no"],
    ),
    "hindsight, rules and musings under lessons are no items": (
        STORY + "## Lessons learned\n\nThe fuzzer should have caught this crash. Failovers must always be tested. "
        "In an ideal world every service should be monitored. We should not ship without a full CI pass.\n",
        [],
    ),
    "a need in the story of the incident is no item": (
        STORY.replace("The relayer stopped.", "The relayer stopped. Back-up systems should be implemented, "
                      "the operator said at the time."),
        [],
    ),
}


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_changes_told_as_needed(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


SENTENCES = {
    "We need branch protection to ensure that CI gates merges.": True,
    "We should have a set of presubmits that provide a simple yes/no.": True,
    "Our existing resolvers should by default implement typing.": True,
    "The alerting threshold must be lowered to 80%.": True,
    "Coordination between the teams (oracle, relayer, notification) should be established.": True,
    "When it does, we need to be sure our site is resilient.": False,  # a wish, no change named
    "We need more help to improve our security.": False,  # help asked for, no change
    "We should have a fix by 4:30pm.": False,  # the live response
    "In hindsight, we should have asked the other members.": False,
    "This should have been caught by the fuzzer.": False,
    "Capacity and retention must be reviewed together.": False,  # a study to keep up: a rule
    "After the cable is replaced speeds should increase significantly.": False,  # an expectation
    "In such a situation, a circuit breaker should prevent further requests.": False,
    "For the proxy to do its job, we have to switch nameservers.": False,
    "Who should be notified?": False,
    # a forecast of how a thing will fare: its verb has no object, a time or a manner follows
    "Bandwidth should improve in the afternoon after a short downtime around noon.": False,
    "Processes that work for one service need to change when you are managing dozens.": False,
    "Queue latency should drop within the hour.": False,
    "Error rates should increase slightly.": False,
    "Speeds should improve.": False,
    # the same verbs with an object name a change to make
    "Our deploy tooling should improve its rollback checks.": True,
    "The relayer must increase its retry budget after each failure.": True,
    "Each shard should drop stale connections before a failover.": True,
}


@pytest.mark.parametrize(("sentence", "need"), list(SENTENCES.items()), ids=list(SENTENCES))
def test_a_need_names_one_change_of_the_team(sentence: str, need: bool) -> None:
    assert states_need(sentence) is need


# A checklist of work outside any action section: every entry a box, most of them instructions,
# some still open; a list of ticked steps is the response, a list of states no work.
NOTICE = "The relayer stopped for a day and rewards were not paid.\n\n"
CHECKLISTS = {
    "a document of one checklist, some boxes ticked": (
        "Need to:\n\n- [x] Write up the timeline\n- [ ] Share details with US-CERT\n"
        "- [ ] Document the reporting process for the future\n",
        ["Write up the timeline", "Share details with US-CERT", "Document the reporting process for the future"],
    ),
    "a checklist after a notice, with no heading": (
        NOTICE + "Potential work, to discuss with the team:\n\n"
        "- [x] Obtain details from the provider on the addresses involved\n- [ ] Share details with US-CERT\n"
        "- [ ] Hold another meeting to decide on measures\n",
        ["Obtain details from the provider on the addresses involved", "Share details with US-CERT",
         "Hold another meeting to decide on measures"],
    ),
    "every box ticked: the steps of the response": (
        NOTICE + "- [x] Restart the relayer\n- [x] Replay the missed epoch\n", [],
    ),
    "boxes naming states are no work": (
        NOTICE + "- [x] Relayer\n- [ ] Notification server\n- [ ] Oracle prices\n", [],
    ),
}


@pytest.mark.parametrize(("text", "expected"), list(CHECKLISTS.values()), ids=list(CHECKLISTS))
def test_a_checklist_of_work_anywhere(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


# A note with no plan and nothing promised: the changes it says are owed are its follow-ups.
OWED = {
    "a note with no heading": (
        "The wiki threw errors for seven hours. Reverting a commit fixed it.\n\n"
        "Seven hours of downtime is unacceptable (only if the cache hit the other server was it hidden) and we "
        "should implement more monitoring.\n\nAn incident report should be published.\n",
        ["Seven hours of downtime is unacceptable (only if the cache hit the other server was it hidden) and we "
         "should implement more monitoring", "An incident report should be published"],
    ),
    "a note under one heading": (
        "### Issue\n\nMainnet crashed on a key that was not validated.\n\n"
        "We need to add this validation into core.\n",
        ["We need to add this validation into core"],
    ),
    "a relative clause, a wish and a guideline's rule are owed by no one": (
        "The code was checking for a stylesheet we need to include. We need to be sure the site is up.\n\n"
        "Postmortem subjects should include a date and a duration.\n",
        [],
    ),
    "a promise elsewhere makes the note a plan: what is owed is left to it": (
        "The wiki was down. We should implement more monitoring.\n\nWe will add an alert on errors.\n",
        ["We will add an alert on errors"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), list(OWED.values()), ids=list(OWED))
def test_changes_owed_in_a_note_with_no_plan(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


# a forecast's verb is read at one place of a sentence cut to its head: long sentences cost as short ones
GROWTH = {
    "one long forecast": lambda size: "Bandwidth should improve " + "in the afternoon " * (size // 17) + ".",
    "many forecasts": lambda size: "Speeds should improve soon. " * (size // 28),
}


@pytest.mark.parametrize("build", GROWTH.values(), ids=GROWTH.keys())
def test_reading_a_forecast_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: [states_need(s) for s in sentences(text)], build)
