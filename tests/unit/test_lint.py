from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncer.lint import RULES, lint_document, lint_documents, rules_markdown, vagueness
from syncer.model import ActionItem, Document, Finding, Postmortem, Section

STANDARD_SECTIONS = (
    Section("Summary", 2, 10, "Checkout failed for 40 minutes after a pipeline update."),
    Section("Impact", 2, 14, "12% of checkout attempts failed."),
    Section("Timeline", 2, 18, "09:12 alert fired. 09:20 rollback started."),
    Section("Root Causes", 2, 24, "The pipeline overwrote checkout-config.json; nothing validated it."),
    Section("Action Items", 2, 30, ""),
    Section("Lessons Learned", 2, 40, "Config needs the same checks as code."),
    Section("What Went Well", 2, 44, "The alert fired within two minutes."),
)

SEED_GOOD = (
    ActionItem("INC-1/1", "1", False, "Add disk space alert at 80% threshold.", owner="alice",
               due=date(2026, 3, 6), due_text="Friday", verify="next standup", line=31),
    ActionItem("INC-1/2", "2", False, "Add config validation to CI pipeline. Demo in team meeting.",
               owner="bob", due=date(2026, 3, 18), due_text="2 weeks", line=32),
    ActionItem("INC-1/3", "3", False, "Create runbook for payment service timeout.", owner="carol",
               due=date(2026, 3, 11), due_text="Wednesday", verify="next on-call handoff", line=33),
)


def item(text: str = "Add disk space alert at 80% threshold on ledger-db", **fields) -> ActionItem:
    base = dict(key="INC-1/1", item_id="1", explicit_id=False, text=text, owner="alice",
                due=date(2026, 3, 20), due_text="2026-03-20", priority="P1", raw_priority="P1",
                verify="alert fires in staging", line=31)
    base.update(fields)
    return ActionItem(**base)


def doc(*items: ActionItem, findings=(), **fields) -> Document:
    base = dict(id="INC-1", id_explicit=True, title="Checkout failures", path="pm/inc-1.md",
                date=date(2026, 3, 4), review_date=date(2026, 3, 4), severity="SEV2",
                team="payments", services=("checkout-api",), items=items,
                sections=STANDARD_SECTIONS)
    base.update(fields)
    pm = Postmortem(**base)
    return Document(pm.path, pm, tuple(findings))


def rules(findings) -> list[str]:
    return sorted(f.rule for f in findings)


def test_the_seeds_good_items_give_no_findings():
    assert lint_document(doc(*SEED_GOOD)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Add monitoring", "Improve deploy process", "Be more careful", "Review configuration changes",
        "Investigate the checkout latency", "Investigate checkout-api timeouts", "improve alerting",
        "Look into DNS flakiness", "be more careful when deploying", "Monitor better",
        "Fix the issue", "More testing", "Add more tests", "Update the documentation",
        "We should add monitoring", "Pay attention to config changes", "Double-check deploys",
        "Try to deploy less on Fridays", "Make sure this does not happen again",
        "Add monitoring. Verify: next standup.", "Ensure better visibility",
    ],
)
def test_vague_actions_are_errors(text):
    findings = lint_document(doc(item(text)))
    assert [f.rule for f in findings] == ["action-vague"]
    assert findings[0].severity == "error"
    assert findings[0].item == "INC-1/1" and findings[0].line == 31


@pytest.mark.parametrize(
    "text",
    [
        "Add disk space alert at 80% threshold.",
        "Add config validation to CI pipeline.",
        "Create runbook for payment service timeout.",
        "Add checksum validation for checkout-config.json to the deploy script",
        "Introduce a staging pre-flight smoke test before each production deploy",
        "Investigate why p99 latency exceeds 800 ms and write up findings",
        "Investigate the OOM kills and add a memory alert on checkout-api",
        "Improve rollback time of checkout-api to under 5 minutes",
        "Rotate the leaked API key",
        "Remove the legacy cron job on batch hosts",
        "Page the web on-call when checkout 5xx rate exceeds 2% for 5 minutes",
        "Add alerting for checkout-api",  # a service of this postmortem is a named system
    ],
)
def test_specific_actions_pass(text):
    assert vagueness(text, services=("checkout-api",)) is None


def test_vague_reason_names_what_is_missing():
    assert "behave differently" in vagueness("Be more careful")
    assert '"improve" has no finish line' in vagueness("Improve deploy process")
    assert "no specific object" in vagueness("Add monitoring")


