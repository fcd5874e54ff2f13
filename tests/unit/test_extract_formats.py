"""Shapes real postmortems give their action items and their narrative: each case is a short
document in the shape of a real one (status posts, incident logs, retrospectives) and the item
texts pmsync must find in it, nothing else."""

from __future__ import annotations

import pytest

from tests.postmortems import read_postmortem


def _texts(text: str) -> list[str]:
    return [item.text for item in read_postmortem(text).items]


STORY = "# Cache outage\n\n## Summary\n\nThe cache cluster lost its quorum.\n\n## Timeline\n\n- 10:02 alert fired\n\n"

CASES = {
    "a sentence introducing the list names no narrative part by its words": (
        STORY + "## Next steps\n\nWe are sorry for the trouble this caused. We are taking steps so it does not happen again:\n\n"
        "1. We are working with the vendor on a quorum fix.\n2. We are going to alert on lost quorum.\n",
        ["We are working with the vendor on a quorum fix", "We are going to alert on lost quorum"],
    ),
    "a time frame before the subject, without a comma": (
        STORY + "## Aftermath\n\nIn the coming weeks we will spread the cache over three zones.\n",
        ["In the coming weeks we will spread the cache over three zones"],
    ),
    "intentions told as plans or work under way": (
        STORY + "## Aftermath\n\nWe plan on retiring the old client library. We are also in the middle of an "
        "ongoing effort to remove cache reads from the login path. In the future we are looking to add a "
        "read-only fallback.\n",
        ["We plan on retiring the old client library",
         "We are also in the middle of an ongoing effort to remove cache reads from the login path",
         "In the future we are looking to add a read-only fallback"],
    ),
    "an organisation named as the subject of a plan": (
        STORY + "## Aftermath\n\nAcme Cloud is actively working on rebuilding the cache hosts. "
        "Acme plans to replace the quorum library.\n",
        ["Acme Cloud is actively working on rebuilding the cache hosts", "Acme plans to replace the quorum library"],
    ),
    "a change told in the passive while it is being made": (
        STORY + "## Aftermath\n\nTo stop this from happening again, two more cache nodes are being installed. "
        "All cache credentials are being rotated. Several smaller improvements are also being implemented. "
        "Some requests are being retried.\n",
        ["To stop this from happening again, two more cache nodes are being installed",
         "All cache credentials are being rotated"],
    ),
    "a plan for a time of day is the live response, a wish no commitment": (
        STORY + "## Aftermath\n\nWe will power the cache back on after 6:30 PM. I want to start writing more "
        "postmortems.\n",
        [],
    ),
    "an incident log whose entries label a summary, the steps taken and the solutions": (
        "Exam incidents\n==============\n\n12.03.2024\n==========\n\n* Summary:\n\n  * Clocks drifted on the exam laptops.\n"
        "* Actions taken\n\n  * Restarted the time service on every laptop\n  * [sysadmin] found which laptops drifted\n"
        "* Solution:\n\n  * Enable the time server in the laptop image\n  * Clocks drift when the image is old\n",
        ["Enable the time server in the laptop image"],
    ),
    "a promise followed by a word to readers is still a change": (
        STORY + "## Aftermath\n\nWe are working to fix the quorum bug, and we'll update here when it is fixed.\n",
        ["We are working to fix the quorum bug, and we'll update here when it is fixed"],
    ),
    "a status page promising to report outages names no change": (
        "# Cloud status\n\nOn this page, we will report any outages of the hosted edition.\n\n"
        "### 2024-03-02\n\n(10:40) The cache is degraded. (11:05) Resolved.\n",
        [],
    ),
    "a part that names no follow-up work beside one that does holds only commitments": (
        STORY + "## Future work\n\n### Identified problems:\n\n- Lack of a fallback path for the cache\n"
        "- Reliance on one region\n\n### Improvement plan:\n\n- Second cache region\n- Add a fallback path\n",
        ["Second cache region", "Add a fallback path"],
    ),
    "topic parts with no sibling naming follow-up work keep every entry": (
        STORY + "## Action items\n\n### Database\n\n- Pool size alert\n\n### Network\n\n- Second uplink\n",
        ["Pool size alert", "Second uplink"],
    ),
    "a template's chore list in a section of notes is no follow-up work": (
        STORY + "## Corrective actions\n\n- Add a quorum alert\n\n## Notes to the owner\n\n"
        "After the review, make sure that the following are done:\n\n- [x] Push this document to the postmortems "
        "repository\n- [ ] Schedule the follow-up meetings\n",
        ["Add a quorum alert"],
    ),
    "a status post whose timeline closes the incident with a promise": (
        "# Storage incident\n\n#### CAUSE:\n\nA disk failed.\n\n#### TIMELINE:\n\n"
        "* [2024-03-09 21:50 UTC] Incident opened. We will move the node out of the cluster.\n"
        "* [2024-03-10 09:10 UTC] Incident closed. We'll replace the storage driver on every node.\n",
        ["We'll replace the storage driver on every node"],
    ),
    "words quoted in a meeting log's last entry are no commitment of the document": (
        STORY + "## Call notes\n\n- 10:50: Kim explains the fork\n"
        "- 10:57: Ana acknowledges \"we will keep the testnets close to mainnet\"\n",
        [],
    ),
    "a change made some days after the incident is a follow-up": (
        STORY + "## Aftermath\n\nA few days after the incident, we switched the cache client to one with timeouts.\n",
        ["A few days after the incident, we switched the cache client to one with timeouts"],
    ),
    "an intention to have something done or in place": (
        STORY + "## Aftermath\n\nWe intend to have the first cache failover drills running in the coming weeks. "
        "Acme plans to have an outside firm audit the quorum code. We will have a meeting with the vendor.\n",
        ["We intend to have the first cache failover drills running in the coming weeks",
         "Acme plans to have an outside firm audit the quorum code"],
    ),
    "a promise to shut down or restart is the live response, a way to do so later is a change": (
        STORY + "## Aftermath\n\nWe are taking action to shut down the cache node until the storm passes. "
        "We will add a way to roll back cache deploys in one step.\n",
        ["We will add a way to roll back cache deploys in one step"],
    ),
    "bullets pasted from a word processor as en dashes, loose or tight": (
        STORY + "## Action items\n\n– Add a quorum alert\n– Spread the cache over three zones\n\n"
        "– Document the failover\n",
        ["Add a quorum alert", "Spread the cache over three zones", "Document the failover"],
    ),
    "bullets pasted as em dashes, nested by indentation": (
        STORY + "## Action items\n\n— Harden the cache:\n    — add a quorum alert\n    — spread it over three zones\n",
        ["add a quorum alert", "spread it over three zones"],
    ),
    "dash bullets whose entries wrap onto indented lines": (
        STORY + "## Action items\n\n– Note that the base image is on a short cycle.\n  Keep bumping it until the next"
        " long-term release\n– Subscribe to the announcement list\n",
        ["Note that the base image is on a short cycle. Keep bumping it until the next long-term release",
         "Subscribe to the announcement list"],
    ),
    "a single dash bullet under a heading or a bold label": (
        STORY + "## Action items\n\n### Mirrors\n– Keep our own package mirror\n\n**Actions planned:**\n\n"
        "– Add a quorum alert\n",
        ["Keep our own package mirror", "Add a quorum alert"],
    ),
    "a part naming follow-up work nested under the story of the response keeps every entry": (
        STORY + "## Resolution and recovery\n\nWe rolled the gateway back.\n\n#### Corrective and preventative measures\n\n"
        "- Pin the base image in the meantime\n- Engage the agent's maintainers about libc support\n",
        ["Pin the base image in the meantime", "Engage the agent's maintainers about libc support"],
    ),
    "a heading written as a bold paragraph heads every block up to the next one": (
        STORY + "## Aftermath\n\n**Action items**\n\n- Add a quorum alert\n\nFor the clients:\n\n"
        "- Move the cache client to one with timeouts\n\n**Thanks**\n\nTo the on-call.\n",
        ["Add a quorum alert", "Move the cache client to one with timeouts"],
    ),
    "a dash before a signature line is no bullet": (
        STORY + "## Aftermath\n\nWe will add a quorum alert.\n\n— The Cache Team\n",
        ["We will add a quorum alert"],
    ),
    "ballot boxes from a word processor are checkboxes": (
        STORY + "## Action items\n\n☐ Add a quorum alert\n☑ Document the failover\n",
        ["Add a quorum alert", "Document the failover"],
    ),
    "outline glyphs are bullets": (
        STORY + "## Action items\n\n➢ Add a quorum alert\n➢ Document the failover\n",
        ["Add a quorum alert", "Document the failover"],
    ),
    "one item per paragraph under an action heading, no markers": (
        STORY + "## Action items\n\nKeep our own package mirror\n\nSubscribe to the distribution's announcement list\n\n"
        "#2127\n\nMonitoring for lost quorum\n",
        ["Keep our own package mirror", "Subscribe to the distribution's announcement list", "#2127",
         "Monitoring for lost quorum"],
    ),
    "values, dates and images in a run of paragraphs are no entries": (
        STORY + "## Action items\n\n- Add a quorum alert\n\n## Follow up\n\nKernel: 11.112\n\nJune 6, 2022\n\n"
        "![Screenshot 2022-06-22.png](img/s.png)\n",
        ["Add a quorum alert"],
    ),
    "an exported HTML list whose entries only name their tickets": (
        STORY + "## Action items\n\n<ul>\n<li>#2127</li>\n<li><a href=\"https://github.com/o/r/issues/9\">#9</a></li>\n"
        "<li>Add a <strong>quorum</strong> alert</li>\n</ul>\n",
        ["#2127", "https://github.com/o/r/issues/9", "Add a quorum alert"],
    ),
    "statements one to a paragraph are no unmarked list": (
        STORY + "## Action items\n\nWe looked at the cache again.\n\nIt held after that.\n",
        [],
    ),
}  # fmt: skip


