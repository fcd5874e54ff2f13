"""The postmortem linter (DESIGN §4): a postmortem's own CI check.

Pure: parsed documents in, findings out. Every rule has a stable id, a severity
and a fix; `RULES` is the single source for the README's rules table.

The checks push towards what makes an action item prevent recurrence: a
specific change to a system, one accountable person, a real deadline and
priority, and a plan for someone else to verify it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from syncer.model import ActionItem, Document, Finding, Postmortem, Section, Severity

REVIEW_WITHIN_DAYS = 3  # the collaborative review belongs within 72 hours of the incident


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    summary: str  # what the rule catches
    fix: str  # how to fix it
    origin: str = "lint"  # "parse": emitted by syncer/parse.py while reading the file


_RULES: tuple[Rule, ...] = (
    # Emitted by the parser while reading a file; listed so the table is complete.
    Rule("file-unreadable", "error", "The file cannot be read.", "Check the path and its permissions.", "parse"),
    Rule("file-too-large", "error", "The file is larger than a postmortem can reasonably be.", "Split it, or move logs and attachments out of the document.", "parse"),
    Rule("file-binary", "error", "The file is not text.", "Keep only Markdown postmortems in the documents directory.", "parse"),
    Rule("file-outside-source", "error", "A symlink in the documents directory leads to a file outside it; the file is not read.", "Copy the document into the directory, or remove the link.", "parse"),
    Rule("file-name-encoding", "error", "The file name is not valid UTF-8; the file is not read (every other file is).", "Rename the file.", "parse"),
    Rule("encoding", "error", "The file is not valid UTF-8.", "Re-save the file as UTF-8.", "parse"),
    Rule("front-matter", "error", "The YAML front matter is malformed or a field has the wrong type.", "Fix the YAML: dates as `YYYY-MM-DD`, `related` and `services` as lists.", "parse"),
    Rule("table-cells", "warning", "An action-item table row has more or fewer cells than the header.", "Give every row one cell per column; escape a literal `|` as `\\|`.", "parse"),
    Rule("section-empty", "error", "The action-item section holds no action items.", "List the action items there, one per table row or list entry.", "parse"),
    Rule("no-action-items", "warning", "The document reads like a postmortem (summary, impact, root cause or timeline sections) but pmsync found no action items in it; the message says what it looked for.", "Add an `## Action Items` section (also read: Follow-ups, Remediation, Corrective actions, Next steps, Moving forward, …) with one item per list entry or table row.", "parse"),
    Rule("not-a-postmortem", "warning", "The file has neither incident sections nor action items: it is not read as a postmortem (an index, a template, a README).", "Keep it out of lint and sync with `[sources] exclude` globs (default: `README.md`, `*template*`, `_*`).", "parse"),
    Rule("items-in-prose", "info", "Every action item of the document was found in prose (\"We will …\" sentences), none in a list or table.", "Write the commitments as a list or table under an `## Action Items` heading, one per entry, with owner and deadline.", "parse"),
    # Action items.
    Rule("action-vague", "error", "The action names no concrete change: no specific object, threshold or system (\"Add monitoring\", \"Improve deploy process\", \"Be more careful\").", "Say exactly what changes where, e.g. \"Add disk space alert at 80% threshold on ledger-db\"."),
    Rule("owner-missing", "error", "The item has no owner.", "Name one person: `Owner: @alice`."),
    Rule("owner-multiple", "error", "The item names more than one owner.", "Keep one accountable owner; mention helpers in the text."),
    Rule("owner-group", "error", "The owner is a group (\"team\", \"SRE\", \"@payments-team\"), not a person.", "Name the one person who will drive it: `Owner: @alice`."),
    Rule("owner-unknown", "error", "The owner is not in the people directory (only with `--config`).", "Fix the handle, or add the person under `[people]` in the configuration."),
    Rule("due-missing", "error", "The item has no deadline.", "Add `Due: 2026-12-04`, `Due: Friday` or `Due: 2 weeks`."),
    Rule("due-unparseable", "error", "The deadline is not a date pmsync understands; the item still syncs with the policy's default deadline.", "Write an ISO date, a weekday or a duration (\"2 weeks\", \"in 10 days\")."),
    Rule("due-impossible", "error", "The deadline is before the incident.", "Correct the date (relative deadlines count from the review date)."),
    Rule("priority-missing", "warning", "The item has no (recognised) priority and the postmortem no severity to derive one from; the policy default applies.", "Add `[P1]` / `Priority: P2`, or a `severity:` in the front matter."),
    Rule("priority-backlog", "warning", "The priority is backlog-grade (\"backlog\", \"someday\", \"nice to have\", P4).", "Give it a real priority, or drop the item if it is not worth doing."),
    Rule("verify-missing", "error", "The item has no verification plan.", "Say how someone other than the owner will confirm it works: `Verify: alert fires in staging at 80%`."),
    Rule("done-without-ticket", "warning", "The item is checked done in the document but names no ticket.", "Link the ticket that records the work (`PAY-12`, `#42` or its URL)."),
    Rule("item-id-duplicate", "error", "Two items in one postmortem share an item id.", "Give every item its own id."),
    # Documents.
    Rule("section-missing", "warning", "Standard sections are missing: Summary, Impact, Timeline, Root Causes, Action Items, Lessons Learned, What Went Well (one finding lists them all).", "Add the sections (synonyms such as \"Contributing factors\" or \"What went right\" count)."),
    Rule("root-cause-human-error", "error", "A root-cause section gives \"human error\" as a cause.", "Keep asking why until you reach a system that can change, e.g. \"config is not validated in CI\"."),
    Rule("blame-language", "error", "Text names a person as the cause (\"caused by @bob\", \"Bob's mistake\", \"should have known\", \"careless\").", "Describe what the system allowed, not who erred: \"the pipeline let an unvalidated config reach production\"."),
    Rule("review-late", "warning", f"The review was held more than {REVIEW_WITHIN_DAYS * 24} hours after the incident.", "Hold the review within 72 hours, while memories and logs are fresh."),
    Rule("review-before-incident", "error", "The review date is before the incident date.", "Correct `date` or `review_date` in the front matter."),
    Rule("id-missing", "warning", "The front matter has no `id`; one was derived from the file path, so renaming the file would change every item key.", "Add a stable `id:` (e.g. `INC-2026-014`) to the front matter."),
    Rule("postmortem-id-duplicate", "error", "Two files declare the same postmortem id.", "Give each postmortem its own `id`."),
)
RULES: Mapping[str, Rule] = MappingProxyType({rule.id: rule for rule in _RULES})


def rules_markdown() -> str:
    """The README's lint rules table, generated so the two never drift apart."""
    lines = ["| rule | severity | catches | fix |", "|---|---|---|---|"]
    for rule in _RULES:
        cells = (f"`{rule.id}`", rule.severity, rule.summary, rule.fix)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


