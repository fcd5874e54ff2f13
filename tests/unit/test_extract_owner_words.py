"""Owners written in words and columns headed by who did or drives the work ("Owned by",
"Driven by"), and words beside an item that only look like an owner.

Each case is a short line written for this test in a form public teams use.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.fields import extract_fields
from syncer.owner_prefixes import owner_prefix
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

HEAD = "# Queue outage\n\n## Summary\n\nThe queue filled up and orders stalled for an hour.\n\n## Action items\n\n"


@pytest.mark.parametrize(
    ("header", "cells", "owner", "due"),
    [("Owned by", ("Gina", "Hank"), ("Gina", "Hank"), (None, None)),
     ("Driven by", ("Gina", "Hank"), ("Gina", "Hank"), (None, None)),
     ("Completed by", ("2024-05-01", "2024-06-01"), (None, None), ("2024-05-01", "2024-06-01"))],
)  # fmt: skip
def test_a_column_headed_by_a_participle_and_by_holds_who_or_when_as_its_cells_say(
        header: str, cells: tuple[str, str], owner: tuple, due: tuple) -> None:
    table = (f"| Action | {header} |\n|---|---|\n| Add retries to the client | {cells[0]} |\n"
             f"| Add quotas to the queue | {cells[1]} |\n")
    items = read_postmortem(HEAD + table).items
    assert [(i.owner, i.due_text) for i in items] == list(zip(owner, due, strict=True))


@pytest.mark.parametrize(
    ("text", "clean", "owner"),
    [("Rotate the keys, assigned to Judy", "Rotate the keys", "Judy"),
     ("Rotate the keys (owned by the SRE team)", "Rotate the keys", "the SRE team"),
     ("Rotate the keys. Owned by Platform team.", "Rotate the keys", "Platform team"),
     ("Rotate the keys - assigned to @judy, @kim", "Rotate the keys", "judy, kim"),
     ("Rotate the keys (lead: Rae)", "Rotate the keys", "Rae"),
     ("Rotate the keys. Owned by: Rae", "Rotate the keys", "Rae"),
     # in the sentence or naming no one, the words stay in the text
     ("Work on the keys was assigned to Judy yesterday", "Work on the keys was assigned to Judy yesterday", None),
     ("Move the keys assigned to Monitoring", "Move the keys assigned to Monitoring", None),
     ("Rotate the keys owned by the platform", "Rotate the keys owned by the platform", None)],
)  # fmt: skip
def test_an_owner_told_in_words(text: str, clean: str, owner: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.owner) == (clean, owner)


def test_an_owner_told_in_words_on_a_child_line() -> None:
    body = "- Add write-ahead log archiving\n  - Assigned to Judy\n- Add a lag alert\n"
    assert [(i.text, i.owner) for i in read_postmortem(HEAD + body).items] == [
        ("Add write-ahead log archiving", "Judy"), ("Add a lag alert", None)]


OWNER_WORDS_GROWTH: dict[str, Callable[[int], str]] = {
    "owners told in words": lambda size: "Rotate " + "keys assigned to Judy owned by Kim " * (size // 35),
    "names after assigned to": lambda size: "Rotate keys, assigned to " + "Judy " * (size // 5) + "x",
    "brackets of names with what is open": lambda size: "Move the lock " + "[CHRIS to clarify] " * (size // 19),
}


@pytest.mark.parametrize("build", list(OWNER_WORDS_GROWTH.values()), ids=list(OWNER_WORDS_GROWTH))
def test_reading_owners_told_in_words_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: extract_fields(text), build)


@pytest.mark.parametrize(
    ("text", "owner"),
    [("Attempt to fix the lagging replica", None),
     ("Encourage DOI Registrars to point members at the proxy", None),
     ("Needless to say, the breach would not have happened", None),
     ("Useful to have a second mirror", None),
     ("Access to these networks will be via the jump hosts", None),
     ("Migration to our new cluster by the platform team", None),
     ("ICL to upgrade the relayer before the next upgrade", "ICL"),
     ("Mable to rotate the broker keys", "Mable"),
     ("The storage team will no longer keep every snapshot", "The storage team")],
)  # fmt: skip
def test_a_verb_or_an_adjective_before_to_or_a_determiner_after_it_names_no_owner(text: str,
                                                                                 owner: str | None) -> None:
    assert owner_prefix(text)[0] == owner


@pytest.mark.parametrize(
    ("text", "clean", "owner", "status"),
    [("Bind every account to its address (shipped, #67)", "Bind every account to its address", None, "shipped"),
     ("[Deployed] Add a lag alert on the queue", "Add a lag alert on the queue", None, "Deployed"),
     ("Add a lag alert on the queue (merged, P2)", "Add a lag alert on the queue", None, "merged"),
     ("Add a lag alert on the queue (Shipped)", "Add a lag alert on the queue (Shipped)", None, None),
     ("Add a lag alert on the queue (fred, P2)", "Add a lag alert on the queue", "fred", None),
     ("[jared] Add a lag alert on the queue", "Add a lag alert on the queue", "jared", None),
     # a time word in a leading tag says when, not who
     ("(Longer-term) Mirror the toolchain sources", "(Longer-term) Mirror the toolchain sources", None, None),
     ("[Near term] Mirror the toolchain sources", "[Near term] Mirror the toolchain sources", None, None),
     ("[Platform team] Mirror the toolchain sources", "Mirror the toolchain sources", "Platform team", None)],
)  # fmt: skip
def test_a_past_form_or_a_time_word_in_a_bracket_names_no_owner(text: str, clean: str, owner: str | None,
                                                               status: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.owner, fields.status) == (clean, owner, status)


def test_an_owner_cell_left_to_fill_in_names_no_one() -> None:
    table = ("| Action item | Owner |\n|---|---|\n| Write the release process | ??? |\n"
             "| Remove the early build from the stores | Andre |\n")
    assert [(i.text, i.owner) for i in read_postmortem(HEAD + table).items] == [
        ("Write the release process", None), ("Remove the early build from the stores", "Andre")]


@pytest.mark.parametrize(
    ("text", "clean", "owner"),
    [("Possibly move the lock to the cache [CHRIS to clarify]", "Possibly move the lock to the cache", "CHRIS"),
     ("Move the lock to the cache (NATHAN, to confirm)", "Move the lock to the cache", "NATHAN"),
     ("Move the lock to the cache (NATHAN, GIORGIO to confirm)", "Move the lock to the cache", "NATHAN, GIORGIO"),
     # not names in capitals: a phrase, or an acronym, with what is still to do
     ("Move the lock to the cache (Ready to ship)", "Move the lock to the cache (Ready to ship)", None),
     ("Move the lock to the cache (AWS to decide)", "Move the lock to the cache (AWS to decide)", None)],
)  # fmt: skip
def test_an_owner_in_capitals_with_what_is_open_about_it(text: str, clean: str, owner: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.owner) == (clean, owner)
