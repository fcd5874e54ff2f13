"""Fields parted from the action and from each other by the marks authors put between them: a
label that opens the item with the action after a dash, " / " between labels, full-width
brackets and punctuation, a deadline as the last dash-set part, and deadline columns headed in
other languages.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.field_names import clean_value, column_role
from syncer.fields import extract_fields
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

HEAD = "# Outage\n\n## Summary\n\nThe API was down.\n\n## Action items\n\n"


def _fields(line: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(i.text, i.owner, i.due_text, i.ref) for i in read_postmortem(HEAD + line + "\n").items]


@pytest.mark.parametrize(
    ("line", "text", "owner"),
    [("- **Owner:** Pat — Rotate the certificates", "Rotate the certificates", "Pat"),
     ("- Owner: @kim - rotate the deploy keys", "rotate the deploy keys", "kim"),
     ("- Assignee: SRE team – Add a disk usage alert", "Add a disk usage alert", "SRE team"),
     ("- **DRI:** Bob Smith — Document the failover. Due: 2026-06-01", "Document the failover", "Bob Smith")],
)  # fmt: skip
def test_an_owner_label_opening_the_item_keeps_the_action(line: str, text: str, owner: str) -> None:
    assert [(i.text, i.owner) for i in read_postmortem(HEAD + line + "\n").items] == [(text, owner)]


@pytest.mark.parametrize(
    ("text", "owner"),
    [("Owner: Alice - Bob", "Alice - Bob"),  # two people, no action after them
     ("Add the disk alert. Owner: Alice - Bob", "Alice - Bob")],
)  # fmt: skip
def test_a_dash_between_names_stays_in_the_owner(text: str, owner: str) -> None:
    assert extract_fields(text).owner == owner


@pytest.mark.parametrize(
    ("line", "expected"),
    [("- Tune checkpoints / Owner: Nora / Due: Q3", ("Tune checkpoints", "Nora", "Q3", None)),
     ("- Add retries / Due: 2026-07-01 / Owner: @li", ("Add retries", "li", "2026-07-01", None)),
     ("- Shard the queue / Owner: Ops team / Ticket: OPS-9", ("Shard the queue", "Ops team", None, "OPS-9")),
     # a slash inside a value or the action stays
     ("- Move TCP/UDP probes. Owner: Dev/Ops", ("Move TCP/UDP probes", "Dev/Ops", None, None))],
)  # fmt: skip
def test_a_slash_between_labelled_fields_parts_them(line: str, expected: tuple[str, ...]) -> None:
    assert _fields(line) == [expected]


@pytest.mark.parametrize(
    ("line", "expected"),
    [("- 監視を追加する（担当：田中、期限：6月末）", ("監視を追加する", "田中", "6月末", None)),
     ("- 增加磁盘告警（负责人：王伟，截止：2026-06-30）", ("增加磁盘告警", "王伟", "2026-06-30", None)),
     ("- バックアップを検証する【担当：佐藤】", ("バックアップを検証する", "佐藤", None, None)),
     ("- Add a disk alert（owner: kim, due: Q3）", ("Add a disk alert", "kim", "Q3", None))],
)  # fmt: skip
def test_fields_in_full_width_brackets(line: str, expected: tuple[str, ...]) -> None:
    assert _fields(line) == [expected]


@pytest.mark.parametrize(
    ("value", "clean"),
    [("6月末）", "6月末"), ("（田中）", "田中"), ("【SRE】", "SRE"), ("月末（予定）", "月末（予定）")],
)  # fmt: skip
def test_a_full_width_bracket_at_a_values_edge(value: str, clean: str) -> None:
    assert clean_value(value) == clean


@pytest.mark.parametrize(
    ("line", "expected"),
    [("- Fix DNS - https://example.com/issues/4 - @dan - 2024-05-01",
      ("Fix DNS", "dan", "2024-05-01", "https://example.com/issues/4")),
     ("- Fix DNS - @dan - May 3", ("Fix DNS", "dan", "May 3", None)),
     ("- Add a canary stage | Q3", ("Add a canary stage", None, "Q3", None)),
     ("- Rotate keys — OPS-12 — 2026-09-30", ("Rotate keys", None, "2026-09-30", "OPS-12")),
     # a day without a number may be anyone's name; words that are no deadline stay
     ("- Add the disk alert - Friday", ("Add the disk alert - Friday", None, None, None)),
     ("- Upgrade the client - v2 to v3", ("Upgrade the client - v2 to v3", None, None, None))],
)  # fmt: skip
def test_a_deadline_as_the_last_dash_set_part(line: str, expected: tuple[str, ...]) -> None:
    assert _fields(line) == [expected]


@pytest.mark.parametrize(
    "header", ["Termin", "Zieltermin", "Termín", "Délai", "Date prévue", "Fecha prevista", "Streefdatum", "Termijn"]
)
def test_deadline_columns_headed_in_other_languages(header: str) -> None:
    assert column_role(header) == "due"
    table = f"| Maßnahme | Verantwortlich | {header} |\n|---|---|---|\n| Monitoring erweitern | Anna | bald |\n"
    assert [(i.text, i.due_text) for i in read_postmortem(HEAD + table).items] == [("Monitoring erweitern", "bald")]


SEPARATOR_GROWTH: dict[str, Callable[[int], str]] = {
    "dashes": lambda size: "a - " * (size // 4),
    "dashes before a date": lambda size: "a - " * (size // 4) + "2024-05-01",
    "owner then dashes": lambda size: "Owner: " + "a - " * (size // 4),
    "slashes between labels": lambda size: "a / Owner: b " * (size // 13),
    "full-width brackets": lambda size: "（担当：a" * (size // 6),
}


@pytest.mark.parametrize("build", list(SEPARATOR_GROWTH.values()), ids=list(SEPARATOR_GROWTH))
def test_reading_separators_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: (clean_value(text), extract_fields(text)), build)
