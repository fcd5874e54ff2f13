"""Plans told in other languages without a future tense: a decision the team has taken, the
German modal passive of a change to be made, the Chinese progressive of work under way; and a
German compound naming a notification system is the thing changed, not a promise to notify."""

from __future__ import annotations

import pytest

from syncer.commitments import is_promise
from syncer.foreign_plans import chinese_under_way, latin_plan
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

PLANS = {
    "French decision": "Nous avons décidé de changer de serveur.",
    "French choice": "Nous avons donc choisi d'héberger les sauvegardes ailleurs.",
    "Spanish decision": "Hemos decidido migrar la base de datos a otro proveedor.",
    "Portuguese decision": "Decidimos separar o banco de dados do servidor web.",
    "Italian decision": "Abbiamo deciso di spostare i backup su un altro datacenter.",
    "German decision": "Wir haben beschlossen, die Backups künftig zu verschlüsseln.",
    "German decision, inverted": "Deshalb haben wir uns entschieden, einen zweiten Provider einzubinden.",
    "Dutch decision": "We hebben besloten om de back-ups te versleutelen.",
    "German modal passive": "Zusätzlich soll auf zwei Gateways komplett auf VPN-Anbieter verzichtet werden.",
    "German modal passive, plural": "Die Zertifikate sollen automatisch erneuert werden.",
    "German compound of notification": "Um das zu vermeiden, werden wir unser Benachrichtigungssystem robuster gestalten.",
    "Chinese under way": "我们也在积极评估方案，以避免此类事件再次发生。",
    "Chinese team under way": "运维团队正在推进数据库的主从切换改造。",
}
NOT_PLANS = {
    "French decision to restart": "Nous avons décidé de redémarrer le serveur.",
    "German decision to restore": "Wir haben beschlossen, das Backup wiederherzustellen.",
    "German wish about the past": "Der Server sollte eigentlich neu gestartet werden.",
    "German promise to notify": "Wir werden Sie benachrichtigen, sobald der Dienst läuft.",
    "Chinese investigation under way": "我们正在排查原因。",
    "Chinese work done": "我们在上周已完成了迁移。",
}


@pytest.mark.parametrize("sentence", list(PLANS.values()), ids=list(PLANS))
def test_a_plan_told_without_a_future_is_a_promise(sentence: str) -> None:
    assert is_promise(sentence)


@pytest.mark.parametrize("sentence", list(NOT_PLANS.values()), ids=list(NOT_PLANS))
def test_the_live_event_and_the_past_are_not(sentence: str) -> None:
    assert not is_promise(sentence)


def test_a_decision_in_a_notice_is_its_item() -> None:
    text = ("# Panne du serveur\n\nLe site a été indisponible deux jours à cause d'attaques répétées. "
            "Nous avons décidé de changer d'hébergeur. Merci de votre patience.\n")
    assert [item.text for item in read_postmortem(text).items] == ["Nous avons décidé de changer d'hébergeur"]


def test_reading_a_plan_is_linear() -> None:
    assert_linear(latin_plan, lambda size: "soll " + "Gateway " * (size // 8))
    assert_linear(chinese_under_way, lambda size: "我们" * (size // 2))
