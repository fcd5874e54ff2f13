"""Promises and changes made written in languages other than English: a small grammar per
language of how a team states what it will change ("Wir werden …", "nous allons …",
"implementaremos …", "対応予定です", "我们将…", "개선하겠습니다") and what it changed against a
recurrence ("再発防止として…に変更しました"), held to the limits an English promise has
(syncer.promise_limits): not the live response held to the next hours or a maintenance
window, not restoring service, not an update, the report or an apology.

Each language is recognised by its own words (a future auxiliary, an intention verb, a plan
noun, a future ending), so no language guess is needed: "wir werden", "vamos a", "予定です"
belong to one language each. Pure and linear: every pattern reads the first 300 characters
of one sentence and is anchored or bounded.
"""

from __future__ import annotations

import re

from syncer.cjk_words import CJK, HANGUL, KANA
from syncer.cyrillic_promises import cyrillic_promise, may_be_cyrillic
from syncer.foreign_changes import latin_change_made, latin_told_made, latin_work_begun
from syncer.foreign_limits import latin_allowed
from syncer.foreign_plans import chinese_under_way, latin_plan

_HEAD = 300

# --- Latin-script languages -------------------------------------------------------------

_LETTER = r"[^\W\d_]"

# German: "Wir werden …", "Künftig werden wir …", "Wir planen / wollen / haben vor …",
# "Es ist geplant / vorgesehen …", and a change told in the passive or with a future frame.
_DE_WE = re.compile(
    r"\bwir\s+(?:[\w-]+\s+){0,2}?(?:werden|wollen|planen|beabsichtigen|möchten|haben\s+(?:uns\s+)?vor(?:genommen)?|"
    r"arbeiten\s+(?:bereits\s+|derzeit\s+|aktuell\s+)?(?:daran|an)|sind\s+dabei)\b|"
    r"\b(?:werden|wollen|planen|möchten|beabsichtigen)\s+wir\b|"
    r"\b(?:es\s+ist|ist\s+es|sind)\s+(?:\w+\s+)?(?:geplant|vorgesehen)\b|\bgeplant\s+ist\b",
    re.IGNORECASE,
)
# Verbs of change, as stems (infinitive, finite, nominalised) and participles.
_DE_CHANGE = (
    r"(?:ein(?:zu)?führ|eingeführt|ein(?:zu)?richt|eingerichtet|um(?:zu)?setz|umgesetzt|um(?:zu)?stell|umgestellt|"
    r"änder|geändert|an(?:zu)?pass|angepasst|erweiter|ergänz|verbesser|ersetz|aktualisier|installier|"
    r"aus(?:zu)?tausch|ausgetauscht|überarbeit|implementier|hinzu(?:zu)?füg|hinzugefügt|dokumentier|automatisier|"
    r"migrier|aus(?:zu)?roll|ausgerollt|auf(?:zu)?rüst|aufgerüstet|ein(?:zu)?bau|eingebaut|erneuer|ab(?:zu)?sicher|"
    r"abgesichert|korrigier|optimier|erhöh|reduzier|verringer|trenn|getrennt|bereit(?:zu)?stell|bereitgestellt|"
    r"auf(?:zu)?bau|aufgebaut|deaktivier|aktivier|entfern|konfigurier|um(?:zu)?bau|umgebaut|skalier|härt|gehärtet|"
    r"entwickel|überwach|alarmier|test|umzieh|umgezogen|verleg|erstell|behoben|beheb)"
)
_DE_PARTICIPLE = re.compile(
    r"\b(?:eingeführt|eingerichtet|umgesetzt|umgestellt|geändert|angepasst|erweitert|ergänzt|verbessert|ersetzt|"
    r"aktualisiert|installiert|ausgetauscht|überarbeitet|implementiert|hinzugefügt|dokumentiert|automatisiert|"
    r"migriert|ausgerollt|aufgerüstet|eingebaut|erneuert|abgesichert|korrigiert|optimiert|erhöht|reduziert|"
    r"verringert|getrennt|bereitgestellt|aufgebaut|deaktiviert|aktiviert|entfernt|konfiguriert|umgebaut|"
    r"gehärtet|entwickelt|behoben|erstellt|verlegt)\b",
    re.IGNORECASE,
)
# An auxiliary of the future or of a duty, before that participle: "wird … eingeführt",
# "kann … umgesetzt werden", "soll … ersetzt werden" (not "wurde", the past).
_DE_AUX = re.compile(r"\b(?:wird|werden|soll|sollen|kann|können|muss|müssen)\b", re.IGNORECASE)
_DE_FRAME = re.compile(
    r"\b(?:künftig|zukünftig|in\s+zukunft|demnächst|bald|in\s+kürze|zeitnah|später|langfristig|mittelfristig|"
    r"nachfolgend\w*|kommend\w*|im\s+laufe\s+de[rs]|"
    r"in\s+(?:den\s+)?(?:nächsten|kommenden|ein\s+paar|einigen|wenigen)\s+(?:paar\s+)?(?:tagen|wochen|monaten))\b",
    re.IGNORECASE,
)
_DE_PLAN_NOUN = re.compile(r"\b(?:\w*lösung\w*|maßnahme\w*|massnahme\w*|verbesserung\w*|änderung\w*|fix|firmware)\b",
                           re.IGNORECASE)

