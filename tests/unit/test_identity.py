"""Identity matching: explicit id, doc ref, exact text, fuzzy text, position; one-to-one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncer.fields import extract_fields
from syncer.identity import Known, match_items, normalise_text
from syncer.model import ActionItem


def item(key: str, text: str, *, explicit: bool = False, owner: str | None = "alice",
         ref: str | None = None) -> ActionItem:
    return ActionItem(key=key, item_id=key.rsplit("/", 1)[1], explicit_id=explicit, text=text,
                      owner=owner, ref=ref)


def known(ident: str, text: str, *, key: str | None = None, explicit: bool = False,
          owner: str | None = "alice", refs: tuple[str, ...] = ()) -> Known:
    key = key or ident
    return Known(ident=ident, key=key, item_id=key.rsplit("/", 1)[1], explicit_id=explicit,
                 text=text, owner=owner, refs=refs)


@pytest.mark.parametrize(
    ("items", "ledger", "expected"),
    [
        pytest.param(
            [item("P/cfg", "Anything new", explicit=True)],
            [known("P/cfg", "Validate config in CI", explicit=True)],
            [("P/cfg", "id")],
            id="explicit id wins over text",
        ),
        pytest.param(
            [item("P/1", "Completely rewritten action", ref="OPS-12")],
            [known("P/4", "Old words", refs=("OPS-12", "https://j/browse/OPS-12"))],
            [("P/4", "ref")],
            id="ticket ref written in the doc",
        ),
        pytest.param(
            [item("P/1", "add  Disk-space alert!"), item("P/2", "Write the runbook")],
            [known("P/2", "Add disk space alert"), known("P/1", "Write the runbook")],
            [("P/2", "text"), ("P/1", "text")],
            id="reordered items keep their identity",
        ),
        pytest.param(
            [item("P/1", "Add disk space alert at 85% threshold")],
            [known("P/1", "Add disk space alert at 80% threshold")],
            [("P/1", "fuzzy")],
            id="edited text",
        ),
        pytest.param(
            [item("P/1", "Brand new thing"), item("P/2", "Add disk space alert")],
            [known("P/1", "Add disk space alert")],
            [("P/1~2", "new"), ("P/1", "text")],
            id="inserted item gets a fresh identity, not the ordinal of another",
        ),
        pytest.param(
            [item("P/2", "Totally different words here", owner="bob")],
            [known("P/2", "Rotate the certificates", owner="bob")],
            [("P/2", "position")],
            id="same place and owner, rewritten",
        ),
    ],
)
def test_match(items, ledger, expected):
    got = [(m.ident, m.how) for m in match_items(items, ledger)]
    assert got == expected


@pytest.mark.parametrize(
    ("written", "recorded", "owner_then"),
    [
        # texts an earlier pmsync recorded, when it left a status, priority or owner bracket in them
        ("Rotate the deploy keys (done)", "Rotate the deploy keys (done)", "alice"),
        ("Fix the pool (alice, done)", "Fix the pool (alice, done)", None),
        ("Remove the manual edit path (High priority)", "Remove the manual edit path (High priority)", "alice"),
        ("Document the rollback (carol, by 12/20)", "Document the rollback (carol, )", None),
        ("(High priority) Remove the path", "(High priority) Remove the path", "alice"),
    ],
)
def test_items_whose_text_pmsync_now_reads_cleaner_keep_their_identity(written, recorded, owner_then):
    """An upgrade that takes a field out of an item's text must not make it a new item (a second ticket)."""
    fields = extract_fields(written)
    assert fields.text != recorded  # the text did change
    now = [item("P/2", "Add the disk alert"), item("P/3", fields.text, owner=fields.owner)]
    ledger = [known("P/2", "Add the disk alert"), known("P/3", recorded, owner=owner_then)]
    assert [(m.ident, m.known) for m in match_items(now, ledger)] == [("P/2", True), ("P/3", True)]


def test_new_item_never_takes_an_ident_held_elsewhere():
    matches = match_items([item("P/1", "New")], [], taken={"P/1", "P/1~2"})
    assert matches[0].ident == "P/1~3" and not matches[0].known


def test_duplicate_texts_match_one_to_one():
    items = [item("P/1", "Same words"), item("P/2", "Same words")]
    ledger = [known("P/1", "Same words"), known("P/2", "Same words")]
    assert sorted(m.ident for m in match_items(items, ledger)) == ["P/1", "P/2"]


def test_normalise_text_ignores_case_accents_and_punctuation():
    assert normalise_text("  Café: ADD   alert (80%)! ") == normalise_text("cafe add alert 80%")


@given(st.lists(st.text(min_size=1, max_size=30), max_size=8), st.lists(st.text(min_size=1, max_size=30), max_size=8))
def test_matching_is_one_to_one_and_total(doc_texts, ledger_texts):
    items = [item(f"P/{i}", t) for i, t in enumerate(doc_texts, 1)]
    ledger = [known(f"P/{i}", t) for i, t in enumerate(ledger_texts, 1)]
    matches = match_items(items, ledger)
    assert len(matches) == len(items)
    idents = [m.ident for m in matches]
    assert len(set(idents)) == len(idents)
    assert {m.ident for m in matches if m.known} <= {k.ident for k in ledger}
    assert not ({m.ident for m in matches if not m.known} & {k.ident for k in ledger})
