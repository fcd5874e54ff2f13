"""The measures a sentence in another Latin-script language lists as noun phrases: "nous avons
procédé à la suppression des journaux …, l'analyse des journaux … et la mise à jour de notre
processus …", "Wir haben folgende Maßnahmen ergriffen: die Einführung von …, der Ausbau …",
"implementaremos las siguientes medidas: el refuerzo de …, la revisión de …" are one
commitment per phrase, as syncer.enumerations reads "… measures, including: A, B and C".

Decided by grammar: the list follows a verb of carrying out ("procéder à", "mettre en place",
"durchführen", "llevar a cabo", "effettuare" …) or a noun of measures that opens a list
("les mesures suivantes :", "folgende Maßnahmen:", "medidas como"), and every part is a noun
phrase naming an action: a determiner, then a noun made from a verb ("la suppression", "die
Einführung", "el refuerzo", "l'aggiornamento", "wdrożenie") with no clause of its own. Each
part is held to the limits of a promise (not restoring service, not a restart or an update).

Pure; bounded to a sentence's first 1000 characters, each pattern anchored or linear.
"""

from __future__ import annotations

import re

from syncer.enumerations import split_outside_brackets
from syncer.foreign_limits import latin_allowed

_HEAD = 1000
_L = r"[^\W\d_]"
# A verb of carrying out or of putting in place, whose object is the list; or a noun of
# measures opening it ("les mesures suivantes :", "folgende Maßnahmen:", "medidas como").
_OPENS = re.compile(
    r"\b(?:proc[ée]d(?:é|er|erons|ons)\s+à|mis(?:es)?\s+en\s+(?:place|œuvre|oeuvre)|mettr(?:e|ons)\s+en\s+(?:place|œuvre)|"
    r"effectu(?:é|er|erons)|réalis(?:é|er|erons)|durchgeführt|durchführen|vorgenommen|vornehmen|ergriffen|ergreifen|"
    r"umgesetzt|umsetzen|llev(?:ado|ar|aremos)\s+a\s+cabo|realiz(?:ado|ar|aremos)|adoptad[oa]s?|adotad[oa]s?|"
    r"effettuat[oa]|effettuer(?:emo)?|proced(?:uto|ere|eremo)\s+(?:a|al|alla|all')|adottat[oa]|"
    r"przeprowadzi(?:liśmy|my|ć)|podję(?:liśmy|te)|doorgevoerd|uitgevoerd)\s*:?\s+|"
    r"\b(?:mesures|maßnahmen|massnahmen|medidas|misure|działania|maatregelen|opatření)\s*"
    r"(?:suivantes|folgende|siguientes|seguintes|seguenti|następujące|volgende|následující)?\s*"
    r"(?:,?\s*(?:dont|notamment|comme|wie|darunter|como|entre\s+ellas|incluyendo|incluindo|come|tra\s+cui|jak|zoals)\s*:?|:)\s+|"
    r"\b(?:suivantes|folgende[n]?|siguientes|seguintes|seguenti|następujące|volgende)\s+(?:\S+\s+){0,2}?"
    r"(?:mesures|maßnahmen|massnahmen|medidas|misure|działania|maatregelen)\b[^:]{0,40}:\s+",
    re.IGNORECASE,
)
# A part opens with a determiner (none in Polish or Czech) and a noun made from a verb.
_DETERMINER = (
    r"(?:(?:la|le|les|l'|une|un|des|du|de\s+la|notre|nos|die|der|das|den|dem|des|eine[nmr]?|ein|unsere[nmr]?|"
    r"el|los|las|una|nuestr[oa]s?|il|lo|gli|i|uno|nostr[oaie]|o|a|os|as|um|uma|nosso|nossa|de|het|een|onze)\s*)?"
)
_NOUN_OF_ACTION = re.compile(
    rf"(?:et|und|y|e|i|en|a|oraz|ou|oder|o|of)?\s*{_DETERMINER}(?:(?:nouvel(?:le)?|neue[nmr]?|nuev[oa]|nuov[oa]|"
    rf"nov[oa]|regelmäßige[nmr]?|régulière|systématique|automatique|automatische[nmr]?|automátic[oa]|automatic[oa])\s+)?"
    rf"(?:mise\s+(?:à\s+jour|en\s+place|en\s+œuvre)|{_L}{{3,}}(?:tion|sion|ment|age|yse|ajout|refonte|revue|"
    rf"ung|ungen|ierung|bau|ción|sión|miento|aje|zione|sione|mento|aggio|ção|são|agem|anie|enie|cie|cja|acja|"
    rf"ing|atie|tie|ní|ce|uerzo|ajuste|cambio|eo|isi))\b",
    re.IGNORECASE,
)
# A part with a clause of its own: a subject pronoun or a relative pronoun.
_CLAUSE = re.compile(r"\b(?:nous|wir|nosotros|noi|nós|wij|my|qui|welche[rs]?|che|który|która|które|dat)\b", re.IGNORECASE)
_CONJUNCTION = re.compile(r"\s(?:et|und|y|e|i|en|oraz|a|ou|oder|o|of)\s(?=\S)", re.IGNORECASE)
# Words a list of measures is opened with, in ASCII: a cheap gate for English sentences.
_ASCII_CUE = re.compile(
    r"mesures|massnahmen|medidas|misure|maatregelen|umgesetzt|umsetzen|durchgef|vorgenommen|ergriff|a\s+cabo|realiz|"
    r"effettu|proced|adottat|adotad|adoptad|uitgevoerd|doorgevoerd|en\s+place|en\s+oeuvre"
)
_MAX_WORDS = 20


def _parts(listed: str) -> list[str]:
    """The list's parts: at commas and semicolons outside brackets, the last two also at the
    conjunction joining them ("A, B et C"), the first one after which a measure is named again
    ("la mise en place de sauvegardes et l'analyse des journaux" is two; "mise en place" one)."""
    parts = [part.strip() for part in split_outside_brackets(listed, ",;") if part.strip()]
    if parts:
        last = parts[-1]
        for joint in _CONJUNCTION.finditer(last):
            if _NOUN_OF_ACTION.match(last, joint.end()) is not None:
                parts[-1:] = [last[: joint.start()], last[joint.end() :]]
                break
    return [re.sub(r"^(?:et|und|y|e|i|en|oraz|a|ou|oder|o|of)\s+", "", part, flags=re.IGNORECASE).strip(" .")
            for part in parts]


def _names_action(part: str) -> bool:
    words = part.split()
    return 2 <= len(words) <= _MAX_WORDS and _NOUN_OF_ACTION.match(part) is not None and _CLAUSE.search(part) is None


def listed_measures(sentence: str) -> list[str]:
    """The measures a sentence lists as noun phrases after a verb of carrying out or a noun of
    measures ("… nous avons procédé à A, B et C" → [A, B, C]); [] unless there are two or more,
    every part names an action and none is the live response."""
    if sentence.isascii() and _ASCII_CUE.search(sentence[:_HEAD].lower()) is None:
        return []
    head = sentence[:_HEAD].replace("’", "'")
    match = _OPENS.search(head)
    if match is None:
        return []
    parts = _parts(head[match.end() :].rstrip(" ."))
    if len(parts) < 2 or not all(_names_action(part) for part in parts):
        return []
    if not all(latin_allowed(part, 0) for part in parts):
        return []
    return parts