# --- words -------------------------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    """Matches text that starts with (or, with `search`, contains) one of the phrases as words."""
    alternatives = sorted((re.escape(p).replace(r"\ ", " ") for p in phrases), key=len, reverse=True)
    return re.compile(rf"(?<![\w'-])(?:{'|'.join(alternatives)})(?![\w'-])")


# A word with the punctuation identifiers carry inside it; the run is taken whole and its
# trailing punctuation dropped afterwards, so a long run of `@`/`#` costs one pass, not n².
_TOKEN = re.compile(r"[\w@#][\w@#%./:+'-]*")
_TOKEN_TAIL = "@#./:+'-"
_DIGIT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSE_SPLIT = re.compile(r",|;|\band\b|\bthen\b", re.I)
_FILLER = re.compile(
    r"^(?:(?:we|i|you|they|someone|somebody)\s+(?:should|need\s+to|must|will|have\s+to|ought\s+to)|"
    r"(?:need|needs|have|has)\s+to|should|must|let'?s|please|todo:?|action:?|ai:?)\s+",
    re.I,
)

# Exhortations ask people to behave differently: no system changes, nothing to verify.
_EXHORTATIONS = (
    "be", "pay attention", "remember", "try to", "always", "never", "don't", "do not", "stay",
    "take care", "double-check", "double check", "avoid", "keep in mind", "make people",
)
# Activities without a finish line; they need a measurable target to become work.
_WEAK_VERBS = (
    "improve", "enhance", "optimize", "optimise", "review", "investigate", "consider", "explore",
    "evaluate", "assess", "discuss", "revisit", "monitor", "ensure", "understand", "study",
    "research", "analyze", "analyse", "harden", "strengthen", "streamline", "tighten", "rethink",
    "reconsider", "refine", "clean up", "follow up", "look into", "look at", "think about",
    "work on", "keep an eye on", "make sure", "check on", "focus on", "address", "communicate",
    "educate", "remind",
)
_EXHORTATION = _phrases(_EXHORTATIONS)
_WEAK_VERB = _phrases(_WEAK_VERBS)
# Verbs that start a concrete change; a weak action is rescued by such a clause after it.
_STRONG_VERBS = _words(
    """add create write build implement automate enable disable configure set migrate remove
    delete replace upgrade downgrade rotate document alert page block enforce require limit cap
    raise lower increase reduce switch move split deploy roll backfill patch pin schedule file
    publish introduce extend gate reject validate test run install provision backport revert
    rewrite wire route throttle shard index expire retire decommission fix"""
)
# Nouns that on their own name no concrete thing ("add monitoring", "fix the issue").
_GENERIC = _words(
    """monitoring monitor monitors alerting alert alerts test tests testing coverage process
    processes procedure procedures thing things stuff issue issues problem problems bug bugs
    change changes config configs configuration configurations code system systems deploy
    deploys deployment deployments deploying documentation docs doc quality reliability
    stability visibility observability communication communications check checks review
    reviews logging logs metrics dashboard dashboards automation tooling tools safeguards
    guardrails validation improvement improvements fix fixes handling error errors failure
    failures service services pipeline pipelines infrastructure infra team teams people
    everyone everybody anyone incident incidents outage outages happening happen again
    recurrence future way ways approach practices practice awareness knowledge work
    setup support help steps step measures controls"""
)
_STOPWORDS = _words(
    """a an the to for of in on at with and or by from into onto our we us all any every
    each some more most better best proper properly thoroughly carefully harder new this
    that these those it its their there here as is are be been being was were so such
    when where which who what why how if then than also etc going forward make sure about
    around across before after during via per not no other same whole entire"""
)
_NOT_NAMES = frozenset({"TBD", "TBA", "ASAP", "ETA", "FYI", "TODO", "N/A", "NA", "OK", "AND", "OR"})


