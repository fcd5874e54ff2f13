"""The daemon against a fake Jira whose projects differ from the site, as real ones do:
a priority scheme offering only some priorities, a create screen without the due date, a
ticket whose changelog outgrew the 100 histories `expand=changelog` embeds, 429s without
Retry-After. Every item gets exactly one ticket; no cycle stops on Jira's answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from syncer.cli import main
from tests.fakes.jira_server import ADMIN_ID
from tests.integration.stack import Item, Stack

ITEMS = [
    Item("Add disk space alert at 80% threshold on ledger-db", owner="alice", priority="P1"),
    Item("Page the payments on-call when checkout errors exceed 2%", owner="bob", priority="P0",
         due="2027-01-15"),
    Item("Run a staging pre-flight smoke test before each deploy", owner="alice", priority="P0",
         due="2026-12-04"),
]


@pytest.fixture(params=["cloud", "datacenter"])
def stack(request, tmp_path) -> Iterator[Stack]:
    s = Stack(tmp_path, jira_mode=request.param)
    yield s
    s.close()


def creates(stack: Stack) -> list[int]:
    """The status of each POST /issue the fake answered, in order."""
    return [r.status for r in stack.jira.request_log if r.method == "POST" and r.path.endswith("/issue")]


def test_a_priority_outside_the_projects_scheme_still_gets_one_ticket_per_item(stack):
    stack.jira.configure_project("PAY", priorities=("High", "Medium", "Low"))  # no "Highest"
    stack.write("INC-7", ITEMS)

    report = stack.cycle()

    assert report.done == {"create": 3} and report.errors == []
    assert creates(stack) == [201, 400, 201, 201]  # the refusal is learned: one 400 in all
    refused = [f for f in report.findings if f.rule == "ticket-field-refused"]
    assert [f.item for f in refused] == ["INC-7/2", "INC-7/3"]
    assert all("priority" in f.message for f in refused)
    assert set(stack.jira_tickets_per_item().values()) == {1} and len(stack.jira.issues()) == 3
    stack.clock.advance(minutes=5)
    again = stack.cycle()
    assert again.errors == [] and again.actions == []


def test_a_due_date_off_the_create_screen_gives_a_ticket_without_it_and_no_false_flag(stack):
    stack.jira.configure_project("PAY", without=("duedate",))
    stack.write("INC-7", ITEMS[:2])

    report = stack.cycle()

    assert report.done == {"create": 2} and report.errors == []
    issues = stack.jira.issues()
    assert [i.duedate for i in issues] == [None, None]
    assert all("2026-12-18" in (i.description or "") or "2027-01-15" in (i.description or "") for i in issues)
    (ident,) = [r.ident for r in stack.ledger.items() if r.key == "INC-7/1"]
    assert stack.ledger.items()[0].committed_due is not None  # the ledger keeps the deadline
    assert "deadline_slipped" not in stack.step(ident)
    # a later edit of the deadline does not send the refused field again
    stack.write("INC-7", [Item(ITEMS[0].text, owner="alice", priority="P1", due="2027-02-01"), ITEMS[1]])
    stack.clock.advance(minutes=5)
    edit = stack.cycle()
    assert edit.errors == [] and creates(stack) == [400, 201, 201]
    assert "deadline_slipped" not in stack.flags(ident)


def test_who_closed_a_ticket_is_found_beyond_the_newest_100_histories(tmp_path):
    stack = Stack(tmp_path, jira_mode="cloud")  # the paged changelog resource is Cloud's
    try:
        stack.write("INC-7", ITEMS[:1])
        stack.cycle()
        (row,) = stack.ledger.tickets().values()
        key = row.ref.key
        stack.jira.human_transition(key, "Done", "acc-bob", resolution="Done")
        for n in range(105):  # automation keeps touching the closed ticket
            stack.jira.human_update(key, ADMIN_ID, summary=f"{ITEMS[0].text} (sweep {n})")
        stack.clock.advance(minutes=5)
        report = stack.cycle()
        assert report.errors == []
        state = stack.ledger.ticket(row.ident).state
        assert state.closed_by == "acc-bob"
        assert any(r.path.endswith(f"/issue/{key}/changelog") for r in stack.jira.request_log)
    finally:
        stack.close()


def test_429s_without_retry_after_are_waited_out_with_jittered_backoff(stack):
    stack.write("INC-7", ITEMS[:1])
    stack.jira.fail_next(2, 429, path="*/search*")

    report = stack.cycle()

    assert report.errors == [] and report.done == {"create": 1}
    assert len(stack.sleeps) == 2
    assert 0 <= stack.sleeps[0] <= 5 and 0 <= stack.sleeps[1] <= 10


def test_check_config_names_route_field_and_what_pmsync_will_do(stack, monkeypatch, capsys):
    stack.jira.configure_project("PAY", priorities=("High", "Medium", "Low", "Lowest"), without=("duedate",))
    stack.jira.configure_project("OPS", required={"customfield_10050": "Root cause"})
    for name, value in stack.env.items():
        monkeypatch.setenv(name, value)

    code = main(["--config", str(stack.config), "check-config", "--online"])

    err = capsys.readouterr().err.splitlines()
    assert code == 1
    pay = [line for line in err if line.startswith(("warning: jira:PAY (routing.teams.payments)",))]
    assert any("'duedate'" in line and "without a due date" in line for line in pay)
    assert any("'Highest' (for P0)" in line and "default priority" in line for line in pay)
    ops = [line for line in err if line.startswith("error: jira:OPS (routing.default)")]
    assert len(ops) == 1 and "customfield_10050" in ops[0] and "Root cause" in ops[0]


def test_configured_project_fields_reach_the_ticket_and_a_refused_one_is_left_out(stack):
    stack.jira.configure_project("PAY", extra=("components", "customfield_10050"))
    stack.config.write_text(
        stack.config.read_text()
        + '\n[jira.projects.PAY]\nissue_type = "Bug"\nlabels = ["sev-{severity}"]\n'
        'components = ["Payments API"]\nparent = "PAY-100"\n'
        'fields = { customfield_10050 = { value = "{team}" } }\n'
    )
    stack.write("INC-7", ITEMS[:2])

    report = stack.cycle()

    assert report.done == {"create": 2} and report.errors == []
    for issue in stack.jira.issues():
        assert issue.issuetype == "Bug" and "sev-SEV2" in issue.labels
        assert issue.extra == {"components": [{"name": "Payments API"}], "customfield_10050": {"value": "payments"}}
    # the parent is not on this project's screen: left out, said once per ticket
    refused = [f for f in report.findings if f.rule == "ticket-field-refused"]
    assert len(refused) == 2 and all("parent" in f.message for f in refused)
    assert creates(stack) == [400, 201, 201]
