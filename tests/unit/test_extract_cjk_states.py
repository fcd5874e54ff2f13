"""A retrospective's findings in Japanese or Korean ("アラートの閾値が高すぎた", "연락 체계가
모호했다") tell how things stood, as "The runbook was outdated" does: no items even under a
heading naming improvements, while a change told in the past stays a follow-up made."""

from __future__ import annotations

import pytest

from syncer.cjk_states import cjk_state_told
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

STATES = {
    "Japanese adjective": "手順書が古かった",
    "Japanese verb": "アラートの閾値が高すぎた",
    "Japanese copula": "夜間の連絡体制が曖昧だった",
    "Japanese polite": "初動の判断に時間がかかりました。",
    "Korean": "야간 연락 체계가 모호했다",
    "Korean polite": "알림 임계값이 너무 높았습니다.",
}
CHANGES = {
    "Japanese change made": "監視アラートを追加した",
    "Japanese to-do": "監視アラートを追加する",
    "Korean change made": "모니터링 알림을 추가했다",
    "English": "The runbook was outdated",
}


@pytest.mark.parametrize("text", list(STATES.values()), ids=list(STATES))
def test_a_state_told_in_the_past_is_a_finding(text: str) -> None:
    assert cjk_state_told(text)


@pytest.mark.parametrize("text", list(CHANGES.values()), ids=list(CHANGES))
def test_a_change_is_not(text: str) -> None:
    assert not cjk_state_told(text)


def test_findings_under_a_heading_of_improvements_are_no_items() -> None:
    text = ("# 障害報告\n\n## 原因\n\nメモリ上限が低すぎた。\n\n## 改善点\n\n"
            "- アラートの閾値が高すぎた\n- 手順書が古かった\n- 監視アラートを追加した\n")
    assert [item.text for item in read_postmortem(text).items] == ["監視アラートを追加した"]


def test_reading_a_state_is_linear() -> None:
    assert_linear(cjk_state_told, lambda size: "古かった" * (size // 4))
