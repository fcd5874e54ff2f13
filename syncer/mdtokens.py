"""One Markdown document as markdown-it-py's token stream, with the helpers every reader of it needs.

Pure: text in, tokens out. The block parser runs over the whole document; inline parsing
happens only where something is read from a block, which keeps thousands of documents per
lint run fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from syncer.block_rules import FirstCharRuler
from syncer.html_blocks import html_as_markdown
from syncer.markup import anchor_href, clean_markup, plain_text_bullets, strip_invisible
from syncer.model import Finding, Section, Severity

MD = (
    MarkdownIt("commonmark")
    .enable(["table", "strikethrough"])  # GFM's ~~struck~~ words are read without their marks
    .use(front_matter_plugin)
    .disable(["inline", "text_join"])  # inline parsing only where read (_plain)
)
MD.block.ruler = FirstCharRuler(MD.block.ruler)
_MARKUP_FREE = re.compile(r"[^*_`\[\]<>&\\!~]*")
_NO_MARKUP_BUT_BRACKETS = re.compile(r"[^*_`<>&\\!~\n]*")
_MD_LINK = re.compile(r"!?\[([^\][]*)\]\([^()]*\)")  # bounded classes: linear on unclosed brackets
_MD_EMPHASIS = re.compile(r"\*\*|__|~~|`")
_BRACKETS_MAX = 16  # more brackets than this in one block: not parsed inline
_DELIMITERS_MAX = 48  # nor more emphasis marks than this
_INLINE_MAX = 4000  # longer "items" are read as written: inline parsing of such text can go quadratic


@dataclass(slots=True)
class Block:
    start: int  # token index of the block's opening token
    end: int  # token index one past its closing token
    kind: str


@dataclass(slots=True)
class Heading:
    block: int  # index into the block list
    level: int
    line: int
    title: str



class TokenDoc:
    """The token stream of one document with the helpers every stage needs."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.env: MutableMapping[str, Any] = {}
        text = strip_invisible(text)  # BOM, zero-width spaces: keep lines, drop the characters
        text = plain_text_bullets(text)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.tokens: list[Token] = MD.parse(text, self.env)
        self.lines = text.split("\n")
        if (rewritten := html_as_markdown(text, self.tokens)) is not None:
            # lists and paragraphs exported as HTML, read as the Markdown they stand for; every
            # block keeps the line numbers of the text as written
            markdown, origin = rewritten
            self.env = {}
            self.tokens = MD.parse(markdown, self.env)
            for token in self.tokens:
                if token.map:
                    token.map = [origin[token.map[0]], origin[max(token.map[1] - 1, token.map[0])] + 1]
        self.close = closing_indices(self.tokens)
        self.blocks = list(self._top_blocks())
        self.findings: list[Finding] = []
        # inline content -> its plain text and links: several stages read the same paragraph
        self._plain: dict[str, tuple[str, list[tuple[str, str]]]] = {}

    def _top_blocks(self) -> Iterator[Block]:
        index = 0
        while index < len(self.tokens):
            end = self.close.get(index, index) + 1
            yield Block(index, end, self.tokens[index].type)
            index = end

    def children(self, start: int, end: int) -> Iterator[int]:
        """Token indices of the blocks directly inside the block spanning start..end."""
        index = start + 1
        while index < end - 1:
            yield index
            index = self.close.get(index, index) + 1

    def line(self, index: int) -> int:
        token_map = self.tokens[index].map
        return token_map[0] + 1 if token_map else 0

    def plain(self, inline: Token) -> tuple[str, list[tuple[str, str]]]:
        known = self._plain.get(inline.content)
        if known is None:
            text, links = _plain(inline.content, self.env)
            if "{" in text or "<" in text or "&" in text or "[^" in text:
                text = clean_markup(text)
            known = self._plain[inline.content] = (text, links)
        return known[0], list(known[1])

    def finding(self, rule: str, severity: Severity, message: str, line: int | None) -> None:
        self.findings.append(Finding(rule, severity, message, self.path, line))


def closing_indices(tokens: list[Token]) -> dict[int, int]:
    close: dict[int, int] = {}
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            stack.append(index)
        elif token.nesting == -1 and stack:
            close[stack.pop()] = index
    return close


