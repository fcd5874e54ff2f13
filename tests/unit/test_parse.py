"""Document structure: front matter, metadata, action-item sections, tables, lists, findings."""

from __future__ import annotations

from datetime import date

import pytest

from syncer.model import Document, Postmortem
from syncer.parse import parse_document


def _pm(text: str, path: str = "pm/inc-1.md") -> Postmortem:
    document = parse_document(text, path)
    assert document.postmortem is not None
    return document.postmortem


def _rules(document: Document) -> list[tuple[str, str, int | None]]:
    return [(f.rule, f.severity, f.line) for f in document.findings]


ITEMS = "- Add disk alert. Owner: @alice. Due: Friday.\n- Add runbook. Owner: @bob.\n"


@pytest.mark.parametrize(
    "heading",
    ["## Action Items", "## Action items", "# ACTION ITEMS", "### Follow-ups", "## Follow-up actions",
     "## Follow ups", "## Remediation", "## Remediations", "## Corrective actions", "## Next steps",
     "## Prevention", "## Action Items (tracked)", "## Remediation and Prevention", "## 7. Action items",
     "## 📋 Action items:", "#### Corrective and preventive actions", "## Follow-up tasks",
     "Action Items\n------------"],
)  # fmt: skip
def test_action_item_heading_variants(heading: str) -> None:
    document = parse_document(f"# Title\n\n{heading}\n\n{ITEMS}", "a.md")
    assert document.postmortem is not None
    assert [i.text for i in document.postmortem.items] == ["Add disk alert", "Add runbook"]
    assert document.findings == ()


@pytest.mark.parametrize("heading", ["## Summary", "## Timeline", "## Root cause", "## Impact"])
def test_narrative_headings_hold_no_items(heading: str) -> None:
    document = parse_document(f"# T\n\n{heading}\n\n{ITEMS}", "a.md")
    assert document.postmortem is not None and document.postmortem.items == ()
    assert _rules(document) == [("no-action-items", "warning", None)]


@pytest.mark.parametrize("heading", ["## Lessons learned", "## Resolution", "## What we learned"])
def test_middling_headings_hold_the_commitments_written_under_them(heading: str) -> None:
    # commitments with an owner and a deadline are items wherever a team files them
    pm = _pm(f"# T\n\n{heading}\n\n{ITEMS}\n- Monitoring is important\n")
    assert [i.text for i in pm.items] == ["Add disk alert", "Add runbook"]


def test_items_over_several_sections_and_sub_headings_are_numbered_in_order() -> None:
    pm = _pm(
        "# T\n\n## Action items\n\n### Short term\n\n- One\n\n### Long term\n\n| Action | Owner |\n|---|---|\n"
        "| Two | @b |\n\n- Three\n\n## Lessons\n\n- not an item\n\n## Follow-ups\n\n1. Four\n"
    )
    assert [(i.item_id, i.text, i.key) for i in pm.items] == [
        ("1", "One", "inc-1/1"), ("2", "Two", "inc-1/2"), ("3", "Three", "inc-1/3"), ("4", "Four", "inc-1/4"),
    ]  # fmt: skip
    assert [i.line for i in pm.items] == [7, 13, 15, 23]


def test_sub_headings_and_labels_give_the_item_type() -> None:
    pm = _pm(
        "# T\n\n## Action Items\n\n### Prevent\n\n- A\n\n#### Repair\n\n- B\n\n### Detect\n\n- C\n\n"
        "### Later\n\n- D\n\n**Process:**\n\n- E\n\n## Prevention\n\n- F\n"
    )
    assert [(i.text, i.type) for i in pm.items] == [
        ("A", "prevent"), ("B", "mitigate"), ("C", "detect"), ("D", None), ("E", "process"), ("F", "prevent"),
    ]  # fmt: skip


def test_type_cell_beats_the_heading_hint() -> None:
    pm = _pm("# T\n## Action items\n### Prevent\n| Action | Type |\n|---|---|\n| A | detect |\n| B | |\n")
    assert [(i.text, i.type) for i in pm.items] == [("A", "detect"), ("B", "prevent")]


