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
# the entry is done, and a dash typeset as "–" or "—" when a run of lines starts so or a
# heading or an introduction ending in ":" comes before it (one such line after a sentence is
# a signature: "— The Ops Team").
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
    previous = False  # whether the last dashed line's run goes on: only continuation lines since
    last_text = ""  # the last non-blank line before this one
    for k, line in enumerate(lines):
        if not line.strip():
            continue
        if dashed[k] and (previous or _opens_list(last_text) or _dash_follows(lines, dashed, k)):
            lines[k] = _DASH_BULLET.sub(r"\1- ", line, count=1)
            previous = True
        elif not line[:1].isspace():
            previous = False  # a line at the margin that is no dash ends the run
        last_text = line
    return "\n".join(lines)


_FOLLOW_LINES = 8  # how far on the next dashed line of a run is looked for


def _opens_list(line: str) -> bool:
    """A heading, a bold label ("**Actions taken:**") or a sentence introducing what follows ("Next steps:")."""
    stripped = line.strip()
    bold = stripped[:2] in ("**", "__") and stripped.endswith(stripped[:2])
    return stripped.startswith("#") or bold or stripped.rstrip("*_ ").endswith(":")


def _dash_follows(lines: list[str], dashed: list[bool], k: int) -> bool:
    """Whether another dashed line follows line k, with only blank or indented lines between."""
    for j in range(k + 1, min(k + 1 + _FOLLOW_LINES, len(lines))):
        if dashed[j]:
            return True
        if lines[j].strip() and not lines[j][:1].isspace():
            return False
    return False


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