def _tokens(text: str) -> list[str]:
    found = (t.rstrip(_TOKEN_TAIL) for t in _TOKEN.findall(text))
    return [t for t in found if t]


_IDENTIFIER = re.compile(r"\w[-_./:#]\w|[a-z][A-Z]|\d")


def _is_named(token: str, services: Collection[str]) -> bool:
    """A number or a token naming something specific: an identifier, an acronym, a known service."""
    if _IDENTIFIER.search(token) or token.lower() in services:
        return True
    return token not in _NOT_NAMES and len(token) >= 2 and token.isupper() and token.isalpha()


def _specific(tokens: Sequence[str], services: Collection[str]) -> bool:
    """A number, a named system, or two non-generic words after the leading verb."""
    if any(_is_named(t, services) for t in tokens):
        return True
    content = {
        t.lower() for t in tokens[1:]
        if t.lower() not in _STOPWORDS and t.lower() not in _GENERIC and len(t) > 2
    }
    return len(content) >= 2


_VERIFY_LEAD = re.compile(
    r"^(?:verif\w*|validat\w*|demo\w*|review\w*|confirm\w*|check\w*|test\w*|accept\w*|"
    r"sign[- ]?off|signoff|proof|done when)\b",
    re.I,
)


def vagueness(text: str, *, services: Collection[str] = ()) -> str | None:
    """Why an action is too vague to verify, or None when it names a concrete change.

    Specificity, not a stop-list: an action is concrete when it starts a change
    (not an exhortation or an open-ended activity) and names a specific thing —
    a number or threshold, a named system (identifier, acronym, a service of
    the postmortem), or at least two non-generic words ("runbook for payment
    timeout"). Open-ended activities ("investigate", "improve", "review") pass
    only with a measurable target or a concrete change clause after them.
    """
    services = {s.lower() for s in services}
    body = _FILLER.sub("", text.strip())
    if not body:
        return "the action has no text"
    sentences = [s for s in _SENTENCE_END.split(body) if s.strip()]
    first = sentences[0]
    # How it will be checked ("Verify: next standup") says nothing about what changes.
    action = " ".join([first, *(s for s in sentences[1:] if not _VERIFY_LEAD.match(s.strip()))])
    first_tokens = _tokens(first)
    head = " ".join(t.lower() for t in first_tokens[:4])
    if _EXHORTATION.match(head):
        return (
            "it asks people to behave differently instead of changing a system; name the change "
            'that makes the mistake impossible or visible, e.g. "Add config checksum validation '
            'to the deploy script"'
        )
    all_tokens = first_tokens if action == first else _tokens(action)
    weak_match = _WEAK_VERB.match(head)
    if weak_match:
        weak = weak_match.group(0)
        if _DIGIT.search(action):
            return None
        for clause in _CLAUSE_SPLIT.split(first)[1:]:
            words = _tokens(clause)
            if words and words[0].lower() in _STRONG_VERBS and _specific(words, services):
                return None
        return (
            f'"{weak}" has no finish line; name the concrete change and a measurable target such '
            'as a threshold, a number or a named system, e.g. "Alert when checkout-api p99 '
            'latency exceeds 800 ms"'
        )
    if _specific(all_tokens, services):
        return None
    return (
        "it names no specific object, threshold or system; say exactly what changes where, "
        'e.g. "Add disk space alert at 80% threshold on ledger-db"'
    )