def test_nested_sub_bullets_carry_fields_and_group_labels_carry_items() -> None:
    pm = _pm(
        "# T\n## Action Items\n"
        "- Add disk alert\n  - Owner: @alice\n  - Due: 2026-03-14\n  - Verify: fire in staging\n"
        "- Short term:\n  - Add runbook. Owner: @bob\n  - Add dashboard. Owner: @carol\n"
        "- Fix retries. Owner: @dan\n  - covers the payment client and the ledger client\n"
        "- Owner: @nobody\n"
    )
    got = [(i.text, i.owner, i.due_text, i.verify) for i in pm.items]
    assert got == [
        ("Add disk alert", "alice", "2026-03-14", "fire in staging"),
        ("Add runbook", "bob", None, None),
        ("Add dashboard", "carol", None, None),
        ("Fix retries", "dan", None, None),
    ]


def test_checkbox_lists_and_numbered_lists() -> None:
    pm = _pm("# T\n## Action items\n- [ ] Open one\n- [x] Done one\n* [X] Done two\n\n1. Numbered\n2) Other\n")
    assert [(i.text, i.done) for i in pm.items] == [
        ("Open one", False), ("Done one", True), ("Done two", True), ("Numbered", False), ("Other", False),
    ]  # fmt: skip


def test_loose_list_item_paragraphs_add_fields() -> None:
    pm = _pm("# T\n## Action items\n\n- Add alert on queue depth.\n\n  Owner: @alice. Due: 2026-03-14.\n\n- Next\n")
    assert [(i.text, i.owner, i.due_text) for i in pm.items] == [
        ("Add alert on queue depth", "alice", "2026-03-14"), ("Next", None, None),
    ]  # fmt: skip


def test_links_keep_their_text_and_issue_links_become_refs() -> None:
    pm = _pm(
        "# T\n## Action items\n"
        "- Follow the [runbook](https://wiki.example.com/rb) for [retries](https://github.com/a/b/issues/9)\n"
        "- Add alert ([#412](https://github.com/a/b/issues/412))\n"
        "- Add dashboard <https://github.com/a/b/issues/413>\n"
        "- **Bold** and `code` and *em*\n"
    )
    assert [(i.text, i.ref) for i in pm.items] == [
        ("Follow the runbook for retries", "https://github.com/a/b/issues/9"),
        ("Add alert", "https://github.com/a/b/issues/412"),
        ("Add dashboard", "https://github.com/a/b/issues/413"),
        ("Bold and code and em", None),
    ]


# ---- tables -------------------------------------------------------------------------------


def test_table_columns_by_synonym_in_any_order() -> None:
    pm = _pm(
        "# T\n## Action Items\n"
        "| Due date | Who | Pri | Description | Tracking issue | Done when | Category | ID |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| 2026-03-14 | @alice | high | Add alert | [OPS-1](https://x.atlassian.net/browse/OPS-1) | fires | detect | a-1 |\n"
    )
    (item,) = pm.items
    assert (item.text, item.owner, item.due, item.priority, item.raw_priority, item.ref, item.verify, item.type) == (
        "Add alert", "alice", date(2026, 3, 14), "P1", "high", "https://x.atlassian.net/browse/OPS-1", "fires", "detect",
    )  # fmt: skip
    assert (item.item_id, item.explicit_id, item.key) == ("a-1", True, "inc-1/a-1")


def test_a_cell_repeating_its_column_label_loses_the_label() -> None:
    pm = _pm("# T\n## Action Items\n| Action | Verify | Owner |\n|---|---|---|\n| A | Review: next handoff | Owner: @a |\n")
    assert [(i.verify, i.owner) for i in pm.items] == [("next handoff", "a")]


def test_table_without_an_action_header_uses_the_unrecognised_column() -> None:
    pm = _pm("# T\n## Action Items\n| Owner | Work | Due |\n|---|---|---|\n| @a | Add alert | 2026-03-14 |\n")
    assert [(i.text, i.owner) for i in pm.items] == [("Add alert", "a")]


