"""A lead before a promise that names the report or the incident ("As the most important action
of this postmortem, we plan to change …") leaves a verb of change a promise; with a verb that is
no change ("In this postmortem, we will explain …") or a lead that holds the live event ("Until
the issue is resolved, …", "Later today, …") it is none."""

from __future__ import annotations

import pytest

from syncer.commitments import is_promise

LEADS = {
    "As the most important action resulting from this postmortem, we plan to change how the cluster reserves "
    "resources.": True,
    "Following our investigation of the issue, we will add a disk usage alert to every database host.": True,
    "After the incident review, the infra team will migrate the queue to a replicated cluster.": True,
    "In this postmortem, we will explain what went wrong.": False,
    "As promised in our last update, we will share more details soon.": False,
    "Until the issue is resolved, we will only deploy hotfixes.": False,
    "Later today, we will add the missing alert.": False,
}


@pytest.mark.parametrize(("sentence", "promised"), list(LEADS.items()), ids=list(LEADS))
def test_a_lead_naming_the_report_leaves_a_change_promised(sentence: str, promised: bool) -> None:
    assert is_promise(sentence) is promised