@given(st.text(max_size=200))
def test_vagueness_never_raises(text):
    result = vagueness(text)
    assert result is None or isinstance(result, str)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"owner": None}, ["owner-missing"]),
        ({"owner": "TBD"}, ["owner-missing"]),
        ({"owner": "alice, bob"}, ["owner-multiple"]),
        ({"owner": "alice @bob"}, ["owner-multiple"]),
        ({"owner": "alice and bob"}, ["owner-multiple"]),
        ({"owner": "alice/bob"}, ["owner-multiple"]),
        ({"owner": "team"}, ["owner-group"]),
        ({"owner": "SRE"}, ["owner-group"]),
        ({"owner": "everyone"}, ["owner-group"]),
        ({"owner": "ops"}, ["owner-group"]),
        ({"owner": "eng"}, ["owner-group"]),
        ({"owner": "payments-team"}, ["owner-group"]),
        ({"owner": "web-squad"}, ["owner-group"]),
        ({"owner": "web-oncall"}, ["owner-group"]),
        ({"owner": "payments team"}, ["owner-group"]),
        ({"owner": "payments"}, ["owner-group"]),  # the postmortem's own team
        ({"owner": "sre@example.com"}, ["owner-group"]),
        ({"owner": "alice@example.com"}, []),
        ({"owner": "alice+pm@example.com"}, []),
        ({"due": None, "due_text": None}, ["due-missing"]),
        ({"due": None, "due_text": "Q3-ish"}, ["due-unparseable"]),
        ({"due": date(2026, 3, 1), "due_text": "2026-03-01"}, ["due-impossible"]),
        ({"due": date(2026, 3, 4)}, []),
        ({"priority": None, "raw_priority": None}, []),  # derived from the severity
        ({"priority": None, "raw_priority": "whenever"}, ["priority-backlog"]),
        ({"priority": None, "raw_priority": "backlog"}, ["priority-backlog"]),
        ({"priority": None, "raw_priority": "nice to have"}, ["priority-backlog"]),
        ({"priority": None, "raw_priority": "someday"}, ["priority-backlog"]),
        ({"priority": "P4", "raw_priority": "P4"}, ["priority-backlog"]),
        ({"priority": None, "raw_priority": "urgent-ish"}, ["priority-missing"]),
        ({"verify": None}, ["verify-missing"]),
        ({"verify": "  "}, ["verify-missing"]),
        ({"verify": None, "text": "Add disk alert at 80% on ledger-db. Verified by erin at standup."}, []),
        ({"done": True, "ref": None}, ["done-without-ticket"]),
        ({"done": True, "ref": "PAY-12"}, []),
    ],
)
def test_item_rules(fields, expected):
    assert rules(lint_document(doc(item(**fields)))) == expected


def test_no_priority_and_no_severity_is_a_warning():
    findings = lint_document(doc(item(priority=None, raw_priority=None), severity=None))
    assert [(f.rule, f.severity) for f in findings] == [("priority-missing", "warning")]
    assert "policy default" in findings[0].message


def test_unparseable_deadline_says_the_item_still_syncs():
    (finding,) = lint_document(doc(item(due=None, due_text="when we can")))
    assert '"when we can"' in finding.message and "still syncs" in finding.message


def test_owner_unknown_only_with_a_people_directory():
    unknown = doc(item(owner="mallory"))
    assert lint_document(unknown) == []
    assert rules(lint_document(unknown, people={"alice", "bob"})) == ["owner-unknown"]
    assert lint_document(doc(item(owner="Alice")), people={"@alice"}) == []
    assert lint_document(doc(item(owner="alice@example.com")), people={"alice@example.com"}) == []


def test_configured_groups_are_not_people():
    assert rules(lint_document(doc(item(owner="web")), groups=("web",))) == ["owner-group"]


def test_the_seeds_bad_items_are_errors_with_every_gap_named():
    bare = [ActionItem(f"INC-1/{n}", str(n), False, text, line=30 + n)
            for n, text in enumerate(["Add monitoring", "Improve deploy process", "Be more careful",
                                      "Review configuration changes"], 1)]
    findings = lint_document(doc(*bare, severity=None))
    for it in bare:
        mine = {(f.rule, f.severity) for f in findings if f.item == it.key}
        assert mine == {("action-vague", "error"), ("owner-missing", "error"),
                        ("due-missing", "error"), ("priority-missing", "warning"),
                        ("verify-missing", "error")}


def test_duplicate_item_ids():
    a = item(key="INC-1/cfg", item_id="cfg", explicit_id=True, line=31)
    b = item(key="INC-1/cfg", item_id="cfg", explicit_id=True, line=35)
    (finding,) = lint_document(doc(a, b))
    assert (finding.rule, finding.severity, finding.line) == ("item-id-duplicate", "error", 35)
    assert "line 31" in finding.message


