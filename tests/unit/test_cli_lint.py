from __future__ import annotations

import gc
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncer.cli import main
from syncer.field_names import normalise_priority
from syncer.lint import RULES
from syncer.parse import parse_document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "postmortems"

SECTIONS = """
## Summary

The ledger-db disk filled up and writes stopped for 52 minutes.

## Impact

Settlement batches were delayed.

## Timeline

- 02:47 disk full
- 03:39 writes resume

## Root Causes

The WAL archiver failed silently, so segments were never released.

## Lessons Learned

Silent failures need alerts.

## What Went Well

Reads kept working.
"""


def postmortem(items: str, *, front: str = "id: INC-9\n") -> str:
    return (
        f"---\n{front}title: Ledger disk full\ndate: 2026-11-02\nreview_date: 2026-11-03\n"
        f"severity: SEV2\nteam: platform\n---\n\n# Ledger disk full\n{SECTIONS}\n"
        f"## Action Items\n\n{items}\n"
    )


SEED_GOOD = """\
- Add disk space alert at 80% threshold. Owner: @alice. Due: Friday. Verify: next standup.
- Add config validation to CI pipeline. Owner: @bob. Due: 2 weeks. Demo in team meeting.
- Create runbook for payment service timeout. Owner: @carol. Due: Wednesday. Review: next on-call handoff.
"""
SEED_BAD = """\
- Add monitoring
- Improve deploy process
- Be more careful
- Review configuration changes
"""


