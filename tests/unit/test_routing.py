"""The escalation ladder (pure): who hears about which flag, and who cannot be reached."""

from __future__ import annotations

import pytest

from syncer.policy import FLAG_KINDS, Gap, Notice, Recipient, ops_addresses, route, rungs
from syncer.settings import ConfigError, PolicySettings, Settings, load_settings

OWNER, LEAD, DIRECTOR = "alice@example.com", "pay-lead@example.com", "director@example.com"


def settings(**overrides: object) -> Settings:
    base: dict[str, object] = {
        "people": {
            "alice": {"email": f"Alice <{OWNER}>", "team": "payments"},
            "carol": {"team": "payments"},
        },
        "teams": {
            "payments": {"leads": [LEAD.upper()], "escalation": [DIRECTOR]},
            "web": {"leads": ["web-lead@example.com"]},
            "empty": {},
        },
        "policy": {"escalate_after_days": 14},
        "smtp": {"host": "mx", "sender": "pmsync@example.com", "ops": ["SRE <sre@example.com>"]},
    }
    base.update(overrides)
    return Settings(**base)


def addresses(notice: Notice, s: Settings | None = None) -> list[tuple[str, str]]:
    found, gaps = route(notice, s or settings())
    assert gaps == []
    return [(r.role, r.address) for r in found]


LADDER = [
    # kind, days overdue, rungs
    ("due_soon", 0, ("owner",)),
    ("overdue", 1, ("owner", "lead")),
    ("overdue", 14, ("owner", "lead")),
    ("overdue", 15, ("owner", "lead", "escalation")),
    ("demoted_priority", 0, ("lead",)),
    ("demoted_backlog", 0, ("lead",)),
    ("closed_not_done", 0, ("lead",)),
    ("deadline_slipped", 0, ("lead",)),
    ("blocked", 0, ("lead",)),
    ("unverified_done", 0, ("lead",)),
    ("unassigned", 0, ("lead",)),
    ("removed_from_doc", 0, ("lead",)),
    ("missing_ticket", 0, ("lead",)),
    ("repeat_incident", 0, ("lead", "escalation")),
]


@pytest.mark.parametrize(("kind", "late", "expected"), LADDER)
def test_each_flag_reaches_its_rungs(kind, late, expected):
    assert rungs(kind, late, PolicySettings(escalate_after_days=14)) == expected
    want = {"owner": OWNER, "lead": LEAD, "escalation": DIRECTOR}
    notice = Notice(kind, "INC-7/1", "alice", ("payments",), late)
    assert addresses(notice) == [(role, want[role]) for role in expected]


def test_every_flag_kind_has_a_rung():
    assert all(rungs(kind, 0, PolicySettings()) for kind in FLAG_KINDS)


def test_an_address_on_two_rungs_gets_one_entry_at_the_lower_rung():
    s = settings(people={"lead": {"email": LEAD, "team": "payments"}})
    notice = Notice("overdue", "INC-7/1", "@Lead", ("payments",), 30)
    assert addresses(notice, s) == [("owner", LEAD), ("escalation", DIRECTOR)]


def test_an_owner_address_in_an_allowed_domain_needs_no_directory_entry():
    notice = Notice("due_soon", "INC-7/1", "Zed@Example.com", ("payments",))
    allowed = settings(policy={"allowed_mail_domains": ["example.com"]})
    assert addresses(notice, allowed) == [("owner", "zed@example.com")]


@pytest.mark.parametrize("owner", ["victim@external.example", "Victim <victim@external.example>",
                                   "zed@example.com.evil.example", "@victim@external.example"])
def test_an_owner_address_outside_the_directory_is_never_mailed(owner):
    notice = Notice("overdue", "INC-7/1", owner, ("payments",), 20)
    found, gaps = route(notice, settings(policy={"allowed_mail_domains": ["example.com"]}))
    assert [r.role for r in found] == ["lead", "escalation"]  # the team still hears of it
    assert all("external" not in r.address and "evil" not in r.address for r in found)
    assert [g.role for g in gaps] == ["owner"]