def _has_verification(item: ActionItem) -> bool:
    """A verify field, or a later sentence of the item that says how it will be checked."""
    if item.verify and item.verify.strip():
        return True
    sentences = [s.strip() for s in _SENTENCE_END.split(item.text) if s.strip()]
    return any(_VERIFY_LEAD.match(s) for s in sentences[1:])


# --- owners ------------------------------------------------------------------------------

_NO_OWNER = frozenset(
    {"", "tbd", "tba", "tbc", "?", "??", "n/a", "na", "none", "unassigned", "nobody", "unknown",
     "-", "—", "todo", "owner"}
)
_GROUPS = _words(
    """team the-team sre sres everyone everybody all ops eng engineering devops dev devs
    developers oncall on-call on_call qa infra infrastructure management leads leadership
    security support us we staff"""
)
_GROUP_SUFFIX = re.compile(r"[-_ ](?:team|squad|oncall|on-call|on_call|group|guild|crew|devs|ops|sre|eng)$")
_GROUP_PREFIX = re.compile(r"^(?:team|squad)[-_ ]")
# starts only where a run of spaces starts: a long run is tried once, not from each of its spaces
_OWNER_SPLIT = re.compile(r"(?<!\s)(?:\s*(?:[,;/&]|\band\b|\bor\b)\s*|\s+(?=@))", re.I)


def _owner_names(owner: str) -> list[str]:
    return [o.strip().lstrip("@").strip() for o in _OWNER_SPLIT.split(owner) if o.strip().lstrip("@")]


def owner_is_group(owner: str, groups: Collection[str] = ()) -> bool:
    """An owner as written names a group ("payments-team", "SRE"), not one person."""
    return any(_is_group(name, {g.lower() for g in groups}) for name in _owner_names(owner))


def _is_group(owner: str, groups: Collection[str]) -> bool:
    name = owner.lower().removeprefix("the ").strip()
    local = name.split("@", 1)[0] if "@" in name else name
    return (
        local in _GROUPS
        or local in groups
        or bool(_GROUP_SUFFIX.search(local))
        or bool(_GROUP_PREFIX.search(local))
    )


# --- sections ----------------------------------------------------------------------------

_SECTION_SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Summary", ("summary", "incident summary", "executive summary", "overview", "tl dr", "tldr",
                 "what happened", "description")),
    ("Impact", ("impact", "customer impact", "user impact", "business impact", "blast radius")),
    ("Timeline", ("timeline", "chronology", "sequence of events")),
    ("Root Causes", ("root cause", "root causes", "causes", "cause", "contributing factor",
                     "contributing factors", "rca", "5 whys", "five whys", "why it happened",
                     "fault")),
    ("Action Items", ("action items", "action item", "actions", "action plan", "follow ups",
                      "follow up", "followups", "follow up actions", "remediation",
                      "remediations", "corrective actions", "next steps", "prevention")),
    ("Lessons Learned", ("lessons learned", "lessons", "learnings", "what we learned",
                         "takeaways", "key takeaways", "what went wrong", "what didn t go",
                         "what did not go", "what could be improved", "what can be improved",
                         "where we got lucky", "areas for improvement",
                         "opportunities for improvement")),
    ("What Went Well", ("what went well", "what went right", "went well", "things that went well",
                        "what worked")),
)
_SECTION_TITLE = {name: _phrases(synonyms) for name, synonyms in _SECTION_SYNONYMS}


