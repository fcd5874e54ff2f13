"""Document and tracker text made inert for the place it is shown (pure, linear time).

Text from postmortems is written by many people; pmsync copies it into tickets and
prints it on terminals. Wherever it lands it must read as the words it is, never as
markup: no live mention, no wiki macro or HTML, no image, no terminal control sequence,
no look-alike of pmsync's own identity marker. Every function here is one pass of
`str.translate` / a linear regex over the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The trackers' own limits (characters). Jira: summary 255, description (a text field)
# 32,767; GitHub: title 256, body 65,536.
JIRA_SUMMARY_MAX = 255
JIRA_DESCRIPTION_MAX = 32_767
GITHUB_TITLE_MAX = 256
GITHUB_BODY_MAX = 65_536

TRUNCATED = "\n\n… (cut to the tracker's length limit; the postmortem and pmsync's ledger keep the full text)"

# `<!-- pmsync:item=… -->` and any spelling a renderer or a lenient parser would take for it.
MARKER_LOOKALIKE = re.compile(r"<!--\s{0,20}pmsync\s{0,20}:", re.IGNORECASE)

_ZWSP = "&#8203;"
# A bare web address; what may not occur in one ends it (quotes, brackets, pipes, `!`, `@`, `*`).
_URL = re.compile(r"\bhttps?://[^\s\[\]{}()<>|!@*\\`\"']+")  # a zero-width space as an entity: the text reads the same, nothing links

# Jira wiki markup. Brackets, braces, pipes and `!` open links, mentions, macros, tables and
# images wherever they stand: always escaped. Effects (*bold*, _em_, -del-, +ins+, ^sup^, ~sub~,
# ??cite??) open and close only at a word's edge, `#`/`*`/`-` lists and `h1.`/`bq.` blocks only at
# a line start, emoticons only as `(x)`: escaped there, so "on-call" and "INC-7" stay as written.
# A backslash would escape the next character (two make a line break): it becomes an entity.
_JIRA_TABLE = {ord(c): "\\" + c for c in "{}[]!|"} | {ord("\\"): "&#92;", ord("&"): "&amp;"}
# Jira's emoticons (a closed set): (y) (n) (i) (/) (x) (!) (+) (-) (?) (on) (off) (*) (*r) (*g)
# (*b) (*y) (flag) (flagoff), and the smileys :) :( :P :D ;)
EMOTICON = re.compile(r"(?i:\((?=(?:[yni/x!+?*-]|on|off|\*[rgby]|flag|flagoff)\))|[:;](?=[()pd](?![a-z0-9])))")
_JIRA_CONTEXT = re.compile(
    r"(?<![A-Za-z0-9])[-+^~_*?]|[-+^~_*?](?![A-Za-z0-9])"  # an effect character at a word edge
    r"|(?m:^)[ \t]{0,8}#"  # a numbered list
    r"|" + EMOTICON.pattern
)
_JIRA_LINE_MACRO = re.compile(r"(?m)^(\s{0,8}(?:h[1-6]|bq|fn\d{1,3}))\.")

# GitHub Markdown: the punctuation that opens HTML, images, links, code, emphasis, tables and
# headings is backslash-escaped (CommonMark) and so stays text. Mentions (@user, @org/team) and issue references
# (#12) are resolved on the rendered text, so they get a zero-width space instead.
_MD_SPECIAL = "\\`*_[]<>#!|~"
_MD_TABLE = {ord(c): "\\" + c for c in _MD_SPECIAL} | {ord("&"): "&amp;", ord("@"): "@" + _ZWSP}
_MD_ISSUE_REF = re.compile(r"\\#(?=\d)")
# Characters that are markup only at a line's start: list markers, setext underlines, thematic
# breaks, table delimiter rows.
_MD_LINE_START = re.compile(r"(?m)^([ \t]*)(?:([-+=:])|(\d{1,9})([.)]))")

# Terminal: C0/C1 controls (ESC sequences, BEL, OSC hyperlinks, backspace, CR overwrites),
# DEL, and the Unicode bidirectional overrides that reorder what a reader sees.
# Lone surrogates (a file name that is not UTF-8, decoded by Python) cannot be written as UTF-8.
_TERMINAL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def strip_marker_lookalikes(text: str) -> str:
    """Document text can never carry something that reads as pmsync's identity marker."""
    return MARKER_LOOKALIKE.sub("<!- -", text)


def _outside_urls(text: str, escape: Callable[[str], str]) -> str:
    """`text` escaped except inside bare web addresses, which stay plain links (the characters
    that could turn one into an image, a macro or a mention end an address)."""
    parts: list[str] = []
    done = 0
    for url in _URL.finditer(text):
        parts += [escape(text[done : url.start()]), url.group(0)]
        done = url.end()
    parts.append(escape(text[done:]))
    return "".join(parts)


def jira_wiki(text: str) -> str:
    """Plain text as Jira wiki markup that renders as exactly that text."""
    escaped = _outside_urls(strip_marker_lookalikes(text), _jira_escape)
    return _JIRA_LINE_MACRO.sub(r"\1\\.", escaped)


def _jira_escape(text: str) -> str:
    escaped = text.translate(_JIRA_TABLE)
    return _JIRA_CONTEXT.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], escaped)


def github_markdown(text: str) -> str:
    """Plain text as GitHub Markdown that renders as that text: no markup, no mention, no reference."""
    # Markdown ends a line at CR too; one line ending keeps the line-start escapes complete.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    escaped = _outside_urls(strip_marker_lookalikes(text), lambda part: part.translate(_MD_TABLE))
    escaped = _MD_LINE_START.sub(lambda m: m[1] + (f"\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}"), escaped)
    return _MD_ISSUE_REF.sub("\\#" + _ZWSP, escaped)



def one_line(text: str) -> str:
    """A title: one line, controls removed, marker look-alikes broken."""
    return " ".join(_TERMINAL.sub(" ", strip_marker_lookalikes(text)).split())


def cap(text: str, limit: int, note: str = TRUNCATED) -> str:
    """`text` cut to `limit` characters, saying so; an escape sequence is never cut in half."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(note))]
    # A trailing backslash or a half entity (`&#8`) would turn the note into markup.
    cut = re.sub(r"(?:\\|&#?\w{0,8})$", "", cut)
    return cut + note


def cap_line(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut on a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\\") + "…"


def terminal(text: str) -> str:
    """Text for a terminal: control and bidi characters shown as `\\uXXXX`, not obeyed (the same
    spelling is a valid escape inside a JSON string, so JSON output stays valid)."""
    if text.isprintable():  # every character matched below is unprintable: one C-speed pass for most text
        return text
    return _TERMINAL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
