"""Parts of a postmortem inside the story of the incident: a sub-heading named for actions under
an episode whose own words tell the time of day things happened lists the live response, and
one under a heading naming the response tells the fix it was, so only what goes beyond the
response is an item there; the same heading elsewhere keeps every entry. Each case
is a short document shaped like a real one and the item texts pmsync must find in it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.mdtokens import TokenDoc, headings
from syncer.story_parts import episode_actions
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

EPISODES = (
    "# Database outage\n\n## First incident\n\nAt 2017/01/31 6pm UTC, we detected spammers hammering the database.\n\n"
    "### Actions taken\n\n- We blocked the spammers based on IP address\n- We removed users for spamming\n\n"
    "## Second incident\n\nAt 10:05 UTC we got paged because replication lagged.\n\n"
    "### Actions taken\n\n- db2 refuses to replicate, its data directory is wiped\n"
    "- The engineer adjusts max_wal_senders to 32 on db1 and restarts PostgreSQL\n"
)

STORY = "# Crash on close\n\n## Summary\n\nThe process crashed when a connection closed.\n\n"

CASES = {
    "the actions of each episode of the incident are its response": (EPISODES, []),
    "a promise among an episode's actions is still an item": (
        EPISODES + "- We will add a rate limit on snippet creation\n",
        ["We will add a rate limit on snippet creation"],
    ),
    "the same heading under a part telling no time of day keeps its entries": (
        EPISODES.replace("At 2017/01/31 6pm UTC, we", "We").replace("At 10:05 UTC we", "We"),
        ["We blocked the spammers based on IP address", "We removed users for spamming",
         "db2 refuses to replicate, its data directory is wiped",
         "The engineer adjusts max_wal_senders to 32 on db1 and restarts PostgreSQL"],
    ),
    "a whole report under an incident's heading: its action items are the follow-ups": (
        "# Outages\n\n## Incident 2: renderer down\n\nAt 14:05 UTC the widget stopped loading.\n\n"
        "### Timeline\n\n- 14:05 Alerts fired\n\n### Root cause\n\nA missing build step.\n\n"
        "### Action items\n\n- Added a smoke test of the renderer to the deploy\n- Alert on widget load errors\n",
        ["Added a smoke test of the renderer to the deploy", "Alert on widget load errors"],
    ),
    "an episode's part beside one of another kind is no list of its actions": (
        "# Outage\n\n## Details\n\nAt 5:13 UTC the reward distribution failed.\n\n"
        "### Risks\n\nUsers may miss rewards.\n\n### Recommendations\n\n- Run a second relayer\n- Alert on a missed epoch\n",
        ["Run a second relayer", "Alert on a missed epoch"],
    ),
    "a part of the response telling the code change that fixed it": (
        STORY + "## Resolution\n\n### Change: wait for running queries before closing\n\n"
        "1. **ClientContext** (`client_context.cpp`):\n   - Added `activeQueryCount` and a condition variable.\n"
        "   - Added `registerQueryStart()` and `registerQueryEnd()`.\n\n## Verification\n\nAll tests passed.\n",
        [],
    ),
    "a part of the response keeps what is still to be done": (
        STORY + "## Resolution\n\n### Long-term fix\n\n- Added a counter of running queries\n"
        "- Migrate the workers to owned handles by June\n",
        ["Migrate the workers to owned handles"],
    ),
    "follow-ups named as such under the response": (
        STORY + "## Resolution\n\n### Follow-up actions\n\n- Added a counter of running queries\n",
        ["Added a counter of running queries"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_actions_inside_an_episode_of_the_story(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


def _episodes_of(text: str) -> set[int]:
    doc = TokenDoc(text, "pm.md")
    return episode_actions(doc, headings(doc))


GROWTH: dict[str, Callable[[int], str]] = {
    "many episodes": lambda size: "## Episode\n\nAt 10:05 UTC it broke.\n\n### Actions taken\n\n- Restarted\n\n"
    * (size // 62),
    "many action headings under one episode": lambda size: "## Episode\n\n" + "At 10:05 UTC it broke.\n\n" * 40
    + "### Actions taken\n\n- Restarted\n\n" * (size // 33),
    "one long paragraph": lambda size: "## Episode\n\n" + "it broke again " * (size // 15) + "\n\n### Actions\n\n- x\n",
}


@pytest.mark.parametrize("build", list(GROWTH.values()), ids=list(GROWTH))
def test_finding_episodes_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(_episodes_of, build)
