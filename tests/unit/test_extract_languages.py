"""Commitments and fields written in languages other than English: a promise told with each
language's own future or intention ("Wir werden …", "nous allons …", "implementaremos …",
"対応予定です", "我们将…", "개선하겠습니다"), held to the limits an English promise has (an
update, an apology, restoring service, the next hours); a change made against a recurrence
("再発防止として…に変更しました"); field labels and owners in brackets written in those languages."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.commitments import is_done_follow_up, is_promise
from syncer.fields import extract_fields
from syncer.foreign_fields import closing_owner, foreign_spoken_due
from syncer.foreign_promises import foreign_done_follow_up, foreign_promise, may_promise_abroad
from syncer.prose import promises
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

PROMISES = {
    # German: "wir" with a future or an intention, a fronted time frame, the passive with a frame
    "de: wir werden … erweitern": "Wir werden die Überwachung der Festplatten um einen Alarm bei 80 % erweitern.",
    "de: fronted frame, inverted subject": "Künftig werden wir alle Zertifikate automatisch erneuern.",
    "de: wir planen": "Wir planen, die Datenbank auf einen zweiten Server zu replizieren.",
    "de: es ist geplant": "Es ist geplant, ein zweites Gateway in Frankfurt aufzubauen.",
    "de: passive with a time to come": "Die Konfiguration wird in den kommenden Wochen überarbeitet.",
    "de: modal passive with a plan noun": "Eine neue Lösung soll bis dahin eingeführt werden.",
    # French: "nous allons", the futur simple, "prévoyons de", a future passive
    "fr: nous allons": "Nous allons ajouter une alerte sur l'espace disque.",
    "fr: futur simple": "Nous mettrons en place une sauvegarde quotidienne des bases.",
    "fr: prévoyons de": "Nous prévoyons de migrer le serveur vers un nouveau datacenter.",
    "fr: future passive": "Une supervision des certificats sera mise en place.",
    # Spanish and Portuguese: "vamos a", the future in -remos, "se" with a future, "iremos"
    "es: vamos a": "Vamos a agregar una alerta cuando el disco supere el 80%.",
    "es: future -remos": "Implementaremos pruebas automáticas para las migraciones.",
    "es: se + future": "Se añadirá una validación antes de cada despliegue.",
    "pt: vamos": "Vamos adicionar um alerta de uso de disco.",
    "pt: iremos": "Iremos migrar o banco de dados para um cluster replicado.",
    # Italian and Dutch
    "it: future -remo": "Aggiungeremo un controllo sui certificati in scadenza.",
    "nl: we gaan": "We gaan een extra controle toevoegen aan de deploy.",
    "nl: wij zullen": "Wij zullen de back-ups dagelijks testen.",
    # Japanese: a plan noun, the progressive future, a change verb in the polite present
    "ja: 予定です": "ディスク使用率のアラートを追加する予定です。",
    "ja: していきます": "監視体制を強化していきます。",
    "ja: いたします with a time to come": "今後、障害対応の手順書を整備いたします。",
    "ja: 所存です": "今後はさらなる対策を講じていく所存です。",
    "ja: a wish of the team naming its change": "負荷が続く場合は、スケールアップして対処したいと思います。",
    "ja: a wish told as considered": "証明書の監視を自動化したいと考えております。",
    # Chinese: the team with a future, what comes next, a plan with a date
    "zh: 我们将": "我们将为磁盘使用率增加告警。",
    "zh: 后续将": "后续将把备份改为每日执行。",
    "zh: 计划在": "我们计划在下个月完成数据库迁移。",
    # Korean: a plan, the volitional future
    "ko: 예정입니다": "디스크 사용량 알림을 추가할 예정입니다.",
    "ko: 하겠습니다": "백업 절차를 개선하겠습니다.",
}

NOT_PROMISES = {
    "de: an update promised": "Wir werden euch über den weiteren Verlauf informieren.",
    "de: watching over the next hours": "Wir werden die Situation in den nächsten Stunden weiter beobachten.",
    "de: an apology": "Wir entschuldigen uns für die Unannehmlichkeiten.",
    "de: the past": "Der Server wurde gestern neu gestartet.",
    "de: how load is spread": "Bis dahin kann es zu Einbrüchen kommen, da die Last auf zwei Gateways verteilt wird.",
    "fr: kept informed": "Nous vous tiendrons informés de l'évolution.",
    "fr: service restored": "Le service a été rétabli à 14h.",
    "es: watching on": "Seguiremos monitoreando la situación.",
    "es: able to see": "Podremos ver el problema antes.",
    "es: service back as soon as possible": "Disculpad las molestias, reactivaremos el servicio lo antes posible.",
    "es: this document kept current": "Este documento será actualizado si se detectan nuevas incidencias.",
    "de: working on the fault itself": "Wir arbeiten derzeit an einer Lösung für die Störung.",
    "pt: an apology": "Pedimos desculpas pelo transtorno.",
    "it: an apology": "Ci scusiamo per il disagio.",
    "ja: an apology": "ご迷惑をおかけし申し訳ありません。",
    "ja: restoring service today": "本日中に復旧する予定です。",
    "ja: a restart told": "サーバーを再起動しました。",
    "ja: the polite present telling what a thing does": "新バージョンは IPv6 に対応します。",
    "ja: service resumed": "明日の朝にサービスを再開する予定です。",
    "ja: a purpose worked towards": "再発防止に全力で取り組んでまいります。",
    "ja: a plan naming no change": "詳しい経緯は後日まとめる予定です。",
    "ja: a wish naming no change": "皆様のご意見を伺いたいと思います。",
    "zh: 将 marking the object of a past step": "将服务器放到机房开机之后，发现机器没有活动。",
    "zh: an apology": "对此我们深表歉意。",
    "ko: an apology": "불편을 드려 사과드립니다.",
    "ko: service restored": "서비스가 복구되었습니다.",
    "en: words ending like a French future": "Based on patrons and neurons, the model will grow.",
}


@pytest.mark.parametrize("sentence", list(PROMISES.values()), ids=list(PROMISES))
def test_a_promise_in_another_language_is_a_promise(sentence: str) -> None:
    assert is_promise(sentence)


@pytest.mark.parametrize("sentence", list(NOT_PROMISES.values()), ids=list(NOT_PROMISES))
def test_what_such_a_promise_must_not_be(sentence: str) -> None:
    assert not is_promise(sentence)


DONE = {
    "ja: changed to prevent a recurrence": ("再発防止としてRAID1上のディスクにデータを保存するように変更しました。", True),
    "ja: added against the future": ("今後同様の障害を防ぐため、監視を追加しました。", True),
    "ja: a restart": ("サーバーを再起動しました。", False),
    "zh: changed to prevent a recurrence": ("为防止再次发生，已将备份改为每日执行。", True),
    "zh: a restart": ("已经重启了服务器。", False),
}


@pytest.mark.parametrize(("sentence", "done"), list(DONE.values()), ids=list(DONE))
def test_a_change_made_against_a_recurrence(sentence: str, done: bool) -> None:
    assert is_done_follow_up(sentence) is done


DOCUMENTS = {
    "a German notice: the promises in its prose": (
        "# VPN01 down\n\nSeit gestern ist unser Gateway nicht mehr erreichbar. Er wurde abgeschaltet.\n\n"
        "Eine dauerhafte Lösung des Problems wird in den kommenden Wochen eingeführt. "
        "Wir werden außerdem die Tunnel zwischen den Gateways neu aufbauen.\n",
        ["Eine dauerhafte Lösung des Problems wird in den kommenden Wochen eingeführt",
         "Wir werden außerdem die Tunnel zwischen den Gateways neu aufbauen"],
    ),
    "a Japanese apology: its two commitments, not the apology": (
        "# ディスク障害のお詫び\n\n皆様に多大なご迷惑をおかけして申し訳ございません。"
        "データ消失が確認された方々には個別に御連絡を差し上げる予定です。"
        "また今後の障害でもデータの消失を最小限に留められるよう、バックアップ体制を強化していきます。\n",
        ["データ消失が確認された方々には個別に御連絡を差し上げる予定です。",
         "また今後の障害でもデータの消失を最小限に留められるよう、バックアップ体制を強化していきます。"],
    ),
    "a French notice without commitments": (
        "# Panne du serveur\n\nLe serveur est tombé en panne samedi. Le service a été rétabli dimanche. "
        "Nous vous tiendrons informés.\n",
        [],
    ),
    "a Chinese story without commitments": (
        "# 服务中断\n\n十月一日，系统升级失败。将服务器放到机房开机之后，发现网口没有连接。重启之后问题解决。\n",
        [],
    ),
}


@pytest.mark.parametrize(("text", "expected"), list(DOCUMENTS.values()), ids=list(DOCUMENTS))
def test_items_of_documents_in_other_languages(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


FIELDS = {
    "ja: owner and deadline labels after the action": (
        "pki-agent 専用 provisioner の追加 — 担当: platform、期限: 2026-04-30", ("platform", "2026-04-30")),
    "zh: full-width colons": ("为磁盘增加告警。负责人：张三，截止：2026-05-01", ("张三", "2026-05-01")),
    "de: labels": ("Alarm für Festplatten einrichten. Verantwortlich: Anna. Frist: 2026-06-01", ("Anna", "2026-06-01")),
    "es: labels": ("Agregar una alerta de disco. Responsable: Luis. Plazo: 2026-06-01", ("Luis", "2026-06-01")),
    "zh: an owner in a closing full-width bracket": ("缓存结构引入 version，新增字段必须提供默认回退（维护者）", ("维护者", None)),
    "ja: a team in a corner bracket": ("証明書の期限監視を追加する【インフラチーム】", ("インフラチーム", None)),
    "ja: a Latin name in a full-width bracket": ("証明書の期限監視を追加する（Alice）", ("Alice", None)),
    "de: a time to come told in the sentence": (
        "Die neue Firmware wird in den nächsten paar Tagen verteilt", (None, "in den nächsten paar Tagen")),
}


@pytest.mark.parametrize(("text", "expected"), list(FIELDS.values()), ids=list(FIELDS))
def test_fields_written_in_other_languages(text: str, expected: tuple[str | None, str | None]) -> None:
    fields = extract_fields(text)
    assert (fields.owner, fields.due_text) == expected


NOT_OWNERS = {
    "a note on scope": "只在生产环境启用告警（可选）",
    "a state": "監視を追加する（完了）",
    "a date": "监控告警上线（2026-05-01）",
}


@pytest.mark.parametrize("text", list(NOT_OWNERS.values()), ids=list(NOT_OWNERS))
def test_a_closing_bracket_that_names_no_one(text: str) -> None:
    values: dict[str, str] = {}
    assert closing_owner(text, values) == text and not values


def test_an_english_sentence_is_not_read_as_another_language() -> None:
    assert not foreign_promise("We restarted the servers and the queue drained.")
    assert not may_promise_abroad("We restarted the servers and the queue drained.")
    assert foreign_spoken_due("Add the alert in the coming weeks") is None
    assert not foreign_done_follow_up("We changed the backup schedule to prevent a recurrence.")


GROWTH = {
    "CJK without a sentence end": lambda size: "我们将增加告警" * (size // 7),
    "Japanese plan nouns": lambda size: "予定です。" * (size // 5),
    "German auxiliaries without a participle": lambda size: "wird werden kann " * (size // 17),
    "Spanish futures": lambda size: "se implementaremos será " * (size // 24),
    "full-width brackets": lambda size: "（维护者）" * (size // 5),
}


@pytest.mark.parametrize("build", list(GROWTH.values()), ids=list(GROWTH))
def test_reading_another_language_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: (promises(text), extract_fields(text)), build)
