"""Matching the items of a document to the items the ledger already knows (DESIGN §5).

Pure. Passes run from the strongest evidence to the weakest and every match
is one-to-one: explicit item id, then the ticket reference written in the doc,
then the exact normalised text, then a fuzzy text match, then, as a last
resort, the same position with the same owner. An item that matches nothing
is new and gets an identity of its own that no other item of the ledger holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from syncer.model import ActionItem

FUZZY_THRESHOLD = 0.6

_WORD = re.compile(r"[\w%]+")


@lru_cache(maxsize=1 << 15)  # every cycle compares the same texts again; bounded memory
def normalise_text(text: str) -> str:
    """Case, accents, punctuation and spacing do not make an item different."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(_WORD.findall(folded))


def normalise_ref(ref: str | None) -> str | None:
    if not ref:
        return None
    return ref.strip().rstrip("/").casefold()


@dataclass(frozen=True, slots=True)
class Known:
    """An item of one postmortem as the ledger knows it."""

    ident: str
    key: str
    item_id: str
    explicit_id: bool
    text: str
    owner: str | None
    refs: tuple[str, ...] = ()  # the ref written in the doc and the ticket key/url it has


@dataclass(frozen=True, slots=True)
class Match:
    item: ActionItem
    ident: str
    known: bool  # False: a new item, `ident` freshly assigned
    how: str  # id | ref | text | fuzzy | position | new


def _fresh_ident(key: str, taken: set[str]) -> str:
    if key not in taken:
        return key
    n = 2
    while f"{key}~{n}" in taken:
        n += 1
    return f"{key}~{n}"


def match_items(
    items: Sequence[ActionItem], known: Sequence[Known], *, taken: Iterable[str] = ()
) -> list[Match]:
    """Match `items` (one postmortem, document order) to `known` ledger items of it.

    `taken` holds every ident already used anywhere in the ledger, so a new
    item never takes over an identity, even one whose item has left the doc.
    """
    unmatched_items = list(range(len(items)))
    free = {k.ident: k for k in known}
    result: dict[int, Match] = {}

    def run(how: str, pair: Callable[[ActionItem, Known], bool]) -> None:
        # Only an unambiguous pairing on both sides: an inserted duplicate must not take
        # the ticket of the item it repeats (the fuzzy pass then decides by owner and place).
        for index in list(unmatched_items):
            item = items[index]
            candidates = [k for k in free.values() if pair(item, k)]
            if len(candidates) != 1:
                continue
            chosen = candidates[0]
            if sum(1 for i in unmatched_items if pair(items[i], chosen)) != 1:
                continue
            result[index] = Match(item, chosen.ident, True, how)
            unmatched_items.remove(index)
            del free[chosen.ident]

    run("id", lambda i, k: i.explicit_id and k.explicit_id and i.item_id == k.item_id)
    run(
        "ref",
        lambda i, k: normalise_ref(i.ref) is not None
        and normalise_ref(i.ref) in {normalise_ref(r) for r in k.refs},
    )
    run("text", lambda i, k: normalise_text(i.text) == normalise_text(k.text))
    _fuzzy(items, unmatched_items, free, result)
    run("position", lambda i, k: i.key == k.key and (i.owner or "").casefold() == (k.owner or "").casefold())

    used = set(taken) | {k.ident for k in known}
    for index in unmatched_items:
        ident = _fresh_ident(items[index].key, used)
        used.add(ident)
        result[index] = Match(items[index], ident, False, "new")
    return [result[i] for i in range(len(items))]


def _fuzzy(
    items: Sequence[ActionItem],
    unmatched: list[int],
    free: dict[str, Known],
    result: dict[int, Match],
) -> None:
    """Greedy one-to-one assignment by descending similarity above the threshold; equally
    similar candidates go to the same owner first, then to the same place in the document."""
    scored: list[tuple[float, bool, bool, int, str]] = []
    for index in unmatched:
        item = items[index]
        a = normalise_text(item.text)
        for ident, k in free.items():
            ratio = SequenceMatcher(None, a, normalise_text(k.text)).ratio()
            if ratio >= FUZZY_THRESHOLD:
                other_owner = (item.owner or "").casefold() != (k.owner or "").casefold()
                scored.append((ratio, other_owner, item.key != k.key, index, ident))
    for _ratio, _owner, _place, index, ident in sorted(scored, key=lambda s: (-s[0], *s[1:])):
        if index in unmatched and ident in free:
            result[index] = Match(items[index], ident, True, "fuzzy")
            unmatched.remove(index)
            del free[ident]
