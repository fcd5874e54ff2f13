"""Markup that is not Markdown, taken out of text pmsync reads from a document.

Real postmortems come out of static-site generators and wikis: MDX/JSX components, inline
HTML, Liquid and Hugo tags, GitBook's `&#x20;` escapes, footnote markers and invisible
characters. None of it belongs in an action item's text. Every pattern here is linear:
bounded character classes, no nested quantifiers.
"""

from __future__ import annotations

import html
import re

# Zero-width and formatting characters that editors leave behind (BOM, ZWSP, ZWJ, word
# joiner, soft hyphen, bidi marks); they make equal words compare unequal.
_INVISIBLE = dict.fromkeys(
    map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    None,
)
# Liquid/Jinja "{% tag %}" and "{{ output }}" (also template placeholders), Hugo "{{< sc >}}"
_TEMPLATE_TAG = re.compile(r"\{%[^{}]{0,500}%\}|\{\{[^{}]{0,500}\}\}")
_HTML_TAG = re.compile(r"</?[A-Za-z][\w.:-]{0,40}(?:\s[^<>]{0,500})?/?>")
_HTML_BREAK = re.compile(r"<br\s*/?>|</?p(?:\s[^<>]{0,500})?>", re.IGNORECASE)
_FOOTNOTE_REF = re.compile(r"\[\^[^\[\]\s]{1,40}\]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,10});")


_ANCHOR = re.compile(
    r"""<a\s(?:[^<>]{0,500}?\s)?href\s*=\s*["']([^"'<>\s]{1,2000})["'][^<>]{0,500}>([^<]{0,500})</a\s*>""",
    re.IGNORECASE,
)
_HREF = re.compile(r"""^<a\s(?:[^<>]{0,500}?\s)?href\s*=\s*["']([^"'<>\s]{1,2000})["']""", re.IGNORECASE)


def html_links(fragment: str) -> list[tuple[str, str]]:
    """(text, href) of the anchors in a piece of HTML, as the Markdown reader gives its links."""
    if "<a" not in fragment and "<A" not in fragment:
        return []
    return [(html.unescape(m.group(2)), html.unescape(m.group(1))) for m in _ANCHOR.finditer(fragment)]


def anchor_href(tag: str) -> str | None:
    """The address an inline `<a href="…">` tag opens, None for any other tag."""
    match = _HREF.match(tag)
    return html.unescape(match.group(1)) if match else None


# Bullets of text pasted from word processors and chat: glyphs, ballot boxes that say whether
# the entry is done, and a dash typeset as "–" or "—" when a run of lines starts so (one such
# line alone is a signature: "— The Ops Team").
_GLYPHS = "•●▪◦‣∙○■□➢➤►☐☑☒"
_GLYPH_BULLET = re.compile(r"^([ \t]{0,12})([•●▪◦‣∙○■□➢➤►☐☑☒])[ \t]*", re.MULTILINE)
_DASH_BULLET = re.compile(r"([ \t]{0,12})[–—][ \t]+(?=\S)")
_BALLOT = {"☐": "[ ] ", "☑": "[x] ", "☒": "[x] "}


def plain_text_bullets(text: str) -> str:
    """Text whose plain-text bullets are Markdown list markers ("• a" → "- a", "☐ a" → "- [ ] a")."""
    if any(glyph in text for glyph in _GLYPHS):
        text = _GLYPH_BULLET.sub(lambda m: f"{m.group(1)}- {_BALLOT.get(m.group(2), '')}", text)
    if "–" not in text and "—" not in text:
        return text
    lines = text.split("\n")
    dashed = [_DASH_BULLET.match(line) is not None for line in lines]
    filled = [bool(line.strip()) for line in lines]
    previous = False  # whether the last non-blank line started with a dash
    for k, line in enumerate(lines):
        if not filled[k]:
            continue
        following = next((dashed[j] for j in range(k + 1, min(k + 3, len(lines))) if filled[j]), False)
        if dashed[k] and (previous or following):
            lines[k] = _DASH_BULLET.sub(r"\1- ", line, count=1)
        previous = dashed[k]
    return "\n".join(lines)


def strip_invisible(text: str) -> str:
    return text.translate(_INVISIBLE)


def clean_markup(text: str) -> str:
    """Text without template tags, HTML/JSX tags, footnote markers, entities or invisible chars."""
    text = text.translate(_INVISIBLE)
    if "{" in text:
        text = _TEMPLATE_TAG.sub(" ", text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", _HTML_BREAK.sub("\n", text))
    if "[^" in text:
        text = _FOOTNOTE_REF.sub("", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text.replace("\u00a0", " ")

