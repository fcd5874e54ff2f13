"""A regular expression for "one of these phrases", shaped as a tree of their shared beginnings.

Python's `re` tries the branches of an alternation one after another at every place it looks:
a list of 150 field labels in eight languages is 150 attempts wherever a word starts. Written
as a trie ("due(?:[\\s-]+(?:by|date))?|deadline|…" instead of "due date|due by|due|…") the
first letter picks the only branches that can match, and the attempts are a few per place.

The pattern matches exactly the phrases given, and where several of them match at one place
(one phrase the beginning of another: "due" and "due date") it takes the longest, as an
alternation sorted longest first does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPACE = " "


def trie_alternation(phrases: Iterable[str], *, space: str = " ") -> str:
    """A regex (no group of its own to capture) matching any of `phrases`, each space in a
    phrase written as `space` (e.g. r"[\\s-]+" to accept "due-date" and "due  date")."""
    root: dict[str, dict] = {}
    for phrase in phrases:
        if not phrase:
            raise ValueError("an empty phrase would match everywhere")
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here
    return _branches(root, space)


def _branches(node: dict[str, dict], space: str) -> str:
    branches = [
        (space if char == _SPACE else re.escape(char)) + _branches(child, space)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    # a phrase ending here is tried only after every longer one going on from here
    return f"(?:{body})?" if "" in node else body