_NON_WORD = re.compile(r"[^a-z0-9]+")
_NUMBERING = re.compile(r"^(?:\d+\s+)+")


def _norm_title(title: str) -> str:
    text = _NON_WORD.sub(" ", title.lower().replace("&", " and ")).strip()
    return _NUMBERING.sub("", text)


def _is_section(title: str, name: str) -> bool:
    return _SECTION_TITLE[name].search(_norm_title(title)) is not None


# --- blame -------------------------------------------------------------------------------

_HUMAN_ERROR = re.compile(
    r"\b(?:human|operator|user|engineer|manual|personnel|pilot)[- ]errors?\b|\bhuman (?:mistakes?|failure)\b",
    re.I,
)
_NEGATED = re.compile(
    r"\b(?:not|no|never|rather than|instead of|beyond|isn'?t|wasn'?t|aren'?t|without)\b[^.!?]{0,25}$",
    re.I,
)
_BLAME_WORDS = re.compile(
    r"\b(?:should(?:n'?t| not)? have (?:known|been (?:more )?careful)|should'?ve known|"
    r"careless(?:ly|ness)?|negligen(?:t|tly|ce)|fault of|(?:is|was|were) (?:at fault|to blame)|"
    r"blamed? (?:on|lies with)|incompeten(?:t|ce)|sloppy|reckless(?:ly|ness)?)\b",
    re.I,
)
_CAP_NAME = r"(?-i:(?<![\w@])(?!(?:The|This|That|These|Those|It|We|They|He|She|Our|Their|A|An|One|Then|When|After|Before|At|On|In|Someone|Somebody|Nobody|Everyone|Who|Which|What)\b)[A-Z][a-z]+)"
_BAD = r"(?:the|a|an)\s+(?:bad|wrong|broken|faulty|buggy|incorrect|untested)"
_DEPLOY_VERB = r"(?:deployed|pushed|merged|shipped|applied|committed)"
_POSSESSIVE = r"'s\s+(?:mistake|error|fault|oversight|bad|wrong)\b"
_PERSON_VERB = r"(?:broke|missed|ignored|failed\s+to|didn'?t|did\s+not|caused)\b"
_CAUSED_BY = r"\b(?:caused|broken|triggered|introduced)\s+by"
# Every blame match contains one of these; the full pattern runs only near them. Grouped by
# first letter, each group opening on that letter with the word boundary after it (the same
# matches): the regex engine then skips to the letters a word can start with instead of trying
# every place.
_BLAME_TRIGGER = re.compile(
    r"s(?<!\ws)(?:hould|loppy|hipped)|c(?<!\wc)(?:areless|aused|ommitted)|n(?<!\wn)(?:egligen|eglected)|"
    r"f(?<!\wf)(?:ault|orgot|ailed)|b(?<!\wb)(?:lame|roke|roken)|i(?<!\wi)(?:ncompeten|gnored|ntroduced)|"
    r"r(?<!\wr)eckless|m(?<!\wm)(?:issed|erged)|d(?<!\wd)(?:idn'?t|id\s+not|eployed)|t(?<!\wt)riggered|"
    r"p(?<!\wp)ushed|a(?<!\wa)pplied|'s\s"
)


@functools.lru_cache(maxsize=64)
def _blame_pattern(people: frozenset[str]) -> re.Pattern[str]:
    handles = sorted({re.escape(p) for p in people if p and "@" not in p}, key=len, reverse=True)
    known = r"@[\w.-]+" + "".join(f"|(?<![\\w@]){h}(?!\\w)" for h in handles)
    person = f"(?:{known})"
    anyone = f"(?:{known}|{_CAP_NAME})"
    # Every alternative starts a word (or an @handle): other positions fail at once.
    return re.compile(
        r"(?<![\w@])(?=[\w@])(?:" + "|".join(
            (
                _BLAME_WORDS.pattern,
                rf"{_CAUSED_BY}\s+{person}",
                rf"{anyone}{_POSSESSIVE}",
                rf"{anyone}\s+{_DEPLOY_VERB}\s+{_BAD}\b",
                rf"{anyone}\s+(?:forgot|neglected)\s+to\b",
                rf"{person}\s+{_PERSON_VERB}",
            )
        ) + ")",
        re.I,
    )


