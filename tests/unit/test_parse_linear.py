"""No input makes extraction super-linear: pathological documents of 100 kB and 1 MB.

No wall-clock limit: ten times the text may take at most a generous multiple of ten times
the time (quadratic work would take a hundred times). CPU time, the better of two runs of
the small document, so a busy machine does not decide.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from syncer.model import Postmortem
from syncer.parse import parse_document
from tests.unit.test_linear_time import LARGE, SMALL, assert_linear

HEAD = "# Outage\n\n## Summary\n\nDown.\n\n## Action items\n\n"

UNITS: dict[str, Callable[[int], str]] = {
    "nested lists": lambda i: "  " * (i % 40) + "- Add item\n",
    "pipes": lambda i: "| A | B |\n|---|---|\n" if i == 0 else "| a " * 30 + "|\n",
    "brackets": lambda i: "- " + "[" * 50 + "](" * 20 + "\n",
    "spaces": lambda i: " " * 200 + "x\n",
    "repeated action headings": lambda i: "## Action items\n\n- We will fix it\n\n",
    "runs of @ and #": lambda i: "- " + "@" * 100 + " " + "#" * 100 + "\n",
    "emphasis": lambda i: "- " + "**a " * 50 + "\n",
    "prose commitments": lambda i: "We will add a probe, and we will also add, " * 5 + "\n\n",
    "action labels": lambda i: "Action point: " * 20 + "\n\n",
    "sub-headings with details": lambda i: "### Add a probe to the service\n\nDetails here.\n\n",
    "html": lambda i: "<p>" + "our action items included rotating keys, " * 5 + "</p>\n",
    "html lists": lambda i: "<ul><li>Add a <strong>probe</strong> to <a href='https://x/1'>it</a></li></ul>\n\n",
    "html lists nested deep": lambda i: "<ul><li>" * 60 + "Add a probe" + "</li></ul>" * 60 + "\n\n",
    "html line breaks": lambda i: "<p>Next steps:<br>Add a probe<br>Move the cache<br/></p>\n\n",
    "html tags never closed": lambda i: "<p><a href='" + "x" * 100 + "<li><strong>" * 20 + "\n\n",
    "one long line": lambda i: "We will (owner: [due " * 20,
    "weekdays before a date": lambda i: "- Add a probe (" + "monday, " * 2000 + "March 3)\n",
    "due words": lambda i: "- Add a probe " + "by the " * 300 + "by 2026-03-01\n",
    "bold labels": lambda i: "**Action items**\n\n- Add a probe\n\nMore:\n\n- Move it\n\n",
    "bold labels with a colon over one list": lambda i: "**Prevention:**\n\n- Add a probe\n- Test it at 10:05\n\n",
    "one entry per paragraph": lambda i: "Add a probe to the service\n\n",
    "labels over one entry per paragraph": lambda i: "Further improvements\n\nAdd a probe to the service\n\n",
    "parts named by nothing": lambda i: f"## Part {i}\n\n- Add a probe\n- Move the cache\n\n### Details\n\nx\n\n",
    "pasted dash and glyph bullets": lambda i: ("– Add a probe\n", "\n", "— x\n", "☐ ➢ • – y\n")[i % 4],
    "promises in the passive": lambda i: "The " + "runbook and " * 10 + "alerts will be updated.\n\n",
    "someone else's promise": lambda i: "The platform team, " + "with the vendor, " * 10 + "will schedule a review.\n\n",
    "a change named by its gerund": lambda i: "Adding " + "a probe " * 30 + "will page us. Improvements are being made.\n\n",
    "gaps and questions in one list": lambda i: "- No " + "alert " * 30 + "\n- 4-day " + "- " * 30 + "delay\n- Is "
    + "it " * 30 + "?\n",
    "sub-headings over their own fields and a list": lambda i: "### Resolve " + "it " * 20 + "\n\n**Priority:** "
    + "High " * 20 + "\n\n- Use tokens\n\n",
    "verification words after one word": lambda i: "- Pid check: " + "review: check: " * 40 + "\n",
    "questions and formulas": lambda i: "- Is " + "someone " * 30 + "assigned?\n- " + "a " * 30 + "= b\n",
    "addresses without a scheme": lambda i: "- Add a probe " + "a.b-c." * 100 + "io/" + "x.y/" * 50 + " gh.com/o/r/issues/1\n",
    "dashes before names": lambda i: "- Add a probe " + "— Alice - Bob " * 60 + "Owner - Owner – Carol\n",
    "calendar weeks and sprints": lambda i: "- Add a probe " + "by week 12 and in 2 sprints " * 20 + "by End May 2024\n",
    "promises held to the next days": lambda i: "We will be closely monitoring " + "the next few " * 30
    + "over the next couple of days, returning " + "it " * 20 + "to regular operations.\n\n",
    "merge requests, pull requests and commits": lambda i: "- Add a probe " + "!1 a/b!2 PR 3 pull request 4 " * 20
    + "https://gitlab.com/g/p/-/issues/1+s https://github.com/o/r/commit/" + "a" * 40 + " fixed in PR 5\n",
    "horizons and labels in other languages": lambda i: "### Corto plazo (" + "1 a 2 en los próximos " * 20
    + "días)\n\n- Revisar " + "担当: a、期限: " * 20 + "2026年5月14日（議論）\n- Vérifier (dans " + "deux " * 40 + "semaines)\n\n",
    "due words before months": lambda i: "- Add a probe " + "by the March 3 release, until mid-Q3 FY24 " * 10 + "\n",
    "the team as a passive's subject": lambda i: "We will be " + "fully really " * 40 + "closed all weekend.\n\n",
    "the live response told now": lambda i: "We are working on " + "this " * 40 + "now, looking into "
    + "it at the moment " * 10 + "as soon as the " + "rain " * 30 + "eases.\n\n",
    "lists restating one another": lambda i: f"## Action items {i % 7}\n\n- Add a probe to the cache\n"
    "- Move the cache to its own host\n- Rotate the cache keys\n\n",
    "rules in force beside a list": lambda i: "## Remediation\n\n- Checks were added to the jobs.\n\nThe "
    + "change " * 8 + "now requires " + "every " * 20 + "review.\n\n",
    "work begun": lambda i: "We have begun " + "carefully " * 10 + "retooling the " + "token " * 20 + "system.\n\n",
    "entries with their details, one to a paragraph": lambda i: f"**Alert on symptom {i}.** Nothing paged. "
    + "It should have. " * 5 + "Owner: @alice.\n\nEngage the vendor. " + "Their client misreports it. " * 5 + "\n\n",
    "notes in italics": lambda i: "*" + "a _b_ c " * 20 + "note*\n\n",
    "abbreviations before capitals": lambda i: "We will add a probe, e.g. Geth, for St. Louis. Mr. A said so. " * 5
    + "\n\n",
    "fields after a labelled owner": lambda i: "- Add a probe. Owner: " + "@bob, P1; " * 200 + "due 2024-06-01\n",
    "needs under an action heading": lambda i: "The " + "relayer, server (a b) and " * 20 + "queue should be "
    "implemented. We need " + "a staging " * 30 + "environment. We should have " + "the " * 30 + "x.\n\n",
    "promises and the fields after them": lambda i: "We will add a probe. It was missing. Owner: @alice. "
    "Tracked in #12. " * 5 + "\n\n",
}
# Shapes read as a whole section rather than block by block: one unit, repeated to the size.
WHOLE: dict[str, tuple[str, Callable[[int], str]]] = {
    # a timeline's closing entry, each of its promises placed in the entry
    "promises closing a timeline": ("# Outage\n\n## Timeline\n\n- 11:00 Incident closed. ",
                                    lambda i: f'We will add probe {i} to the "service". '),
    # a plain-text export's labelled part, each of its promises given its line
    "promises after line labels": ("# Outage\n\nRoot cause: the disk\nSummary: it broke\nNext steps: ",
                                   lambda i: f"We will add probe {i} to the service. "),
    # a report run together on one line, its numbered steps after the follow-up label
    "a report run together on one line": ("# Outage\n\nSummary of impact: it broke. Root cause: the disk. "
                                          "Next steps: it includes: ", lambda i: f"{i + 1}. Add probe {i} to it. "),
    # a note with no plan, each of its paragraphs saying a change is owed
    "changes owed in a note with no plan": ("The site was down.\n\n",
                                            lambda i: f"Downtime is bad, and we should implement check {i}.\n\n"),
    # a bold bullet over its part: the entry's nested paragraphs, read as the part it heads
    "a bold bullet over its part": ("# Outage\n\n## Summary\n\nDown.\n\n- **Action items:**\n\n",
                                    lambda i: f"  Add probe {i} to the service.\n\n"),
}

# Prose of a part that tells the incident, where changes made since or promised are read
# sentence by sentence: one paragraph, repeated to the size.
STORY_HEAD = "# Outage\n\n## What went wrong\n\n"
STORY: dict[str, Callable[[int], str]] = {
    # an enumeration of changes, every other one with brackets that never close
    "changes enumerated": lambda i: "We made improvements to the security of our systems, including rotating keys"
    + (" (and " + "(" * 20 + ")" if i % 2 else "") + ", " + "deleting logs and scanning them, " * 3
    + "and more generally improving security.\n\n",
    "work with another party": lambda i: "We are working with " + "outside specialists " * 3
    + "to investigate the incident as well as review our security policies.\n\n",
    "checklists of work": lambda i: "- [ ] Add a probe to " + "the cache " * 20 + "\n- [x] Share details\n" * 3 + "\n",
    "work under way": lambda i: "Apart from " + "the timeouts, " * 5 + "we're also adding back-off to the "
    + "client " * 10 + "library. Work has also started to pull " + "the queue " * 10 + "out of the hub. "
    + "Will be adding a probe to the service to prevent this.\n\n",
    "changes listed as noun phrases": lambda i: "Acme engineers will implement several measures, including: "
    + ("(" * 20 if i % 2 else "") + "stricter review of changes, " * 10 + "and a canary stage for the broker.\n\n",
    "a team's promise after what it did, and changes held as planned": lambda i: "The team " + "has fixed it, "
    * 10 + "and will add tests to prevent this again. We have a " + "large " * 10 + "upgrade planned.\n\n",
    "changes made or under way": lambda i: "We've set up alerts for the disk" + " and the cache" * 5
    + ". Further segmentation " + "of the hosts " * 5 + "is under way.\n\n",
    # changes made since to a process named by a word of the response, and one against the next time
    "changes made since to processes": lambda i: "First, we have modified our data recovery process whereby the "
    + "restoration " * 20 + "is managed. A fix is now put in place when a similar outage happens again for "
    + "many " * 20 + "users.\n\n",
    # changes told as lasting: a long opening, a long purpose, a long condition
    "changes made to last": lambda i: "To permanently " + "fix the " * 6 + "issue I disabled the chained replica. "
    "As of today, we now set the " + "write " * 20 + "limit per account. We added a link so this "
    + "very " * 20 + "problem won't happen again, should this " + "odd " * 20 + "situation come up again.\n\n",
}


def _document(unit: Callable[[int], str], size: int, head: str = HEAD) -> str:
    parts, length, index = [head], len(head), 0
    while length < size:
        part = unit(index)
        parts.append(part)
        length += len(part)
        index += 1
    return "".join(parts)


def read_linearly(unit: Callable[[int], str], head: str = HEAD, end: str = "") -> Postmortem | None:
    """Checks that reading documents of `unit`s grows in proportion to their size, the large one ten
    times the small one however long a unit is; returns the large one's postmortem."""
    small = len(_document(unit, SMALL, head))
    large: list[Postmortem | None] = []

    def read(text: str) -> None:
        postmortem = parse_document(text, "doc.md").postmortem
        if len(text) >= LARGE:
            large.append(postmortem)

    assert_linear(read, lambda size: _document(unit, size * small // SMALL, head) + end)
    return large[0]


@pytest.mark.parametrize("kind", sorted(UNITS))
def test_extraction_stays_proportional(kind: str) -> None:
    assert read_linearly(UNITS[kind]) is not None  # and it did not raise


@pytest.mark.parametrize("kind", sorted(WHOLE))
def test_one_long_part_stays_proportional(kind: str) -> None:
    head, unit = WHOLE[kind]
    postmortem = read_linearly(unit, head, "\n")
    assert postmortem is not None and len(postmortem.items) > 10_000  # every promise of the part was read


@pytest.mark.parametrize("kind", sorted(STORY))
def test_prose_of_the_story_stays_proportional(kind: str) -> None:
    # every sentence numbered: a sentence told twice word for word is one item
    def unit(i: int) -> str:
        return re.sub(r"\.(?=\s)", f" {i}.", STORY[kind](i))

    postmortem = read_linearly(unit, STORY_HEAD)
    assert postmortem is not None and len(postmortem.items) > 1_000  # the paragraphs were read as follow-ups