def lint(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["lint", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def lint_json(capsys, *argv: str) -> tuple[int, dict]:
    code, out, _ = lint(capsys, "--json", *argv)
    return code, json.loads(out)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_seeds_good_items_parse_and_lint_clean(capsys, tmp_path):
    path = write(tmp_path, "good.md", postmortem(SEED_GOOD))
    code, data = lint_json(capsys, str(path))
    (doc,) = data["documents"]
    assert doc["findings"] == [] and code == 0
    assert [(i["owner"], i["due"]) for i in doc["items"]] == [
        ("alice", "2026-11-06"), ("bob", "2026-11-17"), ("carol", "2026-11-04"),
    ]
    assert all(i["verify"] for i in doc["items"])


def test_the_seeds_bad_items_are_errors_and_fail_the_check(capsys, tmp_path):
    path = write(tmp_path, "bad.md", postmortem(SEED_BAD))
    code, data = lint_json(capsys, str(path))
    assert code == 1
    (doc,) = data["documents"]
    assert len(doc["items"]) == 4
    for item in doc["items"]:
        rules = {f["rule"] for f in doc["findings"] if f["item"] == item["key"]}
        assert {"action-vague", "owner-missing", "due-missing", "verify-missing"} <= rules
        assert all(RULES[r].severity == "error" for r in rules - {"priority-missing"})


def test_parse_and_lint_the_seed_items_directly():
    from syncer.lint import lint_document

    good = parse_document(postmortem(SEED_GOOD), "good.md")
    bad = parse_document(postmortem(SEED_BAD), "bad.md")
    assert lint_document(good) == [] and good.findings == ()
    vague = [f.item for f in lint_document(bad) if f.rule == "action-vague"]
    assert vague == [i.key for i in bad.postmortem.items]


DOC_KEYS = {"path", "id", "title", "date", "review_date", "severity", "team", "related", "items", "findings"}
ITEM_KEYS = {"key", "text", "owner", "due", "due_text", "priority", "priority_text", "verify", "type", "ref", "done",
             "line", "found_by", "section"}
FOUND_BY = {"table", "list", "checkbox", "heading", "paragraph", "prose"}
FINDING_KEYS = {"rule", "severity", "message", "line", "item"}
SUMMARY_KEYS = {"documents", "items", "errors", "warnings", "infos"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def optional(value, kind) -> bool:
    return value is None or isinstance(value, kind)


def test_json_schema_is_stable(capsys):
    code, data = lint_json(capsys, str(EXAMPLES))
    assert code == 1
    assert set(data) == {"documents", "summary"}
    assert set(data["summary"]) == SUMMARY_KEYS
    assert all(type(v) is int for v in data["summary"].values())
    assert data["documents"]
    for doc in data["documents"]:
        assert set(doc) == DOC_KEYS
        assert isinstance(doc["path"], str) and isinstance(doc["id"], str) and isinstance(doc["title"], str)
        for key in ("date", "review_date"):
            assert doc[key] is None or ISO_DATE.fullmatch(doc[key])
        assert optional(doc["severity"], str) and optional(doc["team"], str)
        assert isinstance(doc["related"], list) and all(isinstance(r, str) for r in doc["related"])
        for item in doc["items"]:
            assert set(item) == ITEM_KEYS
            assert isinstance(item["key"], str) and isinstance(item["text"], str)
            assert item["due"] is None or ISO_DATE.fullmatch(item["due"])
            assert item["priority"] in (None, "P0", "P1", "P2", "P3", "P4")
            assert item["priority"] == normalise_priority(item["priority_text"])
            for key in ("owner", "due_text", "priority_text", "verify", "type", "ref"):
                assert optional(item[key], str)
            assert type(item["done"]) is bool and type(item["line"]) is int
            assert item["found_by"] in FOUND_BY and optional(item["section"], str)
        for finding in doc["findings"]:
            assert set(finding) == FINDING_KEYS
            assert finding["rule"] in RULES and finding["severity"] in ("error", "warning", "info")
            assert isinstance(finding["message"], str) and optional(finding["line"], int)
            assert optional(finding["item"], str)
    written = {i["priority_text"] for d in data["documents"] for i in d["items"]}
    assert {"P1", "backlog"} <= written  # as written, beside the P0–P4 it means (none for "backlog")
    summary = data["summary"]
    assert summary["documents"] == len(data["documents"])
    assert summary["items"] == sum(len(d["items"]) for d in data["documents"])
    severities = [f["severity"] for d in data["documents"] for f in d["findings"]]
    assert (summary["errors"], summary["warnings"], summary["infos"]) == (
        severities.count("error"), severities.count("warning"), severities.count("info"),
    )


def by_id(data: dict) -> dict[str, dict]:
    return {d["id"]: d for d in data["documents"]}


def rules_for(doc: dict, text_start: str) -> set[str]:
    (item,) = [i for i in doc["items"] if i["text"].startswith(text_start)]
    return {f["rule"] for f in doc["findings"] if f["item"] == item["key"]}


def test_examples_cover_every_format_and_the_intended_findings(capsys):
    _, data = lint_json(capsys, str(EXAMPLES))
    docs = by_id(data)
    assert set(docs) >= {"INC-2026-014", "INC-2026-041", "INC-2026-066", "INC-2026-087"}
    assert {d["team"] for d in docs.values()} >= {"payments", "web", "platform"}
    assert docs["INC-2026-087"]["related"] == ["INC-2026-014"]
    owners = {i["owner"] for d in docs.values() for i in d["items"] if i["owner"]}
    assert {"alice", "bob", "carol", "dave", "erin"} <= owners

    table = docs["INC-2026-014"]
    assert len(table["items"]) == 5
    assert rules_for(table, "Add config checksum validation") == set()
    assert rules_for(table, "Add monitoring") >= {"action-vague", "owner-missing", "due-missing", "verify-missing"}
    assert rules_for(table, "Review configuration changes") >= {
        "action-vague", "owner-group", "due-unparseable", "priority-backlog", "verify-missing"}

    bullets = docs["INC-2026-041"]
    assert rules_for(bullets, "Add disk space alert at 80% threshold") == set()
    assert "action-vague" in rules_for(bullets, "Be more careful")

    checkboxes = docs["INC-2026-087"]
    assert {"blame-language"} <= {f["rule"] for f in checkboxes["findings"]}
    assert rules_for(checkboxes, "Roll back the edge config") == {"done-without-ticket"}
    assert rules_for(checkboxes, "Extend config checksum validation") == set()
    assert rules_for(checkboxes, "Investigate CDN caching") >= {"action-vague", "owner-group", "due-unparseable"}
    assert [i["priority"] for i in checkboxes["items"]] == ["P0", "P1", "P1", "P2", "P3"]

    nested = docs["INC-2026-066"]
    assert {"root-cause-human-error", "review-late"} <= {f["rule"] for f in nested["findings"]}
    assert rules_for(nested, "Move the api-gateway certificate") == set()
    assert rules_for(nested, "Improve certificate inventory") >= {"action-vague", "owner-group", "priority-backlog"}


def test_example_deadlines_straddle_today(capsys):
    _, data = lint_json(capsys, str(EXAMPLES))
    dues = [i["due"] for d in data["documents"] for i in d["items"] if i["due"]]
    assert min(dues) < "2026-11-23" < max(dues)


def test_human_output_groups_by_file(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # a wide terminal: each item on one line
    code, out, err = lint(capsys, str(EXAMPLES))
    assert code == 1 and err == ""
    assert "INC-2026-014  Checkout failures after a CI/CD pipeline update" in out
    assert re.search(r"INC-2026-014/\d+  owner @bob  due 2026-03-20  priority P1  verify Erin deploys", out)
    assert re.search(r"2026-03-04-checkout-config-overwrite\.md:\d+: error action-vague Action \"Add monitoring\"", out)
    assert re.search(r"^\d+ documents, \d+ items: \d+ errors, \d+ warnings$", out.splitlines()[-1])


def test_human_output_wraps_to_the_terminal_and_loses_nothing(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    _, narrow, _ = lint(capsys, str(EXAMPLES))
    monkeypatch.setenv("COLUMNS", "1000")
    _, wide, _ = lint(capsys, str(EXAMPLES))
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert "".join(narrow.split()) == "".join(wide.split())  # wrapped, not cut


def test_exit_zero_without_errors_even_with_warnings(capsys, tmp_path):
    path = write(tmp_path, "warn.md", postmortem(SEED_GOOD, front=""))
    code, out, _ = lint(capsys, str(path))
    assert code == 0
    assert "warning id-missing" in out and out.splitlines()[-1].endswith("0 errors, 1 warning")


def test_missing_path_is_a_usage_error(capsys, tmp_path):
    code, out, err = lint(capsys, str(tmp_path / "nope.md"))
    assert code == 2 and out == ""
    assert "nope.md: no such file or directory" in err


def test_people_directory_from_config(capsys, tmp_path):
    config = write(tmp_path, "pmsync.toml", '[people.alice]\nemail = "alice@example.com"\n'
                   '[people.bob]\nemail = "bob@example.com"\n[teams.platform]\nleads = ["lead@example.com"]\n')
    path = write(tmp_path, "docs/good.md", postmortem(SEED_GOOD))
    code = main(["--config", str(config), "lint", "--json", str(path)])
    data = json.loads(capsys.readouterr().out)
    unknown = [f for f in data["documents"][0]["findings"] if f["rule"] == "owner-unknown"]
    assert code == 1 and len(unknown) == 1 and '"carol"' in unknown[0]["message"]


def test_bad_config_is_a_usage_error(capsys, tmp_path):
    config = write(tmp_path, "pmsync.toml", "[people.alice]\nemail = 'not-an-address'\n")
    path = write(tmp_path, "good.md", postmortem(SEED_GOOD))
    assert main(["--config", str(config), "lint", str(path)]) == 2
    assert "people.alice.email" in capsys.readouterr().err


def test_one_bad_file_does_not_stop_the_rest(capsys, tmp_path):
    write(tmp_path, "a-binary.md", "\x00\x01\x02 not text")
    write(tmp_path, "b-broken-front-matter.md", "---\nid: [unclosed\n---\n# x\n")
    write(tmp_path, "c-good.md", postmortem(SEED_GOOD))
    write(tmp_path, "notes.txt", "not a postmortem")
    code, data = lint_json(capsys, str(tmp_path))
    assert code == 1
    paths = [Path(d["path"]).name for d in data["documents"]]
    assert paths == ["a-binary.md", "b-broken-front-matter.md", "c-good.md"]
    good = data["documents"][2]
    assert good["findings"] == [] and len(good["items"]) == 3
    for doc in data["documents"][:2]:
        assert doc["findings"] and all(f["rule"] in RULES for f in doc["findings"])
    unreadable = data["documents"][0]
    assert (unreadable["id"], unreadable["title"], unreadable["items"]) == (None, None, [])
    assert [f["rule"] for f in unreadable["findings"]] == ["file-binary"]


def test_a_file_named_twice_is_linted_once(capsys, tmp_path):
    path = write(tmp_path, "good.md", postmortem(SEED_GOOD))
    code, data = lint_json(capsys, str(tmp_path), str(path))
    assert code == 0 and data["summary"]["documents"] == 1


class _ClosedPipe:
    def write(self, text: str) -> int:
        raise BrokenPipeError

    def flush(self) -> None:
        pass


def test_a_closed_pipe_leaves_the_collector_as_it_was(tmp_path, monkeypatch):
    (tmp_path / "pm.md").write_text("# Outage\n\n## Action items\n\n- Add a disk alert\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdout", _ClosedPipe())
    frozen = gc.get_freeze_count()
    assert main(["lint", str(tmp_path)]) == 0  # `pmsync lint | head`: what was wanted was read
    assert gc.get_freeze_count() == frozen  # a caller that goes on has its objects collected again


def test_duplicate_postmortem_ids_across_files(capsys, tmp_path):
    write(tmp_path, "a.md", postmortem(SEED_GOOD))
    write(tmp_path, "b.md", postmortem(SEED_GOOD))
    code, data = lint_json(capsys, str(tmp_path))
    assert code == 1
    dup = [(Path(d["path"]).name, f["rule"]) for d in data["documents"] for f in d["findings"]]
    assert dup == [("b.md", "postmortem-id-duplicate")]


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.md")))
def test_parser_findings_use_registered_rules(name):
    doc = parse_document((EXAMPLES / name).read_text("utf-8"), str(EXAMPLES / name))
    assert doc.postmortem is not None
    for finding in doc.findings:
        assert RULES[finding.rule].severity == finding.severity and RULES[finding.rule].origin == "parse"


fragments = st.sampled_from([
    "---\nid: INC-7\ndate: 2026-05-01\n---\n", "# Title\n", "## Action Items\n", "## Root Causes\n",
    "## Summary\n", "- [ ] Add monitoring (owner: team, due: someday) [P4]\n",
    "- Add disk alert at 80%. Owner: @alice. Due: Friday. Verify: standup.\n",
    "| Action | Owner | Due |\n|---|---|---|\n| Fix the issue | @bob, @carol | Q3 |\n",
    "1. Improve deploy process\n   - Owner: SRE\n   - Due: 2026-01-01\n", "Human error.\n",
    "Bob's mistake caused by @bob.\n", "\n", "text | with | pipes\n", "```\ncode\n```\n",
])


@given(st.lists(fragments, max_size=10).map("".join))
def test_any_document_parses_and_lints_with_registered_rules(text):
    from syncer.lint import lint_documents

    doc = parse_document(text, "pm/x.md")
    for finding in (*doc.findings, *lint_documents([doc], people={"alice"})):
        assert RULES[finding.rule].severity == finding.severity


def test_duplicate_item_ids_through_the_parser():
    from syncer.lint import lint_document

    items = ("- Add disk alert at 80% on db-1 {#disk}. Owner: @alice. Due: Friday. Verify: standup.\n"
             "- Add disk alert at 90% on db-2 {#disk}. Owner: @bob. Due: Friday. Verify: standup.\n")
    doc = parse_document(postmortem(items), "pm.md")
    assert [(f.rule, f.item, f.line) for f in lint_document(doc)] == [
        ("item-id-duplicate", "INC-9/disk", doc.postmortem.items[1].line)]


def test_lint_with_a_config_needs_no_tracker_tokens(tmp_path, monkeypatch, capsys):
    from syncer.cli import main

    monkeypatch.delenv("PMSYNC_JIRA__TOKEN", raising=False)
    config = tmp_path / "pmsync.toml"
    config.write_text(
        '[jira]\nurl = "https://acme.atlassian.net"\nemail = "bot@acme.example"\n'
        '[routing]\ndefault = "jira:OPS"\n[people.alice]\nemail = "alice@acme.example"\n'
    )
    doc = tmp_path / "pm.md"
    doc.write_text("# X\n\n## Action Items\n\n- Add disk alert at 80% on db-1. Owner: @zoe. Due: 2026-12-01. Verify: drill.\n")
    assert main(["--config", str(config), "lint", "--json", str(doc)]) == 1
    findings = capsys.readouterr().out
    assert "owner-unknown" in findings and "jira.token" not in findings
