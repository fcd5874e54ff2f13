"""Action tables written in Japanese, Chinese or Korean: a cell of a script without spaces is a
phrase when it reads as several words ("メモリ監視の追加"), not one word because it has no space,
so the table's rows are items; and a header that opens or closes with a field's name
("担当者名", "対応期限", "负责团队") holds that field."""

from __future__ import annotations

import pytest

from syncer.field_names import column_role
from syncer.foreign_fields import cjk_column_role
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

TABLES = {
    "Japanese": (
        "# 障害報告\n\n## 再発防止策\n\n| 対策 | 担当者名 | 対応期限 |\n|---|---|---|\n"
        "| メモリ監視の追加 | 田中 | 2024-06-30 |\n| 障害対応手順書の更新 | 佐藤 | 2024-07-15 |\n",
        [("メモリ監視の追加", "田中", "2024-06-30"), ("障害対応手順書の更新", "佐藤", "2024-07-15")],
    ),
    "Chinese": (
        "# 故障复盘\n\n## 改进措施\n\n| 措施 | 负责团队 | 完成时间 |\n|---|---|---|\n"
        "| 增加连接数监控告警 | 运维组 | 2024-06-30 |\n| 优化慢查询 | 数据库组 | 2024-07-15 |\n",
        [("增加连接数监控告警", "运维组", "2024-06-30"), ("优化慢查询", "数据库组", "2024-07-15")],
    ),
}


@pytest.mark.parametrize(("text", "items"), list(TABLES.values()), ids=list(TABLES))
def test_the_rows_of_an_action_table_without_spaces_are_items(text: str, items: list[tuple[str, str, str]]) -> None:
    assert [(item.text, item.owner, item.due_text) for item in read_postmortem(text).items] == items


def test_a_table_of_names_is_still_no_table_of_actions() -> None:
    text = "# 障害報告\n\n## 再発防止策\n\n| サーバー | 役割 |\n|---|---|\n| db1 | 主 |\n| db2 | 副 |\n"
    assert not read_postmortem(text).items


HEADERS = {
    "担当者名": "owner", "担当チーム": "owner", "対応者": "owner", "负责团队": "owner", "담당 부서": "owner",
    "対応期限": "due", "完了予定日": "due", "완료 예정일": "due", "進捗": "status", "진행 상황": "status",
    "チケット": "ref", "工单": "ref", "対策内容": None, "期限・担当": None,
}


@pytest.mark.parametrize(("header", "role"), list(HEADERS.items()), ids=list(HEADERS))
def test_a_header_named_by_its_first_or_last_word(header: str, role: str | None) -> None:
    assert column_role(header) == role


def test_reading_a_header_is_linear() -> None:
    assert_linear(cjk_column_role, lambda size: "担当" * (size // 2))