def test_table_with_issue_and_ticket_columns_takes_issue_as_the_action() -> None:
    pm = _pm("# T\n## Action Items\n| Issue | Owner | Ticket |\n|---|---|---|\n| Add alert | @a | OPS-7 |\n")
    assert [(i.text, i.ref) for i in pm.items] == [("Add alert", "OPS-7")]


def test_table_rows_with_missing_or_extra_cells_still_parse() -> None:
    text = (
        "# T\n## Action Items\n| Action | Owner | Due |\n|---|---|---|\n"
        "| Add alert | @a |\n"
        "| Add runbook | @b | 2026-03-14 | extra |\n"
        "| Escaped \\| pipe | @c | 2026-03-15 |\n"
        "Bare row | @d | 2026-03-16\n"
    )
    document = parse_document(text, "t.md")
    assert document.postmortem is not None
    assert [(i.text, i.owner, i.due_text) for i in document.postmortem.items] == [
        ("Add alert", "a", None), ("Add runbook", "b", "2026-03-14"), ("Escaped | pipe", "c", "2026-03-15"),
        ("Bare row", "d", "2026-03-16"),
    ]  # fmt: skip
    assert _rules(document) == [("table-cells", "warning", 5), ("table-cells", "warning", 6)]
    assert "2 cells, the header has 3" in document.findings[0].message


def test_table_row_without_action_text_is_reported_and_skipped() -> None:
    document = parse_document("# T\n## Action Items\n| Action | Owner |\n|---|---|\n|  | @a |\n|  |  |\n| B | @b |\n", "t.md")
    assert document.postmortem is not None
    assert [i.text for i in document.postmortem.items] == ["B"]
    assert _rules(document) == [("table-cells", "warning", 5)]


def test_status_column_and_done_suffix_mark_items_done() -> None:
    pm = _pm(
        "# T\n## Action Items\n| Action | Bug | Status |\n|---|---|---|\n"
        "| A | Bug 1234 DONE | |\n| B | Bug 1235 TODO | |\n| C | n/a | Done |\n| D | | open |\n"
    )
    assert [(i.text, i.ref, i.done) for i in pm.items] == [
        ("A", "Bug 1234", True), ("B", "Bug 1235", False), ("C", None, True), ("D", None, False),
    ]  # fmt: skip


# ---- ids ----------------------------------------------------------------------------------


def test_explicit_ids_and_duplicates() -> None:
    pm = _pm("# T\n## Action items\n- A {#alert}\n- B. ID: B 2\n- C {#alert}\n- D\n- E {#x/y}\n")
    assert [(i.item_id, i.explicit_id) for i in pm.items] == [
        ("alert", True), ("B-2", True), ("alert", True), ("4", False), ("x-y", True),
    ]  # fmt: skip
    assert [i.key for i in pm.items][:3] == ["inc-1/alert", "inc-1/B-2", "inc-1/alert"]
    assert pm.items[4].postmortem_id == "inc-1"


# ---- front matter and metadata -------------------------------------------------------------


def test_front_matter_fields_and_aliases() -> None:
    pm = _pm(
        "---\nid: INC-9\ntitle: Disk full\ndate: 2026-03-04\nreviewed: 2026-03-05\nsev: SEV2\nteam: storage\n"
        "services: a, b\nrelated:\n  - INC-1\n  - 7\nstatus: draft\n---\n# Other title\n## Action items\n- X. Due: Friday\n"
    )
    assert (pm.id, pm.id_explicit, pm.title, pm.date, pm.review_date) == (
        "INC-9", True, "Disk full", date(2026, 3, 4), date(2026, 3, 5),
    )  # fmt: skip
    assert (pm.severity, pm.team, pm.services, pm.related, pm.status) == (
        "SEV2", "storage", ("a", "b"), ("INC-1", "7"), "draft",
    )  # fmt: skip
    assert pm.items[0].due == date(2026, 3, 6)  # from the review date, a Thursday
    assert pm.items[0].key == "INC-9/1"


