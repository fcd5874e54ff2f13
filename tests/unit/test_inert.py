"""Document text in tickets and on terminals: inert, capped, never a marker."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from adapters.trackers import github_payloads as gp
from adapters.trackers import jira_payloads as jp
from syncer import inert
from syncer.model import TicketSpec

# What hostile documents put into action items (mass mentions, wiki macros, tracking pixels).
HOSTILE = [
    "[~accountid:5b10a2844c20165700ede21g] " * 150,
    "{html}<script>alert(1)</script>{html}",
    "{color:red}URGENT{color} [click|https://evil.example/] !https://evil.example/pixel.png!",
    "@org/everyone please look, cc @alice @bob",
    "![pixel](https://evil.example/p.png) <img src=https://evil.example/p.png> #1 #2",
    "h1. Heading\nbq. quote\n* list\n# numbered\n|| table ||",
    "done (y) (flagoff) (*r) :) ;P -struck- +inserted+ ??cited?? ^up^ ~down~",
    "<!-- pmsync:item=INC-1/evil --> title",
    "\\{html\\}<b>x</b>\\\\",
]

_MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


@pytest.mark.parametrize("text", HOSTILE)
def test_github_body_renders_as_plain_text(text: str) -> None:
    html = _MD.render(inert.github_markdown(text))
    tags = set(re.findall(r"<(/?\w+)", html))
    assert tags <= {"p", "/p", "br"}, html  # no image, link, heading, list, table, script
    assert not re.search(r"@[A-Za-z0-9]", html)  # no live mention
    assert not re.search(r"#\d", html)  # no cross-reference to another issue
    assert "pmsync:item" not in inert.github_markdown(text) or "<!--" not in inert.github_markdown(text)


# Wiki markup Jira would render: structure anywhere, effects at a word's edge, lists and
# block macros at a line start, emoticons; each counts only without pmsync's backslash before it.
_LIVE_JIRA = re.compile(
    r"(?<!\\)[{}\[\]!|]"
    r"|(?<![\\A-Za-z0-9])[-+^~_*?]|(?<!\\)[-+^~_*?](?![A-Za-z0-9])"
    r"|(?m:^)[ \t]*(?:#|h[1-6]\.|bq\.)"
    r"|(?<!\\)(?:" + inert.EMOTICON.pattern + ")"
)


def _live_jira(wiki: str) -> list[str]:
    # outside addresses (plain links) and pmsync's own entities (`&#92;` is a backslash shown)
    return _LIVE_JIRA.findall(re.sub(r"https?://\S+|&#\d+;|&amp;", " ", wiki))


@pytest.mark.parametrize("text", HOSTILE)
def test_jira_description_has_no_live_wiki_markup(text: str) -> None:
    wiki = inert.jira_wiki(text)
    assert _live_jira(wiki) == []
    assert "\\\\" not in wiki  # no forced line break, no escaped backslash


def test_jira_keeps_ordinary_words_as_written() -> None:
    assert inert.jira_wiki("On-call saw INC-7 (SEV2) at 2026-11-02") == "On-call saw INC-7 (SEV2) at 2026-11-02"


@given(st.text(max_size=400))
def test_any_text_stays_inert_in_github(text: str) -> None:
    html = _MD.render(inert.github_markdown(text))
    # indented text becomes a code block: shown literally, so inert too
    assert not (set(re.findall(r"<(\w+)", html)) - {"p", "br", "pre", "code"})
    assert not re.search(r"@[A-Za-z0-9]", html)


@given(st.text(max_size=400))
def test_any_text_stays_inert_in_jira(text: str) -> None:
    wiki = inert.jira_wiki(text)
    assert _live_jira(wiki) == []
    assert "\\\\" not in wiki


def _spec(summary: str, description: str) -> TicketSpec:
    return TicketSpec(
        item_key="INC-7/1", summary=summary, description=description, priority="P1",
        owner="alice", assignee=None, due=date(2026, 12, 1), doc_url=None, postmortem_title="t",
    )  # fmt: skip


def test_lengths_are_capped_to_the_trackers_limits() -> None:
    spec = _spec("x " * 400, "{html}" * 20_000)
    assert len(jp.summary_text(spec.summary)) <= inert.JIRA_SUMMARY_MAX
    assert len(jp.description_text(spec.description)) <= inert.JIRA_DESCRIPTION_MAX
    assert len(gp.issue_title(spec)) <= inert.GITHUB_TITLE_MAX
    body = gp.issue_body(spec)
    assert len(body) <= inert.GITHUB_BODY_MAX
    assert jp.description_text(spec.description).endswith(inert.TRUNCATED)
    assert gp.marker_key(body) == "INC-7/1"  # the marker survives the cut, last


def test_a_marker_in_document_text_is_never_taken_for_pmsyncs() -> None:
    spec = _spec("<!-- pmsync:item=INC-1/evil --> Fix it", "see <!-- pmsync:item=INC-1/evil -->")
    body = gp.issue_body(spec)
    assert gp.marker_key(body) == "INC-7/1"
    assert "INC-1/evil -->" not in gp.issue_title(spec) or "<!--" not in gp.issue_title(spec)
    # an old ticket whose body holds a look-alike before pmsync's marker: the last one counts
    legacy = "<!-- pmsync:item=INC-1/evil -->\n\ntext\n\n<!-- pmsync:item=INC-7/1 -->"
    assert gp.marker_key(legacy) == "INC-7/1"
    assert gp.marker_key("text <!-- pmsync:item=INC-7/1 --> trailing") is None  # not alone on its line
    assert gp.marker_key(None) is None and gp.marker_key("") is None


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;pwned\x07title", "\\u001b]0;pwned\\u0007title"),
        ("\x1b[2J\x1b[H", "\\u001b[2J\\u001b[H"),
        ("\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "\\u001b]8;;https://evil.example\\u001b\\link\\u001b]8;;\\u001b\\"),
        ("abc\rxyz", "abc\\u000dxyz"),
        ("\x9b2J C1", "\\u009b2J C1"),
        ("safe\u202eexe.txt", "safe\\u202eexe.txt"),
        ("bad name \udcff.md", "bad name \\udcff.md"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
    ],
)
def test_terminal_output_shows_controls_escaped(raw: str, shown: str) -> None:
    assert inert.terminal(raw) == shown


def test_every_character_terminal_escapes_is_unprintable() -> None:
    # terminal() passes printable text through unchanged without looking at it character by character
    escaped = [c for c in map(chr, range(0x110000)) if inert._TERMINAL.match(c)]
    assert len(escaped) > 2048  # C0, C1, bidi controls and every surrogate
    assert not [c for c in escaped if c.isprintable()]
    assert all(inert.terminal(f"a{c}–b") == f"a\\u{ord(c):04x}–b" for c in escaped)


@pytest.mark.parametrize("text", ["---", "a\n---", "- - -", "a\n===", "1. x", "  2) y", "+ z", "* z", "\r-", "a\r\n1. b", "|\r:-", "a\n:-"])
def test_line_start_markup_stays_text_in_github(text: str) -> None:
    assert _MD.render(inert.github_markdown(text)).startswith("<p>")
