"""markdown-it-py's block rules asked only where they can match: by a line's first character.

markdown-it tries every block rule in turn on each line (twelve with the front matter plugin),
and on each line of a paragraph or list entry every rule that may end it (eight): each returns
at once unless the line opens with its marker, yet these calls were most of the block parse of
a postmortem, which is mostly prose and lists. CommonMark fixes those markers (a heading opens
with '#', a block quote with '>', …), so each chain of rules becomes one function that looks at
the line's first character and asks only the rules that can open with it, in their order. The
tokens are the same; a rule not named below (a plugin's) is asked on every line, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock

BlockRule = Callable[[StateBlock, int, int, bool], bool]

# The first characters each rule can match on (after the line's indent); the rules left out
# (code, table, lheading, paragraph) look at the indent or the next line, so they are asked always.
_OPENS_WITH = {
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}
# Front matter opens the document: its rule matches nothing after the first line (and on that
# line looks at the document's first character, not the line's), so line 0 is asked of every rule.
_FIRST_LINE_ONLY = frozenset({"front_matter"})


def _dispatcher(rules: Sequence[tuple[str, BlockRule]]) -> BlockRule:
    """One rule standing for a chain: the chain's rules that can match the line's first character."""
    every = [fn for _, fn in rules]
    rules = [(name, fn) for name, fn in rules if name not in _FIRST_LINE_ONLY]
    always = [fn for name, fn in rules if name not in _OPENS_WITH]
    marks = "".join(_OPENS_WITH.get(name, "") for name, _ in rules)
    by_first = {
        mark: [fn for name, fn in rules if name not in _OPENS_WITH or mark in _OPENS_WITH[name]] for mark in marks
    }

    def dispatch(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        for rule in every if line == 0 else by_first.get(state.src[pos : pos + 1], always):
            if rule(state, line, end, silent):
                return True
        return False

    return dispatch


class FirstCharRuler(Ruler[BlockRule]):
    """A block Ruler whose chains (the rules tried on a line, and those that may end a paragraph,
    a list entry, a block quote or a link reference) each compile to one dispatching rule."""

    def __init__(self, rules: Ruler[BlockRule]) -> None:
        super().__init__()
        self.__rules__ = rules.__rules__

    def __compile__(self) -> None:
        super().__compile__()
        cache = self.__cache__
        assert cache is not None
        enabled = [rule for rule in self.__rules__ if rule.enabled]
        for chain in cache:
            named = [(rule.name, rule.fn) for rule in enabled if not chain or chain in rule.alt]
            cache[chain] = [_dispatcher(named)]
