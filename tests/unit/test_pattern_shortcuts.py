"""Patterns and tests written for speed find exactly what their plain form finds.

A trie of phrases against the alternation sorted longest first, the field-label pattern
against the labels listed one by one, the blame trigger against its word list, the cheap tests
before a spoken foreign deadline, a foreign promise and a question against what they must let
through, and the closing priority looked for near the text's end against a search of it all.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncer.field_names import _TYPE_WORDS, type_hint
from syncer.fields import _LABEL, _LABEL_FIELD, extract_fields
from syncer.foreign_fields import foreign_spoken_due
from syncer.foreign_promises import _FOREIGN_WORD, may_promise_abroad
from syncer.item_priority import _PRIORITY_CLOSE, _close_from, take_priority
from syncer.lint import _BLAME_TRIGGER
from syncer.list_purpose import asks
from syncer.phrase_trie import trie_alternation
from tests.unit.test_linear_time import assert_linear

_GAP = r"[\s-]+"


def _plain(phrases: list[str], space: str = " ") -> str:
    return "|".join(re.escape(p).replace(r"\ ", space) for p in sorted(phrases, key=len, reverse=True))


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(m.span(g) for g in range(pattern.groups + 1)) for m in pattern.finditer(text)]


TRIES = [
    # (phrases, text): a phrase the beginning of others, phrases sharing a beginning, gaps
    (["due", "due date", "due by"], "due: x; due date: y; due by: z; due-date: w; dues: v"),
    (["owner", "owners", "owner(s)"], "owner(s): a, owners: b, owner: c, owner (s): d"),
    (["a", "ab", "abc", "b"], "abc: abx ab: b : ac a:"),
    (["期限", "期日", "担当", "担当者"], "担当者：田中 期限：5月 担当: 鈴木"),
    (["verify", "verify by", "verified by"], "Verify by: demo. VERIFIED BY: qa. verify: it"),
]


@pytest.mark.parametrize(("phrases", "text"), TRIES)
def test_a_trie_finds_what_the_longest_first_alternation_finds(phrases: list[str], text: str) -> None:
    for tail in ("", r"\s*:"):
        plain = re.compile(rf"(?<!\w)({_plain(phrases, _GAP)}){tail}", re.IGNORECASE)
        trie = re.compile(rf"(?<!\w)({trie_alternation(phrases, space=_GAP)}){tail}", re.IGNORECASE)
        assert _found(trie, text) == _found(plain, text)
        assert _found(trie, text)  # the table's texts hold matches


_ALPHABET = "abc -:"


@settings(max_examples=300, deadline=None)
@given(
    phrases=st.lists(st.text(alphabet="abc ", min_size=1, max_size=5).map(str.strip).filter(bool), min_size=1, max_size=8),
    text=st.text(alphabet=_ALPHABET, max_size=40),
)
def test_a_trie_matches_as_the_alternation_on_any_text(phrases: list[str], text: str) -> None:
    for tail in ("", r"\s*:"):
        plain = re.compile(rf"({_plain(phrases)}){tail}")
        trie = re.compile(rf"({trie_alternation(phrases)}){tail}")
        assert _found(trie, text) == _found(plain, text)
        for start in range(len(text)):
            expected = plain.match(text, start)
            got = trie.match(text, start)
            assert (got and got.span()) == (expected and expected.span())


def test_an_empty_phrase_is_refused() -> None:
    with pytest.raises(ValueError):
        trie_alternation(["due", ""])


_PLAIN_LABEL = re.compile(
    rf"(?<![\w@/.#-])(?=[^\W\d_])({_plain(list(_LABEL_FIELD), _GAP)})\s*[:：]\s*", re.IGNORECASE
)
_LABEL_WORDS = [*sorted(_LABEL_FIELD), "Due", "DATE", "owner (s)", "x", "@", "/", "#", "1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_LABEL_WORDS, ":", "：", " ", "-", ". ", ","]), max_size=12).map("".join))
def test_the_field_label_pattern_finds_each_label_as_listed(text: str) -> None:
    assert _found(_LABEL, text) == _found(_PLAIN_LABEL, text)


LABELLED = [
    "Add alert. Owner: @alice. Due date: 2026-12-01. Priority: P1",
    "Rotate keys (owner(s): bob, due-date: Friday)",
    "Migrate the queue 担当者：田中 期限：2026年5月30日",
    "Fix the cron job. Verantwortlich: Jana. Fälligkeit: 2026-06-01",
]


@pytest.mark.parametrize("text", LABELLED)
def test_labelled_fields_are_read_by_the_trie(text: str) -> None:
    assert _found(_LABEL, text) == _found(_PLAIN_LABEL, text)
    fields = extract_fields(text)
    assert fields.owner and fields.due_text


_BLAME_WORDS = ["should", "careless", "negligen", "fault", "blame", "incompeten", "sloppy", "reckless", "forgot", "neglected", "broke", "missed", "ignored", "failed", "didn't", "didnt", "did", "not", "caused", "broken", "triggered", "introduced", "deployed", "pushed", "merged", "shipped", "applied", "committed"]
_PLAIN_TRIGGER = re.compile(
    r"\b(?:should|careless|negligen|fault|blame|incompeten|sloppy|reckless|forgot|neglected|"
    r"broke|missed|ignored|failed|didn'?t|did\s+not|caused|broken|triggered|introduced|"
    r"deployed|pushed|merged|shipped|applied|committed)|'s\s"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_BLAME_WORDS, "'s", " ", "  ", "-", "_", "x", "é", "9", "\n", "'"]), max_size=10).map("".join))
def test_the_blame_trigger_finds_each_word_as_listed(text: str) -> None:
    assert _found(_BLAME_TRIGGER, text) == _found(_PLAIN_TRIGGER, text)


SPOKEN_ABROAD = [
    # ASCII spellings the cheap test must let through, in any case
    ("Wir beheben das in einigen Tagen", "in einigen Tagen"),
    ("Das kommt IN DEN KOMMENDEN WOCHEN", "IN DEN KOMMENDEN WOCHEN"),
    ("Umstellung bis Ende kommender Woche", "bis Ende kommender Woche"),
    ("Das folgt im kommenden Quartal", "im kommenden Quartal"),
    ("Nous corrigerons cela dans les prochains jours", "dans les prochains jours"),
    ("Lo sistemeremo nei prossimi giorni", "nei prossimi giorni"),
    ("We passen dit aan in de komende weken", "in de komende weken"),
    # and those beyond ASCII, which skip it
    ("Wir beheben das in den nächsten Tagen", "in den nächsten Tagen"),
    ("Lo arreglaremos en las próximas semanas", "en las próximas semanas"),
    ("监控告警下周完成", "下周"),
]


@pytest.mark.parametrize(("sentence", "when"), SPOKEN_ABROAD)
def test_a_spoken_foreign_deadline_passes_the_cheap_test(sentence: str, when: str) -> None:
    assert foreign_spoken_due(sentence) == when


_FOREIGN_WORDS = ["wir", "WERDEN", "Wird", "nous", "Vamos", "iremos", "se", "SERA", "serán", "será", "serão", "sarà", "we",
                  "gaan", "Zullen", "wij", "zal", "il", "est", "Es", "ist", "aremos", "EREMOS", "iremo", "rons",
                  "x", "ſe", "K"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_FOREIGN_WORDS, " ", "  ", "-", "'", "\n", "7"]), max_size=8).map("".join))
def test_a_foreign_word_is_seen_in_any_case(text: str) -> None:
    # ASCII text is lowered and searched without ignoring case: the same texts pass the gate
    assert may_promise_abroad(text) == (_FOREIGN_WORD.search(text) is not None)


GATES: list[tuple[Callable[[str], bool], str, bool]] = [
    (may_promise_abroad, "Wir werden die Überwachung erweitern", True),
    (may_promise_abroad, "WIR WERDEN DIE UEBERWACHUNG ERWEITERN", True),
    (may_promise_abroad, "Implementaremos alertas", True),
    (may_promise_abroad, "Nous ajouterons une alerte", True),
    (may_promise_abroad, "我们将增加告警", True),
    (may_promise_abroad, "We will add an alert for the queue depth", False),
    (may_promise_abroad, "The serene server was reset", False),
    # a question mark before the label is looked for
    (asks, "Assignment: is someone assigned to this issue?", True),
    (asks, "What caused it? - please answer", True),
    (asks, "Is there an alert on the queue", False),
    (asks, "Labels: add the 'Affects' label", False),
]


@pytest.mark.parametrize(("gate", "text", "passes"), GATES)
def test_a_cheap_gate_passes_what_it_must(gate: Callable[[str], bool], text: str, passes: bool) -> None:
    assert gate(text) is passes


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([s for s, _ in _TYPE_WORDS] + ["x ", "Prevent", "ALERT", "monitoring"]), max_size=4).map("".join))
def test_a_type_is_hinted_only_when_one_is_named(text: str) -> None:
    named = {kind for stem, kind in _TYPE_WORDS if stem in text.lower()}
    assert type_hint(text) == (named.pop() if len(named) == 1 else None)


_CLOSING = ["High", "priority", "low prio", "P1", "(High priority)", "[critical]", "(x)", "(", ")", "[", "]", " ",
            "   ", "\t", "\n", ".", "-", "–", "|", ",", ":", "Add the alert", "abcdefghijklmnopqrstuvwxyz", "9", "é",
            "\u00a0"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CLOSING), max_size=16).map("".join))
def test_a_closing_priority_is_looked_for_from_where_it_can_start(text: str) -> None:
    expected, got = _PRIORITY_CLOSE.search(text), _PRIORITY_CLOSE.search(text, _close_from(text))
    assert (got and (got.span(), got.groups())) == (expected and (expected.span(), expected.groups()))


CLOSING_PRIORITY = [
    ("Rotate the signing keys of the payment gateway (High priority)", "High priority"),
    ("Tidy the dashboards of every team that pages at night - low prio", "low prio"),
    ("Add a lag alert on the replica [critical].", "critical"),
    ("Add a lag alert  -      (High priority)   .", "High priority"),
    ("Add a lag alert" + " " * 80 + "- High priority", "High priority"),
]


@pytest.mark.parametrize(("text", "priority"), CLOSING_PRIORITY)
def test_a_closing_priority_is_taken(text: str, priority: str) -> None:
    values: dict[str, str] = {}
    take_priority(text, values)
    assert values == {"priority": priority}


GROWTH: dict[str, Callable[[int], str]] = {
    "labels without a colon": lambda size: "due date owner(s) verified by " * (size // 30),
    "a label prefix run": lambda size: "due-" * (size // 4),
}


@pytest.mark.parametrize("build", list(GROWTH.values()), ids=list(GROWTH))
def test_the_field_label_trie_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: list(_LABEL.finditer(text)), build)


@pytest.mark.parametrize("unit", [" ", " - ", "word ", ". "])
def test_looking_for_a_closing_priority_is_linear(unit: str) -> None:
    assert_linear(lambda text: take_priority(text, {}), lambda size: "Add" + unit * (size // len(unit)))