def test_an_owner_address_of_a_person_in_the_directory_is_mailed():
    notice = Notice("due_soon", "INC-7/1", "ALICE@example.com", ("payments",))
    assert addresses(notice) == [("owner", OWNER)]


def test_escalation_without_contacts_goes_to_the_leads():
    notice = Notice("repeat_incident", "INC-9", None, ("web",))
    assert addresses(notice) == [("lead", "web-lead@example.com")]


def test_a_whole_postmortem_routes_to_each_of_its_teams():
    notice = Notice("repeat_incident", "INC-9", None, ("Payments", "web"))
    assert addresses(notice) == [("lead", LEAD), ("lead", "web-lead@example.com"), ("escalation", DIRECTOR)]


@pytest.mark.parametrize(
    ("notice", "reachable", "reasons"),
    [
        (
            Notice("due_soon", "INC-7/1", "carol", ("payments",)),
            [],
            ["owner 'carol' has no e-mail address (people.carol.email)"],
        ),
        (
            Notice("due_soon", "INC-7/1", "zed", ("payments",)),
            [],
            ["owner 'zed' is not in the people directory ([people.zed])"],
        ),
        (Notice("due_soon", "INC-7/1", None, ("payments",)), [], ["the item has no owner"]),
        (
            Notice("blocked", "INC-7/1", "alice", ("ghost",)),
            [],
            ["team 'ghost' is not configured (no [teams.ghost] section)"],
        ),
        (
            Notice("overdue", "INC-7/1", "alice", ("empty",), 30),
            [Recipient(OWNER, "owner")],
            ["team 'empty' has no leads (teams.empty.leads)"],
        ),
        (
            Notice("overdue", "INC-7/1", "zed", (), 2),
            [],
            [
                "owner 'zed' is not in the people directory ([people.zed])",
                "no team: the postmortem names none and the owner 'zed' has no team in the people directory",
            ],
        ),
    ],
)
def test_rungs_without_an_address_are_gaps_never_silently_dropped(notice, reachable, reasons):
    found, gaps = route(notice, settings())
    assert found == reachable
    assert [g.reason for g in gaps] == reasons
    assert all(isinstance(g, Gap) and g.ident == "INC-7/1" and g.kind == notice.kind for g in gaps)


def test_ops_addresses_are_bare_and_lower_cased():
    assert ops_addresses(settings()) == ["sre@example.com"]
    assert ops_addresses(settings(smtp=None)) == []


# -- bad addresses are configuration errors at start-up, naming the key ----------------------


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ('[smtp]\nhost = "mx"\nsender = "pmsync at example.com"', "smtp.sender: 'pmsync at example.com' is not a valid e-mail address"),
        ('[smtp]\nhost = "mx"\nsender = "p@example.com\\r\\nBcc: x@evil.example"', "smtp.sender: 'p@example.com\\r\\nBcc: x@evil.example' is not a valid e-mail address"),
        ('[smtp]\nhost = "mx"\nsender = "p@example.com"\nops = ["sre@example.com", "on call"]', "smtp.ops[1]: 'on call' is not a valid e-mail address"),
        ('[teams.payments]\nleads = ["lead@"]', "teams.payments.leads[0]: 'lead@' is not a valid e-mail address"),
        ('[teams.payments]\nescalation = ["Director <director@example>x"]', "teams.payments.escalation[0]: 'Director <director@example>x' is not a valid e-mail address"),
        ('[people.alice]\nemail = "alice@@example.com"', "people.alice.email: 'alice@@example.com' is not a valid e-mail address"),
    ],
)
def test_an_invalid_address_is_a_configuration_error_naming_the_key(tmp_path, toml, problem):
    path = tmp_path / "pmsync.toml"
    path.write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert problem in caught.value.problems
