"""`pmsync status` over a ledger filled by real cycles against the fake Jira and GitHub: the
`--json` schema pinned key by key, the filters, and the human table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from syncer.cli import main
from tests.integration.stack import Item, Stack

TOP = {"schema", "generated_at", "health", "items", "postmortems"}
ITEM = {
    "key", "postmortem", "text", "owner", "team", "priority", "due", "ticket", "lifecycle",
    "days_overdue", "flags", "error", "accepted", "deadline_source",
}  # fmt: skip
TICKET = {"tracker", "key", "url", "status", "category"}
FLAG = {"kind", "since", "details"}
HEALTH = {"last_cycle", "last_success", "last_summary", "consecutive_failures", "next_cycle", "outbox"}
OUTBOX = {"pending", "failing", "sent"}

INC7 = [
    Item("Add disk space alert at 80% threshold on ledger-db", owner="alice", priority="P1",
         due="2026-12-18"),
    Item("Checksum checkout-config.json in the deploy script", owner="bob", priority="P2",
         due="2026-11-30"),
    Item("Page the payments on-call when checkout errors exceed 2%", owner="alice", priority="P0",
         due="2027-01-15", ref="PAY-999"),
]
INC9 = [Item("Purge the CDN cache for /checkout on config deploy", owner="carol", priority="P1",
             due="2027-01-08")]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[tuple[Stack, datetime]]:
    """Two postmortems, a Jira and a GitHub team, and a ledger with every kind of row in it:
    a demoted ticket, an overdue one, a failed adoption (no ticket, an error), an issue closed by
    its owner, and a repeat incident on a whole postmortem."""
    stack = Stack(
        tmp_path_factory.mktemp("status"), jira_mode="cloud", github=True,
        routing={"payments": "jira:PAY", "web": "github:acme/web"},
        jira_priorities={"P0": "Urgent", "P1": "High", "P2": "Medium", "P3": "Low", "P4": "Lowest"},
    )
    stack.write("INC-7", INC7, team="payments")
    stack.write("INC-9", INC9, team="web", related=("INC-7",))
    report = stack.cycle()
    assert report.done == {"create": 3} and [e.key for e in report.errors] == ["INC-7/3"]
    pay1 = stack.ledger.ticket("INC-7/1").ref.key
    stack.jira.human_update(pay1, "acc-bob", priority="Low")
    stack.gh.human_close("acme/web", 1, "carol-gh")
    stack.clock.advance(days=10)  # 2026-12-03: INC-7/2 is three days late
    stack.cycle()
    yield stack, stack.clock.now
    stack.close()


def status(stack: Stack, now: datetime, monkeypatch, capsys, *args: str) -> tuple[int, str]:
    for name, value in stack.env.items():
        monkeypatch.setenv(name, value)
    capsys.readouterr()
    with time_machine.travel(now, tick=False):
        code = main(["--config", str(stack.config), "status", *args])
    out = capsys.readouterr()
    assert out.err == ""
    return code, out.out


def as_json(stack, now, monkeypatch, capsys, *args: str) -> dict:
    code, out = status(stack, now, monkeypatch, capsys, "--json", *args)
    assert code == 0
    return json.loads(out)


def test_json_schema_keys_are_pinned(deployment, monkeypatch, capsys):
    stack, now = deployment
    doc = as_json(stack, now, monkeypatch, capsys)
    assert set(doc) == TOP
    assert doc["schema"] == 1 and doc["generated_at"] == now.isoformat()
    assert set(doc["health"]) == HEALTH and set(doc["health"]["outbox"]) == OUTBOX
    assert doc["health"]["last_cycle"] == now.isoformat()
    assert doc["health"]["consecutive_failures"] == 2  # INC-7/3's adoption fails every cycle
    assert doc["health"]["last_summary"]["flags_raised"] >= 1
    assert [i["key"] for i in doc["items"]] == ["INC-7/1", "INC-7/2", "INC-7/3", "INC-9/1"]
    for item in doc["items"]:
        assert set(item) == ITEM
        assert item["ticket"] is None or set(item["ticket"]) == TICKET
        for flag in item["flags"]:
            assert set(flag) == FLAG and datetime.fromisoformat(flag["since"]).tzinfo is not None
    assert [set(pm) for pm in doc["postmortems"]] == [{"id", "flags"}]
    for pm in doc["postmortems"]:
        assert all(set(flag) == FLAG for flag in pm["flags"])


def test_json_values_of_each_kind_of_item(deployment, monkeypatch, capsys):
    stack, now = deployment
    items = {i["key"]: i for i in as_json(stack, now, monkeypatch, capsys)["items"]}
    pay1 = stack.ledger.ticket("INC-7/1").ref.key
    demoted = items["INC-7/1"]
    assert demoted == {
        "key": "INC-7/1",
        "postmortem": "INC-7",
        "text": INC7[0].text,
        "owner": "alice",
        "team": "payments",
        "priority": "P1",
        "due": "2026-12-18",
        "deadline_source": "document",
        "ticket": {
            "tracker": "jira", "key": pay1, "url": f"{stack.jira.url}/browse/{pay1}",
            "status": "To Do", "category": "todo",
        },
        "lifecycle": "open",
        "days_overdue": 0,
        "flags": [
            {"kind": "repeat_incident", "since": "2026-11-23T09:00:00+00:00",
             "details": "related later postmortems: INC-9 (item not verified done)"},
            {"kind": "demoted_priority", "since": now.isoformat(),
             "details": "priority lowered P1 → P3 by acc-bob"},
        ],
        "error": None,
        "accepted": None,
    }
    late = items["INC-7/2"]
    assert late["days_overdue"] == 3 and late["due"] == "2026-11-30"
    assert {f["kind"]: f["details"] for f in late["flags"]} == {
        "overdue": "overdue by 3 days (due 2026-11-30)",
        "repeat_incident": "related later postmortems: INC-9 (item not verified done)",
    }
    failed = items["INC-7/3"]
    assert failed["ticket"] is None and failed["lifecycle"] == "pending"
    assert "PAY-999" in failed["error"] and failed["priority"] == "P0"
    closed = items["INC-9/1"]
    assert closed["ticket"] == {
        "tracker": "github", "key": "1", "url": stack.ledger.ticket("INC-9/1").ref.url,
        "status": "closed", "category": "done",
    }  # fmt: skip
    assert closed["ticket"]["url"].endswith("/acme/web/issues/1")
    assert closed["lifecycle"] == "done_awaiting_verification" and closed["days_overdue"] == 0
    assert [f["kind"] for f in closed["flags"]] == ["unverified_done"]
    assert closed["team"] == "web" and closed["owner"] == "carol"


def test_json_postmortem_flags(deployment, monkeypatch, capsys):
    stack, now = deployment
    doc = as_json(stack, now, monkeypatch, capsys)
    assert doc["postmortems"] == [
        {
            "id": "INC-9",
            "flags": [
                {
                    "kind": "repeat_incident",
                    "since": "2026-11-23T09:00:00+00:00",
                    "details": "relates to INC-7, whose action items are not all verified done",
                }
            ],
        }
    ]


@pytest.mark.parametrize(
    ("args", "keys", "postmortems"),
    [
        (("--team", "web"), ["INC-9/1"], ["INC-9"]),
        (("--team", "PAYMENTS"), ["INC-7/1", "INC-7/2", "INC-7/3"], []),
        (("--postmortem", "INC-7"), ["INC-7/1", "INC-7/2", "INC-7/3"], []),
        (("--postmortem", "INC-9"), ["INC-9/1"], ["INC-9"]),
        (("--flagged",), ["INC-7/1", "INC-7/2", "INC-7/3", "INC-9/1"], ["INC-9"]),
        (("--flagged", "--postmortem", "INC-9"), ["INC-9/1"], ["INC-9"]),
        (("--flagged", "--team", "payments"), ["INC-7/1", "INC-7/2", "INC-7/3"], []),
        (("--team", "platform"), [], []),
    ],
)
def test_filters(deployment, monkeypatch, capsys, args, keys, postmortems):
    stack, now = deployment
    doc = as_json(stack, now, monkeypatch, capsys, *args)
    assert [i["key"] for i in doc["items"]] == keys
    assert [pm["id"] for pm in doc["postmortems"]] == postmortems


def test_human_output(deployment, monkeypatch, capsys):
    """States in words, tickets as PAY-12 / acme/web#1, times in the policy's zone."""
    stack, now = deployment
    monkeypatch.setenv("COLUMNS", "1000")
    code, out = status(stack, now, monkeypatch, capsys)
    assert code == 0
    blocks: dict[str, list[str]] = {}
    for line in out.splitlines():
        if line.startswith("INC-"):
            key = line.split(":", 1)[0]
            blocks[key] = [line]
        elif line.startswith("    ") and blocks:
            blocks[key].append(line.strip())
    pay1 = stack.ledger.ticket("INC-7/1").ref.key
    pay2 = stack.ledger.ticket("INC-7/2").ref.key
    assert blocks["INC-7/1"][:3] == [
        "INC-7/1: open", INC7[0].text, f"owner alice · due 2026-12-18 · priority P1 · ticket {pay1}",
    ]
    flags = blocks["INC-7/1"][3:]
    assert [line.split(": ")[0] + ": " + line.split(": ")[1] for line in flags] == [
        "flag: Repeat incident", "flag: Priority lowered",
    ]
    # when pmsync raised the flag is said as such, not as when the problem began
    assert all(" since " not in line and "(flagged " in line for line in flags)
    assert blocks["INC-7/2"][0] == "INC-7/2: open, 3 days late"
    assert blocks["INC-7/2"][2].endswith(f"ticket {pay2}")
    assert blocks["INC-7/3"][0] == "INC-7/3: ticket not created yet"
    assert blocks["INC-7/3"][2].endswith("ticket none yet")
    assert any(line.startswith("error: ") and "PAY-999" in line for line in blocks["INC-7/3"])
    assert blocks["INC-9/1"][0] == "INC-9/1: done, awaiting verification"
    assert blocks["INC-9/1"][2].endswith("ticket acme/web#1")
    assert "4 items, 4 flagged" in out.splitlines()
    assert "postmortem INC-9: Repeat incident: relates to INC-7, whose action items are not all verified done" in out
    local = now.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M %Z")  # the policy's zone
    assert f"last cycle: {local};" in out
    assert any(line.startswith("outbox: ") for line in out.splitlines())


def test_human_output_fits_the_terminal(deployment, monkeypatch, capsys):
    stack, now = deployment
    monkeypatch.setenv("COLUMNS", "60")
    _, narrow = status(stack, now, monkeypatch, capsys)
    monkeypatch.setenv("COLUMNS", "1000")
    _, wide = status(stack, now, monkeypatch, capsys)
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert "".join(narrow.split()) == "".join(wide.split())  # wrapped, nothing cut


def test_without_a_ledger_status_says_so_and_exits_2(tmp_path, monkeypatch, capsys):
    stack = Stack(tmp_path, jira_mode="cloud")
    try:
        stack.ledger.close()
        (tmp_path / "state.db").unlink()
        for name, value in stack.env.items():
            monkeypatch.setenv(name, value)
        assert main(["--config", str(stack.config), "status", "--json"]) == 2
        err = capsys.readouterr().err
        assert "no ledger" in err and "pmsync sync" in err
    finally:
        stack.jira.stop()
