"""`pmsync report --html` on a real ledger, rendered by headless Chromium as a person sees it.

The ledger is built by the real engine against the in-memory tracker: two postmortems of
two teams, items verified, overdue, demoted, closed by their own owner, closed as won't do,
a repeat incident, and an item whose text is a script. The page is then opened in Chromium
(desktop DOM dump and a phone-sized screenshot).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine

from syncer.cli import main
from syncer.engine import Engine
from syncer.model import ActionItem, Document, Postmortem
from syncer.settings import load_settings
from syncer.state import Ledger
from tests.fakes.memory_tracker import MemoryTracker

START = datetime(2026, 11, 5, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
HOSTILE = "<script>document.title='injected'</script> Escape item text in the dashboard"

CONFIG = """\
[sources]
paths = ["postmortems"]

[jira]
url = "http://127.0.0.1:9"
email = "pmsync-bot@example.com"

[routing]
default = "jira:OPS"
teams = { payments = "jira:PAY", web = "jira:WEB" }

[people.alice]
email = "alice@example.com"
jira = "acc-alice"
team = "payments"

[people.bob]
email = "bob@example.com"
jira = "acc-bob"
team = "payments"

[people.carol]
email = "carol@example.com"
jira = "acc-carol"
team = "web"

[people.dave]
email = "dave@example.com"
jira = "acc-dave"
team = "web"

[teams.payments]
leads = ["payments-lead@example.com"]

[teams.web]
leads = ["web-lead@example.com"]

[daemon]
state = "state.db"
"""


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _item(pm: str, n: int, text: str, owner: str, due: date) -> ActionItem:
    return ActionItem(
        key=f"{pm}/{n}", item_id=str(n), explicit_id=False, text=text, owner=owner, due=due,
        priority="P1", verify="demo in the team meeting", line=20 + n,
    )


def _doc(pm_id: str, team: str, items: tuple[ActionItem, ...], related: tuple[str, ...] = ()) -> Document:
    pm = Postmortem(
        id=pm_id, id_explicit=True, title=f"Incident {pm_id}", path=f"postmortems/{pm_id}.md",
        date=date(2026, 11, 2), review_date=date(2026, 11, 4), severity="SEV2", team=team,
        related=related, doc_url=f"https://git.example.com/pm/blob/main/{pm_id}.md", items=items,
    )
    return Document(pm.path, pm)


DOCS = [
    _doc("INC-1", "payments", (
        _item("INC-1", 1, "Add disk space alert at 80% threshold", "alice", date(2026, 11, 10)),
        _item("INC-1", 2, "Add config validation to CI pipeline", "bob", date(2026, 12, 15)),
        _item("INC-1", 3, HOSTILE, "alice", date(2026, 12, 15)),
    )),
    _doc("INC-2", "web", (
        _item("INC-2", 1, "Create runbook for payment service timeout", "carol", date(2026, 12, 15)),
        _item("INC-2", 2, "Page on-call when checkout errors exceed 2%", "carol", date(2026, 12, 15)),
        _item("INC-2", 3, "Checksum the deploy config before rollout", "dave", date(2026, 12, 15)),
    ), related=("INC-1",)),
]


def _at(day: int) -> datetime:
    return datetime(2026, 11, day, 9, 0, tzinfo=UTC)


@pytest.fixture
def deployment(tmp_path, monkeypatch):
    """A config file and a ledger after two cycles, with the humans' changes in between."""
    monkeypatch.setenv("PMSYNC_JIRA__TOKEN", "placeholder-token")
    config = tmp_path / "pmsync.toml"
    config.write_text(CONFIG)
    settings = load_settings(config)
    tracker = MemoryTracker()
    clock = Clock(START)
    with Ledger.open(settings.daemon.state) as ledger:
        engine = Engine(settings, ledger, {"jira": tracker}, lambda: DOCS, clock)
        engine.cycle()
        keys = {s.item_key: key for (_, key), s in tracker.tickets.items()}
        # Verified: closed by someone other than the owner (bob's item closed by carol).
        tracker.close("jira:PAY", keys["INC-1/2"], by="acc-carol", at=_at(14))
        tracker.close("jira:WEB", keys["INC-2/1"], by="acc-alice", at=_at(20))
        # Done by its owner alone: awaits verification.
        tracker.close("jira:WEB", keys["INC-2/2"], by="acc-carol", at=_at(20))
        tracker.close("jira:WEB", keys["INC-2/3"], by="acc-dave", resolution="Won't Do", at=_at(21))
        tracker.human("jira:PAY", keys["INC-1/3"], priority="P3", updated_at=_at(21))
        clock.now = NOW
        report = engine.cycle()
        assert report.ok
    return config, keys


