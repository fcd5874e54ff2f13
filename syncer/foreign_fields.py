"""An item's fields written in languages other than English: the labels of owner, deadline,
priority and status ("担当:", "期限：", "负责人：", "Verantwortlich:", "Prioridad:"), an owner
closing the item in a full-width bracket ("…（维护者）", "…【SRE チーム】") and a deadline told
in the sentence ("in den nächsten Tagen", "dans les prochaines semaines", "来週中").

Pure word tables; syncer.fields and syncer.due_phrases read them beside the English ones.
"""

from __future__ import annotations

import re

from syncer.cjk_words import CJK

# Field labels as written before a colon (ASCII or full-width), by the field they fill.
FOREIGN_LABELS: dict[str, tuple[str, ...]] = {
    "owner": ("担当", "担当者", "責任者", "负责人", "负责", "责任人", "負責人", "담당", "담당자", "책임자",
              "verantwortlich", "zuständig", "responsable", "responsável", "responsavel", "responsabile",
              "verantwoordelijke", "eigenaar", "ответственный", "responsables", "responsáveis", "encargado",
              "propriétaire", "porteur", "verantwortliche", "verantwortlicher"),
    "due": ("期限", "期日", "締切", "締め切り", "完了予定", "截止", "截止日期", "截止时间", "完成时间", "기한", "마감",
            "완료 예정", "frist", "fällig", "fälligkeit", "échéance", "date limite", "fecha límite", "fecha limite",
            "plazo", "prazo", "data limite", "scadenza", "срок", "date butoir", "termin", "zieltermin",
            "fälligkeitsdatum", "erledigen bis", "termín", "date prévue", "date cible", "délai", "fecha prevista",
            "fecha objetivo", "data prevista", "data di scadenza", "streefdatum", "uiterlijk", "termijn"),
    "priority": ("優先度", "優先順位", "优先级", "우선순위", "priorität", "priorité", "prioridad", "prioridade",
                 "priorità", "prioriteit", "приоритет"),
    "status": ("ステータス", "状態", "状态", "상태", "statut", "état", "estado", "situação", "stato"),
}  # fmt: skip

# A bracket closing the item, full-width or in corner brackets: "（维护者）", "【インフラチーム】".
_CLOSING_BRACKET = re.compile(r"[（【]([^（）【】()\[\]]{1,24})[）】]\s*[。．.]?$")
# A person or team named in a CJK script: a role or group noun closes it ("维护者", "运维团队",
# "インフラチーム", "田中さん", "보안팀"); other bracketed words ("可选", "已完成") name no one.
_CJK_ROLE = re.compile(
    r"(?:者|人|员|員|团队|團隊|小组|小組|组|組|チーム|班|部|課|课|室|担当|さん|様|氏|팀|님|담당)$"
)
# A name in Latin letters inside a full-width bracket: "（Alice）", "（SRE team）".
_LATIN_NAME = re.compile(r"@?[A-Za-z][\w.&-]*(?:\s+[A-Za-z][\w.&-]*){0,2}")
_NOT_NAMES = frozenset({"optional", "todo", "done", "wip", "tbd", "n/a", "p0", "p1", "p2", "p3", "p4"})


def closing_owner(text: str, values: dict[str, str]) -> str:
    """An owner in a full-width bracket closing the item ("…，禁止直连上游（维护者）"): taken into
    `values` and off the text; the text unchanged when the bracket names no one."""
    match = _CLOSING_BRACKET.search(text)
    if match is None:
        return text
    word = match.group(1).strip()
    if CJK.search(word):
        names = re.split(r"[、,/／・]", word)
        if not all(name and len(name) <= 10 and _CJK_ROLE.search(name) for name in names):
            return text
    elif not _LATIN_NAME.fullmatch(word) or word.lower() in _NOT_NAMES:
        return text
    values["owner"] = word
    return text[: match.start()].rstrip()


# A deadline told in the sentence, kept as written.
_SPOKEN_WHEN = re.compile(
    # German: "frühestens in ein paar Tagen", "in den nächsten Wochen", "bis Ende nächster Woche"
    r"(?:(?:frühestens|spätestens|voraussichtlich)\s+)?in\s+(?:den\s+)?(?:nächsten|kommenden|ein\s+paar|einigen|wenigen)\s+"
    r"(?:paar\s+|zwei\s+|drei\s+|\d{1,2}\s+)?(?:tagen|wochen|monaten)\b|"
    r"\bbis\s+(?:ende\s+)?(?:nächste[rn]?|kommende[rn]?)\s+(?:woche|monats?|quartals?|jahres)\b|"
    r"\bim\s+(?:nächsten|kommenden)\s+(?:monat|quartal|jahr)\b|"
    # French, Spanish, Portuguese, Italian, Dutch
    r"\bdans\s+les\s+(?:prochain(?:e)?s|semaines|jours|mois)(?:\s+(?:jours|semaines|mois))?\b|"
    r"\b(?:en|durante)\s+(?:los|las)\s+próxim[oa]s\s+(?:días|semanas|meses)\b|"
    r"\b(?:n[oa]s)\s+próxim[oa]s\s+(?:dias|semanas|meses)\b|"
    r"\b(?:nei|nelle)\s+prossim[ie]\s+(?:giorni|settimane|mesi)\b|"
    r"\b(?:in\s+)?de\s+komende\s+(?:dagen|weken|maanden)\b|"
    # Japanese, Chinese, Korean: next week or month, within this month, by the end of the year
    r"(?:来週|来月|今週中|今月中|今月末|年内|年度内|下周|下个月|本月底|月底前|本周内|年底前|다음\s*주|다음\s*달|이번\s*달\s*중)",
    re.IGNORECASE,
)


# Words one of which every deadline _SPOKEN_WHEN finds in ASCII text holds (the others hold a
# letter beyond ASCII: "nächsten", "próximos", "来週"): without one, most English sentences
# are passed over without running the pattern of five languages.
_SPOKEN_WHEN_ASCII_WORDS = ("tagen", "wochen", "monaten", "kommende", "dans", "prossim", "komende")


def foreign_spoken_due(sentence: str) -> str | None:
    """The time a sentence in another language gives its change ("in den nächsten Tagen")."""
    head = sentence[:400]
    if head.isascii():
        lowered = head.lower()
        if not any(word in lowered for word in _SPOKEN_WHEN_ASCII_WORDS):
            return None
    when = _SPOKEN_WHEN.search(head)
    return None if when is None else when.group(0)


# Column headers written only over a table, beside the labels above: who responds, how far the
# work has got, the ticket.
_CJK_HEADERS: dict[str, tuple[str, ...]] = {
    "owner": ("対応者", "オーナー", "오너", "担当部署", "担当チーム"),
    "status": ("進捗", "状況", "进度", "进展", "진행", "진척"),
    "ref": ("チケット", "イシュー", "工单", "티켓", "이슈"),
}  # fmt: skip
_CJK_HEADER_WORDS = tuple(
    (word, role) for table in (FOREIGN_LABELS, _CJK_HEADERS) for role, words in table.items() for word in words
    if CJK.search(word)
)


def cjk_column_role(header: str) -> str | None:
    """The field a column holds when its header, written in a script without spaces, opens or
    closes with a field's name: "担当者名", "负责团队" hold owners, "対応期限", "完了予定日" dates.
    None when no name or two fields' names fit."""
    if len(header) > 12 or not CJK.search(header):
        return None
    roles = {role for word, role in _CJK_HEADER_WORDS if header.startswith(word) or header.endswith(word)}
    return roles.pop() if len(roles) == 1 else None
