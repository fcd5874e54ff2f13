"""To-do entries written in other languages: the infinitive opening a Romance, Scandinavian or
Slavic entry, the infinitive closing a German or Dutch one, a noun of change closing a
Japanese or Korean one, a verb of change opening a Chinese one. A part whose heading names
nothing, after the story of the incident, is a list of follow-ups when its entries are such
to-dos, as it is when they are English instructions; steps of the response told as done and
English entries that merely look like an infinitive stay what they are."""

from __future__ import annotations

import pytest

from syncer.commitments import is_commitment
from syncer.foreign_instructions import foreign_instruction
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

TO_DO = {
    "Spanish": "Añadir una alerta de uso de disco",
    "Portuguese": "Adicionar alertas de conexões",
    "French": "Ajouter une alerte sur l'usage disque",
    "Italian": "Aggiornare il runbook di ripristino",
    "German, infinitive last": "Alarm für die Plattenbelegung einrichten",
    "German, separable prefix": "Logrotation überarbeiten",
    "Dutch": "Runbook bijwerken",
    "Norwegian": "Legge til varsling for diskbruk",
    "Swedish": "Lägga till larm för anslutningar",
    "Polish": "Dodać alert zajętości dysku",
    "Czech": "Přidat upozornění na zaplnění disku",
    "Russian": "Добавить алерт на заполнение диска",
    "Ukrainian": "Налаштувати ротацію логів",
    "Japanese, dictionary form": "ディスク使用率の監視アラートを追加する",
    "Japanese, noun of change": "障害対応手順書の整備",
    "Japanese, -化": "バックアップ取得の自動化",
    "Korean": "복구 절차 문서화",
    "Chinese": "编写恢复操作手册",
    "Chinese, disposal": "把 cron 从统一整点改成分散分钟",
}
NOT_TO_DO = {
    "English noun like an infinitive": "Installer fails on ARM hosts",
    "English sentence": "Server crashed at noon",
    "German nominalised": "Fehler beim Einrichten",
    "German with a finite verb": "Die Platte wurde voll und wir mussten aufräumen",
    "Russian noun in -ость": "Скорость записи упала",
    "Japanese, done": "ログの保存期間を変更しました",
    "Japanese, temporary": "一時的にコネクション上限を変更",
    "Japanese, restart carried out": "サーバーの再起動を実施",
    "Korean, restart carried out": "서버 재시작 진행",
    "Korean, done": "모니터링 추가 완료",
    "Chinese, done": "已增加监控告警",
    "Chinese, temporary": "临时调大连接池上限",
}


@pytest.mark.parametrize("text", list(TO_DO.values()), ids=list(TO_DO))
def test_a_to_do_in_another_language_commits(text: str) -> None:
    assert foreign_instruction(text)
    assert is_commitment(text, weak=False)


@pytest.mark.parametrize("text", list(NOT_TO_DO.values()), ids=list(NOT_TO_DO))
def test_what_only_looks_like_one_does_not(text: str) -> None:
    assert not is_commitment(text, weak=False)


_STORY = {
    "ja": ("# 障害報告\n\n## 概要\n\nバッチが停止しました。\n\n## 原因\n\nディスクが一杯になったため。\n\n", "## 恒久対応\n\n"),
    "es": ("# Informe\n\n## Resumen\n\nEl servicio cayó.\n\n## Causa raíz\n\nEl disco se llenó.\n\n", "## Qué haremos\n\n"),
    "de": ("# Bericht\n\n## Zusammenfassung\n\nDer Dienst fiel aus.\n\n## Ursache\n\nDie Platte war voll.\n\n",
           "## Wie geht es weiter\n\n"),
    "ko": ("# 장애 보고서\n\n## 요약\n\n서비스가 중단되었습니다.\n\n## 원인\n\n디스크가 가득 찼습니다.\n\n", "## 앞으로\n\n"),
    "ru": ("# Отчёт\n\n## Резюме\n\nСервис упал.\n\n## Причина\n\nДиск заполнился.\n\n", "## Дальше\n\n"),
    "zh": ("# 故障报告\n\n## 概述\n\n服务中断。\n\n## 原因\n\n磁盘写满。\n\n", "## 后面怎么做\n\n"),
}
PARTS_OF_TO_DOS = {
    "ja": ["ディスク使用率の監視アラートを追加する", "ログのローテーション設定の見直し", "障害対応手順書の整備"],
    "es": ["Añadir una alerta de uso de disco", "Revisar la rotación de logs", "Documentar el procedimiento de recuperación"],
    "de": ["Alarm für die Plattenbelegung einrichten", "Logrotation überarbeiten", "Wiederherstellungsprozess dokumentieren"],
    "ko": ["디스크 사용률 알림 추가", "로그 로테이션 설정 개선", "복구 절차 문서화"],
    "ru": ["Добавить алерт на заполнение диска", "Настроить ротацию логов", "Описать процедуру восстановления"],
    "zh": ["增加磁盘使用率告警", "优化日志轮转配置", "编写恢复操作手册"],
}


@pytest.mark.parametrize("language", list(PARTS_OF_TO_DOS))
def test_a_part_named_by_nothing_listing_to_dos_holds_the_items(language: str) -> None:
    story, heading = _STORY[language]
    entries = PARTS_OF_TO_DOS[language]
    text = story + heading + "".join(f"- {entry}\n" for entry in entries)
    assert [item.text for item in read_postmortem(text).items] == entries


PARTS_OF_STEPS_TAKEN = {
    "ja": ["不要なログを削除しました", "バッチを再起動しました", "サービスの復旧を確認しました"],
    "es": ["Reiniciamos los servidores", "Borramos los logs antiguos", "Confirmamos la recuperación"],
    "zh": ["重启了应用服务器", "临时调大了连接池上限", "暂停了批处理任务"],
}


@pytest.mark.parametrize("language", list(PARTS_OF_STEPS_TAKEN))
def test_a_part_listing_the_steps_of_the_response_holds_none(language: str) -> None:
    story, heading = _STORY[language]
    text = story + heading + "".join(f"- {entry}\n" for entry in PARTS_OF_STEPS_TAKEN[language])
    assert not read_postmortem(text).items


def test_reading_a_to_do_is_linear() -> None:
    assert_linear(foreign_instruction, lambda size: "Logrotation " * (size // 12) + "einrichten")
    assert_linear(foreign_instruction, lambda size: "監視の" * (size // 3) + "追加")
