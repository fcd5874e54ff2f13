"""The rewrites bench/bench_robust.py measures robustness with keep a document's meaning: the same
entries, the same nesting, the fields they write annotated as written."""

from __future__ import annotations

import random

from markdown_it import MarkdownIt

from tests.perturbations import (
    REF_FORMS,
    as_label,
    bullet,
    layout,
    numbered,
    paragraphs,
    remarked,
    renamed,
    tabled,
    with_due,
    with_owner,
    with_ref,
)
from tests.realworld import Item

DOC = (
    "# Queue outage\n\n## Summary\n\nThe queue stalled.\n\n## Timeline\n\n- 10:02 alert fired\n- 10:30 restarted\n\n"
    "## Action items\n\n- Add a lag alert on the queue\n  - page the on-call\n- Rotate the broker credentials\n"
    "- Document the failover\n"
)
ITEMS = (
    Item("Add a lag alert on the queue"),
    Item("Rotate the broker credentials", done=True),
    Item("Document the failover"),
)
FLAT = DOC.replace("  - page the on-call\n", "")


def _shape(text: str) -> list[tuple[str, int]]:
    """(token type, nesting level) of every list token: the structure a rewrite must keep."""
    md = MarkdownIt("commonmark")
    return [(t.type.replace("ordered", "bullet"), t.level) for t in md.parse(text) if "list" in t.type]


def test_items_are_placed_on_their_entries_and_the_action_heading_is_found():
    placed = layout(DOC, ITEMS)
    assert [placed.units[p].kind for p in placed.placed if p is not None] == ["entry"] * 3
    heading = placed.action_heading()
    assert heading is not None and heading.title == "Action items"


def test_other_markers_keep_the_nesting():
    for marker in (numbered("."), numbered(")"), bullet("*")):
        rewritten = remarked(marker)(layout(DOC, ITEMS), ITEMS, random.Random(1))
        assert rewritten is not None
        assert _shape(rewritten.text) == _shape(DOC)
    numbered_text = remarked(numbered("."))(layout(DOC, ITEMS), ITEMS, random.Random(1)).text
    assert "1. Add a lag alert" in numbered_text and "   1. page the on-call" in numbered_text
    assert "3. Document the failover" in numbered_text


def test_checkboxes_tick_the_items_annotated_done():
    text = remarked(bullet("-"), checkbox=True)(layout(FLAT, ITEMS), ITEMS, random.Random(1)).text
    assert "- [x] Rotate the broker credentials" in text and "- [ ] Document the failover" in text


def test_a_renamed_heading_keeps_its_level_and_the_label_forms_nest_the_section():
    renamed_text = renamed(("Part 4",))(layout(DOC, ITEMS), ITEMS, random.Random(1)).text
    assert "## Part 4\n" in renamed_text and "## Action items" not in renamed_text
    label = as_label("list-label")(layout(DOC, ITEMS), ITEMS, random.Random(1)).text
    assert "- **Action items:**\n\n  - Add a lag alert on the queue\n    - page the on-call" in label


def test_paragraphs_and_tables_only_rewrite_flat_lists():
    assert paragraphs(layout(DOC, ITEMS), ITEMS, random.Random(1)) is None
    text = paragraphs(layout(FLAT, ITEMS), ITEMS, random.Random(1)).text
    assert "\n\nRotate the broker credentials\n\nDocument the failover\n" in text
    table = tabled(("Owner",), ("Due",), ("Ticket",))(layout(FLAT, ITEMS), ITEMS, random.Random(1))
    assert table is not None and " | Owner | Due | Ticket | Status |\n| --- |" in table.text
    assert all(item.owner and item.due and item.ref for item in table.items)
    assert [item.done for item in table.items] == [False, True, False]


def test_fields_written_on_entries_are_annotated_as_written():
    due = with_due(lambda rng: "16.07.2023")(layout(FLAT, ITEMS), ITEMS, random.Random(1))
    assert due is not None and {item.due for item in due.items} == {"16.07.2023"}
    assert due.text.count("16.07.2023") == 3
    link = "[#7](https://github.com/acme/api/issues/7)"
    ref = with_ref(lambda rng: (link, "#7"))(layout(FLAT, ITEMS), ITEMS, random.Random(1))
    assert ref is not None and {item.ref for item in ref.items} == {"#7"}  # annotated as it may be, written as a link
    assert ref.text.count(link) == 3
    owner = with_owner("subject")(layout(FLAT, ITEMS), ITEMS, random.Random(1))
    assert owner is not None and all(f"{item.owner} to " in owner.text for item in owner.items)


def test_owners_after_a_dash_and_addresses_without_a_scheme_are_written_as_people_write_them():
    label = with_owner("dash label")(layout(FLAT, ITEMS), ITEMS, random.Random(1))
    assert label is not None and all(f"Owner - {item.owner}" in label.text for item in label.items)
    dash = with_owner("trailing dash")(layout(FLAT, ITEMS), ITEMS, random.Random(1))
    assert dash is not None and dash.touched > 0
    for item in dash.items:
        if item.owner is not None:  # a name of words, capitalised, after a dash closing the entry
            assert any(f"{glyph} {item.owner}\n" in dash.text for glyph in "—–-") and item.owner.istitle()
    written, annotated = dict(REF_FORMS)["scheme-less url"](random.Random(1))
    assert not written.startswith("http") and annotated == f"https://{written}"
