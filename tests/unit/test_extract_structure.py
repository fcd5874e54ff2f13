"""Document structure and what items inherit from it: the priority a sub-heading or label
over a group of items rates them with, as written, beside the group's time frame; a parent
entry over children that restate its work; sub-headings naming when or how urgently."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.fields import extract_fields
from syncer.heading_items import names_group
from syncer.item_priority import group_priority, priority_value
from syncer.restated_details import restated
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

HEAD = "# Outage\n\n## Summary\n\nThe API was down.\n\n## Action items\n\n"


def _fields(body: str) -> list[tuple[str, str | None, str | None]]:
    return [(i.text, i.raw_priority, i.due_text) for i in read_postmortem(HEAD + body, "pm.md").items]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a bare rating as the sub-heading over its group
        ("### High\n\n- Add a disk alert on the hosts\n\n### Low\n\n- Tidy the cache dashboards\n",
         [("Add a disk alert on the hosts", "High", None), ("Tidy the cache dashboards", "Low", None)]),
        ("#### Critical\n\n1. Rotate the leaked deploy token\n\n#### Medium\n\n1. Write the failover runbook\n",
         [("Rotate the leaked deploy token", "Critical", None), ("Write the failover runbook", "Medium", None)]),
        # the rating beside the group's time frame, decorated
        ("### 🔴 High Priority (1 week)\n\n1. **Fix the restart policy**\n\n### 🟢 Low priority (3 months)\n\n"
         "2. **Add a staging environment** - test upgrades first\n",
         [("Fix the restart policy", "High", "1 week"),
          ("Add a staging environment - test upgrades first", "Low", "3 months")]),
        ("### Medium priority - by 2026-03-01\n\n- Alert on queue depth\n",
         [("Alert on queue depth", "Medium", "2026-03-01")]),
        # a number keeps its label: alone it says nothing
        ("### Priority 2\n\n- Document the login dependencies\n", [("Document the login dependencies", "Priority 2", None)]),
        # a topic is no rating
        ("### Monitoring\n\n- Add the latency alert\n", [("Add the latency alert", None, None)]),
    ],
)  # fmt: skip
def test_a_sub_heading_rating_its_group_passes_the_rating_on(
    body: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert _fields(body) == expected


@pytest.mark.parametrize(
    ("text", "clean", "priority"),
    [("**Pre-commit Hooks** (Priority: HIGH)", "**Pre-commit Hooks**", "HIGH"),
     ("Rotate the keys [priority: low]", "Rotate the keys", "low"),
     ("Rotate the keys (Priority 1)", "Rotate the keys", "Priority 1"),
     ("Rotate the keys (P1)", "Rotate the keys", "P1")],
)  # fmt: skip
def test_the_priority_is_the_rating_without_the_word_priority(text: str, clean: str, priority: str) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.raw_priority) == (clean, priority)


@pytest.mark.parametrize(
    ("title", "priority"),
    [("High", "High"), ("very high", "very high"), ("Low Priority", "Low"), ("Priority: Medium", "Medium"),
     ("P0", "P0"), ("Priority 3 items", "Priority 3"), ("Highlights", None), ("High availability", None),
     ("Lower the timeouts", None), ("", None)],
)  # fmt: skip
def test_group_priority(title: str, priority: str | None) -> None:
    assert group_priority(title) == priority


def test_priority_value_keeps_what_is_no_rating() -> None:
    assert priority_value(None) is None
    assert priority_value("priority") == "priority"
    assert priority_value("Sev2") == "Sev2"


def _texts(body: str) -> list[tuple[str, str | None]]:
    return [(i.text, i.raw_priority) for i in read_postmortem(HEAD + body, "pm.md").items]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # children that take up the parent's words say how to do its work: the parent is the item
        ("1. **Health check hardening**\n   - the main API endpoints in the health check, not only /health\n"
         "   - the migration state in the health check\n",
         ["Health check hardening"]),
        ("- Rotate the deploy secrets monthly\n  - Rotate each secret on the first Monday\n"
         "  - Alert when a secret is older than 90 days\n",
         ["Rotate the deploy secrets monthly"]),
        ("- Failover runbook\n  - rollback steps for the failover\n  - restore steps after a failover\n",
         ["Failover runbook"]),
        ("1. **ヘルスチェックの強化**\n   - 主要APIエンドポイントもチェック\n   - マイグレーション状態をヘルスチェックに含める\n"
         "2. **docker-compose.prod.ymlの使用を徹底**\n   - デプロイスクリプトに本番用composeファイルを固定\n"
         "   - 開発用composeファイルを本番サーバーに置かない\n",
         ["ヘルスチェックの強化", "docker-compose.prod.ymlの使用を徹底"]),
        # children that each bring work of their own: the parent groups them
        ("1. **Monitoring**\n   - Set up alerts for unusual API usage\n   - Run quarterly security audits\n",
         ["Set up alerts for unusual API usage", "Run quarterly security audits"]),
        # a topic over commitments each complete on its own groups them, whatever words they share
        ("- Database backups\n  - Add hourly backups of the user database\n  - Run a monthly restore of the user database\n",
         ["Add hourly backups of the user database", "Run a monthly restore of the user database"]),
        # a parent written as a label introduces its children, whatever words they share
        ("1. **Dual monitoring system**:\n   - Direct node metrics monitoring\n   - Performance monitoring via the API\n",
         ["Direct node metrics monitoring", "Performance monitoring via the API"]),
    ],
)  # fmt: skip
def test_children_restating_the_parent_are_its_details(body: str, expected: list[str]) -> None:
    assert [text for text, _ in _texts(body)] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a time frame as a sub-heading is when its group is done, not an item
        ("### Before Next Upgrade\n\n**Pre-upgrade checklist:**\n\n```bash\napt list --upgradable\n```\n\n"
         "### Fix the restart policy\n\nUse restart: always.\n",
         [("Fix the restart policy", None)]),
        # the ranks of a must/should list rate their group
        ("### Must do\n\n- Gate deploys on the smoke test\n\n### Nice to have\n\n- Colour the deploy log output\n",
         [("Gate deploys on the smoke test", "Must do"), ("Colour the deploy log output", "Nice to have")]),
    ],
)  # fmt: skip
def test_a_sub_heading_naming_when_or_how_urgent_is_no_item(body: str, expected: list[tuple[str, str | None]]) -> None:
    assert _texts(body) == expected


@pytest.mark.parametrize(
    ("title", "group"),
    [("Before the next upgrade", True), ("By end of Q3", True), ("Within 30 days", True), ("Should have", True),
     ("Nice-to-have", True), ("Next sprint", True), ("This quarter", True), ("Rotate the registry credentials", False),
     ("Next steps", False), ("Following up with the storage vendor", False), ("This incident's lessons", False),
     ("After each deploy, run the smoke test against production hosts", False), ("Byzantine fault tolerance", False)],
)  # fmt: skip
def test_names_group(title: str, group: bool) -> None:
    assert names_group(title) is group


GROWTH: dict[str, Callable[[int], str]] = {
    "one long parent over children": lambda size: "word " * (size // 5),
    "an unspaced run": lambda size: "ヘルスチェックの強化" * (size // 10),
}


@pytest.mark.parametrize("build", GROWTH.values(), ids=GROWTH.keys())
def test_reading_restated_details_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: restated(text, [text, text[::-1]]), build)
