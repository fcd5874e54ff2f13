"""The block rules asked by a line's first character (syncer.block_rules) give markdown-it's tokens."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from syncer.mdtokens import MD

# markdown-it as pmsync configures it, with its own rule chains
PLAIN = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin).disable(["inline", "text_join"])


def _tokens(md: MarkdownIt, text: str) -> tuple[list[tuple[object, ...]], dict[str, object]]:
    env: dict[str, object] = {}
    tokens = md.parse(text, env)
    fields = [(t.type, t.tag, t.nesting, t.map, t.content, t.markup, t.info, t.attrs, t.hidden, t.level) for t in tokens]
    return fields, env


@pytest.mark.parametrize(
    "text",
    [
        "---\nid: INC-1\n---\n# Title\n\n## Action items\n\n| Action | Owner |\n|---|---|\n| Add alert | @a |\n",
        "Para line\n- list ends it\n> quote\n# heading\n```\ncode\n```\n***\n<div>\nhtml\n</div>\n",
        "Text\n===\n\nText\n---\n\n[label]: /url\n[label]\n\n1. one\n2) two\n   - nested\n     ~~~\n     x\n     ~~~\n",
        "- a-- b\n  - c\n> ---\n> - d\n\n    indented code\n\n| a | b |\n| - | - |\n",
        "- --- x\n- a---\n  ---\n",  # a list entry on the first line whose text holds dashes
        " ---\nnot: front matter\n ---\n",
        "",
        "\n\n\n",
        "<!-- comment\n\nstill -->\n\n+ plus\n+ list\n\n_ _ _\n",
    ],
)
def test_tokens_as_markdown_it_gives_them(text: str) -> None:
    assert _tokens(MD, text) == _tokens(PLAIN, text)


_PIECES = st.sampled_from(
    ["- ", "* ", "+ ", "1. ", "12) ", "> ", "# ", "###### ", "```", "~~~", "---", "***", "___", "===",
     "[a]: /u", "[a]", "<div>", "<p>", "<!-- c -->", "|a|b|", "|-|-|", "a | b", "--- | ---", "    ",
     "  ", "\t", "text", "x-- y", ":--", "-", ">", "#", "<", "[", "\\", "é", "　"]
)  # fmt: skip
_ENDS = st.sampled_from(["", " ", "\n", "\n", "\n\n", "x\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_PIECES, _ENDS), max_size=30))
def test_tokens_of_any_markup_as_markdown_it_gives_them(parts: list[tuple[str, str]]) -> None:
    text = "".join(piece + end for piece, end in parts)
    assert _tokens(MD, text) == _tokens(PLAIN, text)
