"""Lists written in Japanese or Chinese, where words are not spaced: a parent entry that names
one change is as long as its words, not one word, so its details stay details (as an English
"Run migrations explicitly" over its steps is one item), while a short label still groups the
changes under it."""

from __future__ import annotations

import pytest

from syncer.cjk_words import word_count
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

WORD_COUNTS = {
    "English": ("Run migrations explicitly", 3),
    "Japanese noun of change": ("ヘルスチェックの強化", 5),
    "Japanese label": ("監視", 1),
    "Chinese": ("完善监控告警", 3),
    "mixed": ("docker-compose.prod.ymlの使用を徹底", 4),
    "Korean spaces its words": ("백업 절차 개선", 3),
}


@pytest.mark.parametrize(("text", "count"), list(WORD_COUNTS.values()), ids=list(WORD_COUNTS))
def test_words_of_a_script_without_spaces_are_counted(text: str, count: int) -> None:
    assert word_count(text) == count


PARENTS_WITH_DETAILS = {
    "Japanese, numbered bold parents": (
        "# 障害報告\n\n## 再発防止策\n\n"
        "1. **バックアップ取得手順の自動化**\n   - 取得前にディスク容量を確認\n   - 取得後に復元テストを実施\n\n"
        "2. **証明書期限の監視を導入する**\n   - 期限30日前に通知\n   - 更新手順を手順書に記載\n",
        ["バックアップ取得手順の自動化", "証明書期限の監視を導入する"],
    ),
    "Chinese, plain parents": (
        "# 故障复盘\n\n## 改进措施\n\n"
        "- 完善数据库主从切换演练流程\n  - 每季度演练一次\n  - 演练结果记录到文档\n"
        "- 为核心接口增加超时告警\n  - 超时阈值设为三秒\n  - 告警发送到值班群\n",
        ["完善数据库主从切换演练流程", "为核心接口增加超时告警"],
    ),
}


@pytest.mark.parametrize(("text", "items"), list(PARENTS_WITH_DETAILS.values()), ids=list(PARENTS_WITH_DETAILS))
def test_a_parent_naming_one_change_is_the_item(text: str, items: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == items


def test_a_short_label_still_groups_the_changes_under_it() -> None:
    text = "# 障害報告\n\n## 対策\n\n- 監視\n  - ディスク使用率のアラートを追加する\n  - 証明書期限の通知を追加する\n"
    assert [item.text for item in read_postmortem(text).items] == [
        "ディスク使用率のアラートを追加する", "証明書期限の通知を追加する"]


def test_counting_words_is_linear() -> None:
    assert_linear(word_count, lambda size: "強化 の" * (size // 4))