@pytest.mark.parametrize(
    ("titles", "missing"),
    [
        (["Summary", "Impact", "Timeline", "Root Causes", "Lessons Learned", "What Went Well"], []),
        (["Executive summary", "Customer impact", "Timeline (UTC)", "Root cause(s)", "Lessons",
          "What went right"], []),
        (["TL;DR", "Impact", "1. Timeline", "Contributing factors", "Takeaways", "What went well 🎉"], []),
        (["Overview", "Customer Impact", "Timeline", "Root Cause Analysis", "What can be improved",
          "What went well"], []),
        (["Incident summary", "Impact", "Timeline", "Fault", "What didn't go so well",
          "Things that went well"], []),
        (["Summary", "Impact", "Timeline"], ["Root Causes", "Lessons Learned", "What Went Well"]),
        ([], ["Summary", "Impact", "Timeline", "Root Causes", "Lessons Learned", "What Went Well"]),
    ],
)
def test_missing_sections(titles, missing):
    sections = tuple(Section(t, 2, n, "text") for n, t in enumerate(titles, 2))
    findings = lint_document(doc(item(), sections=sections))
    assert [(f.rule, f.severity, f.line) for f in findings] == [("section-missing", "warning", 1)] * bool(missing)
    assert [re.findall(r'"(.+?)"', f.message) for f in findings] == [missing] * bool(missing)


def test_the_title_heading_does_not_count_as_a_section():
    sections = (Section("High-impact timeline of a summary", 1, 3, "..."),
                *(s for s in STANDARD_SECTIONS if s.title not in ("Impact", "Timeline")))
    findings = lint_document(doc(item(), sections=sections, title="High-impact timeline of a summary"))
    assert [re.findall(r'"(.+?)"', f.message) for f in findings] == [["Impact", "Timeline"]]


@pytest.mark.parametrize("parse_rule", ["no-action-items", "section-empty"])
def test_a_missing_action_item_section_is_left_to_the_parser(parse_rule):
    sections = tuple(s for s in STANDARD_SECTIONS if s.title != "Action Items")
    parsed = Finding(parse_rule, "error", "no action items", "pm/inc-1.md", 1)
    assert lint_document(doc(sections=sections, findings=[parsed])) == []
    (own,) = lint_document(doc(sections=sections))
    assert own.rule == "section-missing" and own.message.startswith('Missing section "Action Items": add it')


def test_broken_front_matter_is_not_also_a_missing_id():
    parsed = Finding("front-matter", "error", "front matter is not valid YAML", "pm/inc-1.md", 2)
    assert lint_document(doc(item(), id_explicit=False, findings=[parsed])) == []


def with_section(title: str, text: str, level: int = 2, line: int = 50) -> tuple[Section, ...]:
    return (*STANDARD_SECTIONS, Section(title, level, line, text))


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Root Causes", "Human error: the operator ran the wrong script.", ["root-cause-human-error"]),
        ("Contributing factors", "Operator error during the failover.", ["root-cause-human-error"]),
        ("Root cause", "This was not human error: the script accepted any input.", []),
        ("Lessons Learned", "Calling it human error would have stopped the analysis early.", []),
        ("Timeline", "10:02 Sarah deployed the bad config to production.", ["blame-language"]),
        ("Timeline", "10:02 The pipeline deployed the bad config to production.", []),
        ("Root Causes", "The outage was caused by @bob.", ["blame-language"]),
        ("Root Causes", "The outage was caused by Bob.", ["blame-language"]),  # bob owns an item
        ("Root Causes", "The outage was caused by Redis eviction.", []),
        ("Summary", "It was Bob's mistake.", ["blame-language"]),
        ("Summary", "The on-call engineer should have known better.", ["blame-language"]),
        ("Summary", "A careless change to the config.", ["blame-language"]),
        ("Summary", "The rollout was negligent.", ["blame-language"]),
        ("Summary", "It was the fault of the release manager.", ["blame-language"]),
        ("Summary", "@dave ignored the alert.", ["blame-language"]),
        ("Summary", "Alerting failed to fire.", []),
        ("Summary", "Erin forgot to renew the certificate.", ["blame-language"]),
        ("Summary", "Be more careful next time is not an action.", []),
    ],
)
def test_document_text_rules(title, text, expected):
    d = doc(item(), item(key="INC-1/2", item_id="2", owner="bob", line=32),
            sections=with_section(title, text))
    findings = lint_document(d)
    assert rules(findings) == expected
    assert all(f.severity == "error" and f.line == 50 for f in findings)