_SENTENCE_REACH = 300  # a "sentence" without an end in sight is cut here: each match costs O(1)


def _sentence_at(text: str, start: int, end: int) -> str:
    low, high = max(0, start - _SENTENCE_REACH), min(len(text), end + _SENTENCE_REACH)
    left = max(low, max(text.rfind(c, low, start) for c in ".!?\n") + 1)
    rights = [i for i in (text.find(c, end, high) for c in ".!?\n") if i >= 0]
    return " ".join(text[left : min(rights) if rights else high].split())


# --- the linter --------------------------------------------------------------------------


class _Out:
    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []

    def add(self, rule: str, message: str, line: int | None, item: str | None = None) -> None:
        self.findings.append(Finding(rule, RULES[rule].severity, message, self.path, line, item))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lint_owner(out: _Out, item: ActionItem, people: set[str] | None, groups: set[str]) -> None:
    owner = (item.owner or "").strip()
    if owner.lstrip("@").lower() in _NO_OWNER:
        out.add("owner-missing", f'Item "{_short(item.text)}" has no owner: name one person who '
                "drives it to done, e.g. `Owner: @alice`.", item.line, item.key)
        return
    names = _owner_names(owner)
    if len(names) > 1:
        out.add("owner-multiple", f'Owner "{owner}" names {len(names)} people: one named owner is '
                "accountable; keep one and mention the others in the text.", item.line, item.key)
        return
    name = names[0] if names else owner.lstrip("@")
    if _is_group(name, groups):
        out.add("owner-group", f'Owner "{owner}" is a group, not a person: when everyone owns it '
                "no one does; name the one person who drives it, e.g. `Owner: @alice`.",
                item.line, item.key)
    elif people is not None and name.lower() not in people:
        out.add("owner-unknown", f'Owner "{owner}" is not in the people directory: fix the handle '
                "or add the person under [people] in the configuration, so the ticket can be "
                "assigned and reminders reach them.", item.line, item.key)


_BACKLOG_PRIORITY = re.compile(
    r"backlog|some ?day|nice[- ]to[- ]have|whenever|eventually|\blater\b|icebox|wish ?list|"
    r"low[- ]hanging|if time|optional|stretch|\bp4\b|lowest|trivial",
    re.I,
)


def _lint_priority(out: _Out, item: ActionItem, pm: Postmortem) -> None:
    raw = (item.raw_priority or "").strip()
    if item.priority == "P4" or (raw and _BACKLOG_PRIORITY.search(raw)):
        shown = raw or item.priority
        out.add("priority-backlog", f'Priority "{shown}" is backlog-grade: items parked there are '
                "how incidents repeat; give it a real priority (P0–P3) or drop the item.",
                item.line, item.key)
    elif item.priority is None and raw:
        out.add("priority-missing", f'Priority "{raw}" is not recognised, so the policy default '
                "applies; write P0–P4 (e.g. `[P1]` or `Priority: P2`).", item.line, item.key)
    elif item.priority is None and not pm.severity:
        out.add("priority-missing", "Priority is not set and the postmortem has no severity to "
                "derive one from, so the policy default applies; add `[P1]` / `Priority: P2`, "
                "or a `severity:` in the front matter.", item.line, item.key)


def _lint_due(out: _Out, item: ActionItem, pm: Postmortem) -> None:
    if item.due is None and not (item.due_text or "").strip():
        out.add("due-missing", "Deadline is missing: commit to a date, e.g. `Due: 2026-12-04`, "
                "`Due: Friday` or `Due: 2 weeks`.", item.line, item.key)
    elif item.due is None:
        out.add("due-unparseable", f'Deadline "{item.due_text}" is not a date pmsync understands; '
                "the item still syncs with the policy's default deadline for its priority. Write "
                "an ISO date (2026-12-04), a weekday (Friday) or a duration (2 weeks).",
                item.line, item.key)
    else:
        base = pm.date or pm.review_date
        if base is not None and item.due < base:
            out.add("due-impossible", f"Deadline {item.due.isoformat()} is before the incident "
                    f"({base.isoformat()}): correct the date.", item.line, item.key)


