"""Deadlines written as a time horizon ("Short term (1-2 weeks)", "Corto plazo (1 semana)",
"Within the next 24 hours we will roll out:") and item fields labelled in other languages
("Responsable", "Échéance", "担当", "期限"), as plans in public postmortems write them, reworded.
"""

from __future__ import annotations

from datetime import date

import pytest

from syncer.duedates import is_deadline, resolve_due
from syncer.fields import extract_fields
from tests.postmortems import read_postmortem

WEDNESDAY = date(2026, 3, 4)  # the review date relative deadlines count from
HEAD = "# Outage\n\n## Summary\n\nThe API was down.\n\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1-2 weeks", date(2026, 3, 18)),  # a range: its far end
        ("1–2 weeks", date(2026, 3, 18)),
        ("2 to 3 weeks", date(2026, 3, 25)),
        ("Within the next 24 hours", date(2026, 3, 5)),
        ("48 hours", date(2026, 3, 6)),
        ("1-2 días", date(2026, 3, 6)),
        ("1 semana", date(2026, 3, 11)),
        ("1 mes", date(2026, 4, 4)),
        ("en los próximos 3 días", date(2026, 3, 7)),
        ("5 días hábiles", date(2026, 3, 11)),
        ("la próxima semana", date(2026, 3, 13)),
        ("la semana que viene", date(2026, 3, 13)),
        ("1-2 semanas", date(2026, 3, 18)),  # Portuguese and Spanish alike
        ("nos próximos 3 dias", date(2026, 3, 7)),
        ("este mês", date(2026, 3, 31)),
        ("1 à 2 semaines", date(2026, 3, 18)),
        ("dans 2 semaines", date(2026, 3, 18)),
        ("d'ici 3 jours", date(2026, 3, 7)),
        ("la semaine prochaine", date(2026, 3, 13)),
        ("le mois prochain", date(2026, 4, 30)),
        ("cette semaine", date(2026, 3, 6)),
        ("1 bis 2 Wochen", date(2026, 3, 18)),
        ("in etwa zwei Wochen", date(2026, 3, 18)),
        ("in den nächsten paar Tagen", date(2026, 3, 7)),
        ("innerhalb von 3 Monaten", date(2026, 6, 4)),
        ("nächste Woche", date(2026, 3, 13)),
        ("nächsten Monat", date(2026, 4, 30)),
    ],
)
def test_horizons_count_from_the_review_date(text: str, expected: date) -> None:
    assert resolve_due(text, WEDNESDAY) == expected
    assert is_deadline(text)


@pytest.mark.parametrize("text", ["3-1 weeks", "mois", "3 replicas", "semana", "2 personas", "la semaine", "24h"])
def test_what_states_no_horizon(text: str) -> None:
    assert not is_deadline(text)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Short term (1-2 weeks)", "1-2 weeks"),
        ("Corto plazo (1-2 días)", "1-2 días"),
        ("Mediano plazo (1 semana)", "1 semana"),
        ("Curto prazo (1-2 semanas)", "1-2 semanas"),
        ("Court terme (1 à 2 semaines)", "1 à 2 semaines"),
        ("Kurzfristig (nächste Woche)", "nächste Woche"),
        ("Mid term (before end of June)", "before end of June"),  # "before" bounds it: as written
        ("Rotate the keys before end of June", "end of June"),  # in a sentence: the date after the word
        ("Rotate the keys (until March 3)", "until March 3"),
        ("Rotate the keys until March 3", "March 3"),
        ("Rotate the keys (by March 3)", "March 3"),  # "by" only labels it
        ("Rotate the keys by March 3", "March 3"),
    ],
)
def test_a_heading_or_item_states_its_horizon_as_written(text: str, due: str) -> None:
    assert extract_fields(text).due_text == due


@pytest.mark.parametrize(
    ("text", "owner", "due"),
    [
        ("pki-agent の演習 — 担当: platform、期限: 2026-05-30 初回、以降 quarterly", "platform", "2026-05-30 初回、以降 quarterly"),
        ("延長検討 — 担当: platform、期限: 2026-05-14（議論必要）", "platform", "2026-05-14"),
        ("缓存键收敛 — 负责人: 维护者；截止日期: 2026-06-01", "维护者", "2026-06-01"),
        ("Revisar CORS. Responsable: Ana. Plazo: 1 semana", "Ana", "1 semana"),
        ("Vérifier les routes (responsable : Saidi, échéance : 2026-07-01)", "Saidi", "2026-07-01"),
        ("Backups prüfen. Verantwortlich: Jonas. Frist: 2026-07-01", "Jonas", "2026-07-01"),
    ],
)
def test_labels_in_other_languages(text: str, owner: str, due: str) -> None:
    fields = extract_fields(text)
    assert (fields.owner, fields.due_text) == (owner, due)


