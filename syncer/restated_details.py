"""Whether the entries nested under a list entry restate its work: its details, not items.

A parent entry written as a title ("Harden the health check") over children that each take up
its words again ("Include the migration state in the health check", "Check the API endpoints,
not only /health") says how to do that one change: the parent is the item. Children that each
bring work of their own ("Evaluate Vault", "Set up alerts for API usage" under "Monitoring")
are the items, the parent only groups them. Pure; syncer.blocks asks it of an entry's children.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]{4,}")  # in any alphabet ("monitoring", "мониторинг"); hyphens split
_STEM = 5  # "secrets" and "secret", "monitor" and "monitoring" share their first letters
# words of four letters or more that say nothing of the work
_FUNCTION = frozenset(
    {"with", "from", "that", "this", "these", "those", "when", "into", "only", "also", "than", "then", "them",
     "they", "their", "there", "have", "been", "were", "will", "should", "would", "could", "must", "before",
     "after", "each", "every", "more", "most", "some", "such", "which", "what", "where", "while", "about",
     "other", "make", "sure", "over", "under", "using", "once", "does", "done", "need", "needs"}
)  # fmt: skip
# Scripts written without spaces: a run of kanji, kana or hangul, read as its character pairs
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]{2,}")
_HIRAGANA = re.compile(r"[\u3040-\u309f]+")  # particles and endings ("の", "する"): no work named
_TEXT_MAX = 400  # the words of an entry's first few lines are enough to tell what it is about


def _stems(text: str) -> frozenset[str]:
    """The content words of a text, cut to their stems, and the character pairs of its
    unspaced runs ("ヘルスチェックの強化" → "ヘル", "ルス", …, "強化")."""
    text = text[:_TEXT_MAX].lower()
    spaced = _UNSPACED.sub(" ", text) if not text.isascii() else text  # "composeファイル": "compose"
    stems = {word.rstrip("s")[:_STEM] for word in _WORD.findall(spaced) if word not in _FUNCTION}
    for run in _UNSPACED.findall(text):
        stems.update(pair for pair in (run[i : i + 2] for i in range(len(run) - 1)) if not _HIRAGANA.fullmatch(pair))
    return frozenset(stems)


def restated(parent: str, children: list[str]) -> bool:
    """Whether every child takes up a content word (or, unspaced, a character pair) of the
    parent: the children say how to do the parent's work."""
    own = _stems(parent)
    return bool(own) and bool(children) and all(own & _stems(child) for child in children)