def _lint_item(out: _Out, item: ActionItem, pm: Postmortem, people: set[str] | None,
               groups: set[str]) -> None:
    reason = vagueness(item.text, services=pm.services)
    if reason:
        out.add("action-vague", f'Action "{_short(item.text)}" is too vague to verify: {reason}.',
                item.line, item.key)
    _lint_owner(out, item, people, groups)
    _lint_due(out, item, pm)
    _lint_priority(out, item, pm)
    if not _has_verification(item):
        out.add("verify-missing", "Verification plan is missing: say how someone other than the "
                "owner will confirm it works, e.g. `Verify: alert fires in staging at 80%`.",
                item.line, item.key)
    if item.done and not (item.ref or "").strip():
        out.add("done-without-ticket", "Item is checked done but names no ticket: link the ticket "
                "that records the work (e.g. PAY-12, #42 or its URL) so it can be verified.",
                item.line, item.key)


def _lint_sections(out: _Out, pm: Postmortem, has_items: bool, parse_rules: set[str]) -> None:
    # The document's own title heading is not a section ("High-impact checkout outage").
    titles = [_norm_title(s.title) for s in pm.sections if not (s.level == 1 and s.title == pm.title)]
    missing = [
        name for name, title in _SECTION_TITLE.items()
        if not any(title.search(t) for t in titles)
        # the parser already reports a missing or empty action-item section
        and not (name == "Action Items"
                 and (has_items or parse_rules & {"no-action-items", "section-empty"}))
    ]
    if missing:
        listed = ", ".join(f'"{name}"' for name in missing)
        out.add("section-missing", f"Missing section{'s' if len(missing) > 1 else ''} {listed}: add "
                f"{'them' if len(missing) > 1 else 'it'} as headings (`## {missing[0]}`; usual "
                "synonyms such as `Contributing factors` or `What went right` count).", pm.line)


def _deepest_first(sections: Iterable[Section]) -> list[Section]:
    # A section's text includes its sub-sections; report a phrase at the most specific heading.
    return sorted(sections, key=lambda s: (-s.level, s.line))


def _matches(text: str, pattern: re.Pattern[str], trigger: re.Pattern[str] | None) -> Iterator[re.Match[str]]:
    if trigger is None:
        yield from pattern.finditer(text)
        return
    # The full pattern is costly; run it only around the few words every match contains.
    # The trigger is lower-case only: scanning lowered text beats re.IGNORECASE by far.
    lowered = text.lower()
    hits = trigger.finditer(lowered if len(lowered) == len(text) else text)
    done = -1
    for hit in hits:
        # A match is at most a name before the trigger and a few words after it.
        for m in pattern.finditer(text, max(0, hit.start() - 48), hit.end() + 48):
            if m.start() <= hit.start() and hit.end() <= m.end() and m.start() > done:
                done = m.start()
                yield m


def _scan(texts: Iterable[tuple[str, int, str | None, str]], pattern: re.Pattern[str], *,
          trigger: re.Pattern[str] | None = None,
          negatable: bool = False) -> Iterator[tuple[str, int, str | None, str]]:
    """(text, line, item, where) → (phrase, line, item, where), each sentence once.

    A section's text repeats its sub-sections' lines: each line is scanned only the
    first time it is seen (texts come deepest section first).
    """
    seen_rows: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for full, line, item, where in texts:
        rows = [row for row in full.split("\n") if row not in seen_rows]
        seen_rows.update(rows)
        text = "\n".join(rows)
        for m in _matches(text, pattern, trigger):
            if negatable and _NEGATED.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            key = (m.group(0).lower(), _sentence_at(text, m.start(), m.end()).lower())
            if key not in seen:
                seen.add(key)
                yield m.group(0), line, item, where


def _lint_root_causes(out: _Out, pm: Postmortem) -> None:
    sections = [s for s in _deepest_first(pm.sections) if _is_section(s.title, "Root Causes")]
    texts = ((s.text, s.line, None, s.title) for s in sections)
    for phrase, line, _item, where in _scan(texts, _HUMAN_ERROR, negatable=True):
        out.add("root-cause-human-error", f'"{where}" gives "{phrase}" as a cause: that is where '
                "the investigation stopped. Ask why the system let the action cause harm and name "
                'that gap (e.g. "config is not validated in CI").', line)


