"""Every path that sees document or tracker text does work proportional to its size.

Each case builds a pathological input at 100 kB and at 1 MB and compares the CPU
work of the two in the same run: linear work grows about 10×, quadratic work 100×.
The bound (30×) sits far from both, so the test proves the shape, not a speed.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from adapters.trackers.github_payloads import marker_key
from syncer import inert
from syncer.lint import lint_document
from syncer.logs import redact
from syncer.model import ActionItem, Document, Postmortem, Section

SMALL, LARGE = 100_000, 1_000_000
BOUND = 30.0


def _cost(work: Callable[[], object]) -> float:
    """CPU seconds of one run of `work`, repeated until the total is measurable. The cyclic
    garbage collector is off meanwhile: its pauses grow with every object alive in the process
    (a 1 MB document's tokens), not with the work measured, and made linear work look 15-60×."""
    gc.collect()
    gc.disable()
    try:
        runs, start = 0, time.process_time()
        while True:
            work()
            runs += 1
            spent = time.process_time() - start
            if spent >= 0.05:
                return spent / runs
    finally:
        gc.enable()


def assert_linear(work: Callable[[str], object], build: Callable[[int], str]) -> None:
    small, large = build(SMALL), build(LARGE)
    assert len(large) >= 9 * len(small)
    def ratio() -> float:
        return _cost(lambda: work(large)) / min(_cost(lambda: work(small)) for _ in range(2))

    grew = ratio()
    if grew >= BOUND:  # a busy machine can slow one run of the large input; super-linear work fails twice
        grew = min(grew, ratio())
    assert grew < BOUND, f"work grew {grew:.0f}× for 10× the input"


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit))


# -- lint ---------------------------------------------------------------------------------------


def _item_doc(text: str, owner: str | None = None) -> Document:
    item = ActionItem(key="PM/1", item_id="1", explicit_id=False, text=text, owner=owner, line=3)
    section = Section("Action Items", 2, 2, text)
    pm = Postmortem(id="PM", id_explicit=True, title="t", path="p.md", items=(item,), sections=(section,))
    return Document("p.md", pm)


def _section_doc(text: str) -> Document:
    sections = (Section("Root Causes", 2, 2, text), Section("Timeline", 2, 9, text))
    return Document("p.md", Postmortem(id="PM", id_explicit=True, title="t", path="p.md", sections=sections))


LINT_ITEM_TEXT = {
    "run of @": _repeat("@"),
    "run of #": _repeat("#"),
    "mixed @#.": _repeat("@#./"),
    "dotted identifier": _repeat("a."),
}


@pytest.mark.parametrize("build", LINT_ITEM_TEXT.values(), ids=LINT_ITEM_TEXT.keys())
def test_lint_of_an_action_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: lint_document(_item_doc(text), people=["alice"]), build)


def test_lint_of_an_owner_field_is_linear() -> None:
    assert_linear(lambda owner: lint_document(_item_doc("Add alert", owner), people=["alice"]), _repeat(" "))


SECTION_TEXT = {
    "repeated blame words": _repeat("should careless broke "),
    "blame sentence without an end": _repeat("Alice broke prod and "),
    "repeated human error": _repeat("human error "),
}


@pytest.mark.parametrize("build", SECTION_TEXT.values(), ids=SECTION_TEXT.keys())
def test_lint_of_a_section_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: lint_document(_section_doc(text), people=["alice"]), build)


# -- log redaction --------------------------------------------------------------------------------

REDACTED = {
    "long dotted postmortem id": _repeat("inc.2024."),
    "scheme-like run": _repeat("a+"),
    "JWT-like run": _repeat("eyJ-"),
    "authorization words": _repeat("authorization "),
    "token pairs": _repeat("token="),
}


@pytest.mark.parametrize("build", REDACTED.values(), ids=REDACTED.keys())
def test_redaction_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(redact, build)


# -- tracker text ----------------------------------------------------------------------------------


def test_marker_search_in_an_issue_body_is_linear() -> None:
    assert_linear(marker_key, _repeat("<!-- pmsync:item=x"))


@pytest.mark.parametrize("render", [inert.github_markdown, inert.jira_wiki, inert.terminal, inert.one_line])
def test_making_text_inert_is_linear(render: Callable[[str], str]) -> None:
    assert_linear(render, _repeat("@a #1 <!-- pmsync: [~x] {html} \x1b[2J https://x.example/a_b "))
