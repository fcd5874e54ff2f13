"""Headings that name the place of a postmortem's follow-up work in words the heading scorer
must know: a recurrence to prevent ("How we make sure it never happens again", where
"happen" otherwise tells the story) and the Nordic languages (Norwegian, Danish, Swedish,
Finnish, with ø, æ, å and ä). Each case is a short document shaped like a real one and the
item texts pmsync must find in it (and nothing else)."""

from __future__ import annotations

import pytest

from syncer.section_names import heading_score, is_narrative_heading
from tests.postmortems import read_postmortem

STORY = (
    "# Queue outage\n\n## Summary\n\nThe job queue stalled for an hour.\n\n"
    "## Timeline\n\n- 10:02 Alerts fired\n- 11:05 Consumers restarted\n\n"
)
NORSK = (
    "# Manglende mapping\n\n**Sammendrag:** Inntekter kunne ikke hentes.\n\n"
    "**Rotårsaker:** En inntektstype manglet.\n\n"
)
ENTRIES = "- Add a lag alert at five minutes\n- Rehearse the failover before each release\n"
ITEMS = ["Add a lag alert at five minutes", "Rehearse the failover before each release"]

CASES = {
    "how to make sure it never happens again": (STORY + "## How to make sure this issue never happens again\n\n" + ENTRIES, ITEMS),
    "how we make sure it never happens again": (STORY + "### How we make sure it never happens again\n\n" + ENTRIES, ITEMS),
    "ensuring it doesn't happen again": (STORY + "## Ensuring this doesn't happen again\n\n" + ENTRIES, ITEMS),
    "making sure it won't happen to us again": (STORY + "## Making sure it won't happen to us again\n\n" + ENTRIES, ITEMS),
    "what happened is still the story": (STORY + "## What happened\n\n" + ENTRIES, []),
    "Norwegian action points in a table": (
        NORSK + "## Aksjonspunkter\n\n| Aksjon | Type | Eier |\n| --- | --- | --- |\n"
        "| Legge til mapping av inntektstype | feilretting | @geir |\n"
        "| Gjennomgå alle mappinger på nytt | forhindre | @tonje |\n\n"
        "## Tidslinje\n\n- 14:16: Første feil dukket opp i loggene.\n",
        ["Legge til mapping av inntektstype", "Gjennomgå alle mappinger på nytt"],
    ),
    "Norwegian follow-up with ø": (NORSK + "## Oppfølging\n\n" + ENTRIES, ITEMS),
    "Danish action points": (NORSK + "## Handlingspunkter\n\n" + ENTRIES, ITEMS),
    "Swedish measures with å and ä": (NORSK + "## Åtgärder\n\n" + ENTRIES, ITEMS),
    "Finnish measures": (NORSK + "## Toimenpiteet\n\n" + ENTRIES, ITEMS),
    "a Norwegian timeline holds no items": (NORSK + "## Tidslinje\n\n" + ENTRIES, []),
}  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_items_under_headings_in_these_words(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(text).items] == expected


@pytest.mark.parametrize(
    ("title", "narrative"),
    [("Tidslinje", True), ("Rotårsaker", True), ("Sammanfattning", True), ("What happened again?", True),
     ("Error handling", False), ("How we make sure it never happens again", False)],
)  # fmt: skip
def test_narrative_headings(title: str, narrative: bool) -> None:
    assert is_narrative_heading(title) is narrative


def test_english_handling_is_no_nordic_action_point() -> None:
    assert heading_score("Error handling") < 0.75 <= heading_score("Handlingspunkter")
