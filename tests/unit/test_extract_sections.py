"""Which parts of a postmortem hold its commitments when their heading or label does not say
so by form: a bold label ending in a colon over one list, decided by what the list says; a
timeline's times of day, which are no deadlines. Each case is a short document shaped like a
real one and the item texts pmsync must find in it (and nothing else)."""

from __future__ import annotations

import pytest

from tests.postmortems import read_postmortem

STORY = (
    "# Queue outage\n\n## Summary\n\nThe job queue stalled for an hour.\n\n"
    "## Timeline\n\n- 10:02 Alerts fired\n- 11:05 Consumers restarted\n\n## Root cause\n\nA consumer crashed.\n\n"
)

CASES = {
    "a bold label with a colon heads the list of work after it": (
        STORY + "**Prevention:**\n\n- Adding a lag alert at five minutes\n- Rehearse the failover before each release\n"
        "- Move poison messages to a dead-letter queue\n- Dead-letter queue for poison messages\n- Automated consumer restarts (in development)\n",
        ["Adding a lag alert at five minutes", "Rehearse the failover before each release",
         "Move poison messages to a dead-letter queue", "Dead-letter queue for poison messages", "Automated consumer restarts (in development)"],
    ),
    "a bold label with a colon over a sentence introducing the list": (
        STORY + "**Next steps:**\nTo keep this from happening again, a few safeguards will be put into place:\n\n"
        "- Separate the queues per tenant\n- More readable consumer logs\n- Enforce a lag budget\n",
        ["Separate the queues per tenant", "More readable consumer logs", "Enforce a lag budget"],
    ),
    "a bold label with a colon inside the response names the follow-ups after it": (
        STORY + "## Resolution and recovery\n\nWe restarted the consumers.\n\n"
        "**Corrective and preventative measures:**\n\n1. Disable the batch importer until it is fixed\n"
        "2. Apply the memory limit to the other consumers\n3. Engage the vendor about the driver bug\n"
        "4. Add an alert on the consumer crash loop\n5. Investigate why the consumer leaked memory\n\n## Appendix\n\nGraphs.\n",
        ["Disable the batch importer until it is fixed", "Apply the memory limit to the other consumers",
         "Engage the vendor about the driver bug", "Add an alert on the consumer crash loop",
         "Investigate why the consumer leaked memory"],
    ),
    "a bold label with a colon over how things now stand introduces no items": (
        STORY + "## Verification\n\n**Systematic prevention:**\n\n- consumer restarts no longer lose messages\n"
        "- queue reloads work reliably\n- the broker is configured with failover\n\n## Appendix\n\nGraphs.\n",
        [],
    ),
    "a bold label with a colon over what was seen introduces no items": (
        STORY + "**Key improvements:**\n\n- The queue was drained within minutes\n- Consumers were restarted by hand\n"
        "- Add a lag alert at five minutes\n",
        ["Add a lag alert at five minutes"],
    ),
    "a timeline table in a part named by nothing: its times are no deadlines": (
        "# Queue outage\n\n## Summary\n\nThe job queue stalled.\n\n## Root cause\n\nA consumer crashed.\n\n"
        "## Part 4\n\n| Time | Event |\n| --- | --- |\n| 2019-11-30 08:24 | Scaling down the cluster by two nodes |\n"
        "| 2019-11-30 09:00 | Started working on a long-term solution |\n"
        "| 2019-12-04 03:00 | Solution completed, handed over for testing |\n",
        [],
    ),
    "boxes to tick in a part named by nothing, whatever words they hold": (
        STORY + "## Part 4\n\n- [ ] Certificate expiry probe with an alert\n- [ ] Backup of the proxy data\n"
        "- [x] Real default email in the proxy config\n",
        ["Certificate expiry probe with an alert", "Backup of the proxy data", "Real default email in the proxy config"],
    ),
    "entries with owners in the last part named by nothing": (
        STORY + "## Other\n\n- Certificate expiry probe (owner: @ana, due 2026-10-01)\n"
        "- Proxy configuration in version control (owner: @li)\n- Better dashboards\n",
        ["Certificate expiry probe", "Proxy configuration in version control"],
    ),
    "entries with owners in a part named by nothing that the story follows are no evidence": (
        STORY + "## Other\n\n- Certificate expiry probe (owner: @ana)\n- Proxy configuration (owner: @li)\n"
        "- Better dashboards\n\n## Impact\n\nLogins failed.\n",
        [],
    ),
    "boxes ticked beside what happened are a timeline, not work": (
        STORY + "## Part 4\n\n- [x] 10:05 The queue was drained\n- [x] 10:40 Consumers were restarted\n",
        [],
    ),
}  # fmt: skip




@pytest.mark.parametrize("state", ["Completed", "Done", "In progress", "Open", "Not yet started"])
def test_a_sub_heading_naming_a_state_groups_follow_ups_beside_a_named_one(state: str) -> None:
    # "Completed" beside "Recommended improvements" groups follow-ups by how far they got, as
    # "Short term" does by when: its entries are follow-ups, not findings the sibling overshadows
    pm = read_postmortem(
        STORY + f"## Corrective actions\n\n### {state}\n\n- Full network audit\n- Consumer log correlation\n\n"
        "### Recommended improvements\n\n- External latency monitoring\n"
    )
    assert [item.text for item in pm.items] == [
        "Full network audit", "Consumer log correlation", "External latency monitoring",
    ]  # fmt: skip
    assert [item.done for item in pm.items][:2] == [state in ("Completed", "Done")] * 2


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_items_of_parts_told_by_what_they_hold(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected
