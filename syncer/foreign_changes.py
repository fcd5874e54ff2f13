"""Changes already made, and work begun, told in a language other than English with a Latin
script: the perfect of each language ("nous avons amélioré …", "wir haben … eingeführt",
"hemos añadido …", "abbiamo introdotto …", "we hebben … aangepast"), the Polish and Czech past
("wprowadziliśmy …", "zavedli jsme …"), and a start told as done ("nous avons entrepris la
migration …", "wir haben begonnen, … umzustellen").

These languages tell the live response in the same tense ("nous avons redémarré le serveur"),
so, as an English "We added …" is a follow-up only with what it prevents, a change made counts
when it says so: what it changed is a thing that lasts (a procedure, an alert, the backups, the
tests), or it names the recurrence it prevents ("pour éviter …", "um … zu vermeiden"), or it is
told as done since the incident ("Depuis, …", "Seitdem …"); never a verb of finding or
checking ("nous avons constaté …"), nor the live event (syncer.foreign_limits).

Pure and linear: every pattern reads the first 300 characters of one sentence and is anchored
or bounded.
"""

from __future__ import annotations

import re

from syncer.foreign_limits import latin_allowed

_HEAD = 300
_L = r"[^\W\d_]"  # a letter of any alphabet
# French, Italian, Spanish, Portuguese: the auxiliary, up to two adverbs, the participle.
_ROMANCE = (
    rf"\b(?:nous\s+(?:{_L}+\s+){{0,2}}?avons|abbiamo|hemos|temos)\s+(?:{_L}+\s+){{0,2}}?"
    rf"(?P<romance>{_L}+(?:é|ée|és|ées|is|ise|it|ite|ato|ata|ati|ate|ito|ita|iti|uto|uta|uti|ado|ada|ados|adas|"
    rf"ido|ida|idos|idas|sto|tto|esso|cho|to))\b"
)
# German and Dutch: the auxiliary, then the participle closing the clause up to eight words on
# (ge- inside it, -iert, or an inseparable prefix: "eingeführt", "aktualisiert", "erweitert").
_GERMANIC = (
    rf"\b(?:(?:wir|we|wij)\s+(?:{_L}+\s+){{0,2}}?(?:haben|hebben)|(?:haben|hebben)\s+(?:wir|we|wij))\s+"
    rf"(?:\S+\s+){{0,8}}?(?P<germanic>{_L}*ge{_L}+(?:t|en|d)|{_L}+iert|(?:er|ver|be|über|ent|zer){_L}+[tdn])\b"
)
# Polish and Czech: the person in the verb's ending or in "jsme".
_SLAVIC = rf"\b(?P<slavic>{_L}{{3,}}(?:liśmy|łyśmy|li\s+jsme|ly\s+jsme))\b|\bjsme\s+(?P<czech>{_L}{{3,}}(?:li|ly))\b"
_PERFECT = re.compile(f"{_ROMANCE}|{_GERMANIC}|{_SLAVIC}", re.IGNORECASE)
# Verbs of finding, checking, having or trying: what the team learnt, not what it changed;
# and of starting, which tell work under way.
_NOT_CHANGED = re.compile(
    r"(?:constat|remarqu|vu$|découv|identifi|trouv|analys|examin|vérifi|détect|observ|reçu|perdu|eu$|été|dû|pu$|"
    r"voulu|essay|décid|compris|appris|pens|dit$|informé|"
    r"festgestellt|bemerkt|gesehen|gefunden|entdeckt|untersucht|geprüft|analysiert|erhalten|verloren|gehabt|versucht|"
    r"gemerkt|gelernt|bekommen|beobachtet|gewartet|gedacht|entschieden|verstanden|"
    r"visto|detectad|encontrad|descubiert|observad|notad|notat|revisad|analizad|recibid|perdid|tenid|sido|podid|"
    r"intentad|aprendid|scopert|trovat|rilevat|osservat|ricevut|pers[oa]|avut|stat[oa]|potut|cercat|imparat|decis|"
    r"gezien|ontdekt|gevonden|vastgesteld|onderzocht|gehad|geprobeerd|geleerd|besloten|"
    r"zauważy|odkry|znalaz|stwierdzi|mieli|byli|otrzyma|straci|próbowa|zobaczy|nauczy|zdecydowa|"
    r"zjisti|všimli|našli|objevili|měli|byli|ztratili|zkusili|rozhodli|"
    # a start, not a change made: work under way (latin_work_begun)
    r"entrepris|commenc|lancé|engag|démarr|initi|begonnen|angefangen|empezad|comenzad|iniciad|iniziat|avviat|"
    r"cominciat|rozpoczę|zaczę|začali)",
    re.IGNORECASE,
)
# Things that last, named as what was changed: procedures, monitoring, alerts, backups, tests,
# documentation, rules, checks, redundancy, in each language (stems: plural and case follow).
_LASTING = re.compile(
    r"\b(?:proc[ée]dur|processus|process[oi]|proceso|procediment|procedimento|prozess|verfahren|proces|postup|"
    r"surveillance|supervision|monitor|überwach|monitoraggio|monitoramento|monitoreo|monitorizaci|"
    r"alert|alarm|avvis|aviso|sauvegard|backup|back-up|sicherung|respaldo|copias?\s+de\s+seguridad|kopi\w*\s+zapasow|"
    r"z[aá]loh|test|prueba|teste|contr[ôo]l|kontrol|prüf|verifica|dokumenta|documenta|richtlini|r[èe]gle|regel|"
    r"regla|regola|regra|politi|polic|polityk|checklist|runbook|playbook|redondan|redundan|ridondan|réplication|"
    r"replica|cluster|failover|bascule|journalisation|protokollier|logging)",
    re.IGNORECASE,
)
# What the change prevents, or a time after the incident: "pour éviter", "afin que … ne … plus",
# "à l'avenir", "désormais"; "um … zu vermeiden", "künftig", "seitdem"; "para evitar", "en el
# futuro", "desde entonces"; "per evitare", "in futuro"; "om … te voorkomen", "sindsdien";
# "aby uniknąć", "w przyszłości"; "abychom předešli", "do budoucna".
_PURPOSE = re.compile(
    r"\b(?:pour|afin\s+d'?)\s*(?:éviter|empêcher|prévenir)|\bafin\s+que|à\s+l'avenir|désormais|dorénavant|"
    r"depuis\s+(?:lors|cet?\s+incident)|^depuis,|entre[\s-]temps|par\s+la\s+suite|suite\s+à\s+(?:cet|l')\s*incident|"
    r"\bum\s+(?:\S+\s+){1,6}?zu\s+(?:vermeiden|verhindern)|künftig|zukünftig|in\s+zukunft|seitdem|seither|"
    r"inzwischen|mittlerweile|para\s+(?:evitar|prevenir|impedir)|en\s+el\s+futuro|no\s+futuro|"
    r"a\s+partir\s+de\s+ahora|de\s+ahora\s+en\s+adelante|desde\s+(?:entonces|então)|daqui\s+em\s+diante|"
    r"per\s+(?:evitare|prevenire)|in\s+futuro|d'ora\s+in\s+(?:poi|avanti)|da\s+allora|nel\s+frattempo|"
    r"\bom\s+(?:\S+\s+){0,6}?te\s+voorkomen|in\s+de\s+toekomst|voortaan|sindsdien|inmiddels|"
    r"\baby\s+(?:uniknąć|zapobiec)|w\s+przyszłości|od\s+tego\s+czasu|abychom\s+(?:předešli|zabránili)|"
    r"do\s+budoucna|v\s+budoucnu|od\s+té\s+doby",
    re.IGNORECASE,
)
# A procedure named by the live work it is for ("la procédure de restauration", "Prozess der
# Wiederherstellung") is changed as a procedure, not a step of the response.
_PROCESS_OF = re.compile(
    r"\b(?:proc[ée]dures?|processus|proceso|procedimientos?|processos?|procedur[ae]|procedimentos?|prozess\w*|"
    r"verfahren|plans?|planes|piano|runbooks?)\s+(?:de\s+la\s+|de\s+l'|des\s+|du\s+|de\s+|d'|der\s+|zur\s+|del\s+|"
    r"di\s+|da\s+|do\s+|van\s+)?[^\W\d_]+",
    re.IGNORECASE,
)
_OBJECT_WITHIN = 80  # characters after the participle where what it changed is named
# Work begun: "nous avons entrepris / commencé à / lancé", "wir haben begonnen / angefangen",
# "hemos empezado / comenzado / iniciado", "abbiamo iniziato / avviato", "we zijn begonnen",
# "rozpoczęliśmy / zaczęliśmy", "začali jsme", opening the sentence or after a lead ("Sachant
# maintenant que …, nous avons entrepris …"), not in a clause telling what a thing is.
_BEGUN = re.compile(
    r"^(?:[^,;:.]{0,120},\s*)?(?:nous\s+avons\s+(?:\w+\s+)?(?:entrepris|commencé|lancé|engagé|démarré|initié)|"
    r"wir\s+haben\s+(?:\S+\s+){0,6}?(?:begonnen|angefangen|gestartet)|haben\s+wir\s+(?:\S+\s+){0,6}?(?:begonnen|angefangen)|"
    r"hemos\s+(?:empezado|comenzado|iniciado)|abbiamo\s+(?:iniziato|avviato|cominciato)|"
    r"(?:we|wij)\s+zijn\s+(?:\S+\s+){0,4}?begonnen|rozpoczęliśmy|zaczęliśmy|začali\s+jsme)[,:]?\s+\S",
    re.IGNORECASE,
)


