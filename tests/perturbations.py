"""Meaning-preserving rewrites of an annotated postmortem, to measure how robust extraction is.

Real authors write the same commitments in many shapes: the action section under another name
or as a bold label, another list marker, plain-text bullets, a table, the deadline as
"16.07.2023" or "by 7/16", the owner as "@kim" or "Kim to …", the ticket as a bare Jira URL,
invisible characters and HTML from an export, CRLF line ends. Each rewrite here takes a document
and its hand annotation and returns the rewritten text with the annotation it now has (the same
items; a field the rewrite writes is annotated as written), or None when the document has no
place for it. Pure and deterministic: randomness comes from a `random.Random` the caller seeds.

Where the items are is found from the annotation alone (never from what pmsync extracts): each
annotated item is placed on the block of the document (list entry, table row, paragraph,
heading) whose words it shares most, and the action heading is the heading whose section holds
the most of them (not the document's title or a wrapper of the whole story).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from tests.realworld import MATCH_THRESHOLD, Item, similarity, tokens

_MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
_LIST_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?P<space>[ \t]+|$)")
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")
_ATX = re.compile(r"^(?P<indent> {0,3})(?P<hashes>#{1,6})(?P<space>[ \t]+|$)(?P<title>.*?)(?P<closing>[ \t]+#+)?[ \t]*$")


@dataclass(frozen=True)
class Unit:
    """A block an item can be written in: its own lines [start, end) (a list entry's lines
    before its nested list), and its kind."""

    kind: str  # "entry" | "row" | "paragraph" | "heading" | "html"
    start: int
    end: int
    list_start: int = -1  # an entry: the first line of its top-level list
    list_end: int = -1
    nested: bool = False  # an entry inside another entry, or with entries inside it


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    title: str
    end: int  # the line its section ends on (the next heading of the same or a higher level)
    setext: bool


@dataclass(frozen=True)
class Layout:
    lines: list[str]
    units: list[Unit]
    headings: list[Heading]
    placed: list[int | None]  # per annotated item: the index of its unit

    def action_heading(self) -> Heading | None:
        """The heading whose section holds the most located items (deepest on a tie), not the
        title over the whole document nor a part holding half of all headings."""
        lines = [self.units[u].start for u in self.placed if u is not None]
        if not lines:
            return None
        best: tuple[int, int] | None = None
        chosen = None
        for heading in self.headings:
            inside = sum(heading.line < line < heading.end for line in lines)
            within = sum(heading.line < h.line < heading.end for h in self.headings)
            if inside == 0 or (heading.level == 1 and len(self.headings) > 1) or within > len(self.headings) // 2:
                continue
            key = (inside, heading.level)
            if best is None or key > best:
                best, chosen = key, heading
        if chosen is None or (best is not None and best[0] < min(2, len(lines))):
            return None
        return chosen

    def sub_headings(self, heading: Heading) -> list[Heading]:
        return [h for h in self.headings if heading.line < h.line < heading.end]

    def entries(self, within: Heading | None = None) -> list[int]:
        """Indices of the annotated items written as list entries (in the heading's section)."""
        found = []
        for index, unit_index in enumerate(self.placed):
            if unit_index is None or self.units[unit_index].kind != "entry":
                continue
            unit = self.units[unit_index]
            if within is None or within.line < unit.start < within.end:
                found.append(index)
        return found


def layout(text: str, items: tuple[Item, ...]) -> Layout:
    lines = text.split("\n")
    tokens_ = _MD.parse(text)
    units: list[Unit] = []
    raw_headings: list[tuple[int, int, str, bool]] = []
    open_entries: list[list[int]] = []  # [start, own end, list start, list end, depth]
    lists: list[tuple[int, int]] = []
    for index, token in enumerate(tokens_):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open") and token.map:
            if open_entries and open_entries[-1][1] > token.map[0]:
                open_entries[-1][1] = token.map[0]
                open_entries[-1][5] = 1  # it has entries inside it
            lists.append((token.map[0], token.map[1]))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and token.map:
            top = lists[0]
            open_entries.append([token.map[0], token.map[1], top[0], top[1], len(lists), 0])
        elif kind == "list_item_close" and open_entries:
            start, end, list_start, list_end, depth, parent = open_entries.pop()
            units.append(Unit("entry", start, end, list_start, list_end, nested=depth > 1 or bool(parent)))
        elif kind == "heading_open" and token.map:
            title = tokens_[index + 1].content
            setext = not lines[token.map[0]].lstrip().startswith("#")
            raw_headings.append((token.map[0], int(token.tag[1:]), title, setext))
            units.append(Unit("heading", token.map[0], token.map[1]))
        elif kind == "paragraph_open" and token.map and not open_entries and token.level == 0:
            units.append(Unit("paragraph", token.map[0], token.map[1]))
        elif kind == "tr_open" and token.map:
            units.append(Unit("row", token.map[0], token.map[1]))
        elif kind == "html_block" and token.map:
            units.append(Unit("html", token.map[0], token.map[1]))
    headings = []
    for n, (line, level, title, setext) in enumerate(raw_headings):
        end = next((other[0] for other in raw_headings[n + 1 :] if other[1] <= level), len(lines))
        headings.append(Heading(line, level, title, end, setext))
    unit_tokens = [tokens("\n".join(lines[u.start : u.end])) for u in units]
    placed: list[int | None] = []
    for item in items:
        wanted = tokens(item.text)
        best, where = (MATCH_THRESHOLD, 0.0), None
        for number, found in enumerate(unit_tokens):
            score = similarity(wanted, found)
            if score >= best and score[0] >= MATCH_THRESHOLD:
                best, where = score, number
        placed.append(where)
    units_sorted = sorted(range(len(units)), key=lambda u: units[u].start)
    order = {u: k for k, u in enumerate(units_sorted)}
    units = [units[u] for u in units_sorted]
    placed = [order[p] if p is not None else None for p in placed]
    return Layout(lines, units, headings, placed)


# ---- what a rewrite returns ---------------------------------------------------------------


@dataclass(frozen=True)
class Rewritten:
    text: str
    items: tuple[Item, ...]
    touched: int  # annotated items the rewrite changed the shape of (0 for a whole-document one)


Rewrite = Callable[[Layout, tuple[Item, ...], random.Random], Rewritten | None]


def _join(lines: list[str]) -> str:
    return "\n".join(lines)


# ---- the action heading -------------------------------------------------------------------

# Names teams give their follow-up sections that no keyword list is likely to hold; those
# pmsync's own heading lexicon knows are left out when the bench runs (see unknown_names).
HEADING_NAMES = (
    "What's next", "Where we go from here", "Outcomes", "Agreed work", "Open items",
    "Deliverables", "Backlog", "Our response going forward", "Owners and dates",
    "Work we have scheduled", "Decisions", "Homework", "Punch list", "Hardening backlog",
)  # fmt: skip
NEUTRAL_NAMES = ("Part 4", "Section 5", "4", "Other", "More")


def _retitle(layout: Layout, heading: Heading, title: str, level: int | None = None) -> list[str]:
    lines = list(layout.lines)
    level = heading.level if level is None else level
    if heading.setext:
        lines[heading.line] = title
        if level > 2:
            lines[heading.line] = f"{'#' * level} {title}"
            lines[heading.line + 1] = ""
        else:
            lines[heading.line + 1] = ("=" if level == 1 else "-") * max(3, len(title))
    else:
        lines[heading.line] = f"{'#' * level} {title}"
    return lines


def renamed(names: tuple[str, ...]) -> Rewrite:
    def rewrite(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
        heading = layout.action_heading()
        if heading is None or not names:
            return None
        lines = _retitle(layout, heading, rng.choice(names))
        return Rewritten(_join(lines), items, sum(p is not None for p in layout.placed))

    return rewrite


def relevelled(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
    """The action heading one or two levels away, its sub-headings still below it."""
    heading = layout.action_heading()
    if heading is None:
        return None
    deepest = min((h.level for h in layout.sub_headings(heading)), default=7)
    levels = [n for n in range(2, min(deepest, 7)) if n != heading.level]
    if not levels:
        return None
    lines = _retitle(layout, heading, heading.title, rng.choice(levels))
    return Rewritten(_join(lines), items, sum(p is not None for p in layout.placed))


def _bare_title(title: str) -> str:
    return title.strip().strip("*_").rstrip(":").strip()


def as_label(style: str) -> Rewrite:
    """The action heading as a bold paragraph ("**Action items**", "**Action items:**") or as a
    bold list label with the section's content nested under it ("- **Action items:**")."""

    def rewrite(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
        heading = layout.action_heading()
        if heading is None or layout.sub_headings(heading):
            return None
        title = _bare_title(heading.title)
        lines = list(layout.lines)
        body_start = heading.line + (2 if heading.setext else 1)
        if style == "bold":
            head = [f"**{title}**"]
        elif style == "bold-colon":
            head = [f"**{title}:**"]
        else:  # "list-label": the body nested under a list entry
            head = [f"- **{title}:**"]
            body = lines[body_start : heading.end]
            lines[body_start : heading.end] = [f"  {line}" if line.strip() else line for line in body]
        lines[heading.line : body_start] = head
        return Rewritten(_join(lines), items, sum(p is not None for p in layout.placed))

    return rewrite


# ---- list markers -------------------------------------------------------------------------


def _item_lists(layout: Layout, indices: list[int]) -> list[tuple[int, int]]:
    spans = {(layout.units[layout.placed[i]].list_start, layout.units[layout.placed[i]].list_end) for i in indices}  # type: ignore[index]
    return sorted(spans)


def _flat(layout: Layout, span: tuple[int, int]) -> list[Unit] | None:
    """The entries of a list none of which holds another list, or None."""
    entries = [u for u in layout.units if u.kind == "entry" and (u.list_start, u.list_end) == span]
    return None if any(u.nested for u in entries) else entries


def remarked(new_marker: Callable[[int, int], str], *, checkbox: bool = False) -> Rewrite:
    """Every entry of the lists holding items written with another marker (`new_marker(depth,
    number)`: "*", "1.", "•", …), nested lines re-indented to the new content column."""

    def rewrite(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
        entries = layout.entries()
        spans = _item_lists(layout, entries)
        if not spans:
            return None
        done = {layout.units[layout.placed[i]].start for i in entries if items[i].done}  # type: ignore[index]
        lines = list(layout.lines)
        for start, end in spans:
            lines[start:end] = _remark(lines[start:end], start, new_marker, checkbox, done)
        return Rewritten(_join(lines), items, len(entries))

    return rewrite


def _remark(block: list[str], first: int, new_marker: Callable[[int, int], str], checkbox: bool, done: set[int]) -> list[str]:
    out: list[str] = []
    stack: list[tuple[int, int, int]] = []  # (old content column, new content column, number)
    counters: dict[int, int] = {}
    in_fence = False
    for offset, line in enumerate(block):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if not line.strip():
            out.append(line)
            continue
        while stack and indent < stack[-1][0] and not in_fence:
            stack.pop()
        shift = (stack[-1][1] - stack[-1][0]) if stack else 0
        marker = None if in_fence else _LIST_MARKER.match(line)
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        if marker is None or marker.group("indent").count("\t"):
            out.append(" " * max(0, indent + shift) + stripped)
            continue
        depth = len(stack)
        for deeper in [d for d in counters if d > depth]:
            del counters[deeper]
        counters[depth] = counters.get(depth, 0) + 1
        new = new_marker(depth, counters[depth])
        rest = line[marker.end() :]
        if checkbox and not _CHECKBOX.match(rest):
            rest = ("[x] " if first + offset in done else "[ ] ") + rest
        new_indent = max(0, indent + shift)
        out.append(f"{' ' * new_indent}{new} {rest}".rstrip() if rest else f"{' ' * new_indent}{new}")
        stack.append((marker.end() if marker.group("space") else marker.end() + 1, new_indent + len(new) + 1, depth))
    return out


def bullet(glyph: str) -> Callable[[int, int], str]:
    return lambda depth, number: glyph


def numbered(close: str) -> Callable[[int, int], str]:
    return lambda depth, number: f"{number}{close}"


def _entry_text(layout: Layout, unit: Unit) -> str:
    own = [line.strip() for line in layout.lines[unit.start : unit.end] if line.strip()]
    first = _LIST_MARKER.sub("", own[0]) if own else ""
    return " ".join([first, *own[1:]]).strip()


def paragraphs(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
    """Each entry of a flat list holding items as a paragraph of its own."""
    lines = list(layout.lines)
    touched = 0
    for span in reversed(_item_lists(layout, layout.entries())):
        entries = _flat(layout, span)
        if not entries:
            continue
        body: list[str] = []
        for unit in entries:
            body += [_CHECKBOX.sub("", _entry_text(layout, unit)), ""]
        lines[span[0] : span[1]] = body
        touched += len(entries)
    return Rewritten(_join(lines), items, touched) if touched else None


# ---- tables -------------------------------------------------------------------------------

OWNER_HEADERS = ("Owner", "Assignee", "DRI", "Responsible", "Who")
DUE_HEADERS = ("Due", "Due date", "Target date", "ETA", "Deadline", "When")
REF_HEADERS = ("Ticket", "Issue", "Tracking", "Link", "Jira")
# Headers a table of actions may carry that name their column in words of the team's own:
# the bench keeps those pmsync's column names do not know (see unknown_names).
OTHER_OWNER_HEADERS = ("Driver", "Person", "Accountable", "Point person", "Contact", "Name")
OTHER_DUE_HEADERS = ("Complete by", "Planned for", "Timing", "Finish", "Landing", "Committed")
OTHER_REF_HEADERS = ("Tracked in", "Where", "Record", "Follow-up", "Card", "Key")
OTHER_ACTION_HEADERS = ("Commitment", "Work", "Activity", "What we will do", "Step")

PEOPLE = ("alice", "Bob Smith", "k.tanaka", "SRE team", "Priya", "@dmitri", "Platform", "jlopez")


@dataclass(frozen=True)
class Fieldset:
    owner: str
    due: str
    ref: str  # as written in the cell
    ref_annotated: str  # as a reader annotates it (a link by its key or address)


def synthetic_fields(rng: random.Random) -> Fieldset:
    owner = rng.choice(PEOPLE)
    written, annotated = rng.choice(REF_FORMS)[1](rng)
    return Fieldset(owner=owner, due=rng.choice(DUE_FORMS)[1](rng), ref=written, ref_annotated=annotated)


def tabled(owner_headers: tuple[str, ...], due_headers: tuple[str, ...], ref_headers: tuple[str, ...],
           action_headers: tuple[str, ...] = ("Action", "Action item", "Item", "Task")) -> Rewrite:
    """A flat list of items as a table with owner, deadline and ticket columns (and a status
    column when some are done); a field the annotation leaves empty gets a synthetic value."""

    def rewrite(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
        if not (owner_headers and due_headers and ref_headers and action_headers):
            return None
        lines = list(layout.lines)
        new_items = list(items)
        touched = 0
        by_start = {layout.units[p].start: i for i, p in enumerate(layout.placed) if p is not None}
        for span in reversed(_item_lists(layout, layout.entries())):
            entries = _flat(layout, span)
            if not entries or any(u.start not in by_start for u in entries):
                continue
            status = any(items[by_start[u.start]].done for u in entries)
            header = [rng.choice(action_headers), rng.choice(owner_headers), rng.choice(due_headers),
                      rng.choice(ref_headers)] + (["Status"] if status else [])
            rows = [_row(header), _row(["---"] * len(header))]
            for unit in entries:
                index = by_start[unit.start]
                item = items[index]
                made = synthetic_fields(rng)
                owner, due, ref = item.owner or made.owner, item.due or made.due, item.ref or made.ref
                cells = [" ".join(item.text.replace("|", "/").split()), owner, due, ref]
                ref = item.ref or made.ref_annotated
                if status:
                    cells.append("Done" if item.done else "Open")
                rows.append(_row(cells))
                new_items[index] = replace(item, owner=owner.lstrip("@"), due=due, ref=ref)
                touched += 1
            lines[span[0] : span[1]] = [*rows, ""]
        return Rewritten(_join(lines), tuple(new_items), touched) if touched else None

    return rewrite


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


# ---- fields written on the item -----------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip


def _day(rng: random.Random) -> tuple[int, int, int]:
    return rng.choice((2023, 2024, 2025, 2026)), rng.randint(1, 12), rng.randint(13, 28)


def _form(build: Callable[[int, int, int], str]) -> Callable[[random.Random], str]:
    return lambda rng: build(*_day(rng))


# (kind, how a deadline is written): day numbers above 12 keep day-first and month-first apart
DUE_FORMS: tuple[tuple[str, Callable[[random.Random], str]], ...] = (
    ("iso", _form(lambda y, m, d: f"{y}-{m:02d}-{d:02d}")),
    ("Mon d, yyyy", _form(lambda y, m, d: f"{_MONTHS[m - 1][:3]} {d}, {y}")),
    ("d Month yyyy", _form(lambda y, m, d: f"{d} {_MONTHS[m - 1]} {y}")),
    ("mm/dd/yyyy", _form(lambda y, m, d: f"{m:02d}/{d:02d}/{y}")),
    ("dd.mm.yyyy", _form(lambda y, m, d: f"{d:02d}.{m:02d}.{y}")),
    ("m/d", _form(lambda y, m, d: f"{m}/{d}")),
    ("quarter", lambda rng: f"Q{rng.randint(1, 4)} {rng.choice((2025, 2026, 2027))}"),
    ("end Month yyyy", _form(lambda y, m, d: f"End {_MONTHS[m - 1]} {y}")),
    ("iso week", lambda rng: rng.choice(("week {}", "end of week {}", "CW {}")).format(rng.randint(1, 52))),
    ("relative", lambda rng: rng.choice(("end of next week", "next week", "end of the month", "end of Q3",
                                         "two weeks", "next sprint", "end of sprint 42"))),
)  # fmt: skip
_DUE_WRITINGS = ("(due {})", "— due {}", "by {}", "(by {})", "Due: {}", "- ETA {}", "[due {}]", "(target: {})")

# (kind, a reference and how it may be annotated)
REF_FORMS: tuple[tuple[str, Callable[[random.Random], tuple[str, str]]], ...] = (
    ("jira key", lambda rng: (f"{rng.choice(('OPS', 'INFRA', 'SRE', 'PLAT'))}-{rng.randint(10, 9999)}",) * 2),
    ("#123", lambda rng: (f"#{rng.randint(10, 9999)}",) * 2),
    ("github url", lambda rng: (f"https://github.com/acme/api/issues/{rng.randint(10, 9999)}",) * 2),
    ("gitlab url", lambda rng: (f"https://gitlab.com/acme/infra/-/issues/{rng.randint(10, 999)}",) * 2),
    ("jira url", lambda rng: (f"https://acme.atlassian.net/browse/OPS-{rng.randint(10, 999)}",) * 2),
    ("linear url", lambda rng: (f"https://linear.app/acme/issue/ENG-{rng.randint(10, 999)}/fix-it",) * 2),
    # written without its scheme, the reference pmsync gives is the address trackers read
    ("scheme-less url", lambda rng: _schemeless(rng.choice(("github.com/acme/api/issues/{}", "gitlab.com/acme/infra/-/issues/{}"))
                                                .format(rng.randint(10, 999)))),
    ("markdown link", lambda rng: _md_link(rng)),
)
_REF_WRITINGS = ("({})", "— {}", "(tracked in {})", ", see {}", "[{}]", "- {}")
OWNER_FORMS = ("mention", "label", "subject", "bracket", "lead tag", "dash label", "trailing dash")
# Verbs an item may open with that "X to <verb> …" can follow (the bench's own short list).
_VERBS = frozenset(
    "add update create implement improve ensure review document investigate migrate remove move enable "
    "set configure fix write monitor automate increase reduce audit rotate deploy test upgrade replace "
    "introduce establish define build make change check limit restrict require switch evaluate consider "
    "provide publish communicate train schedule run clean split use adjust extend track revise refactor "
    "prevent deprecate disable identify develop alert collect rework tune verify validate".replace(" ", "\n").splitlines()
)


def _schemeless(address: str) -> tuple[str, str]:
    return address, f"https://{address}"


def _md_link(rng: random.Random) -> tuple[str, str]:
    number = rng.randint(10, 9999)
    if rng.random() < 0.5:
        return f"[OPS-{number}](https://acme.atlassian.net/browse/OPS-{number})", f"OPS-{number}"
    url = f"https://github.com/acme/api/issues/{number}"
    return f"[#{number}]({url})", url


def _append(layout: Layout, lines: list[str], unit: Unit, words: str) -> None:
    last = max(k for k in range(unit.start, unit.end) if layout.lines[k].strip()) if unit.end > unit.start else unit.start
    lines[last] = f"{lines[last].rstrip()} {words}"


def _field_targets(layout: Layout, items: tuple[Item, ...], field: str) -> list[int]:
    return [i for i in layout.entries() if getattr(items[i], field) is None]


def with_due(form: Callable[[random.Random], str]) -> Rewrite:
    """A deadline in one written form on each entry that states none."""
    return _with_field("due", _DUE_WRITINGS, lambda rng: (form(rng),) * 2)


def with_ref(form: Callable[[random.Random], tuple[str, str]]) -> Rewrite:
    """A ticket reference in one written form on each entry that names none, annotated as it may be."""
    return _with_field("ref", _REF_WRITINGS, form)


def _with_field(field: str, writings: tuple[str, ...], form: Callable[[random.Random], tuple[str, str]]) -> Rewrite:
    """`field` appended to each entry that states none, in one of `writings`; `form` gives the
    value as written and as annotated."""

    def rewrite(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
        targets = _field_targets(layout, items, field)
        if not targets:
            return None
        lines = list(layout.lines)
        new_items = list(items)
        for index in targets:
            written, annotated = form(rng)
            _append(layout, lines, layout.units[layout.placed[index]], rng.choice(writings).format(written))  # type: ignore[index]
            new_items[index] = replace(items[index], **{field: annotated})
        return Rewritten(_join(lines), tuple(new_items), len(targets))

    return rewrite


def with_owner(form: str) -> Rewrite:
    """An owner on each entry that names none: "(@kim)", "Owner: kim", "Kim to add …" (when the
    entry opens with a verb), "(Kim)", "[Kim] add …", "Owner - kim", "… — Kim" (a name of words)."""

    def rewrite(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
        lines = list(layout.lines)
        new_items = list(items)
        touched = 0
        for index in _field_targets(layout, items, "owner"):
            unit = layout.units[layout.placed[index]]  # type: ignore[index]
            name = rng.choice(PEOPLE).lstrip("@")
            line = lines[unit.start]
            marker = _LIST_MARKER.match(line)
            if marker is None:
                continue
            head, rest = line[: marker.end()], line[marker.end() :]
            box = _CHECKBOX.match(rest)
            if box:
                head, rest = head + box.group(0), rest[box.end() :]
            if form == "mention":
                _append(layout, lines, unit, f"(@{name.replace(' ', '')})")
                name = name.replace(" ", "")
            elif form == "label":
                _append(layout, lines, unit, f"Owner: {name}")
            elif form == "bracket":
                name = name[:1].upper() + name[1:]
                _append(layout, lines, unit, f"({name})")
            elif form == "dash label":
                _append(layout, lines, unit, f"Owner - {name}")
            elif form == "trailing dash":  # a person's name after a dash: "… — Priya"
                if not all(word.isalpha() for word in name.split()):
                    continue
                name = name.title()
                _append(layout, lines, unit, f"{rng.choice(('—', '–', '-'))} {name}")
            elif form == "lead tag":
                lines[unit.start] = f"{head}[{name}] {rest}"
            else:  # "subject"
                first = rest.split(" ", 1)[0].strip("*_").lower()
                if first not in _VERBS:
                    continue
                lines[unit.start] = f"{head}{name} to {rest[:1].lower()}{rest[1:]}"
            new_items[index] = replace(items[index], owner=name)
            touched += 1
        return Rewritten(_join(lines), tuple(new_items), touched) if touched else None

    return rewrite


# ---- characters and markup from exports ----------------------------------------------------


def crlf(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
    return Rewritten("\r\n".join(layout.lines), items, 0)


def invisible(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
    """A BOM, and zero-width spaces after list markers, in headings and at line ends of items."""
    lines = list(layout.lines)
    for unit in layout.units:
        if unit.kind in ("entry", "heading", "paragraph", "row"):
            for k in range(unit.start, unit.end):
                if lines[k].strip():
                    marker = _LIST_MARKER.match(lines[k])
                    at = marker.end() if marker else len(lines[k]) - len(lines[k].lstrip())
                    if unit.kind == "heading" and not marker:
                        at = _ATX.match(lines[k]).start("title") if _ATX.match(lines[k]) else at  # type: ignore[union-attr]
                    lines[k] = lines[k][:at] + "\u200b" + lines[k][at:] + rng.choice(("\u200b", "", "\u2060"))
    return Rewritten("\ufeff" + _join(lines), items, 0)


def nbsp(entity: bool) -> Rewrite:
    """Non-breaking spaces between the words of the items (as a character, or `&nbsp;`)."""

    def rewrite(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
        lines = list(layout.lines)
        units = {p for p in layout.placed if p is not None}
        if not units:
            return None
        for u in units:
            unit = layout.units[u]
            for k in range(unit.start, unit.end):
                marker = _LIST_MARKER.match(lines[k]) or re.match(r"^\s*", lines[k])
                at = marker.end() if marker else 0
                words = lines[k][at:].split(" ")
                joined = words[0] if words else ""
                for word in words[1:]:
                    joined += ("&nbsp;" if entity else "\u00a0") if rng.random() < 0.3 else " "
                    joined += word
                lines[k] = lines[k][:at] + joined
        return Rewritten(_join(lines), items, len(units))

    return rewrite


def html_breaks(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
    """`<br/>` closing each line of the items (a rich-text export)."""
    lines = list(layout.lines)
    units = {p for p in layout.placed if p is not None and layout.units[p].kind != "heading"}
    if not units:
        return None
    for u in units:
        unit = layout.units[u]
        last = max(k for k in range(unit.start, max(unit.start + 1, unit.end)))
        lines[last] = lines[last].rstrip() + rng.choice(("<br/>", "<br>", " <br />"))
    return Rewritten(_join(lines), items, len(units))


def _html(markdown: str) -> str:
    """Inline Markdown as the HTML an export writes for it (<strong>, <a href>, &amp;)."""
    return _MD.renderInline(markdown).replace("\n", " ")


def html_list(layout: Layout, items: tuple[Item, ...], rng: random.Random) -> Rewritten | None:
    """A flat list of items as an HTML list (`<ul><li>…</li></ul>`), paragraphs of items in `<p>`
    (their line breaks as `<br>`), inline Markdown as HTML."""
    lines = list(layout.lines)
    touched = 0
    spans = _item_lists(layout, layout.entries())
    paragraph_units = sorted({p for p in layout.placed if p is not None and layout.units[p].kind == "paragraph"})
    edits: list[tuple[int, int, list[str]]] = []
    for span in spans:
        entries = _flat(layout, span)
        if entries:
            tag = "ol" if re.match(r"\s*\d", layout.lines[span[0]]) else "ul"
            body = [f"<{tag}>"] + [f"<li>{_html(_entry_text(layout, u))}</li>" for u in entries] + [f"</{tag}>", ""]
            edits.append((span[0], span[1], body))
            touched += len(entries)
    for u in paragraph_units:
        unit = layout.units[u]
        text = "<br>".join(_html(line.strip()) for line in layout.lines[unit.start : unit.end])
        edits.append((unit.start, unit.end, [f'<p style="margin:0">{text}</p>', ""]))  # a blank line ends HTML
        touched += 1
    for start, end, body in sorted(edits, reverse=True):
        lines[start:end] = body
    return Rewritten(_join(lines), items, touched) if touched else None


# ---- the kinds ----------------------------------------------------------------------------


def kinds(known_heading: Callable[[str], bool], known_column: Callable[[str], bool]) -> dict[str, Rewrite]:
    """Every rewrite by name. `known_heading` / `known_column`: whether pmsync's own lexicon
    knows a name, so the "unknown" kinds use only names it does not."""
    unknown_headings = tuple(n for n in HEADING_NAMES if not known_heading(n))
    def unknown(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(n for n in names if not known_column(n))

    found: dict[str, Rewrite] = {
        "heading: unknown name": renamed(unknown_headings),
        "heading: neutral name": renamed(NEUTRAL_NAMES),
        "heading: other level": relevelled,
        "heading: bold paragraph": as_label("bold"),
        "heading: bold label with colon": as_label("bold-colon"),
        "heading: bold list label": as_label("list-label"),
        "list: *": remarked(bullet("*")),
        "list: -": remarked(bullet("-")),
        "list: 1.": remarked(numbered(".")),
        "list: 1)": remarked(numbered(")")),
        "list: • glyph": remarked(bullet("•")),
        "list: – glyph": remarked(bullet("–")),
        "list: ▪ glyph": remarked(bullet("▪")),
        "list: checkboxes": remarked(bullet("-"), checkbox=True),
        "list: paragraph per item": paragraphs,
        "list: table": tabled(OWNER_HEADERS, DUE_HEADERS, REF_HEADERS),
        "list: table, other headers": tabled(unknown(OTHER_OWNER_HEADERS), unknown(OTHER_DUE_HEADERS),
                                             unknown(OTHER_REF_HEADERS), unknown(OTHER_ACTION_HEADERS)),
        "list: html": html_list,
    }
    for name, form in DUE_FORMS:
        found[f"due: {name}"] = with_due(form)
    for form in OWNER_FORMS:
        found[f"owner: {form}"] = with_owner(form)
    for name, ref_form in REF_FORMS:
        found[f"ref: {name}"] = with_ref(ref_form)
    found["markup: invisible chars"] = invisible
    found["markup: nbsp"] = nbsp(entity=False)
    found["markup: &nbsp;"] = nbsp(entity=True)
    found["markup: <br/>"] = html_breaks
    found["markup: CRLF"] = crlf
    return found