# French: "nous allons …", "nous ajouterons …" (futur simple), "nous prévoyons de …",
# "il est prévu de …", "… sera mis en place", "… seront ajoutés".
_FR = re.compile(
    r"\b(?:nous\s+(?:(?:\w+\s+){0,2}?(?:allons|comptons|prévoyons|prevoyons|envisageons|avons\s+prévu|"
    r"avons\s+l'intention|travaillons\s+à|sommes\s+en\s+train)|(?:n'|ne\s+)?(?:\w+\s+){0,2}?"
    rf"{_LETTER}{{2,}}(?:erons|irons|rons))|on\s+va)\b|"
    r"\bil\s+est\s+(?:prévu|envisagé)\b|\b(?:sera|seront|va\s+être|vont\s+être)\s+(?:\w+\s+)?"
    rf"{_LETTER}+(?:é|ée|és|ées|is|ise|it|ite)\b",
    re.IGNORECASE,
)
# Spanish and Portuguese: "vamos a …", "implementaremos …", "planeamos …", "está previsto …",
# "se implementará …", "será(n) añadido(s)"; Portuguese "iremos …", "pretendemos …", "serão …".
_ES_PT = re.compile(
    r"\b(?:vamos\s+(?:a\s+)?|iremos\s+|planeamos\s+|planejamos\s+|pretendemos\s+|tenemos\s+previsto\s+|"
    r"temos\s+(?:planos|previsto)\s+|estamos\s+(?:trabajando|trabalhando)\s+(?:en|para|em|para)\s+|"
    r"(?:está|esta|estão|están)\s+previst[oa]s?\s+)"
    rf"{_LETTER}{{3,}}|"
    rf"\b{_LETTER}{{2,}}(?:aremos|eremos|iremos)\b|"
    rf"\bse\s+{_LETTER}{{3,}}(?:ará|erá|irá|arán|erán|irán|ara|era|ira)\b|"
    rf"\b(?:será|serán|serão|sera|seran|serao)\s+(?:\w+\s+)?{_LETTER}{{3,}}(?:ad[oa]s?|id[oa]s?)\b",
    re.IGNORECASE,
)
# Italian: "implementeremo …", "abbiamo intenzione di …", "prevediamo di …", "sarà aggiunto".
_IT = re.compile(
    rf"\b{_LETTER}{{2,}}(?:eremo|iremo)\b|\b(?:abbiamo\s+intenzione\s+di|prevediamo\s+di|stiamo\s+lavorando\s+per|"
    rf"intendiamo)\s|\b(?:sarà|saranno)\s+(?:\w+\s+)?{_LETTER}{{3,}}(?:at[oaie]|it[oaie])\b",
    re.IGNORECASE,
)
# Dutch: "we gaan …", "wij zullen …", "we willen …", "we zijn van plan …", "… zal worden …".
_NL = re.compile(
    r"\b(?:we|wij)\s+(?:\w+\s+)?(?:gaan|zullen|willen|plannen|zijn\s+van\s+plan|zijn\s+bezig)\b|"
    r"\b(?:gaan|zullen|willen)\s+(?:we|wij)\b|\b(?:zal|zullen)\s+(?:\w+\s+){0,4}?worden\b",
    re.IGNORECASE,
)
def _german(head: str) -> bool:
    if (we := _DE_WE.search(head)) is not None:
        return latin_allowed(head, we.start())
    # "Eine dauerhafte Lösung … wird in der nachfolgenden Zeit eingeführt", "kann frühestens in
    # ein paar Tagen umgesetzt werden": a change in the passive, with a time to come or a plan noun
    aux = _DE_AUX.search(head)
    if aux is None:
        return False
    framed = _DE_FRAME.search(head) is not None
    part = _DE_PARTICIPLE.search(head, aux.end())
    if part is not None and (framed or _DE_PLAN_NOUN.search(head, 0, aux.start())):
        return latin_allowed(head, part.start())
    # "Mit dem Einführen einer neuen Firmware in den nächsten Tagen werden …": a future with its frame
    if framed and head[aux.start() : aux.end()].lower() in ("wird", "werden"):
        return re.search(_DE_CHANGE, head, re.IGNORECASE) is not None and latin_allowed(head, aux.start())
    return False