def _perfect(head: str) -> re.Match[str] | None:
    """The first perfect of a verb that changes something (not one of finding or checking)."""
    for match in _PERFECT.finditer(head):
        verb = next(group for group in match.groups() if group)
        if _NOT_CHANGED.match(verb) is None:
            return match
    return None


def latin_change_made(text: str) -> bool:
    """Whether a sentence in a Latin-script language other than English tells a change already
    made as a follow-up of the incident (not a step of the live response)."""
    head = text[:_HEAD].replace("’", "'")
    match = _perfect(head)
    if match is None:
        return False
    lasting = _LASTING.search(head, match.start(), match.end() + _OBJECT_WITHIN) is not None
    before = _PROCESS_OF.sub("procédure", head[: match.start()])
    judged = before + _PROCESS_OF.sub("procédure", head[match.start() :])
    return (lasting or _PURPOSE.search(head) is not None) and latin_allowed(judged, len(before))


def latin_told_made(text: str) -> bool:
    """Whether an item's words tell it as carried out: the perfect of a verb of change."""
    head = text[:_HEAD].replace("’", "'")
    return (match := _perfect(head)) is not None and latin_allowed(head, match.start())


def latin_work_begun(text: str) -> bool:
    """Whether a sentence tells work begun on a change that lasts ("nous avons entrepris la
    production de clusters multi datacenters"): under way, as a promise is."""
    head = text[:_HEAD].replace("’", "'")
    if (match := _BEGUN.match(head)) is None:
        return False
    # what was begun lasts ("la production de clusters"), or is against a recurrence; not a
    # step of the response ("nous avons commencé à trier les renseignements divulgués")
    named = _LASTING.search(head, match.end() - 1, match.end() + _OBJECT_WITHIN) is not None
    return (named or _PURPOSE.search(head) is not None) and latin_allowed(head, match.end() - 1)
