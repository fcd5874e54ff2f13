"""Changes made and work begun told in other Latin-script languages ("nous avons amélioré notre
procédure …", "wir haben … eingeführt", "wprowadziliśmy …", "nous avons entrepris …"), and
the measures a sentence lists as noun phrases ("nous avons procédé à la suppression …,
l'analyse … et la mise à jour …"), held to the limits of a promise: not the live response,
not a finding, not a study of the incident."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.commitments import is_done_follow_up, is_promise
from syncer.foreign_changes import latin_change_made, latin_work_begun
from syncer.foreign_enumerations import listed_measures
from syncer.prose import promises
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

CHANGES_MADE = {
    "fr: after a lead, a procedure": "Entre-temps, nous avons amélioré la procédure de restauration des bases.",
    "fr: against a recurrence": "Nous avons ajouté une vérification du certificat pour éviter que cela se reproduise.",
    "de: participle last, a thing that lasts": "Wir haben die Überwachung der Festplatten um einen Alarm erweitert.",
    "de: inverted after a time since": "Seitdem haben wir eine zweite Leitung eingerichtet.",
    "es: against a recurrence": "Hemos añadido una alerta de uso de disco para evitar que vuelva a ocurrir.",
    "it: a check": "Abbiamo introdotto un controllo sui certificati in scadenza.",
    "nl: a procedure": "We hebben de back-upprocedure aangepast.",
    "pl: the past in its ending": "Wprowadziliśmy monitoring zajętości dysków.",
    "cs: the past with jsme": "Zavedli jsme monitoring zaplnění disků.",
}  # fmt: skip

NOT_CHANGES_MADE = {
    "fr: a restart": "Nous avons redémarré le serveur de sauvegarde à 14h.",
    "fr: a finding": "Nous avons constaté que les sauvegardes étaient incomplètes.",
    "fr: recovery of data": "Aujourd'hui, nous avons pu récupérer la base de données manquante.",
    "fr: a step with nothing lasting": "Nous avons contacté l'hébergeur du serveur.",
    "de: a restart": "Wir haben den Backup-Server neu gestartet.",
    "es: service restored": "Hemos restaurado el servicio y las copias de seguridad.",
    "it: a finding": "Abbiamo visto che il backup non era completo.",
    "en: English": "We added a test on a visit to the lab.",
}  # fmt: skip


@pytest.mark.parametrize("sentence", list(CHANGES_MADE.values()), ids=list(CHANGES_MADE))
def test_a_change_made_in_another_language_is_a_follow_up(sentence: str) -> None:
    assert latin_change_made(sentence)
    assert is_done_follow_up(sentence)


@pytest.mark.parametrize("sentence", list(NOT_CHANGES_MADE.values()), ids=list(NOT_CHANGES_MADE))
def test_the_response_or_a_finding_is_no_change_made(sentence: str) -> None:
    assert not latin_change_made(sentence)
    assert not is_done_follow_up(sentence)


WORK_BEGUN = {
    "fr: entrepris, after a lead": "Sachant maintenant que le risque existe, nous avons entrepris la mise en place d'un cluster "
                                   "sur deux sites.",
    "de: begonnen": "Wir haben begonnen, die Backups auf einen zweiten Standort umzustellen.",
    "es: empezado": "Hemos empezado a migrar las copias de seguridad a otro centro de datos.",
}  # fmt: skip
NOT_WORK_BEGUN = {
    "fr: a step of the response": "Nous avons ensuite commencé à trier les renseignements divulgués.",
    "it: in a clause telling what a thing is": "Il forum, che abbiamo iniziato a chiudere all'inizio dell'anno, è offline.",
}  # fmt: skip


@pytest.mark.parametrize("sentence", list(WORK_BEGUN.values()), ids=list(WORK_BEGUN))
def test_work_begun_on_a_lasting_change_is_under_way(sentence: str) -> None:
    assert latin_work_begun(sentence)
    assert is_promise(sentence)


@pytest.mark.parametrize("sentence", list(NOT_WORK_BEGUN.values()), ids=list(NOT_WORK_BEGUN))
def test_work_begun_on_the_response_is_not(sentence: str) -> None:
    assert not latin_work_begun(sentence)


def test_a_study_of_the_incident_is_no_promise() -> None:
    assert not is_promise("Après avoir traité les enjeux immédiats, nous avons prévu un examen de l'incident.")
    assert is_promise("Nous avons prévu de migrer la base de données vers un cluster.")


MEASURES = {
    "fr: procéder à, done": (
        "Dans notre cas, nous avons procédé à la suppression des anciens journaux, l'analyse des accès "
        "et la mise à jour de notre procédure d'astreinte.",
        ["la suppression des anciens journaux", "l'analyse des accès", "la mise à jour de notre procédure d'astreinte"],
    ),
    "fr: les mesures suivantes": (
        "Nous avons pris les mesures suivantes : la mise en place de sauvegardes quotidiennes, le renforcement "
        "de la surveillance et la révision de notre procédure.",
        ["la mise en place de sauvegardes quotidiennes", "le renforcement de la surveillance",
         "la révision de notre procédure"],
    ),
    "de: folgende Maßnahmen": (
        "Wir haben folgende Maßnahmen ergriffen: die Einführung einer zweiten Leitung, der Ausbau des Monitorings "
        "und die Überarbeitung der Dokumentation.",
        ["die Einführung einer zweiten Leitung", "der Ausbau des Monitorings", "die Überarbeitung der Dokumentation"],
    ),
    "es: las siguientes medidas": (
        "Implementaremos las siguientes medidas: el refuerzo de las alertas, la revisión del proceso de despliegue "
        "y la creación de pruebas automáticas.",
        ["el refuerzo de las alertas", "la revisión del proceso de despliegue", "la creación de pruebas automáticas"],
    ),
}
NOT_MEASURES = {
    "fr: the live response": "Nous avons procédé au redémarrage du serveur et à la restauration des données.",
    "fr: one measure": "Nous avons procédé à la mise à jour de notre procédure.",
    "fr: clauses, not noun phrases": "Nous avons procédé à la migration, nous avons ensuite vérifié les journaux.",
    "en: English": "We carried out the rotation of keys, the deletion of logs and the update of our process.",
}


@pytest.mark.parametrize(("sentence", "parts"), list(MEASURES.values()), ids=list(MEASURES))
def test_measures_listed_as_noun_phrases_are_one_item_each(sentence: str, parts: list[str]) -> None:
    assert listed_measures(sentence) == parts


@pytest.mark.parametrize("sentence", list(NOT_MEASURES.values()), ids=list(NOT_MEASURES))
def test_a_sentence_listing_no_measures(sentence: str) -> None:
    assert listed_measures(sentence) == []


def test_a_french_notice_gives_its_changes_made_and_under_way() -> None:
    text = (
        "# Panne du serveur\n\nLe serveur de bases de données est tombé en panne hier soir.\n\n"
        "Nous avons redémarré le serveur et restauré les sites depuis les sauvegardes de la veille.\n\n"
        "Entre-temps, nous avons amélioré notre procédure de sauvegarde.\n\n"
        "Sachant que le risque existe, nous avons entrepris la mise en place d'un cluster sur deux sites.\n\n"
        "Dans notre cas, nous avons procédé à la suppression des anciens journaux, l'analyse des accès "
        "et la mise à jour de notre procédure d'astreinte.\n"
    )
    items = [(item.text, item.done) for item in read_postmortem(text).items]
    assert items == [
        ("Entre-temps, nous avons amélioré notre procédure de sauvegarde", True),
        ("Sachant que le risque existe, nous avons entrepris la mise en place d'un cluster sur deux sites", False),
        ("la suppression des anciens journaux", True),
        ("l'analyse des accès", True),
        ("la mise à jour de notre procédure d'astreinte", True),
    ]


GROWTH: dict[str, Callable[[int], str]] = {
    "perfects without a participle": lambda size: "nous avons wir haben " * (size // 21),
    "participles without an auxiliary": lambda size: "eingeführt amélioré " * (size // 20),
    "a long list of measures": lambda size: "nous avons procédé à " + "la mise à jour, " * (size // 16),
    "begun without a stop": lambda size: "nous avons entrepris " * (size // 21),
}


@pytest.mark.parametrize("build", list(GROWTH.values()), ids=list(GROWTH))
def test_reading_changes_made_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: (promises(text), listed_measures(text), latin_change_made(text)), build)
