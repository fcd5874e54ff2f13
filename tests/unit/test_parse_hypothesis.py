"""Open-ended input: the parser never raises, whatever the text; problems are only findings."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from syncer.model import PRIORITIES, Document
from syncer.parse import parse_document

OWN_RULES = {"front-matter", "table-cells", "section-empty", "no-action-items", "not-a-postmortem", "items-in-prose"}
TYPES = {None, "prevent", "mitigate", "detect", "process", "other"}

words = st.sampled_from(
    ["Add", "alert", "Owner:", "@alice", "Due:", "Friday", "2 weeks", "2026-03-14", "P1", "[P2]", "(P3)",
     "Verify:", "next standup.", "PAY-12", "#7", "a/b#3", "{#id-1}", "ID:", "[x]", "[ ]", "|", "\\|",
     "(owner: bob, due: EOW)", "Priority: high", "backlog", "Bug 5554823", "https://github.com/a/b/issues/1",
     "due", "by", "`code`", "**bold**", "[link](http://x)", "<br>", "—", ":", ".", ",", "Q1 2027", "Sev1",
     "\u00a0", "\t", "é", "🔥", "\ufffd", "\x0b", "\u2028", "We will", "we'll", "Lastly, we are going to",
     "ICL to", "Hypha:", "Action point:", "TODO:", "<p>", "</p>", "<li>", "<Callout>", "{{ x }}", "{% raw %}",
     "{{< hint >}}", "&#x20;", "\ufeff", "\u200b", "[^1]", "by 3/20", "14.03.2026", "Jul 16, 2023",
     "end of sprint 42", "ERC-20", "SHA-256", "such as", "included", "rotating", "**Action items:**",
     "10:45 AM:", "#2127", "https://linear.app/a/issue/ENG-1/x"]
)  # fmt: skip
phrase = st.lists(words | st.text(max_size=8), max_size=12).map(" ".join)
heading_titles = st.sampled_from(
    ["Action Items", "Follow-ups", "Remediation", "Corrective actions", "Next steps", "Prevention",
     "Summary", "Root Causes", "Short term", "Prevent", "Detect", "Timeline", "", "Moving Foward",
     "Lessons learned", "What we're doing about it", "1) Add a probe @dma [detect]", "4:09 PM: Follow-up",
     "Next steps for users", "Resolution"]
) | phrase  # fmt: skip


@st.composite
def headings(draw: st.DrawFn) -> str:
    return "#" * draw(st.integers(1, 7)) + " " + draw(heading_titles)


@st.composite
def tables(draw: st.DrawFn) -> str:
    header = draw(st.lists(st.sampled_from(["Action", "Owner", "Due", "Priority", "Bug", "Type", "Verify",
                                            "ID", "#", "Status", "Notes", "Issue"]) | phrase,
                           min_size=1, max_size=6))  # fmt: skip
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for _ in range(draw(st.integers(0, 5))):
        cells = draw(st.lists(phrase, max_size=len(header) + 2))
        lines.append(draw(st.sampled_from(["| ", ""])) + " | ".join(cells) + draw(st.sampled_from([" |", ""])))
    return "\n".join(lines)


@st.composite
def lists(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        indent = " " * draw(st.sampled_from([0, 2, 3, 4, 6, 8]))
        marker = draw(st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "- [ ] ", "- [x] "]))
        lines.append(indent + marker + draw(phrase))
    return "\n".join(lines)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    keys = st.sampled_from(["id", "title", "date", "review_date", "reviewed", "severity", "team", "services",
                            "related", "status", "- x", "? y", "&a", "*a"])  # fmt: skip
    values = st.sampled_from(["2026-03-04", "2026-02-30", "[a, b]", "{a: 1}", "'", '"', "!!timestamp x",
                              "!!binary x", "~", "1e999", "- a", "*a", "&a b", "|", ">"]) | phrase  # fmt: skip
    body = "\n".join(f"{draw(keys)}: {draw(values)}" for _ in range(draw(st.integers(0, 5))))
    return f"---\n{body}\n" + draw(st.sampled_from(["---\n", "...\n", ""]))


blocks = st.one_of(
    headings(), tables(), lists(), phrase,
    st.just("```\n# fenced\n"), st.just("```"), st.just("> - quoted item"), st.just("---"),
    st.just("<!-- html -->"), st.just("Date: 2026-03-04\nSeverity: SEV2"), st.just("    indented code"),
)  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> str:
    start = draw(st.sampled_from(["", ""]) | front_matter())
    body = draw(st.lists(blocks, max_size=14))
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n"]))
    return start + separator.join(body)


def _check(document: Document, path: str, text: str) -> None:
    assert document.path == path
    assert all(f.path == path for f in document.findings)
    assert {f.rule for f in document.findings} <= OWN_RULES
    postmortem = document.postmortem
    if postmortem is None:
        assert not text.strip()
        return
    line_count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for item in postmortem.items:
        assert item.key == f"{postmortem.id}/{item.item_id}"
        assert item.text
        assert 1 <= item.line <= line_count
        assert item.priority is None or item.priority in PRIORITIES
        assert item.type in TYPES
        assert item.found_by in {"table", "list", "checkbox", "heading", "paragraph", "prose"}
        assert item.section is None or isinstance(item.section, str)
        assert "\ufeff" not in item.text and "\u200b" not in item.text
    for section in postmortem.sections:
        assert 1 <= section.level <= 6 and 1 <= section.line <= line_count


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    _check(parse_document(text, "fuzz.md"), "fuzz.md", text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_markdownish_documents_never_raise(text: str) -> None:
    _check(parse_document(text, "docs/fuzz.md"), "docs/fuzz.md", text)


@settings(max_examples=150)
@given(st.binary(max_size=400))
def test_decoded_bytes_never_raise(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    _check(parse_document(text, "bytes.md"), "bytes.md", text)