def _latin_promise(head: str) -> bool:
    if _german(head):
        return True
    for pattern in (_FR, _ES_PT, _IT, _NL):
        if (match := pattern.search(head)) is not None:
            return latin_allowed(head, match.start())
    # "nous avons entrepris la migration …": under way, as promised; "nous avons décidé de …": decided
    return latin_work_begun(head) or latin_plan(head)


# --- Japanese, Chinese, Korean ------------------------------------------------------------

_CJK_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
# Japanese: a plan noun closing the sentence ("対応予定です", "講じていく所存です"), the
# progressive future ("改善していきます", "進めてまいります"), a verb of change in the polite
# present ("導入いたします", "対応します", "検討します").
_JA_PLAN = re.compile(
    r"(?:予定|所存|つもり|方針|計画|見込み)(?:です|である|だ|でございます|となっております|としております|"
    r"にしております|としています)?[。．.!！]?$"
)
_JA_ONGOING = re.compile(
    r"(?:して|し|て|で)(?:いき|まいり|参り)ます[。．.!！]?$|(?:いく|まいる|参る)(?:予定|所存|方針)|"
    # a wish of the team: "スケールアップして対処したいと思います", "導入したいと考えております"
    r"たいと(?:思います|思っております|思っています|考えています|考えております)[。．.!！]?$"
)
_JA_CHANGE = (
    r"(?:対応|対処|導入|追加|変更|修正|改善|実施|設定|強化|見直し|検討|整備|構築|移行|更新|実装|自動化|作成|徹底|拡充|"
    r"増強|分離|冗長化|二重化|廃止|交換|置き換え|適用|対策|監視|周知|改修|再設計|刷新|統一|制限)"
)
_JA_OBJECT = re.compile(
    rf"{_JA_CHANGE}|連絡|仕組み|手順|体制|アラート|テスト|バックアップ|ドキュメント|マニュアル|ルール|チェック|レビュー|構成|"
    r"冗長|監視|検知|通知|制御|権限|自動"
)
_JA_LATER = re.compile(r"今後|再発防止|順次|改めて|来週|来月|以降|将来|次回|近日|中長期|恒久")
_JA_WILL = re.compile(rf"{_JA_CHANGE}(?:を|も)?(?:いた|致|し|行い|行)?(?:します|ます|いたします)[。．.!！]?$")
# Japanese done: a change verb in the polite past ("変更しました", "導入いたしました").
_JA_DONE = re.compile(rf"{_JA_CHANGE}(?:を|も)?(?:いた|致)?しました[。．.!！]?$|ように(?:変更|修正|設定)(?:いた)?しました")
# Against a recurrence, from now on: what makes a change made a follow-up.
_JA_PURPOSE = re.compile(r"再発防止|再発を防|今後|二度と|未然に")
# Chinese: the team with a future or intention ("我们将…", "团队计划…"), or a sentence opening
# on what comes next ("后续将…", "今后我们会…", "计划于…").
_ZH_WILL = re.compile(
    r"(?:我们|我|团队|本团队|[\u4e00-\u9fff]{1,4}(?:团队|小组|组))(?:也|还|后续|随后|今后|未来|接下来|近期|将来|会)?"
    r"(?:将|会|要|计划|打算|准备|拟|预计|正在推进|正计划|已计划|决定)|"
    r"^(?:后续|今后|未来|接下来|下一步|近期|此外|同时|另外)[，,、]?(?:我们)?(?:将|会|要|计划|还将|也将|会将)|"
    r"计划(?:于|在)|^将于"
)
# "将" before a noun marks the object of a verb told in the past ("将服务器放到机房…了"): a
# perfective or "已" says the sentence tells what was done, not what will be.
_ZH_TOLD = re.compile(r"了|已|曾|当时|之后")
# Chinese done: "已…", "已经…" with a verb of change.
_ZH_DONE = re.compile(r"(?:已|已经)(?:经)?(?:将|把)?[\u4e00-\u9fff]{0,20}?(?:修复|增加|添加|新增|引入|改为|改成|调整|"
                      r"上线|部署|启用|配置|迁移|升级|替换|移除|删除|完善|优化|修改|补充)")
