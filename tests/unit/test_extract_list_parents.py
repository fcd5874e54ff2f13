"""A list entry with entries nested under it: one item whose details they are, or a group label
over items of their own, decided by what the parent says — a short parent that is itself an
instruction ("Install pre-commit hooks") is the item and its entries the steps of doing it; a
short parent naming a topic ("Monitoring") or a label ending in a colon groups the work below.
Each case is a short document shaped like a real one and the item texts pmsync must find."""

from __future__ import annotations

import pytest

from tests.postmortems import read_postmortem

STORY = "# Leaked keys\n\n## Summary\n\nAPI keys were committed to the repository.\n\n## Action items\n\n"

CASES = {
    "a short instruction over the steps of doing it is one item": (
        "1. **Install pre-commit hooks**\n   - Follow the guide in CONTRIBUTING.md\n"
        "   - Test with an intentional secret commit (should block)\n\n"
        "2. **Document secret management**\n   - Update SECURITY.md with .env guidelines\n"
        "   - Add a section on managing secrets to the docs\n",
        ["Install pre-commit hooks", "Document secret management"],
    ),
    "a short topic over its pieces of work groups them": (
        "1. **Monitoring**\n   - Set up alerts for unusual API usage\n   - Monitor costs daily\n",
        ["Set up alerts for unusual API usage", "Monitor costs daily"],
    ),
    "a short instruction written as a label with a colon groups the work below": (
        "- Improve paging:\n  - Add a second on-call rotation\n  - Page on the error rate\n",
        ["Add a second on-call rotation", "Page on the error rate"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), list(CASES.values()), ids=list(CASES))
def test_a_parent_entry_and_the_entries_under_it(text: str, expected: list[str]) -> None:
    assert [item.text for item in read_postmortem(STORY + text).items] == expected
