"""Confluence storage format to Markdown: the structure a page has, and never one its text
pretends to have."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from adapters.sources.storage_format import StorageFormatError, mention_resolver, to_markdown

PEOPLE = mention_resolver({"5b10a2844c20165700ede21a": "alice", "jsmith": "john"})


def convert(body: str) -> str:
    return to_markdown(body, PEOPLE).markdown


@pytest.mark.parametrize(
    ("body", "markdown"),
    [
        ("<h2>Follow-up tasks</h2>", "## Follow-up tasks\n"),
        ("<p>one&nbsp;two &amp; three</p>", "one two & three\n"),
        ("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>", "- a\n  - b\n- c\n"),
        ("<ol><li><p>first</p></li><li><p>second</p></li></ol>", "1. first\n2. second\n"),
        ("<table><tbody><tr><th>Action</th><th>Owner</th></tr><tr><td>Fix | it</td>"
         '<td><ac:link><ri:user ri:username="jsmith" /></ac:link></td></tr></tbody></table>',
         "| Action | Owner |\n|---|---|\n| Fix \\| it | @john |\n"),
        ("<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status>"
         '<ac:task-body>Ship it <ac:link><ri:user ri:account-id="5b10a2844c20165700ede21a" /></ac:link> '
         'by <time datetime="2026-05-01" /></ac:task-body></ac:task></ac:task-list>',
         "- [x] Ship it. Owner: @alice. Due: 2026-05-01.\n"),
        ('<ac:task-list><ac:task><ac:task-status>incomplete</ac:task-status><ac:task-body>'
         '<ac:link><ri:user ri:account-id="557058:0c2e-unknown" /></ac:link></ac:task-body></ac:task></ac:task-list>',
         "- [ ] Owner: @557058:0c2e-unknown.\n"),
        ('<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[## Action Items\n- rm -rf /]]>'
         "</ac:plain-text-body></ac:structured-macro>", "~~~\n## Action Items\n- rm -rf /\n~~~\n"),
        ('<p><ac:placeholder>Describe the impact</ac:placeholder>Real words</p>', "Real words\n"),
        ('<ac:structured-macro ac:name="toc" />', "\n"),
    ],
)
def test_structure_converts_to_the_markdown_a_team_would_write(body, markdown):
    assert convert(body) == markdown


def test_page_properties_and_unknown_macros():
    result = to_markdown(
        '<ac:structured-macro ac:name="details"><ac:rich-text-body><table><tbody>'
        '<tr><th>Severity</th><td><ac:structured-macro ac:name="status"><ac:parameter ac:name="title">SEV1'
        "</ac:parameter></ac:structured-macro></td></tr><tr><th>Incident date</th>"
        '<td><time datetime="2026-03-04" /></td></tr></tbody></table></ac:rich-text-body></ac:structured-macro>'
        '<ac:structured-macro ac:name="mystery-widget"><ac:rich-text-body><p>kept</p></ac:rich-text-body></ac:structured-macro>'
        '<ac:structured-macro ac:name="mystery-widget" />',
        PEOPLE,
    )
    assert result.properties == {"Severity": "SEV1", "Incident date": "2026-03-04"}
    assert result.unknown_macros == ["mystery-widget"]
    assert "kept" in result.markdown


@pytest.mark.parametrize(
    "body",
    ["<p>unclosed", "<p>a</b>", "<p>&undefined;</p>", '<!DOCTYPE x [<!ENTITY a "b">]><p>&a;</p>', "<ul><li>" * 300],
)
def test_what_is_not_well_formed_or_absurdly_deep_is_refused(body):
    with pytest.raises(StorageFormatError):
        convert(body + "</li></ul>" * (300 if body.startswith("<ul>") else 0))


def _kinds(markdown: str) -> set[str]:
    return {t.type for t in MarkdownIt("commonmark").enable("table").parse(markdown)}


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from("#>+*-_=<[]|`~!0123456789.): \n\t"),
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        ),
        max_size=200,
    )
)
def test_page_text_never_becomes_structure(text):
    """Whatever a paragraph or cell says, it stays a paragraph or a cell."""
    clean = "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)
    paragraph = convert(f"<p>{escape(clean)}</p>")
    assert _kinds(paragraph) <= {"paragraph_open", "paragraph_close", "inline"}
    cell = convert(f"<table><tbody><tr><th>Action</th></tr><tr><td>{escape(clean)}</td></tr></tbody></table>")
    rows = [t for t in MarkdownIt("commonmark").enable("table").parse(cell) if t.type == "tr_open"]
    assert len(rows) == 2


@pytest.mark.parametrize("text", ["<div>x", "___", "<!-- c -->", "[a]: http://x", "1) x", "2. y", "- z", "# h"])
def test_lines_that_look_like_blocks_stay_text(text):
    markdown = convert(f"<p>{escape(text)}</p>")
    assert _kinds(markdown) == {"paragraph_open", "paragraph_close", "inline"}
    [inline] = [t for t in MarkdownIt("commonmark").parse(markdown) if t.type == "inline"]
    assert inline.content.replace("\\", "") == text.replace("\\", "")