_ZH_PURPOSE = re.compile(r"防止|避免|今后|以后|再次发生|复发")
# Korean: a plan ("예정입니다"), the volitional future ("개선하겠습니다"), "할 것입니다", "계획입니다".
_KO_WILL = re.compile(r"(?:예정|계획)(?:입니다|이다|이며|임)|겠습니다|(?:할|될)\s*것(?:입니다|이다)|추진(?:합니다|중)")
# Korean done: a verb in the past ("실시하였고", "변경했습니다", "향상시켰으며") against a recurrence.
_KO_DONE = re.compile(r"(?:하였|했|시켰|되었|됐)(?:습니다|으며|고|다|음)")
_KO_PURPOSE = re.compile(r"재발\s*방지|재발을\s*(?:막|방지)|후속\s*조치|예방")
# What a CJK promise must not be: an apology or thanks, an update, the report, restoring
# service or restarting, a maintenance window, the next hours, watching on.
_CJK_LIMITS = re.compile(
    r"本ページ|本記事|本文書|本页|本文档|此文档|本公告|本报告|お詫び|謝罪|申し訳|努め|尽力|全力|努力|竭力|"
    r"持续关注|密切关注|持续跟进|继续跟进|尽快|调查|排查|分析原因|补偿|赔偿|노력|최선|재개|정상화|조사|보상|"
    # a time of day ("18時に完了予定です"), the next report on the incident ("続報を掲載する予定です")
    r"\d{1,2}\s*(?:時|点|시)(?!間)|続報|掲載|"
    # a purpose worked towards, no change named: "再発防止に取り組んでまいります", "品質向上に努めます"
    r"(?:再発防止|再発の防止|品質(?:の)?向上|安定(?:的な)?(?:運用|稼働)|信頼(?:の)?回復|サービス(?:の)?向上|改善)"
    r"(?:に|を)(?:向けて)?(?:努|取り組|図|目指|尽)|"
    # service resumed or the fault cleared: "サービスを再開する予定です", "问题已解决", "恢复正常"
    r"再開|復帰|解消|正常|再开|重新上线|早急に|至急|できるだけ早く|빠른\s*시일|최대한\s*빨리|조속히|調査を(?:進め|継続|行)|原因(?:を|の)?(?:調査|究明)|補償|返金|ご報告|報告(?:いた)?します|報告書|お知らせ|ご案内|ご迷惑|復旧(?:いた)?します|復旧(?:する|を目指|予定)|"
    r"再起動|メンテナンス|本日中|今夜|数時間|経過を(?:観察|監視)|引き続き(?:調査|監視)|ポストモーテム|"
    r"道歉|致歉|抱歉|通知|公告|更新进展|报告|恢复|重启|维护窗口|今晚|几个小时|数小时|继续(?:观察|监控|调查)|复盘|"
    r"사과|공지|안내|보고|복구|재시작|재부팅|점검|몇\s*시간|모니터링을\s*계속"
)


def _cjk_sentences(head: str) -> list[str]:
    return [s.strip() for s in _CJK_SENTENCE.findall(head) if s.strip()]


