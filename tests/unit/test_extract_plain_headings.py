"""Parts titled by plain lines in a document without Markdown headings (syncer.plain_headings):
a page copied out of a status page, a mail or a word processor keeps "Mitigation Actions" or
"Preventive Measures:" as a short line of its own."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

CASES = {
    "a plain title over a list": (
        "Certificate renewal failure\n\nOn 3 March the renewal script failed and the site served an expired "
        "certificate for four hours.\n\nRoot Cause\n\nThe provider changed its API.\n\nMitigation Actions\n\n"
        "To prevent this from happening again, we are taking the following steps\n\n"
        "- Improve the monitoring of certificate renewals\n- Add an alert when a renewal fails\n",
        ["Improve the monitoring of certificate renewals", "Add an alert when a renewal fails"],
    ),
    "titles ending in a colon over paragraphs; what was taken then is the response, a date line ends the part": (
        "Login errors\nIncident Report for Acme\n\nRoot Cause Analysis:\n\nA session store ran out of memory.\n\n"
        "Actions Taken:\n\nRestarted the session store\n\nRolled back the release\n\nPreventive Measures:\n\n"
        "Added an alert on session store memory.\n\nMoved sessions to a larger cluster.\n\n"
        "Posted Jan 10, 2024 - 10:00 UTC\n\nResolved\n\nThe login page is slow again.\n",
        ["Added an alert on session store memory", "Moved sessions to a larger cluster"],
    ),
    "titles naming topics inside the part": (
        "Queue outage\n\nThe job queue stalled.\n\nNext Steps\n\nLoad balancing\n\n- Spread traffic across two pools\n\n"
        "Alerting\n\n- Page on queue depth above 1000\n",
        ["Spread traffic across two pools", "Page on queue depth above 1000"],
    ),
    "a title of the story opens no part": (
        "Queue outage\n\nThe job queue stalled.\n\nWhat happened\n\n- The consumer crashed\n"
        "- The queue grew to a million jobs\n",
        [],
    ),
    "a part of follow-ups ends at the next title of the story": (
        "Queue outage\n\nThe job queue stalled.\n\nFollow-up Actions\n\nThe consumer had no retry.\n\n"
        "- Add a retry to the consumer\n- Alert on queue depth\n\n"
        "Timeline\n\n- The consumer crashed at noon\n- The queue was drained by 13:00\n",
        ["Add a retry to the consumer", "Alert on queue depth"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=list(CASES))
def test_items_under_plain_titles(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


def test_a_document_with_headings_keeps_its_short_lines_as_they_are() -> None:
    # with Markdown headings the parts are marked so: a short line under "Summary" is its text
    text = "# Queue outage\n\n## Summary\n\nThe job queue stalled.\n\nNext Steps\n\nThe consumer crashed at noon\n"
    assert [item.text for item in read_postmortem(text).items] == []


GROWTH: dict[str, Callable[[int], str]] = {
    "many plain titles over lists": lambda size: "Queue outage\n\nThe job queue stalled.\n\n"
    + "Next Steps\n\n- Add a retry to the consumer\n\nRoot Cause\n\nThe consumer crashed.\n\n" * (size // 90),
    "one plain title over many topics": lambda size: "Queue outage\n\nThe job queue stalled.\n\nNext Steps\n\n"
    + "Load balancing\n\n- Spread traffic across two pools\n\n" * (size // 50),
}


@pytest.mark.parametrize("build", GROWTH.values(), ids=GROWTH.keys())
def test_reading_plain_titles_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: read_postmortem(text).items, build)
