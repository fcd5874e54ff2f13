"""What a sentence in a Latin-script language other than English must not be to commit to a
change, judged on the clause that holds its verb: an update or the report, an apology or
thanks, the live event (restoring service, a restart, a maintenance window, the next hours,
watching on), effort with no change named, compensation, a study of the incident itself, or
a future that names no change ("nous pourrons", "podremos"). Shared by the promises
(syncer.foreign_promises) and the changes made (syncer.foreign_changes).

Pure and linear: each pattern is bounded and reads one sentence's head.
"""

from __future__ import annotations

import re

# A clause of the sentence ends at these: a limit is judged on the promise's own clause.
_CLAUSE_END = re.compile(r"[,;:]\s|\s(?:da|weil|nachdem|sodass|damit|parce\s+que|afin\s+de|porque|para\s+que|"
                         r"perché|zodat|omdat)\s", re.IGNORECASE)
# Futures that name no change ("we'll be able", "we'll have", "we'll see"), in these languages.
_NOT_A_CHANGE_VERB = re.compile(
    r"\b(?:podremos|poderemos|tendremos|teremos|veremos|sabremos|estaremos|seremos|potremo|avremo|vedremo|"
    r"sapremo|saremo|pourrons|aurons|verrons|saurons|serons)\b",
    re.IGNORECASE,
)
# What a Latin-script promise must not be: an update or the report, an apology or thanks, the
# live event (restoring service, a restart, a maintenance window, the next hours, watching on).
_LATIN_LIMITS = re.compile(
    r"\b(?:berichte\w*|auf\s+dem\s+laufenden|bescheid|entschuldig\w*|melden|neu\s*(?:ge)?start\w*|"
    r"wiederhergestellt|wiederher(?:zu)?stell\w*|wieder\s+(?:erreichbar|verfügbar|online)|beobacht\w*|wartung\w*|"
    r"(?:heute|morgen)\s+(?:abend|nacht|früh)|(?:in\s+den|über\s+die|während\s+der)\s+nächsten\s+(?:paar\s+)?stunden|"
    r"informés?|informées?|au\s+courant|excus\w*|rétabli\w*|redémarr\w*|maintenance|"
    r"(?:dans\s+les|au\s+cours\s+des)\s+prochaines\s+heures|"
    r"inform(?:ar|aremos|ará|aran|arán|er|erons|ieren|iert|are|eremo|eren)|actualizacion\w*|actualización|atualizaç\w*|discul\w*|desculp\w*|restablec\w*|restaur\w*|"
    r"reinici\w*|mantenimiento|manutenção|manutencao|próximas\s+horas|proximas\s+horas|"
    r"(?:seguir\w*|segui\w*|continua\w*|estaremos|estaremos)\s+(?:monitor|vigil|acompanh|observ|surveill|monitorar)\w*|"
    r"continuer\w*\s+(?:à|a|de)\s+surveiller|surveiller\s+(?:la\s+situation|de\s+près)|"
    r"aggiorna\w*|scus\w*|ripristin\w*|riavvi\w*|manutenzione|prossime\s+ore|"
    r"excuses|herstel\w*|onderhoud|komende\s+uren|post-?mortem|incident\s*report|nachbetrachtung|"
    r"information(?!s\w)\w*|informazion\w*|información|informaç\w*|comunic\w*|communiqu\w*|"
    # the live fault itself as what is worked on: "an einer Lösung arbeiten", "résoudre le problème"
    r"an\s+(?:einer|der)\s+(?:lösung|behebung)|(?:problem|störung|fehler|ausfall)\w*\s+(?:zu\s+)?(?:beheben|lösen)|"
    r"(?:résoudre|corriger|régler)\s+(?:le|ce|la|cette)\s+(?:problème|panne|incident)|"
    r"(?:resolver|solucionar|corregir|corrigir)\s+(?:el|la|este|esta|o|a|este|esse)\s+(?:problema|incidencia|incidente|falla|falha)|"
    r"risolv\w*\s+(?:il|la|questo|questa)\s+(?:problema|disservizio|guasto)|disservizio|"
    r"probleem\s+op\s+te\s+lossen|"
    # effort and values, with no change named
    r"bemüh\w*|unser\s+bestes|alles\s+daran|efforc\w*|de\s+notre\s+mieux|tout\s+(?:notre\s+possible|faire)|"
    r"esforz\w*|esforç\w*|todo\s+lo\s+posible|o\s+possível|fare\s+il\s+possibile|nostro\s+meglio|"
    # the live service brought back as soon as it can be: "reactivaremos el servicio lo antes posible"
    r"reactiv\w*|lo\s+antes\s+posible|lo\s+más\s+pronto|o\s+mais\s+(?:rápido|breve)|dès\s+que\s+possible|"
    r"au\s+plus\s+vite|il\s+prima\s+possibile|so\s+schnell\s+wie\s+möglich|schnellstmöglich|zo\s+snel\s+mogelijk|"
    r"wieder\s+in\s+betrieb|de\s+nouveau|nuevamente|novamente|di\s+nuovo|"
    r"ons\s+best|op\s+de\s+hoogte|notific\w*|benachrichtig(?!ungs\w)\w*|aufarbeit\w*|nachbereit\w*|"
    # what is owed for the incident: compensation, refunds
    r"entschädig\w*|gutschrift\w*|erstatt\w*|rembours\w*|reembols\w*|rimbors\w*|compens\w*|indemni\w*|"
    # a study of the incident itself: "die Ursache untersuchen", "analyser les causes"
    r"(?:ursache|vorfall|problem|störung)\w*\s+(?:\w+\s+)?(?:untersuch|analysier|prüf)\w*|"
    r"(?:analyser|étudier|examiner|analizar|investigar|analisar|analizzare|indagare|onderzoeken)\s+"
    r"(?:\w+\s+)?(?:causes?|causas?|cause|l'incident|incidente|incidencia|incident|problème|problema|probleem)|"
    # the same study named by its noun: "un examen de l'incident", "la revisión del incidente"
    r"(?:examen|analyse|étude|revue|bilan|análisis|revisión|analisi|revisione|análise|revisão|auswertung|onderzoek)\s+"
    r"(?:\w+\s+)?(?:de\s+l'|du|de\s+la|de|del|dell'|della|da|do|des|der|van\s+het|van\s+de)\s*"
    r"(?:incident\w*|panne|vorfall\w*|störung|incidencia|falla|guasto|storing)|r[ée]trospectiv\w*|"
    # this text itself kept current: "Este documento será actualizado si …"
    r"(?:este|esta|ce|cet|cette|dieser|diese|dieses|questo|questa|deze|dit)\s+(?:documento|document|dokument|"
    r"beitrag|artikel|página|pagina|page|post|artículo|articolo|informe|relatório|rapport|bericht|aviso|avis|nota))\b",
    re.IGNORECASE,
)


def _own_clause(head: str, at: int) -> str:
    """The clause of the sentence that holds position `at` (the promise's words)."""
    start = 0
    for end in _CLAUSE_END.finditer(head):
        if end.start() >= at:
            return head[start : end.start()]
        start = end.end()
    return head[start:]


def latin_allowed(head: str, at: int) -> bool:
    """Whether the clause holding position `at` is free of every limit above."""
    own = _own_clause(head, at)
    return _LATIN_LIMITS.search(own) is None and _NOT_A_CHANGE_VERB.search(own) is None


def latin_allowed_after(head: str, at: int) -> bool:
    """Whether the sentence from position `at` on is free of every limit: a decision's object
    follows it in a clause of its own ("Wir haben beschlossen, das Backup wiederherzustellen")."""
    return _LATIN_LIMITS.search(head, at) is None and _NOT_A_CHANGE_VERB.search(head, at) is None