def test_a_phrase_is_reported_once_at_the_deepest_heading():
    sections = (
        *STANDARD_SECTIONS[:3],
        Section("Root Causes", 2, 24, "Bad deploy.\nContributing factors\nHuman error."),
        Section("Contributing factors", 3, 26, "Human error."),
        *STANDARD_SECTIONS[4:],
    )
    findings = lint_document(doc(item(), sections=sections))
    assert [(f.rule, f.line) for f in findings] == [("root-cause-human-error", 26)]


def test_blame_in_an_action_item_points_at_the_item():
    (finding,) = lint_document(doc(item("Add checksum check to deploy script since Bob's mistake broke checkout")))
    assert (finding.rule, finding.item, finding.line) == ("blame-language", "INC-1/1", 31)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"review_date": date(2026, 3, 7)}, []),  # 72 hours
        ({"review_date": date(2026, 3, 8)}, ["review-late"]),
        ({"review_date": date(2026, 3, 1)}, ["review-before-incident"]),
        ({"review_date": None}, []),
        ({"date": None, "review_date": date(2026, 3, 30)}, ["due-impossible"]),
        ({"id_explicit": False, "id": "inc-1"}, ["id-missing"]),
    ],
)
def test_document_rules(fields, expected):
    assert rules(lint_document(doc(item(due=date(2026, 3, 20)), **fields))) == expected


def test_unreadable_documents_add_nothing():
    assert lint_document(Document("pm/x.md", None)) == []


def test_duplicate_postmortem_ids_across_files():
    a, b = doc(item()), doc(item(), path="pm/other.md")
    findings = lint_documents([a, b, a])
    assert [(f.rule, f.path) for f in findings] == [("postmortem-id-duplicate", "pm/other.md")]
    assert "pm/inc-1.md" in findings[0].message and findings[0].severity == "error"


def test_findings_carry_the_rule_severity_and_path():
    findings = lint_documents([doc(item("Add monitoring", owner="team", verify=None))],
                              people={"alice"})
    assert {f.rule for f in findings} == {"action-vague", "owner-group", "verify-missing"}
    assert all(f.severity == RULES[f.rule].severity and f.path == "pm/inc-1.md" for f in findings)


def test_every_message_says_how_to_fix():
    bad = doc(item("Be more careful", owner=None, due=None, due_text="soon", verify=None,
                   done=True, priority="P4"),
              item("Add monitoring", key="INC-1/1", owner="a, b", line=40),
              id_explicit=False, review_date=date(2026, 3, 30), sections=STANDARD_SECTIONS[:2])
    findings = lint_document(bad)
    assert len({f.rule for f in findings}) >= 10
    for f in findings:
        assert re.search(r"\b(add|name|give|fix|say|link|write|keep|correct|describe|ask|schedule|"
                         r"commit|hold)\b", f.message, re.I), f.message


def test_rules_are_kebab_case_with_fixes():
    for rule_id, rule in RULES.items():
        assert rule_id == rule.id and re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule_id)
        assert rule.severity in ("error", "warning", "info") and rule.summary and rule.fix


def test_rules_table_lists_every_rule():
    table = rules_markdown()
    assert table.count("\n") == len(RULES) + 2
    for rule_id, rule in RULES.items():
        assert f"| `{rule_id}` | {rule.severity} |" in table


def test_finding_order_follows_the_document():
    a = item("Add monitoring", line=40, key="INC-1/2", item_id="2")
    b = item(owner=None, line=31)
    assert [f.line for f in lint_document(doc(a, b))] == [31, 40]


words = st.sampled_from(["Add", "monitoring", "Be", "careful", "alert", "80%", "@bob", "team", "ops",
                         "checkout-api", "human error", "Bob's mistake", "caused by", "investigate",
                         "P4", "backlog", "Friday", "and", "/", ",", ".", "\n"])
phrases = st.lists(words, max_size=12).map(" ".join)


@given(
    text=phrases, owner=st.none() | phrases, due_text=st.none() | phrases,
    raw_priority=st.none() | phrases, verify=st.none() | phrases, done=st.booleans(),
    section=phrases, people=st.none() | st.lists(phrases, max_size=3),
)
def test_any_item_lints_with_registered_rules(text, owner, due_text, raw_priority, verify, done,
                                              section, people):
    it = item(text, owner=owner, due=None, due_text=due_text, priority=None,
              raw_priority=raw_priority, verify=verify, done=done)
    d = doc(it, sections=with_section("Root Causes", section))
    for finding in lint_documents([d, d], people=people):
        assert RULES[finding.rule].severity == finding.severity
        assert finding.path == "pm/inc-1.md" and finding.message


def test_readme_lists_every_rule_as_the_linter_defines_it():
    from pathlib import Path

    from syncer.lint import rules_markdown

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert rules_markdown() in readme
