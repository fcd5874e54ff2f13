"""A to-do entry written in another language: how a list of work names a change to make, as
"Add an alert …" does in English. Each language has one grammatical form for it:

- Romance, Scandinavian and Slavic languages open the entry with the infinitive of a verb of
  change ("Añadir alertas …", "Ajouter une alerte …", "Adicionar alertas …", "Aggiungere …",
  "Legge til …", "Lägga till …", "Dodać alerty …", "Добавить алерты …");
- German and Dutch close it with the infinitive ("Monitoring für X einrichten", "Runbook bijwerken");
- Japanese and Korean close it with a noun of change, alone or with "する"/"を行う"/"하기"
  ("監視アラートを追加する", "手順書の整備", "모니터링 알림 추가");
- Chinese opens it with a verb of change or the disposal "把/将 … 改为 …" ("增加连接数监控告警",
  "把 cron 从整点改成分散分钟").

Recognised by word shape (the infinitive's ending on a stem of change) and a small lexicon of
verbs of change per language, never by a phrase of one document. Steps of the live response
(restart, restore, roll back, anything "temporary") and changes told as made are not to-dos.
Pure and linear: anchored patterns on the first 200 characters of one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from syncer.cjk_words import HAN, HANGUL, KANA

_HEAD = 200
_LEAD = re.compile(r"^[\s*_>•·・\-–—]*(?:\d{1,2}[.)]\s*)?(?:\[[ xX]\]\s*)?")

# Stems of verbs of change shared by the Romance languages (accents dropped by the pattern's
# alternatives), each closed by its infinitive's ending: -ar/-er/-ir (es, pt), -er/-ir/-re (fr),
# -are/-ere/-ire (it). A stem alone is no verb ("Monitor", "Document" are English).
_ROMANCE_STEMS = (
    r"añad|agreg|adicion|ajout|aggiung|actualiz|atualiz|aggiorn|implement|implément|revis|rivede|revo|révis|"
    r"cré|mejor|melhor|amélior|miglior|document|automati[sz]|automatizz|configur|migr|cre|elimin|remov|rimuov|supprim|"
    r"habilit|abilit|activ|attiv|desactiv|disattiv|désactiv|aument|augment|reduc|reduz|rédu|ridu|monitor|"
    r"monitoriz|surveill|vigil|verific|vérifi|valid|prob|test|corrig|corregg|cambi|chang|modific|modifi|alter|mud|"
    r"separ|sépar|defin|défin|establec|estabelec|établ|introduc|introduz|introdu|ajust|reforz|reforç|renforc|"
    r"rafforz|ampli|optimiz|otimiz|optimis|ottimizz|instal|install|refactoriz|refator|reescrib|reescrev|"
    r"réécri|riscriv|escrib|escrev|écri|scriv|sustitu|substitu|remplac|sostitu|limit|bloque|bloqu|blocc|"
    r"añadi|incorpor|incluir|inclu|desplieg|despleg|implant|mett|met|revu|audit|automat|planific|planej|"
    r"notific|alert|alarm|protég|proteg|segreg|aisl|isol|centraliz|centralis|estandariz|padroniz|standardis|"
    r"standardizz|mantener|manter|mainten|formaliz|formalis|formalizz|sépar|parametriz|paramétr|reorganiz|"
    r"réorganis|riorganizz|increment|rediseñ|redesenh|repens|ripens"
)
_ROMANCE = re.compile(rf"^(?:{_ROMANCE_STEMS})(?:ar|er|ir|re|are|ere|ire|ir|ér|ír)\b", re.IGNORECASE)
# Scandinavian infinitives (-e in Norwegian and Danish, -a in Swedish) of verbs of change,
# with their particle ("legge til", "sätta upp").
_NORDIC_VERBS = """
legge_til lägga_till lægge_til sette_opp sätta_upp sætte_op innføre införa indføre oppdatere uppdatera opdatere
lage skape skapa oprette opprette fikse fixa rette rätta endre ändra ændre forbedre förbättra dokumentere
dokumentera automatisere automatisera overvåke övervaka overvåge teste testa gjennomgå gå_igenom gennemgå
implementere implementera fjerne ta_bort utvide utöka udvide øke öka øge redusere minska reducere konfigurere
konfigurera migrere migrera skrive skriva varsle larma sikre säkra splitte dela_upp bytte byta erstatte ersätta
"""
_NORDIC = re.compile(r"^(?:" + "|".join(w.replace("_", r"\s+") for w in _NORDIC_VERBS.split()) + r")\b", re.IGNORECASE)
# Slavic infinitives: Polish -ć, Czech and Slovak -ovat/-at/-it/-ět/-out (on a word with its
# own letters: ASCII "Format", "Submit" are English), Russian and Ukrainian -ть/-ти.
_POLISH = re.compile(r"^[^\W\d_]{3,}(?:ać|eć|ić|yć|ąć|uć)\b", re.IGNORECASE)
_CZECH = re.compile(r"^(?=[^\W\d_]*[ěščřžýáíéůú])[^\W\d_]{3,}(?:ovat|at|it|ět|et|out|ést)\b|^[a-z]{3,}ovat\b",
                    re.IGNORECASE)
_CYRILLIC = re.compile(r"^[\u0400-\u04ff]{3,}(?:[аеиоуыяюіїє]ть|[аеиоуяі]тися|ти|чь)(?![\u0400-\u04ff])", re.IGNORECASE)
# A noun in -ость / -ість ("скорость", "можливість") or a few short nouns closing like an infinitive.
_CYRILLIC_NOUN = re.compile(r"^[\u0400-\u04ff]*(?:сть|мять|петь|сети|пути)(?![\u0400-\u04ff])", re.IGNORECASE)
# German and Dutch: the entry's last word is an infinitive of a verb of change, the entry a phrase
# without a finite verb of its own.
_GERMANIC_VERBS = """
führen richten setzen stellen passen tauschen fügen bauen rüsten rollen sichern legen arbeiten bessern ändern
ergänzen ersetzen erweitern aktualisieren dokumentieren automatisieren implementieren konfigurieren migrieren
optimieren überwachen überprüfen prüfen testen erstellen entfernen erhöhen reduzieren trennen härten entwickeln
definieren voegen werken zetten bouwen schrijven documenteren automatiseren implementeren configureren migreren
monitoren controleren verbeteren vervangen verwijderen verhogen verlagen scheiden breiden invoeren
"""
_GERMANIC_LAST = re.compile(
    r"(?:ein|um|an|aus|hinzu|auf|ab|bereit|nach|fest|zusammen|über|toe|bij|aan|in|op|af|uit|door|na|vast|weg)?(?:zu)?"
    r"(?:" + "|".join(_GERMANIC_VERBS.split()) + ")",
    re.IGNORECASE,
)
_GERMANIC_FINITE = re.compile(r"\b(?:ist|sind|war|waren|wurde|wurden|hat|haben|hatte|wird|is|zijn|was|waren|werd|heeft|"
                              r"hebben|wordt|wir|we|wij)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Closing:
    """How a language that closes a to-do with a noun of change writes one: `to_do` the closing,
    `not_to_do` what tells it made or temporary, `generic` a closing verb of carrying out
    ("…を実施", "… 진행") that takes its kind from its object, `live` the objects that make it a
    step of the live response ("サーバーの再起動を実施"; "復旧手順の整備" is a to-do)."""

    to_do: re.Pattern[str]
    not_to_do: re.Pattern[str]
    generic: re.Pattern[str]
    live: re.Pattern[str]

    def says(self, first: str) -> bool:
        return self.to_do.search(first) is not None and self.not_to_do.search(first) is None \
            and not (self.generic.search(first) and self.live.search(first))


# Sino-Japanese and Sino-Korean verbal nouns of change, with what may close them.
JA_NOUNS = """追加 導入 変更 修正 改善 実施 設定 強化 見直し 検討 整備 構築 移行 更新 実装 作成 徹底 拡充 増強 分離 廃止
交換 置き換え 適用 監視 周知 改修 再設計 刷新 統一 制限 追記 記載 文書化 共有 策定 確立 標準化 対策 対応"""
_JA_ENDS = "する|します|を行う|を実施する|を検討する|すること|を行うこと|していく|予定|が必要"
_JAPANESE = _Closing(
    to_do=re.compile(rf"(?:{'|'.join(JA_NOUNS.split())}|[\u4e00-\u9fff]{{1,3}}化)(?:を|も)?(?:{_JA_ENDS})?[。．.]?\s*$"),
    not_to_do=re.compile(r"しました|した[。．.]?\s*$|済|完了|中[。．.]?\s*$|暫定|一時的|緊急(?!時)|応急"),
    generic=re.compile(rf"(?:実施|対応|対処)(?:を|も)?(?:{_JA_ENDS})?[。．.]?\s*$"),
    live=re.compile(r"再起動|復旧|ロールバック|切り戻|再開|停止"),
)
KO_NOUNS = """추가 개선 도입 변경 강화 수정 적용 구축 설정 자동화 문서화 검토 정비 분리 제거 삭제 교체 업데이트 업그레이드
마이그레이션 모니터링 고도화 이중화 마련 수립 확대 보완 작성 정리 표준화 진행 실시 조치"""
_KO_ENDS = r"하기|한다|할\s*것|필요|예정|진행"
_KOREAN = _Closing(
    to_do=re.compile(rf"(?:{'|'.join(KO_NOUNS.split())})\s*(?:{_KO_ENDS})?[.。]?\s*$"),
    not_to_do=re.compile(r"했|하였|됐|되었|완료|임시|긴급(?!\s*시)"),
    generic=re.compile(rf"(?:진행|실시|조치)\s*(?:{_KO_ENDS})?[.。]?\s*$"),
    live=re.compile(r"재시작|재부팅|복구|롤백"),
)
# Chinese opens a to-do with a verb of change, or with the disposal "把/将 … 改为 …".
_ZH_OPEN = re.compile(
    r"^(?:增加|添加|新增|引入|优化|完善|修复|调整|升级|迁移|部署|配置|建立|制定|加强|改进|补充|编写|实现|统一|"
    r"限制|监控|规范|梳理|评估|推动|落实|增设|接入|拆分|替换|移除|删除|启用|禁用|更新|改为|改成|定期|"
    r"(?:把|将)[^。，,]{1,60}?(?:改为|改成|换成|调整为|拆分|迁移|替换|移到|放到|加入|纳入))"
)
_ZH_NOT = re.compile(r"了|已|临时")


def foreign_instruction(text: str) -> bool:
    """Whether a list entry names a change to make in the to-do form of a language other than
    English (see the module's docstring)."""
    body = _LEAD.sub("", text[:_HEAD], count=1)
    if not body:
        return False
    if body.isascii():
        return _latin(body)
    if KANA.search(body) is not None:
        return _JAPANESE.says(re.split(r"[。\n]", body, maxsplit=1)[0])  # the entry's first sentence names it
    if HANGUL.search(body) is not None:
        return _KOREAN.says(re.split(r"[.。\n]", body, maxsplit=1)[0])
    if HAN.match(body) is not None:
        first = re.split(r"[。；;\n]", body, maxsplit=1)[0]
        return _ZH_OPEN.match(first) is not None and _ZH_NOT.search(first) is None
    if _CYRILLIC.match(body) is not None:
        return _CYRILLIC_NOUN.match(body) is None
    return _latin(body)


# English nouns spelt as such an infinitive ("Installer fails", "Rate limiter"): an English entry.
_ENGLISH_LOOKALIKES = frozenset({"installer", "limiter", "tester", "changer"})


# Before an infinitive these make it a noun ("Fehler beim Einrichten", "het toevoegen"): no to-do.
_NOMINALISING = frozenset({"beim", "zum", "vom", "im", "das", "dem", "het", "bij", "van"})


def _latin(body: str) -> bool:
    if _ROMANCE.match(body) and body.split(maxsplit=1)[0].lower() not in _ENGLISH_LOOKALIKES:
        return True
    if _NORDIC.match(body) or _POLISH.match(body) or _CZECH.match(body):
        return True
    first = re.split(r"[.;:\n]", body, maxsplit=1)[0].rstrip(" !")
    words = first.split()
    return 2 <= len(words) <= 16 and _GERMANIC_LAST.fullmatch(words[-1]) is not None \
        and words[-2].lower() not in _NOMINALISING and _GERMANIC_FINITE.search(first) is None