def _plain(content: str, env: MutableMapping[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """Inline Markdown as plain text (link text kept) and the links it holds as (text, href)."""
    if len(content) > _INLINE_MAX or _MARKUP_FREE.fullmatch(content):
        return content, []
    if "](" not in content and not env.get("references") and _NO_MARKUP_BUT_BRACKETS.fullmatch(content):
        # "[x] Add alert [P1]" on one line: brackets that open no link (none is followed by an
        # address, the document defines no link labels) are the text, as the parser would give it
        return content, []
    if content.count("[") > _BRACKETS_MAX or content.count("*") + content.count("_") > _DELIMITERS_MAX:
        # markdown-it's link and emphasis matching is quadratic in the delimiters of a line:
        # text this dense in them is no one's action item, read it as written
        return _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", content)), []
    children: list[Token] = []
    MD.inline.parse(content, MD, env, children)
    parts: list[str] = []
    links: list[tuple[str, str]] = []
    open_links: list[tuple[str, int]] = []
    for token in children:
        kind = token.type
        if kind in ("text", "text_special", "code_inline", "image"):
            parts.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "link_open":
            open_links.append((str(token.attrs.get("href", "")), len(parts)))
        elif kind == "link_close" and open_links:
            href, start = open_links.pop()
            links.append(("".join(parts[start:]), href))
        elif kind == "html_inline":
            tag = token.content.lower()
            if tag.startswith("<br"):
                parts.append("\n")
            elif tag.startswith("<a") and (href := anchor_href(token.content)) is not None:
                open_links.append((href, len(parts)))  # inline HTML anchors are links too
            elif tag.startswith("</a") and open_links:
                href, start = open_links.pop()
                links.append(("".join(parts[start:]), href))
    return "".join(parts), links


def in_italics(content: str) -> bool:
    """Whether a paragraph's inline Markdown is wholly set in italics ("*List any tasks we should
    complete here*", "_All times in UTC._"): a note, a caption or a template's prompt, set apart
    from what the document itself says."""
    text = content.strip()
    if len(text) < 3 or text[0] not in "*_" or text[1] in "*_ " or text[-1] != text[0] or text[-2] in "*_ ":
        return False
    if len(text) > _INLINE_MAX or text.count("*") + text.count("_") > _DELIMITERS_MAX:
        return False
    children: list[Token] = []
    MD.inline.parse(text, MD, {}, children)
    depth = 0
    for at, token in enumerate(children):
        depth += (token.type == "em_open") - (token.type == "em_close")
        if depth == 0 and at < len(children) - 1:
            return False  # "*one* and *another*": words set apart, not the paragraph
    return bool(children) and children[0].type == "em_open" and depth == 0


def block_text(doc: TokenDoc, block: Block) -> str:
    """Cheap plain text of a block for Section.text: no inline parse, markup stripped."""
    token = doc.tokens[block.start]
    if block.kind in ("fence", "code_block", "html_block"):
        return token.content
    lines: list[str] = []
    row: list[str] = []
    for t in doc.tokens[block.start : block.end]:
        if t.type == "inline":
            content = t.content
            if "[" in content or "*" in content or "`" in content or "~" in content or "_" in content:
                content = _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", content))
            row.append(content)
            if block.kind != "table_open":
                lines.append(row.pop())
        elif t.type == "tr_close":
            lines.append(" | ".join(row))
            row = []
    return "\n".join(lines)


def headings(doc: TokenDoc) -> list[Heading]:
    headings = []
    for number, block in enumerate(doc.blocks):
        if block.kind == "heading_open":
            level = int(doc.tokens[block.start].tag[1:])
            title, _ = doc.plain(doc.tokens[block.start + 1])
            headings.append(Heading(number, level, doc.line(block.start), " ".join(title.split())))
    return headings


def section_ends(doc: TokenDoc, headings: list[Heading]) -> list[int]:
    """For each heading, the block index where its section ends (next heading of same or higher level)."""
    ends = [len(doc.blocks)] * len(headings)
    open_headings: list[int] = []
    for number, heading in enumerate(headings):
        while open_headings and headings[open_headings[-1]].level >= heading.level:
            ends[open_headings.pop()] = heading.block
        open_headings.append(number)
    return ends


def sections(doc: TokenDoc, headings: list[Heading], ends: list[int]) -> tuple[Section, ...]:
    texts = [
        block_text(doc, block) if block.kind != "heading_open" else ""
        for block in doc.blocks
    ]
    for heading in headings:
        texts[heading.block] = heading.title
    return tuple(
        Section(
            title=heading.title,
            level=heading.level,
            line=heading.line,
            text="\n".join(t for t in texts[heading.block + 1 : end] if t),
        )
        for heading, end in zip(headings, ends, strict=True)
    )