def test_a_table_headed_in_another_language_gives_owner_and_deadline() -> None:
    body = (
        "## Actions\n\n| Action | État | Responsable | Échéance |\n|---|---|---|---|\n"
        "| Vérifier le contrôle d'accès des routes anonymes | A planifier | Saidi Ahamada | 2026-07-01 |\n"
    )
    (item,) = read_postmortem(HEAD + body, "pm.md").items
    assert (item.owner, item.due_text) == ("Saidi Ahamada", "2026-07-01")


def test_group_headings_pass_their_horizon_to_their_items() -> None:
    body = (
        "## Acciones futuras\n\n### Corto plazo (1-2 días):\n\n1. Monitorear el backend\n\n"
        "### Mediano plazo (1 semana):\n\n1. Restaurar la relación fcm_tokens\n\n"
        "### Largo plazo (1 mes)\n\n1. Documentar el despliegue\n"
    )
    items = read_postmortem("---\nreview_date: 2026-03-04\n---\n" + HEAD + body, "pm.md").items
    assert [(i.due_text, i.due) for i in items] == [
        ("1-2 días", date(2026, 3, 6)), ("1 semana", date(2026, 3, 11)), ("1 mes", date(2026, 4, 4))
    ]


def test_an_introduction_passes_its_time_to_the_list_below_only() -> None:
    body = (
        "## Preventative measures\n\nSo far we've rolled out:\n\n* Rate limit queues\n\n"
        "Within the next 24 hours we will be rolling out:\n\n* WAF rules API testing\n* Login buttons gated on readiness\n\n"
        "* * *\n\nLonger term we will add a second region for the login service.\n"
    )
    items = read_postmortem(HEAD + body, "pm.md").items
    due = {item.text: item.due_text for item in items}
    assert due["WAF rules API testing"] == due["Login buttons gated on readiness"] == "Within the next 24 hours"
    assert due["Rate limit queues"] is None
    assert all(value is None for text, value in due.items() if "region" in text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年5月30日", date(2026, 5, 30)),
        ("5月30日まで", date(2026, 5, 30)),
        ("２０２６－０６－０１", date(2026, 6, 1)),  # full-width digits and dash
        ("2026年6月末", date(2026, 6, 30)),
        ("6月中旬", date(2026, 6, 15)),
        ("6月初旬", date(2026, 6, 10)),
        ("2026年6月", date(2026, 6, 30)),
        ("2月1日", date(2027, 2, 1)),  # passed this year: next year's
        ("来週中", date(2026, 3, 13)),
        ("今週中", date(2026, 3, 6)),
        ("来月末", date(2026, 4, 30)),
        ("下个月", date(2026, 4, 30)),
        ("本周内", date(2026, 3, 6)),
        ("2026년 5월 30일까지", date(2026, 5, 30)),
        ("다음 주", date(2026, 3, 13)),
    ],
)
def test_cjk_deadlines_resolve(text: str, expected: date) -> None:
    assert resolve_due(text, WEDNESDAY) == expected
    assert is_deadline(text)


@pytest.mark.parametrize("text", ["13月", "2026年2月30日", "3月の障害", "先週"])
def test_what_states_no_cjk_deadline(text: str) -> None:
    assert not is_deadline(text)


def test_a_japanese_table_deadline_resolves() -> None:
    body = (
        "## 再発防止策\n\n| 対策 | 担当 | 期限 |\n|---|---|---|\n"
        "| Add a lag alert | platform | 2026年5月30日 |\n| Rotate the keys | sre | ２０２６－０６－０１ |\n"
    )
    items = read_postmortem(HEAD + body, "pm.md").items
    assert [(i.owner, i.due_text, i.due) for i in items] == [
        ("platform", "2026年5月30日", date(2026, 5, 30)), ("sre", "２０２６－０６－０１", date(2026, 6, 1))
    ]