def _lint_blame(out: _Out, pm: Postmortem, people: set[str] | None) -> None:
    names = set(people or ()) | {o.lower() for i in pm.items for o in _owner_names(i.owner or "")}
    pattern = _blame_pattern(frozenset(n for n in names if not _is_group(n, ())))
    texts = [(i.text, i.line, i.key, "action item") for i in pm.items]
    texts += [(s.text, s.line, None, f'section "{s.title}"') for s in _deepest_first(pm.sections)]
    for phrase, line, item, where in _scan(texts, pattern, trigger=_BLAME_TRIGGER):
        out.add("blame-language", f'Blame language in {where}: "{phrase}". Describe what the system '
                "allowed, not who erred (e.g. \"the pipeline let an unvalidated config reach "
                'production"): people share more when no one is named as the cause.', line, item)


def _lint_dates(out: _Out, pm: Postmortem) -> None:
    if pm.date is None or pm.review_date is None:
        return
    days = (pm.review_date - pm.date).days
    if days < 0:
        out.add("review-before-incident", f"review_date {pm.review_date.isoformat()} is before the "
                f"incident date {pm.date.isoformat()}: correct the front matter.", pm.line)
    elif days > REVIEW_WITHIN_DAYS:
        out.add("review-late", f"The review was held {days} days after the incident (over 72 "
                "hours): memories fade and logs rotate; schedule reviews within 72 hours.", pm.line)


def lint_document(doc: Document, *, people: Collection[str] | None = None,
                  groups: Collection[str] = ()) -> list[Finding]:
    """Findings for one document; the parser's own findings are not repeated.

    `people`: known owner handles/e-mails (enables `owner-unknown`); `groups`:
    extra group names (e.g. the configured teams) that are not people.
    """
    pm = doc.postmortem
    if pm is None:
        return []
    out = _Out(pm.path)
    known = {p.lower().lstrip("@") for p in people} if people is not None else None
    group_names = {g.lower() for g in groups} | ({pm.team.lower()} if pm.team else set())
    parse_rules = {f.rule for f in doc.findings}
    if "not-a-postmortem" in parse_rules:
        return []  # an index or a note: postmortem rules would only add noise
    if not pm.id_explicit and "front-matter" not in parse_rules:  # broken YAML: fix that first
        out.add("id-missing", f'No `id` in the front matter; "{pm.id}" was derived from the file '
                "path, so renaming the file would change every item key: add `id: …`.", pm.line)
    _lint_dates(out, pm)
    _lint_sections(out, pm, bool(pm.items), parse_rules)
    _lint_root_causes(out, pm)
    _lint_blame(out, pm, known)
    first_line: dict[str, int] = {}
    for item in pm.items:
        if item.key in first_line:
            out.add("item-id-duplicate", f'Item id "{item.item_id}" is already used on line '
                    f"{first_line[item.key]}: give every item its own id.", item.line, item.key)
        else:
            first_line[item.key] = item.line
        _lint_item(out, item, pm, known, group_names)
    return sorted(out.findings, key=lambda f: (f.line or 0, f.item or "", f.rule))


def lint_documents(docs: Sequence[Document], *, people: Collection[str] | None = None,
                   groups: Collection[str] = ()) -> list[Finding]:
    """Findings for every document plus the cross-document rules (duplicate postmortem ids)."""
    return [f for _doc, found in lint_each(docs, people=people, groups=groups) for f in found]


def lint_each(docs: Iterable[Document], *, people: Collection[str] | None = None,
              groups: Collection[str] = ()) -> Iterator[tuple[Document, list[Finding]]]:
    """lint_documents one document at a time, as the documents come: the cross-document
    rules look back at the documents before it."""
    return across_documents((doc, lint_document(doc, people=people, groups=groups)) for doc in docs)


def across_documents(linted: Iterable[tuple[Document, list[Finding]]]) -> Iterator[tuple[Document, list[Finding]]]:
    """Documents each linted on its own (lint_document, wherever it ran), with the findings of
    the cross-document rules added: each looks back at the documents before it."""
    # the path of the first postmortem with each id: only that, so a long run of documents
    # does not keep every postmortem alive (and the garbage collector walking them)
    first: dict[str, str] = {}
    for doc, findings in linted:
        pm = doc.postmortem
        if pm is not None:
            other = first.setdefault(pm.id, pm.path)
            if other != pm.path:
                findings.append(Finding(
                    "postmortem-id-duplicate", RULES["postmortem-id-duplicate"].severity,
                    f'Postmortem id "{pm.id}" is already used by {other}: item keys would collide '
                    "and tickets be shared; give this postmortem its own `id`.", pm.path, pm.line,
                ))
        yield doc, findings
