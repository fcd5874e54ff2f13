"""Promises written in Russian and Ukrainian, and Korean notices: a team's future or intention
("Мы планируем …", "Ми плануємо …", "… будут переписаны", "… будуть розроблятися"), held to
the limits of any promise (no update, apology or restoring service); Korean sentences, which
end at a stop after a syllable and open with a mark ("〇 …"), each read on their own, and a
Korean change made against a recurrence ("재발 방지를 위해 …하였고")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.cyrillic_promises import cyrillic_promise
from syncer.foreign_promises import foreign_done_follow_up
from syncer.prose import sentences
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

PROMISES = {
    "ru: мы планируем": "Мы планируем перенести все публичные сервисы на новый сервер.",
    "ru: мы также будем": "Мы также будем проверять резервные копии каждую неделю.",
    "ru: passive future": "Конфигурация балансировщика будет переписана с нуля.",
    "ru: планируется": "Планируется добавить оповещение о заполнении диска.",
    "uk: ми плануємо": "Ми плануємо мігрувати всі публічні сервіси на новий сервер у майбутньому.",
    "uk: reflexive future": "Ці модулі видалено з репозиторію, і вони будуть розроблятися в іншому місці.",
    "uk: ми працюємо над": "Ми працюємо над автоматичним перемиканням на резервний канал.",
}  # fmt: skip
NOT_PROMISES = {
    "ru: an update": "Мы будем сообщать о ходе работ на этой странице.",
    "ru: restoring service": "Мы будем восстанавливать сервисы по одному.",
    "uk: an apology": "Ми просимо вибачення за незручності.",
    "uk: watching on": "Ми будемо стежити за ситуацією найближчі години.",
    "ru: the story": "Мы перезагрузили сервер в 10:45.",
    "uk: a decision of the response": "Ми вирішили використати інший сервер.",
}  # fmt: skip


@pytest.mark.parametrize("sentence", list(PROMISES.values()), ids=list(PROMISES))
def test_cyrillic_promises(sentence: str) -> None:
    assert cyrillic_promise(sentence)


@pytest.mark.parametrize("sentence", list(NOT_PROMISES.values()), ids=list(NOT_PROMISES))
def test_cyrillic_sentences_that_promise_no_change(sentence: str) -> None:
    assert not cyrillic_promise(sentence)


def test_a_cyrillic_sentence_begins_after_a_stop_before_its_capital() -> None:
    text = "Далі ми перевстановили ОС. Ми плануємо мігрувати всі сервіси на новий сервер."
    assert sentences(text) == ["Далі ми перевстановили ОС.", "Ми плануємо мігрувати всі сервіси на новий сервер."]


def test_a_ukrainian_promise_in_a_story_paragraph_is_an_item() -> None:
    pm = read_postmortem(
        "# Аналіз інциденту\n\n## Хронологія інциденту\n\n- 09:35 Сервер відключено від мережі.\n\n"
        "## Відновлення сервісів\n\nДалі ми перевстановили ОС та встановили ім'я хоста 'beryllium'. "
        "Ми плануємо мігрувати всі публічні сервіси на 'beryllium' у майбутньому.\n"
    )
    assert [item.text for item in pm.items] == ["Ми плануємо мігрувати всі публічні сервіси на 'beryllium' у майбутньому"]


KOREAN_NOTICE = (
    "온라인 수강신청 장애 발생에 대한 조사결과 보고\n"
    "〇 장애가 발생한 그 당시 접속자의 급격한 증가로 서버 다운이 발생\n하였습니다.\n"
    "〇 후속 조치로 재발 방지를 위해 담당자 회의를 실시하였고, 접수일자를 분리하여 접수토록 정하였고,\n"
    "〇 또한 원활한 접속을 위해 시스템 다중화 등 지속적인 업그레이드를\n실시할 예정임을 알려드립니다.\n"
    "〇 다시 한번 불편을 끼쳐드린 점 진심으로 사과를 드립니다.\n"
)


def test_korean_sentences_end_at_a_stop_after_a_syllable_and_open_at_a_mark() -> None:
    assert sentences("서버 다운이 발생하였습니다. 〇 재발 방지를 위해 회의를 실시하였고, 〇 업그레이드를 실시할 예정입니다.") == [
        "서버 다운이 발생하였습니다.", "〇 재발 방지를 위해 회의를 실시하였고,", "〇 업그레이드를 실시할 예정입니다.",
    ]  # fmt: skip


def test_a_korean_notice_paragraph_gives_its_follow_ups() -> None:
    texts = [item.text for item in read_postmortem(KOREAN_NOTICE).items]
    assert texts == [
        "〇 후속 조치로 재발 방지를 위해 담당자 회의를 실시하였고, 접수일자를 분리하여 접수토록 정하였고",
        "〇 또한 원활한 접속을 위해 시스템 다중화 등 지속적인 업그레이드를 실시할 예정임을 알려드립니다",
    ]


@pytest.mark.parametrize(
    ("sentence", "done"),
    [("재발 방지를 위해 접수 방식을 변경했습니다.", True), ("후속 조치로 회의를 실시하였고,", True),
     ("서버 다운이 발생하였습니다.", False), ("서비스를 복구하였습니다.", False)],
)  # fmt: skip
def test_a_korean_change_made_against_a_recurrence(sentence: str, done: bool) -> None:
    assert foreign_done_follow_up(sentence) is done


GROWTH: dict[str, Callable[[int], str]] = {
    "Cyrillic words without a stop": lambda size: "мы будем " * (size // 9),
    "Korean syllables and marks": lambda size: "〇 재발 방지 하였 " * (size // 12),
}


@pytest.mark.parametrize("build", list(GROWTH.values()), ids=list(GROWTH))
def test_reading_these_languages_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: read_postmortem("# Outage\n\n## Summary\n\n" + text), build)


@pytest.mark.parametrize(
    ("body", "done"),
    [(KOREAN_NOTICE, [True, False]),
     ("# 障害報告\n\n## 概要\n\nサーバが停止しました。\n\n## 原因\n\nディスクが一杯でした。\n\n"
      "再発防止として、ディスク使用率の監視を追加しました。\n", [True])],
)  # fmt: skip
def test_a_change_made_against_a_recurrence_is_done(body: str, done: list[bool]) -> None:
    assert [item.done for item in read_postmortem(body).items] == done