def test_report_writes_the_figures_a_person_reads_in_chromium(deployment, tmp_path):
    config, keys = deployment
    out = tmp_path / "site" / "out.html"
    out.parent.mkdir()
    with time_machine.travel(NOW, tick=False):
        assert main(["--config", str(config), "report", "--html", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o644
    browser = _chromium()

    page = _Page.parse(_dump_dom(browser, out, tmp_path))
    assert page.title == "Postmortem follow-through"  # no injected script ran
    assert page.scripts == 0
    assert HOSTILE in page.text  # shown literally, as text
    rows = {cells[0]: cells[1:] for cells in page.rows}
    header = ["Committed", "Open", "Overdue", "Demoted", "Awaiting verification", "Verified",
              "Not doing", "Completion", "Median days to verified"]
    assert rows["Team"] == header
    assert rows["payments"] == ["3", "2", "1", "1", "0", "1", "0", "33%", "10 days"]
    assert rows["web"] == ["3", "0", "0", "0", "1", "1", "1", "33%", "16 days"]
    figures: dict[str, str] = {}
    for term, value in page.figures:  # the summary comes first, the glossary after it
        figures.setdefault(term, value)
    assert figures["Committed items"] == "6" and figures["Verified"] == "2"
    assert figures["Completion"] == "33%" and figures["Median time to verified"] == "13 days"
    assert "Needs attention (4)" in page.headings and "Repeat incidents (1)" in page.headings

    overdue = next(cells for cells in page.rows if cells[0].startswith("Add disk space alert"))
    assert "Overdue overdue by 13 days (due 2026-11-10)" in overdue[1]
    assert overdue[2:] == ["alice", "2026-11-10", "13", keys["INC-1/1"], "Open"]
    assert (f"https://tracker.test/{keys['INC-1/1']}", keys["INC-1/1"]) in page.links
    assert ("https://git.example.com/pm/blob/main/INC-1.md", "Incident INC-1") in page.links
    demoted = next(cells for cells in page.rows if cells[0].startswith(HOSTILE))
    assert "Priority lowered priority lowered P1 → P3" in demoted[1]
    unverified = next(cells for cells in page.rows if cells[0].startswith("Page on-call"))
    assert "Awaiting independent verification" in unverified[1]
    assert unverified[-1] == "Done, awaiting verification"
    assert "relates to INC-1, whose action items are not all verified done" in page.text
    assert "Last successful sync: 2026-11-23 09:00 UTC" in page.text

    shot = tmp_path / "phone.png"
    _screenshot(browser, out, shot, tmp_path)
    width, height, distinct = _png_summary(shot)
    assert (width, height) == (390, 844)
    assert distinct > 8  # text and boxes, not a blank page


def test_report_without_a_ledger_says_to_sync_first(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PMSYNC_JIRA__TOKEN", "placeholder-token")
    config = tmp_path / "pmsync.toml"
    config.write_text(CONFIG)
    assert main(["--config", str(config), "report", "--html", str(tmp_path / "out.html")]) == 2
    assert "run `pmsync sync` first" in capsys.readouterr().err
    assert not (tmp_path / "out.html").exists() and not (tmp_path / "state.db").exists()


def test_report_into_a_missing_directory_fails_cleanly(deployment, tmp_path, capsys):
    config, _ = deployment
    target = tmp_path / "no-such-dir" / "out.html"
    assert main(["--config", str(config), "report", "--html", str(target)]) == 1
    assert f"cannot write the dashboard {target}" in capsys.readouterr().err


# -- Chromium ------------------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium not found on PATH (Debian: apt-get install -y chromium)")


def _run_browser(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _dump_dom(browser: str, page: Path, tmp_path: Path) -> str:
    return _run_browser(browser, tmp_path / "profile-dom", "--dump-dom", page.as_uri()).stdout


def _screenshot(browser: str, page: Path, shot: Path, tmp_path: Path) -> None:
    _run_browser(
        browser, tmp_path / "profile-shot", "--hide-scrollbars", f"--screenshot={shot}",
        "--window-size=390,844", page.as_uri(),
    )


def _png_summary(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the pixel data."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    pos, pixels = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            pixels += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return width, height, len(set(zlib.decompress(pixels)))


class _Page(HTMLParser):
    """What a reader sees of the rendered DOM: text, headings, table rows, links, figures."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.scripts = 0
        self.headings: list[str] = []
        self.rows: list[list[str]] = []
        self.links: list[tuple[str, str]] = []
        self.figures: list[tuple[str, str]] = []
        self._stack: list[tuple[str, list[str], dict[str, str | None]]] = []

    @classmethod
    def parse(cls, html: str) -> _Page:
        page = cls()
        page.feed(html)
        page.close()
        return page

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        if tag == "br":
            self._data(" ")
            return
        if tag in ("title", "h1", "h2", "h3", "tr", "th", "td", "a", "dt", "dd", "li"):
            self._stack.append((tag, [], dict(attrs)))
            if tag == "tr":
                self.rows.append([])

    def handle_endtag(self, tag: str) -> None:
        if not self._stack or self._stack[-1][0] != tag:
            return
        _, parts, attrs = self._stack.pop()
        text = " ".join("".join(parts).split())
        self._data(" ")
        if tag == "title":
            self.title = text
        elif tag in ("h1", "h2", "h3"):
            self.headings.append(text)
        elif tag in ("th", "td") and self.rows:
            self.rows[-1].append(text)
        elif tag == "a":
            self.links.append((attrs.get("href") or "", text))
        elif tag == "dt":
            self.figures.append((text, ""))
        elif tag == "dd" and self.figures and not self.figures[-1][1]:
            self.figures[-1] = (self.figures[-1][0], text)

    def handle_data(self, data: str) -> None:
        self._data(data)

    def _data(self, data: str) -> None:
        for _, parts, _ in self._stack:
            parts.append(data)
        if not any(tag == "title" for tag, _, _ in self._stack):
            self.parts.append(data)