def test_fallbacks_title_id_and_review_date() -> None:
    pm = _pm("---\ndate: 2026-03-04\n---\n# The H1\n## Action items\n- X. Due: 2 weeks\n", "docs/2026/db-outage.md")
    assert (pm.id, pm.id_explicit, pm.title, pm.review_date) == ("db-outage", False, "The H1", date(2026, 3, 4))
    assert pm.items[0].due == date(2026, 3, 18)
    no_h1 = _pm("## Action items\n- X\n", "docs/2026/db-outage.md")
    assert no_h1.title == "db-outage"


def test_without_any_date_relative_deadlines_stay_unresolved() -> None:
    pm = _pm("# T\n## Action items\n- X. Due: Friday\n- Y. Due: 2026-03-14\n")
    assert [(i.due, i.due_text) for i in pm.items] == [(None, "Friday"), (date(2026, 3, 14), "2026-03-14")]


@pytest.mark.parametrize(
    "block",
    [
        "**Date:** 2026-03-04  \n**Severity:** SEV2  \n**Team:** payments\n**Review date:** March 5, 2026",
        "Date: 2026-03-04\nSeverity: SEV2\nTeam: payments\nReviewed: 2026-03-05",
        "- Date: 2026-03-04\n- Severity: SEV2\n- Team: payments\n- Review date: 5 March 2026",
        "| Field | Value |\n|---|---|\n| Incident date | 2026-03-04 14:02 UTC |\n| Severity | SEV2 |\n"
        "| Team | payments |\n| Reviewed | 2026-03-05 |",
        "| Date | Severity | Team | Review |\n|---|---|---|---|\n| 2026-03-04 | SEV2 | payments | 2026-03-05 |",
    ],
)
def test_leading_metadata_block_in_the_body(block: str) -> None:
    pm = _pm(f"# Title\n\n{block}\n\n## Summary\n\nSeverity: SEV9\n\n## Action items\n\n- X\n")
    assert (pm.date, pm.severity, pm.team, pm.review_date) == (
        date(2026, 3, 4), "SEV2", "payments", date(2026, 3, 5),
    )  # fmt: skip


def test_front_matter_wins_over_body_metadata() -> None:
    pm = _pm("---\nseverity: SEV1\n---\n# T\nSeverity: SEV3\nTeam: web\n## Action items\n- X\n")
    assert (pm.severity, pm.team) == ("SEV1", "web")


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("id: [unclosed\n", 2, "not valid YAML"),
        ("id: a\ntitle: 'open\nteam: x\n", 3, "not valid YAML"),
        ("id: a\n  bad: indent\n", 3, "not valid YAML"),
        ("- just\n- a list\n", 2, "must be a mapping"),
        ("plain text\n", 2, "must be a mapping"),
        ("id: a\ndate: 2026-02-30\n", 3, "'2026-02-30' is not a date"),
        ("id: a\nreview_date: next week\n", 3, "is not a date"),
        ("id: a\ndate: 20260304\n", 3, "is not a date"),
        ("title: {a: 1}\n", 2, "'title': must be text"),
        ("services: {a: 1}\n", 2, "'services': must be a list"),
        ("date: !!timestamp nope\n", 2, "'nope' is not a date"),
        ("id: a\ntitle: [unclosed, list\n", 3, "not valid YAML"),
    ],
)
def test_bad_front_matter_is_a_finding_with_its_line(front: str, line: int, message: str) -> None:
    document = parse_document(f"---\n{front}---\n# T\n## Action items\n- X\n", "fm.md")
    assert document.postmortem is not None
    assert [item.text for item in document.postmortem.items] == ["X"]
    (finding,) = document.findings
    assert (finding.rule, finding.severity, finding.line, finding.path) == ("front-matter", "error", line, "fm.md")
    assert message in finding.message


def test_yaml_nulls_and_scalars_in_front_matter() -> None:
    pm = _pm("---\nid: 7\nteam: ~\nseverity: null\nstatus:\ntitle: true\nservices: ~\n---\n## Action items\n- X\n")
    assert (pm.id, pm.team, pm.severity, pm.status, pm.title, pm.services) == ("7", None, None, None, "true", ())


