"""The real-world corpus: its manifests keep the rules, and the bench's matching and arithmetic are right."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from tests.realworld import (
    CORPUS,
    NO_ITEMS,
    WITH_RIGHT,
    WITHOUT_RIGHT,
    CorpusError,
    Item,
    Score,
    false_positive_places,
    field_mismatches,
    load_corpus,
    match,
    parse_manifest,
    same_ticket,
    score_document,
    split_of,
)


@pytest.mark.parametrize(
    ("annotated", "predicted", "pairs"),
    [
        # identical texts, different markup and case
        (["Add a disk alert at 80%"], ["**add a Disk alert** at 80 %"], [(0, 0)]),
        # the annotation keeps the first sentence of a long item
        (["Add a disk alert at 80%."], ["Add a disk alert at 80%. It pages the on-call at night."], [(0, 0)]),
        # unrelated texts do not match
        (["Add a disk alert at 80%"], ["Rotate the TLS certificates"], []),
        # a two-word fragment cannot claim a long item
        (["We will add a disk alert at 80% on the ledger"], ["we will"], []),
        # shared function words alone do not make a match
        (["We will add monitoring to the database"], ["We will improve the deploy process to avoid this"], []),
        # a short item matches when all its words are there
        (["Add monitoring"], ["Add monitoring to the ledger database"], [(0, 0)]),
        # one to one: a merged prediction matches one annotation only, the better one
        (
            ["Upgrade the load balancer firmware", "Add a runbook for failover"],
            ["Upgrade the load balancer firmware and add a runbook for failover"],
            [(0, 0)],
        ),
        # best first, not first come: annotation 0 fits prediction 1 better than prediction 0
        (
            ["Add alerting on replication lag", "Add alerting"],
            ["Add alerting", "Add alerting on replication lag"],
            [(0, 1), (1, 0)],
        ),
        # order is free: pairs found across positions
        (["Fix A thing now", "Fix B thing now please"], ["Fix B thing now please", "Fix A thing now"], [(0, 1), (1, 0)]),
        # nothing to match
        ([], ["Add a disk alert"], []),
        (["Add a disk alert"], [], []),
    ],
)
def test_match(annotated: list[str], predicted: list[str], pairs: list[tuple[int, int]]) -> None:
    assert match(annotated, predicted) == pairs


@pytest.mark.parametrize(
    ("want", "got", "right", "stated"),
    [
        # owner: "@", case and whitespace folded
        (Item("Add a disk alert", owner="@Alice"), Item("add a disk alert", owner="alice"), {"owner": 1}, {"owner": 1}),
        (Item("Add a disk alert", owner="alice"), Item("add a disk alert", owner="bob"), {}, {"owner": 1}),
        (Item("Add a disk alert", owner="alice"), Item("add a disk alert"), {}, {"owner": 1}),
        # a field the annotation does not state is not scored, even when the extractor found one
        (Item("Add a disk alert"), Item("add a disk alert", owner="bob", due="Friday"), {}, {}),
        # due as written, not as resolved
        (Item("Add a disk alert", due="Jul 16, 2023"), Item("add a disk alert", due="jul  16, 2023"), {"due": 1}, {"due": 1}),
        (Item("Add a disk alert", due="Jul 16, 2023"), Item("add a disk alert", due="2023-07-16"), {}, {"due": 1}),
        (Item("Add a disk alert", ref="OPS-12"), Item("add a disk alert", ref="ops-12"), {"ref": 1}, {"ref": 1}),
        # a link annotated by its text and found by its address names the same ticket, either way round
        (Item("Add a disk alert", ref="#294"), Item("add a disk alert", ref="https://github.com/o/r/issues/294"), {"ref": 1}, {"ref": 1}),
        (Item("Add a disk alert", ref="https://github.com/o/r/pull/294/"), Item("add a disk alert", ref="#294"), {"ref": 1}, {"ref": 1}),
        (Item("Add a disk alert", ref="o/r#294"), Item("add a disk alert", ref="https://github.com/o/r/issues/294"), {"ref": 1}, {"ref": 1}),
        (Item("Add a disk alert", ref="OPS-12"), Item("add a disk alert", ref="https://x.atlassian.net/browse/OPS-12"), {"ref": 1}, {"ref": 1}),
        (Item("Add a disk alert", ref="T1234"), Item("add a disk alert", ref="https://phabricator.wikimedia.org/T1234"), {"ref": 1}, {"ref": 1}),
        (Item("Add a disk alert", ref="o/r#294"), Item("add a disk alert", ref="https://github.com/o/other/issues/294"), {}, {"ref": 1}),
        (Item("Add a disk alert", ref="#294"), Item("add a disk alert", ref="https://github.com/o/r/issues/295"), {}, {"ref": 1}),
        (Item("Add a disk alert", ref="OPS-12"), Item("add a disk alert", ref="https://x.atlassian.net/browse/OPS-123"), {}, {"ref": 1}),
        (Item("Add a disk alert", ref="https://github.com/o/r/issues/1"), Item("add a disk alert", ref="https://github.com/o/s/issues/1"), {}, {"ref": 1}),
        (Item("Add a disk alert", priority="P1"), Item("add a disk alert", priority="P2"), {}, {"priority": 1}),
    ],
)
def test_field_scoring(want: Item, got: Item, right: dict[str, int], stated: dict[str, int]) -> None:
    score = score_document([want], [got]).score
    assert score.matched == 1
    for name in ("owner", "due", "ref", "priority"):
        assert score.fields[name] == [right.get(name, 0), stated.get(name, 0)], name
    assert score.fields["done"] == [1, 1]  # done is always stated; both False here


def test_document_and_totals() -> None:
    annotated = [Item("Add a disk alert at 80%", done=True), Item("Write a failover runbook"), Item("Rotate keys monthly")]
    predicted = [Item("Add a disk alert at 80%"), Item("Write a failover runbook"), Item("Summary of the outage")]
    result = score_document(annotated, predicted)
    assert (result.pairs, result.missed, result.false_positives) == ([(0, 0), (1, 1)], [2], [2])
    assert result.score.fields["done"] == [1, 2]
    assert result.wrong_fields == [(0, 0, "done")]

    empty = score_document([], [Item("Something found")]).score
    total = Score()
    total.add(result.score)
    total.add(empty)
    assert (total.documents, total.annotated, total.found, total.matched) == (2, 3, 4, 2)
    assert (total.recall, total.precision) == (2 / 3, 2 / 4)
    assert (total.empty_documents, total.empty_with_items) == (1, 1)
    assert Score().recall is None and Score().precision is None and Score().accuracy("owner") is None


def test_false_positives_are_placed_by_the_section_they_came_from() -> None:
    annotated = [Item("Add a disk alert at 80%"), Item("Write a failover runbook")]
    predicted = [Item("Add a disk alert at 80%"), Item("Summary of the outage"), Item("Restarted the database"),
                 Item("Write a failover runbook"), Item("Thanks to the on-call")]
    sections = ["Action items", "Action items", "Timeline", "Follow-ups", None]
    result = score_document(annotated, predicted)
    assert false_positive_places(result, len(annotated), sections) == {WITH_RIGHT: 1, WITHOUT_RIGHT: 2}
    nothing_due = score_document([], [Item("We will update this page"), Item("Restarted the database")])
    assert false_positive_places(nothing_due, 0, ["Update", "Update"]) == {NO_ITEMS: 2}
    assert false_positive_places(score_document([], []), 0, []) == {}


def test_an_owner_is_the_same_with_or_without_its_article() -> None:
    # "the drand team will …" is annotated "the drand team" in one document, "Besu team" in another
    pair = [Item("Patch the beacon client", owner="Online Health Apps team")]
    found = [Item("Patch the beacon client", owner="The Online Health Apps team")]
    assert score_document(pair, found).score.fields["owner"] == [1, 1]


def test_field_mismatches_tell_a_missing_a_different_and_an_unannotated_value_apart() -> None:
    annotated = [Item("Add a disk alert at 80%", owner="ann", ref="#12"), Item("Write a failover runbook", due="Q3"),
                 Item("Rotate the keys monthly", ref="OPS-1"), Item("Drop the old cluster")]
    predicted = [Item("Add a disk alert at 80%", owner="@Ann", ref="https://github.com/o/r/issues/12"),
                 Item("Write a failover runbook", due="Q4", owner="bob"), Item("Rotate the keys monthly"),
                 Item("Drop the old cluster", ref="OPS-2", due="  ")]
    result = score_document(annotated, predicted)
    assert field_mismatches(annotated, predicted, result) == {
        ("due", "different"): 1, ("owner", "unannotated"): 1, ("ref", "none found"): 1, ("ref", "unannotated"): 1,
    }


@pytest.mark.parametrize(
    ("want", "got", "same"),
    [("#294", "https://github.com/o/r/issues/294", True), ("o/r#294", "https://github.com/o/r/pull/294", True),
     ("o/x#294", "https://github.com/o/r/issues/294", False), ("proj-12", "https://acme.atlassian.net/browse/proj-12", True),
     ("pr #294", "#294", True), ("issue #294", "https://github.com/o/r/issues/294", True), ("pr #294", "#295", False),
     ("#294", None, False), (None, None, True),
     # one issue in its several forms: within its repository's document "#12" is "o/r#12"; GitHub
     # serves a pull request at /issues/N too; scheme, "www.", a closing slash, a comment's fragment
     # or a sub-page do not make another page; a Jira key in any of its addresses on one host
     ("#12", "o/r#12", True), ("o/r#12", "#12", True), ("o/r#12", "o/s#12", False), ("#12", "#13", False),
     ("https://github.com/o/r/issues/12", "https://github.com/o/r/pull/12", True),
     ("http://www.github.com/o/r/issues/12/", "https://github.com/o/r/issues/12#issuecomment-5", True),
     ("github.com/o/r/issues/12", "https://github.com/o/r/issues/12", True),
     ("https://github.com/o/r/pull/12/files", "#12", True),
     ("https://github.com/o/r/issues/12", "https://github.com/o/s/issues/12", False),
     ("https://gitlab.com/g/p/-/issues/12", "https://gitlab.com/g/p/-/merge_requests/12", False),
     ("https://gitlab.com/g/sub/p/-/merge_requests/12", "g/sub/p!12", True), ("!12", "https://gitlab.com/g/p/-/merge_requests/12", True),
     ("https://acme.atlassian.net/browse/proj-12", "https://acme.atlassian.net/jira/software/c/projects/proj/issues/proj-12", True),
     ("https://jira.acme.com/browse/proj-12", "https://acme.atlassian.net/browse/proj-12", False),
     ("proj-12", "https://acme.atlassian.net/browse/proj-12?focusedcommentid=3", True),
     ("bug 123456", "https://bugzilla.mozilla.org/show_bug.cgi?id=123456", True), ("issue 12", "#12", True),
     ("https://bugzilla.mozilla.org/show_bug.cgi?id=1", "https://bugzilla.mozilla.org/show_bug.cgi?id=2", False)],
)  # fmt: skip
def test_a_reference_is_right_when_it_names_the_same_ticket(want: str | None, got: str | None, same: bool) -> None:
    assert same_ticket(want, got) is same


def test_split_rule() -> None:
    for slug in ("gitlab-database-outage", "acme-disk-full", "x-y"):
        digest = int(hashlib.sha256(slug.encode()).hexdigest()[:2], 16)
        assert split_of(slug) == ("dev" if digest % 2 == 0 else "holdout")


def _manifest(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "source": "https://example.com/pm", "raw_url": None, "organisation": "Acme", "kind": "company",
        "licence": "CC-BY-4.0", "redistributable": True, "retrieved": "2026-12-06",
        "split": split_of("acme-disk-full"), "items": [{"text": "Add a disk alert", "owner": "alice", "done": False}],
    }  # fmt: skip
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"split": "holdout" if split_of("acme-disk-full") == "dev" else "dev"}, "the rule gives"),
        ({"kind": "startup"}, "kind 'startup'"),
        ({"items": None}, "items must be a list"),
        ({"items": [{"text": ""}]}, "items[1].text: empty"),
        ({"items": [{"text": "Add", "assignee": "bob"}]}, "unknown field(s) assignee"),
        ({"items": [{"text": "Add", "done": "yes"}]}, "items[1].done"),
        ({"redistributable": "yes"}, "redistributable must be"),
    ],
)
def test_bad_manifest_names_the_field(changes: dict[str, object], message: str) -> None:
    with pytest.raises(CorpusError, match=r"acme-disk-full\.yaml") as error:
        parse_manifest("acme-disk-full", _manifest(**changes), "acme-disk-full.yaml")
    assert message in str(error.value)


def test_committed_text_must_match_redistributable(tmp_path: Path) -> None:
    (tmp_path / "acme-disk-full.yaml").write_text(yaml.safe_dump(_manifest()), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"acme-disk-full\.md is missing"):
        load_corpus(tmp_path)
    (tmp_path / "acme-disk-full.md").write_text("# Outage\n", encoding="utf-8")
    [entry] = load_corpus(tmp_path)
    assert entry.text_path == tmp_path / "acme-disk-full.md" and entry.items[0].owner == "alice"


def test_the_corpus_keeps_the_rules() -> None:
    entries = load_corpus(CORPUS)  # raises, naming the file, on any broken rule
    assert len({e.slug for e in entries}) == len(entries)
    committed = [e for e in entries if e.redistributable]
    assert all(e.text_path is not None and e.text_path.parent == CORPUS for e in committed)