def _cjk_promise(sentence: str) -> bool:
    s = sentence.rstrip()
    if _CJK_LIMITS.search(s):
        return False
    if HANGUL.search(s):
        return _KO_WILL.search(s) is not None
    if KANA.search(s):
        # the polite present also tells what a thing does ("新版は IPv6 に対応します"): a future only with a time to come
        will = _JA_WILL.search(s) is not None and _JA_LATER.search(s) is not None
        # no subject is written: a plan names what it changes (as an English promise by anyone but "we" must)
        planned = (_JA_PLAN.search(s) is not None or _JA_ONGOING.search(s) is not None) and _JA_OBJECT.search(s) is not None
        return planned or will
    return (_ZH_WILL.search(s) is not None and _ZH_TOLD.search(s) is None) or chinese_under_way(s)


def _cjk_done(sentence: str) -> bool:
    s = sentence.rstrip()
    if _CJK_LIMITS.search(s):
        return False
    if HANGUL.search(s):
        return _KO_DONE.search(s) is not None and _KO_PURPOSE.search(s) is not None
    if KANA.search(s):
        return _JA_DONE.search(s) is not None and _JA_PURPOSE.search(s) is not None
    return _ZH_DONE.search(s) is not None and _ZH_PURPOSE.search(s) is not None


# --- what syncer.commitments asks ---------------------------------------------------------


def foreign_promise(text: str) -> bool:
    """Whether a sentence (or, in Japanese, Chinese or Korean, one of the sentences of a short
    text) promises a change in a language other than English."""
    head = text[:_HEAD]
    if head.isascii():
        return _latin_promise(head) if _maybe_foreign(head) else False
    if CJK.search(head):
        return any(_cjk_promise(s) for s in _cjk_sentences(head))
    if may_be_cyrillic(head):
        return cyrillic_promise(head)
    return _latin_promise(head)


def foreign_done_follow_up(text: str) -> bool:
    """Whether a sentence tells a change already made against a recurrence in another language
    ("再発防止として…に変更しました", "为防止再次发生，已将…改为…", "재발 방지를 위해 …하였고",
    "nous avons amélioré notre procédure de sauvegarde", "wir haben … eingeführt, um … zu vermeiden")."""
    head = text[:_HEAD]
    if CJK.search(head):
        return any(_cjk_done(s) for s in _cjk_sentences(head))
    return _maybe_foreign(head) and latin_change_made(head)


def foreign_told_done(text: str) -> bool:
    """Whether an item's words tell it as carried out in another language: a CJK change made
    against a recurrence, or the perfect of a verb of change ("nous avons procédé à …")."""
    head = text[:_HEAD]
    return foreign_done_follow_up(head) or (not CJK.search(head) and _maybe_foreign(head) and latin_told_made(head))


# Words that only these languages' promises use, written in ASCII: a cheap gate for English text.
_FOREIGN_WORD = re.compile(
    r"\b(?:wir|werden|wird|nous|vamos|iremos|se|ser[aá]n?|sera[oõ]|sar[aà]|we\s+(?:gaan|zullen|hebben|zijn)|wij|zal|"
    r"zullen|il\s+est|es\s+ist|hemos|abbiamo|temos|haben|jsme|decidimos|resolvemos|optamos|hebben|sollen|soll)\b|[a-z](?:aremos|eremos|iremos|eremo|iremo|rons)\b|"
    r"\w(?:liśmy|łyśmy)\b",
    re.IGNORECASE,
)


# The same words looked for in ASCII text once lowered: ignoring case makes Python's re compare
# every letter both ways, which costs most English text twice what the lowering does.
_FOREIGN_WORD_LOWERED = re.compile(_FOREIGN_WORD.pattern)


def _maybe_foreign(head: str) -> bool:
    if head.isascii():
        return _FOREIGN_WORD_LOWERED.search(head.lower()) is not None
    return _FOREIGN_WORD.search(head) is not None


def may_promise_abroad(text: str) -> bool:
    """A cheap test before reading a paragraph sentence by sentence: whether it is written in
    a script without spaces or uses a word only a promise in another language uses."""
    return (not text.isascii() and (CJK.search(text) is not None or may_be_cyrillic(text))) or _maybe_foreign(text)