def test_a_ticked_ballot_box_marks_the_item_done() -> None:
    text = STORY + "## Action items\n\n☐ Add a quorum alert\n☒ Document the failover\n"
    assert [item.done for item in read_postmortem(text).items] == [False, True]


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_items_in_the_shapes_real_postmortems_take(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


UNNAMED = {
    "a list of instructions after the story, under a part named by its number": (
        STORY + "## Part 4\n\n- Add a quorum alert\n- Move the cache to three zones\n- Document the failover\n"
        "- Second cache region\n",
        ["Add a quorum alert", "Move the cache to three zones", "Document the failover", "Second cache region"],
    ),
    "entries linking tickets, under a part named in the team's own words": (
        STORY + "## Where we go from here\n\n- #2127\n- #2213\n- Review the eviction thresholds\n",
        ["#2127", "#2213", "Review the eviction thresholds"],
    ),
    "half the entries commit: only those are items": (
        STORY + "## Outcomes\n\n- Add a quorum alert\n- The cache was down for an hour\n"
        "- Document the failover\n- Quorum was lost twice\n",
        ["Add a quorum alert", "Document the failover"],
    ),
    "steps told as done may be the response: no evidence of a part of follow-ups": (
        STORY + "## Part 4\n\n- Restarted the cache nodes\n- Flushed the client pools\n",
        [],
    ),
    "a procedure shown with its commands is no list of commitments": (
        STORY + "## Part 4\n\n1. Stop the cache node\n\n```\nsystemctl stop cache\n```\n\n2. Copy the snapshot\n"
        "3. Start the node again\n",
        [],
    ),
    "a part followed by more of the story is part of the story": (
        "# Cache outage\n\n## Summary\n\nThe cache lost quorum.\n\n## Part 2\n\n- Check the quorum size\n"
        "- Read the node logs\n\n## Root cause\n\nA node was misconfigured.\n",
        [],
    ),
    "owned entries before the timeline: the story told after the follow-ups": (
        "# Cache outage\n\n## Summary\n\nThe cache lost quorum.\n\n## Part 4\n\n- [ ] Add a quorum alert\n"
        "- Move the cache to three zones (@dana, CACHE-12)\n\n## Timeline\n\n- 10:02 alert fired\n",
        ["Add a quorum alert", "Move the cache to three zones"],
    ),
    "sub-parts by when, one of them named for follow-ups: the part holds them all": (
        STORY + "## Part 4\n\n### This week\n\n- [ ] Add a quorum alert\n- [ ] Pin the cache version\n\n"
        "### Future work\n\n- [ ] Move the cache to three zones\n\n### Later\n\n- [ ] Rehearse the failover\n",
        ["Add a quorum alert", "Pin the cache version", "Move the cache to three zones", "Rehearse the failover"],
    ),
    "the document's last part: a third of its entries committing makes them items": (
        STORY + "## Part 4\n\n- Add a quorum alert\n- Move the cache to three zones\n- Document the failover\n"
        "- Better dashboards\n- Quorum math for new clusters\n- Vendor contacts\n- Capacity notes\n",
        ["Add a quorum alert", "Move the cache to three zones", "Document the failover"],
    ),
    "boxes to tick before the timeline, half of them commitments": (
        "# Cache outage\n\n## Summary\n\nThe cache lost quorum.\n\n## Part 4\n\n- [ ] Add a quorum alert\n"
        "- [ ] Move the cache to three zones\n- [ ] Quorum math\n- [ ] Vendor contacts\n\n"
        "## Timeline\n\n- 10:02 alert fired\n",
        ["Add a quorum alert", "Move the cache to three zones"],
    ),
    "a part holding a part of the story is no action section": (
        STORY + "## Bounty report\n\n### Summary\n\nA researcher found the bug.\n\n### Handling\n\n"
        "- Announce a security release\n- Revert the change\n",
        [],
    ),
    "a sub-heading inside the story is not judged as a part": (
        STORY + "## Root cause\n\n### Handling\n\n- Announce a security release\n- Revert the change\n",
        [],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(UNNAMED.values()), ids=list(UNNAMED))
def test_a_part_named_by_nothing_is_judged_by_where_it_is_and_what_it_lists(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


ENTRY_PARTS = {
    "paragraphs nested under a bold bullet naming the action items": (
        STORY + "## Discussion\n\n- **Action items:**\n\n  Add a quorum alert on the cache cluster.\n\n"
        "  Move the cache to three zones.\n",
        ["Add a quorum alert on the cache cluster", "Move the cache to three zones"],
    ),
    "an introduction and a numbered list nested under the bullet": (
        STORY + "## Discussion\n\n- **Follow-up work:**\n\n  Two of these shipped already.\n\n"
        "  1. Add a quorum alert\n  2. Move the cache to three zones\n",
        ["Add a quorum alert", "Move the cache to three zones"],
    ),
    "a table nested under the bullet, its owner column read": (
        STORY + "## Discussion\n\n- **Action items**\n\n  | Action | Owner |\n  |---|---|\n"
        "  | Add a quorum alert | alice |\n",
        ["Add a quorum alert"],
    ),
    "a bullet naming the live response keeps only what is promised": (
        STORY + "## Discussion\n\n- **Resolution:**\n\n  We restarted the cache nodes.\n\n  We will add a quorum alert.\n",
        ["We will add a quorum alert"],
    ),
    "a bullet naming a part of the story holds no items": (
        STORY + "## Discussion\n\n- **Impact:**\n\n  Logins failed for an hour.\n\n  Add a quorum alert.\n",
        [],
    ),
    "the labelled bullet beside bullets that carry values": (
        STORY + "## Discussion\n\n- **Time to repair**: 2h\n- **Next steps:**\n\n"
        "  Add a quorum alert on the cache cluster.\n\n  Document the failover.\n",
        ["Add a quorum alert on the cache cluster", "Document the failover"],
    ),
    "the bold label on a line of its own over an introduction and the list": (
        STORY + "## Discussion\n\n- **Next steps:**\n  So this does not happen again, we will take these steps:\n"
        "  - Add a quorum alert\n  - Move the cache to three zones\n",
        ["Add a quorum alert", "Move the cache to three zones"],
    ),
    "a bold first line naming a part of the story over more lines": (
        STORY + "## Discussion\n\n- **Impact:**\n  Logins failed for an hour.\n  - Add a quorum alert\n",
        [],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(ENTRY_PARTS.values()), ids=list(ENTRY_PARTS))
def test_a_bold_bullet_over_a_nested_part_reads_as_its_heading(text: str, expected: list[str]) -> None:
    items = read_postmortem(text).items
    assert [item.text for item in items] == expected
    assert all(item.section in ("Action items", "Follow-up work", "Resolution", "Next steps") for item in items)


def test_the_owner_column_of_a_table_nested_under_a_bold_bullet_is_read() -> None:
    [item] = read_postmortem(ENTRY_PARTS["a table nested under the bullet, its owner column read"][0]).items
    assert item.owner == "alice"


BOLD_HEADINGS = {
    "a bold paragraph naming the next steps ends the timeline before it": (
        STORY + "**Next steps**\n\n- Add a quorum alert\n- Document the failover\n",
        ["Add a quorum alert", "Document the failover"],
    ),
    "a bold paragraph naming prevention ends the root cause before it": (
        STORY + "## Root cause\n\nA node was misconfigured.\n\n**Prevention**\n\n- Add a quorum alert\n"
        "- Test the failover every month\n",
        ["Add a quorum alert", "Test the failover every month"],
    ),
    "a bold paragraph naming the response after the timeline keeps its promises": (
        STORY + "**Resolution and recovery**\n\nWe restarted every cache node in the cluster by hand.\n\n"
        "We will add a quorum alert.\n",
        ["We will add a quorum alert"],
    ),
    "a bold paragraph naming follow-up work under the response heads its own part": (
        STORY + "## Resolution and recovery\n\nWe restarted every cache node in the cluster by hand.\n\n"
        "**Corrective and preventative measures**\n\n- Pin the cache version on all hosts\n"
        "- Engage the vendor about quorum loss\n",
        ["Pin the cache version on all hosts", "Engage the vendor about quorum loss"],
    ),
    "a bold first line over a sentence introducing the list below": (
        STORY + "## Root cause\n\nA node was misconfigured.\n\n**Next steps**\nTo prevent this, we are taking a few steps:\n"
        "- Pin the cache version on all hosts\n- Rebuild the cache in three zones\n",
        ["Pin the cache version on all hosts", "Rebuild the cache in three zones"],
    ),
    "a bold first line over a sentence that introduces nothing is no heading": (
        STORY + "## Root cause\n\nA node was misconfigured.\n\n**Next steps**\nWe pinned the version and it held.\n\n"
        "- Pin the cache version on all hosts\n",
        [],
    ),
    "a bold label ending in a colon over what now holds only introduces it": (
        STORY + "## Verification\n\n**Systematic prevention:**\n\n- Node restarts no longer lose the quorum\n"
        "- We will add a quorum alert\n",
        ["We will add a quorum alert"],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(BOLD_HEADINGS.values()), ids=list(BOLD_HEADINGS))
def test_a_bold_paragraph_set_as_a_heading_reads_as_one(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


NESTED_PARTS = {
    "a bold bullet naming follow-up work under the response heads its own part": (
        STORY + "## Resolution and recovery\n\nWe restarted every cache node in the cluster by hand.\n\n"
        "- **Corrective measures:**\n  - Pin the cache version on all hosts\n  - Engage the vendor about quorum loss\n",
        ["Pin the cache version on all hosts", "Engage the vendor about quorum loss"],
    ),
    "a report nested whole under a bullet naming it, its action list deeper down": (
        "# Cache outage\n\n- **Cache outage on 2026-03-02, the write-up:**\n\n"
        "  The cache cluster lost its quorum for an hour.\n\n"
        "  - **Review actions**:\n    - Pin the cache version on all hosts\n    - Engage the vendor about quorum loss\n",
        ["Pin the cache version on all hosts", "Engage the vendor about quorum loss"],
    ),
    "a promise in a report nested under a bullet": (
        "# Cache outage\n\n- **Cache outage on 2026-03-02:**\n\n"
        "  The cache cluster lost its quorum for an hour. We will add a quorum alert.\n",
        ["We will add a quorum alert"],
    ),
    "a bullet naming the action items at the end of the timeline list": (
        STORY + "- **Action items:**\n  - Pin the cache version on all hosts\n  - Rebuild the cache in three zones\n",
        ["Pin the cache version on all hosts", "Rebuild the cache in three zones"],
    ),
    "a bullet naming the live response at the end of the timeline list keeps its promises": (
        STORY + "- **Resolution and recovery:**\n\n  We restarted every cache node in the cluster by hand.\n\n"
        "  We will add a quorum alert.\n",
        ["We will add a quorum alert"],
    ),
    "a timeline entry over its steps stays the story": (
        STORY + "- **10:30 nodes restarted:**\n  - Restart the cache nodes\n",
        [],
    ),
    "a report nested under a long bold title, its action list among labelled bullets": (
        "# Cache outage\n\n- **Incident on 2026-03-02 - the cache lost its quorum for an hour:**\n\n"
        "  - **Impact**: logins failed\n\n  - **Review actions**:\n    - Pin the cache version on all hosts\n"
        "    - Rebuild the cache in three zones\n",
        ["Pin the cache version on all hosts", "Rebuild the cache in three zones"],
    ),
    "a bullet naming a part of the story keeps what is under it out": (
        "# Cache outage\n\n- **Root cause:**\n\n  The cache cluster lost its quorum for an hour.\n\n"
        "  - **Review actions**:\n    - Pin the cache version on all hosts\n",
        [],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(NESTED_PARTS.values()), ids=list(NESTED_PARTS))
def test_a_labelled_bullet_over_nested_blocks_reads_as_a_part(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


HTML_EXPORTS = {
    "an HTML list under the action heading, marked up inline": (
        STORY + "## Action items\n\n<ul>\n<li>Add a <strong>quorum</strong> alert</li>\n"
        "<li>Document the <code>failover</code> runbook</li>\n</ul>\n",
        ["Add a quorum alert", "Document the failover runbook"],
    ),
    "a flattened export in one HTML paragraph: the lines after an action label": (
        "# Cache outage\n\n<p style=\"margin:0\">Summary: the cache lost quorum for an hour.<br>"
        "Root cause: a node was misconfigured.<br>Next steps: we are sorry for the trouble. This includes:<br>"
        "Add a quorum alert to the cache cluster<br>Document the failover for on-call<br>"
        "Provide feedback: take our survey</p>\n",
        ["Add a quorum alert to the cache cluster", "Document the failover for on-call"],
    ),
    "an HTML heading over an HTML list": (
        STORY + "<h2>Action items</h2>\n<ol><li>Add a quorum alert</li><li>Document the failover</li></ol>\n",
        ["Add a quorum alert", "Document the failover"],
    ),
    "an HTML entry grouping the entries nested under it": (
        STORY + "## Action items\n\n<ul><li>Quorum<ul><li>Add a quorum alert</li><li>Page on lost quorum</li>"
        "</ul></li></ul>\n\n- Document the failover\n",
        ["Add a quorum alert", "Page on lost quorum", "Document the failover"],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(HTML_EXPORTS.values()), ids=list(HTML_EXPORTS))
def test_lists_and_paragraphs_exported_as_html_read_as_their_markdown(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_an_html_list_keeps_its_ticket_link_and_its_line() -> None:
    text = STORY + "## Action items\n\n<ul>\n<li>Add a quorum alert</li>\n" \
        "<li>Document the failover, <a href=\"https://github.com/o/r/issues/9\">tracked here</a></li>\n</ul>\n"
    items = read_postmortem(text).items
    assert [(item.line, item.ref) for item in items] == [(13, None), (14, "https://github.com/o/r/issues/9")]


def test_a_sub_heading_over_one_sentence_paragraphs_groups_them() -> None:
    text = STORY + "## Action items\n\n### Shipped this week\n\nAdd a quorum alert\n\nDocument the failover\n\n" \
        "### Later this year\n\nMove the cache to three zones\n\nPage on lost quorum\n"
    assert [item.text for item in read_postmortem(text).items] == [
        "Add a quorum alert", "Document the failover", "Move the cache to three zones", "Page on lost quorum",
    ]  # fmt: skip


UNMARKED_ENTRIES = {
    "a part marked done over instructions one to a paragraph, beside the part of follow-up work": (
        STORY + "## Action items\n\n### Done ✅\n\nAdd a quorum alert\n\nDocument the failover\n\n"
        "### Follow-up work\n\nMove the cache to three zones\n\nPage on lost quorum\n",
        ["Add a quorum alert", "Document the failover", "Move the cache to three zones", "Page on lost quorum"],
    ),
    "under lessons, the instruction among one-sentence paragraphs": (
        STORY + "## Lessons learned\n\nQuorum loss went unnoticed for an hour\n\n"
        "Add a quorum alert to the cache cluster\n\nThe runbook was out of date\n",
        ["Add a quorum alert to the cache cluster"],
    ),
    "a plain label over one entry to a paragraph, outside any action section": (
        STORY + "## Discussion\n\nFurther improvements\n\nAlice to add a quorum alert\n\n"
        "Document the failover for on-call staff\n\nRotate the cache credentials\n",
        ["Alice to add a quorum alert", "Document the failover for on-call staff", "Rotate the cache credentials"],
    ),
    "an action label over entries one to a paragraph, and the story after them": (
        STORY + "## Discussion\n\nAction items:\n\nAdd a quorum alert\n\nDocument the failover\n\n"
        "The rest of the day was quiet\n\nWe met again on Monday.\n",
        ["Add a quorum alert", "Document the failover"],
    ),
    "under lessons, a sentence with a link is no ticket": (
        STORY + "## Lessons learned\n\nQuorum loss went unnoticed for an hour\n\n"
        "The runbook was [out of date](https://wiki.example.org/x)\n",
        [],
    ),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(UNMARKED_ENTRIES.values()), ids=list(UNMARKED_ENTRIES))
def test_paragraphs_written_as_entries_are_judged_as_entries(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize("space", [" ", "\t", "\u00a0", "&nbsp;", "&#160;"])
def test_a_box_followed_by_the_space_a_rich_text_editor_writes_is_a_box(space: str) -> None:
    found = read_postmortem(STORY + f"## Follow-up\n\n- [x]{space}Add an alert on disk usage\n- [ ]{space}Rotate the keys\n")
    assert [(item.text, item.done, item.found_by) for item in found.items] == [
        ("Add an alert on disk usage", True, "checkbox"), ("Rotate the keys", False, "checkbox")]


def test_brackets_run_into_the_text_are_no_box() -> None:
    found = read_postmortem(STORY + "## Follow-up\n\n- [x]Add an alert on disk usage\n- [ ]Rotate the keys\n")
    assert [item.found_by for item in found.items] == ["list", "list"]