def test_a_bad_date_keeps_the_other_front_matter_fields() -> None:
    pm = _pm("---\nid: INC-3\ndate: soon\nteam: web\n---\n# T\n## Action items\n- X\n")
    assert (pm.id, pm.team, pm.date) == ("INC-3", "web", None)


def test_unclosed_front_matter() -> None:
    document = parse_document("---\nid: x\n\n# T\n## Action items\n- X\n", "fm.md")
    assert _rules(document) == [("front-matter", "error", 1)]


def test_empty_front_matter_is_fine() -> None:
    assert parse_document("---\n---\n# T\n## Action items\n- X\n", "fm.md").findings == ()


# ---- document-level findings ---------------------------------------------------------------


def test_no_action_item_section() -> None:
    document = parse_document("# T\n## Summary\n- A list that is not action items\n", "n.md")
    assert document.postmortem is not None and document.postmortem.items == ()
    assert _rules(document) == [("no-action-items", "warning", None)]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# T\n## Action Items\n## Lessons\nText\n", 2),
        ("# T\n## Action Items\n", 2),
        ("# T\n## Action Items\n### Short term\n### Long term\n## Lessons\n", 2),
        ("# T\n## Action Items\n\nNone yet.\n", 2),
    ],
)
def test_empty_action_section(text: str, line: int) -> None:
    document = parse_document(text, "e.md")
    assert _rules(document) == [("section-empty", "error", line)]


def test_prose_section_beside_a_real_one_is_not_reported() -> None:
    document = parse_document("# T\n## Prevention\nWe discussed options.\n## Action items\n- X\n", "p.md")
    assert document.findings == ()
    empty = parse_document("# T\n## Prevention\n## Action items\n- X\n", "p.md")
    assert _rules(empty) == [("section-empty", "error", 2)]


@pytest.mark.parametrize("text", ["", "   \n\n\t"])
def test_empty_document(text: str) -> None:
    document = parse_document(text, "empty.md")
    assert document.postmortem is None
    assert _rules(document) == [("no-action-items", "warning", 1)]


def test_doc_url_is_kept() -> None:
    assert _pm("# T\n## Action items\n- X\n").doc_url is None
    document = parse_document("# T\n## Action items\n- X\n", "x.md", doc_url="https://git/x.md")
    assert document.postmortem is not None and document.postmortem.doc_url == "https://git/x.md"


def test_sections_levels_lines_and_text() -> None:
    pm = _pm(
        "# Title\n\n## Root Causes\n\nIt was **human error** per [the log](http://l).\n\n"
        "### Detail\n\n```\n# not a heading\n```\n\n| a | b |\n|---|---|\n| c | d |\n\n## Action items\n\n- X\n"
    )
    assert [(s.title, s.level, s.line) for s in pm.sections] == [
        ("Title", 1, 1), ("Root Causes", 2, 3), ("Detail", 3, 7), ("Action items", 2, 17),
    ]  # fmt: skip
    root = pm.sections[1]
    assert "It was human error per the log." in root.text
    assert "# not a heading" in root.text and "c | d" in root.text
    assert "X" not in root.text


def test_crlf_and_lone_cr_line_endings() -> None:
    text = "---\r\nid: W\r\ndate: 2026-03-04\r\n---\r\n# T\r\n## Action items\r\n| Action | Owner |\r\n|---|---|\r\n| A | @a | x |\r\n"
    document = parse_document(text, "w.md")
    assert document.postmortem is not None
    assert [(i.text, i.line) for i in document.postmortem.items] == [("A", 9)]
    assert _rules(document) == [("table-cells", "warning", 9)]


@pytest.mark.parametrize("item", ["http://x" * 20000, "[owner: a " * 20000, "](" * 50000, "(due " * 30000])
def test_runaway_item_text_is_read_in_linear_time(item: str) -> None:
    # these once took minutes (regex backtracking); now they are as quick as any other item
    pm = _pm(f"# T\n## Action items\n- {item}\n- Next\n")
    # the runaway entry (line 3) is one item only when text is left; "Next" is always the last
    assert [(i.text == "Next", i.line) for i in pm.items] in ([(True, 4)], [(False, 3), (True, 4)])
