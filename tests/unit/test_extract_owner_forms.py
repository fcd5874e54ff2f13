"""Owners as teams write them beside an item, and the words that only look like an owner.

Each case is a short line written for this test in a form public teams use; the comment says
which. A heading's bracket, a verb before "to" and a gerund are tested beside real names.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from syncer.fields import extract_fields
from syncer.owner_prefixes import owner_prefix
from tests.postmortems import read_postmortem
from tests.unit.test_linear_time import assert_linear

HEAD = "# Outage\n\n## Summary\n\nThe API was down.\n\n## Action items\n\n"


@pytest.mark.parametrize(
    ("text", "clean", "owner"),
    [
        # names written in capitals in a closing bracket (eLife's incident notes: "… (NATHAN)",
        # "[GIORGIO, LUKE]"); an acronym of three letters stays a scope, not a person
        ("Update the CMS to 8.5.1 (NATHAN)", "Update the CMS to 8.5.1", "NATHAN"),
        ("Alert on database space [GIORGIO, LUKE]", "Alert on database space", "GIORGIO, LUKE"),
        ("Enable MFA on the console (AWS)", "Enable MFA on the console (AWS)", None),
        ("Renew the certificates (HTTP)", "Renew the certificates (HTTP)", None),
        ("Add a disk usage alert (DONE)", "Add a disk usage alert", None),
        # the owner's bracket before the ticket that closes the item
        ("Alert on the right address (GIORGIO) ELPP-3148", "Alert on the right address", "GIORGIO"),
        ("Rotate the deploy keys (Alice) — #12", "Rotate the deploy keys", "Alice"),
        ("Rotate the deploy keys (Alice) (OPS-1)", "Rotate the deploy keys", "Alice"),
        ("Rotate the deploy keys (done) #12", "Rotate the deploy keys", None),
        # a bracket of the item's own words before a closing ticket stays in the text
        ("Rotate the deploy keys (AWS) #12", "Rotate the deploy keys (AWS)", None),
    ],
)  # fmt: skip
def test_the_items_owner(text: str, clean: str, owner: str | None) -> None:
    fields = extract_fields(text)
    assert (fields.text, fields.owner) == (clean, owner)


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        # a verb that takes "to", and a gerund, open the sentence without naming anyone
        ("Try to educate everyone on agent forwarding", None),
        ("Hope to replace the load balancer next year", None),
        ("Improving Fastly-tools to catch bad deployments", None),
        # … as against a team or a person before "to"
        ("Billing team to refund the charges", "Billing team"),
        ("Alice to rotate the deploy keys", "Alice"),
        ("ICL to upgrade the firmware", "ICL"),
    ],
)
def test_who_an_item_names_at_its_start(text: str, owner: str | None) -> None:
    assert owner_prefix(text)[0] == owner


def _owners(body: str) -> list[tuple[str, str | None]]:
    return [(item.text, item.owner) for item in read_postmortem(HEAD + body).items]


@pytest.mark.parametrize(
    "heading",
    ["### Long-term (Best Practices)", "### Short-term (Future Deployments)", "### Phase Two (Platform Hardening)"],
)
def test_a_title_case_headings_bracket_names_no_one(heading: str) -> None:
    # in a heading set in Title Case every word has a capital: the bracket sorts the items
    body = f"{heading}\n\n- Add a disk usage alert\n- Rotate the deploy keys\n"
    assert _owners(body) == [("Add a disk usage alert", None), ("Rotate the deploy keys", None)]


@pytest.mark.parametrize(
    ("heading", "owner"),
    [("### Database fixes (Alice)", "Alice"), ("### Long-term (SRE team)", "SRE team"),
     ("### Long-term (@ana)", "ana"), ("### Long-term (NATHAN)", "NATHAN")],
)  # fmt: skip
def test_a_headings_bracket_that_names_someone(heading: str, owner: str) -> None:
    body = f"{heading}\n\n- Add a disk usage alert\n- Rotate the deploy keys\n"
    assert _owners(body) == [("Add a disk usage alert", owner), ("Rotate the deploy keys", owner)]


def test_a_box_to_tick_is_a_to_do_however_it_is_worded() -> None:
    # "- [ ] Always …" reads like a standing rule, but an unticked box is work the team tracks
    body = "- [ ] Always set explicit DNS servers on new clusters\n- [ ] Add a DNS health check\n"
    assert [text for text, _ in _owners(body)] == ["Always set explicit DNS servers on new clusters", "Add a DNS health check"]


OWNER_GROWTH: dict[str, Callable[[int], str]] = {
    "brackets before a ticket": lambda size: "(Alice) " * (size // 16) + "#12",
    "capitals in brackets": lambda size: "(NATHAN" * (size // 7) + ")",
}


@pytest.mark.parametrize("build", list(OWNER_GROWTH.values()), ids=list(OWNER_GROWTH))
def test_reading_owners_is_linear(build: Callable[[int], str]) -> None:
    assert_linear(lambda text: extract_fields(text), build)
