"""The WordNet verb lexicon: how tools/wordnet_verbs.py chooses its words, and the files it wrote."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from syncer.verb_lexicon import NOMINAL, VERBS

ROOT = Path(__file__).resolve().parents[2]
_SPEC = importlib.util.spec_from_file_location("wordnet_verbs", ROOT / "tools" / "wordnet_verbs.py")
assert _SPEC is not None and _SPEC.loader is not None
wordnet_verbs = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(wordnet_verbs)

# Shaped like WordNet's dict files: a licence header, then lemma lines ending in their synsets
# (most frequent first), data lines whose second field is the lexicographer file.
INDEX_VERB = (
    "  1 This software and database is being provided to you\n"
    "decouple v 2 2 @ ; 2 0 00000001 00000002\n"
    "remember v 1 1 @ 1 0 00000003\n"
    "set_up v 1 1 @ 1 0 00000001\n"
    "throttle v 1 1 @ 1 0 00000002\n"
    "muse v 3 1 @ 3 0 00000003 00000003 00000001\n"
)
DATA_VERB = "  1 licence\n00000001 35 v 01 decouple 0 000 | separate\n00000002 30 v 01 throttle 0 000 | slow\n00000003 31 v 01 remember 0 000 | recall\n"
INDEX_SENSE = (
    "decouple%2:35:00:: 00000001 1 0\nthrottle%1:06:00:: 00000009 1 4\nthrottle%2:30:00:: 00000002 1 3\n"
    "remember%2:31:00:: 00000003 1 20\n"
)


def test_verbs_of_change_single_words_sorted() -> None:
    # "remember" thinks, "muse" only thinks in its two most frequent senses, "set_up" is two words
    assert wordnet_verbs.change_verbs(INDEX_VERB, DATA_VERB) == ["decouple", "throttle"]


@pytest.mark.parametrize(
    ("verb", "nominal"),
    [("throttle", True), ("decouple", False)],  # counted 4 times as a noun, 3 as a verb; never a noun
)
def test_a_verb_read_more_often_as_a_noun_is_nominal(verb: str, nominal: bool) -> None:
    assert (verb in wordnet_verbs.nominal(INDEX_SENSE, ["decouple", "throttle"])) is nominal


def test_the_shipped_lexicon_is_lower_case_single_words_sorted_with_its_licence() -> None:
    data = ROOT / "syncer" / "data"
    for name in ("change_verbs.txt", "nominal_verbs.txt"):
        words = data.joinpath(name).read_text(encoding="utf-8").split("\n")[:-1]
        assert words == sorted(set(words)) and all(w.isascii() and w.replace("-", "").isalpha() and w.islower() for w in words)
    assert NOMINAL < VERBS and {"decouple", "codify", "spread", "throttle"} <= VERBS
    assert "Princeton University" in data.joinpath("WORDNET-LICENSE").read_text(encoding="utf-8")
