"""Ticket references in an item's text, and the item's text without them.

Pure string work on one item. A reference is an issue URL (any tracker's single-item page,
told by the address's structure), org/repo#12, #123, Bug 123, b/123, a Jira-style key
(ABC-123, not ERC-20 or SHA-256) or a backlog id (P4900, T123456). References that close the
text ("… — OPS-12", "(see #13)", "Issue" as a link's whole text) are taken out of it with the
words that only introduced them; a reference inside a sentence stays where it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from syncer.field_names import BRACKET

# linear: no lazy scan for the path; brackets end it ("[https://…/OPS-9]" is Markdown's, not the URL's)
_URL = re.compile(r"https?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]")
# An address written without its scheme ("github.com/o/r/issues/9"): a dotted host ending in a
# letters-only top-level label, then a path; it starts where no word, path or address goes on
# (not "config/app.yml/12", not an e-mail's domain). Each start tries one host, so linear.
_HOSTED = re.compile(
    r"[a-z0-9](?<![\w@/.:-][a-z0-9])[a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,24}/[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]",
    re.IGNORECASE,
)
# A path segment naming one tracked thing, followed by its id: /issues/12, /pull/3/files,
# /-/merge_requests/7, /pull-requests/4, /issue/ENG-12/slug, /browse/OPS-9, /story/123/x,
# /+bug/123 (Launchpad), /+/12345 (a Gerrit change), /_workitems/edit/12 and /pullrequest/12
# (Azure DevOps), /-/epics/3 (GitLab), /c/123 (Gerrit's older "#/c/123/"), ServiceNow's
# "?sys_id=<32 hex>" record. GitLab renders "…/issues/12+" with the issue's title and
# "…/issues/12+s" with its summary: the suffix is Markdown's, not the address's.
_ISSUE_PATH = re.compile(
    r"(?i)/(?:issues?|pulls?|pull-requests|pullrequest|merge_requests|merge-requests|tickets?|bugs?|\+bug|"
    r"tasks?|stories|story|work_?items|_workitems/edit|cards?|epics|browse|\+|change|changes|c)"
    r"/(?:\d+|[A-Z][A-Z0-9_]*-\d+)(?=[/?#]|\+s?$|$)|"
    r"[?&](?:id|selectedIssue|issue)=(?:\d+|[A-Z][A-Z0-9_]+-\d+)(?=[&#]|$)|[?&]sys_id=[0-9a-f]{32}(?=[&#]|$)|"
    r"trello\.com/c/\w+|(?<![\w.])b/\d+|"
    # a Phabricator object named at the root of its host: a task or a revision ("/T123456", "/D12345")
    r"^https?://[^/?#]+/[TD]\d+/?(?=[?#]|$)"
)
# Any other tracker's single-item page: a tracker named in the address and an id as its last
# segment ("crbug.com/123", "phabricator.example.org/T123456", "app.asana.com/0/12/34/f" with
# Asana's view suffix, "bugzil.la/123", Roundup's "bugs.python.org/issue123", ClickUp's "/t/86abc1xyz").
_TRACKER_WORD = re.compile(
    r"(?i)(?:\b|(?<=cr))(?:bugs?|bugzilla|bugzil|issues?|tickets?|tasks?|phabricator|phab|phorge|jira|youtrack|"
    r"redmine|gerrit|mantis|mantisbt|tracker|trac|asana|clickup|shortcut|clubhouse|pivotaltracker|linear|monday|atlassian)\b"
)
# A change that carries an item out, or a thread about it: a commit ("/commit/9f2c1ab",
# GitLab's "/-/commit/…", Bitbucket's "/commits/…") or a discussion ("/discussions/45"). Amid a
# sentence it is part of the story; it is the item's reference only where references stand.
_CHANGE_PATH = re.compile(r"(?i)/commits?/[0-9a-f]{7,40}(?=[/?#]|$)|/discussions/\d+(?=[/?#]|$)")
_RENDER_SUFFIX = re.compile(r"(?<=\d)\+s?$")
_ID_END = re.compile(r"/(?:[A-Za-z]{1,10}-?)?\d+(?:/f)?/?(?:[?#][^/]*)?$|/[a-z0-9]{0,12}\d[a-z0-9]{0,12}$")
_NOT_JIRA = frozenset(
    {"SEV", "UTF", "ISO", "SHA", "AES", "TLS", "SSL", "HTTP", "HTTPS", "RFC", "CVE", "CWE", "IPV",
     "MD", "GPT", "PCI", "ARM", "X", "EC", "IE", "WCAG", "ES", "RSA", "DES", "COVID", "LTE", "GMT",
     "UTC", "CPU", "GPU", "HDD", "SSD", "RAID", "USB", "HTTP2", "H", "P", "Q", "FY", "TC", "CP", "AP",
     # standards and algorithms named like project keys: ERC-20, EIP-1559, SHA-256, PEP-8
     "ERC", "EIP", "BIP", "PEP", "IEC", "IEEE", "HMAC", "ECDSA", "DDR", "PCIE", "NVME", "SATA",
     "WPA", "ANSI", "ASCII", "GHSA", "SARS", "BEP", "SIP", "XIP", "CIP", "TIP", "LIP", "KIP",
     "FIP", "SLIP", "NIP", "ZIP", "ECMA", "IETF", "POSIX", "FIPS", "NIST", "SOC", "GDPR", "HIPAA"}
)  # fmt: skip
# Each pattern that opens on a lookbehind puts it after its first character instead (the same
# matches): the regex engine then skips to the characters a match can start with, where a
# leading lookbehind makes it try every position (three times slower on an item's text).
_JIRA_KEY = re.compile(r"([A-Z](?<![\w/.-][A-Z])[A-Z0-9_]{1,9})-\d+(?![\w-]|\.\d)")
_BARE_REFS = [  # (a substring every match contains, pattern), in order of preference
    ("http", _URL),
    ("/", _HOSTED),
    ("#", re.compile(r"(?<![\w/.-])[\w.-]+(?:/[\w.-]+)+#\d+\b")),  # org/repo#12, GitLab's group/sub/project#12
    # #123, PR#123, and trackers' prefixed numbers: Azure Boards "AB#1234", Red Hat Bugzilla "RHBZ#2126980"
    ("#", re.compile(r"(?<![\w&/#])#\d+\b|\b(?:PR|MR|GH|AB|BZ|RHBZ|rhbz|[Ii]ssue)#\d+\b")),
    ("!", re.compile(r"(?<![\w/.-])[\w.-]+(?:/[\w.-]+)+!\d+\b|(?<![\w!&])!\d+\b")),  # GitLab merge requests: group/sub/app!12, !12
    ("R", re.compile(r"\b(?:PR|MR)\s+\d+\b")),  # PR 123
    ("equest", re.compile(r"\b[Pp]ull\s+[Rr]equest\s+\d+\b")),  # pull request 123
    ("ug", re.compile(r"[Bb](?<!\w[Bb])ug\s+#?\d{3,}\b")),  # Bug 5554823
    # "(issue 4321)", "ticket 8812": a tracker's word before a number of two digits or more
    ("", re.compile(r"[IiTt](?<!\w[IiTt])(?:ssue|icket)\s+\d{2,}\b(?![.,:/-]\d)")),
    ("b/", re.compile(r"b(?<![\w/.]b)/\d+\b")),  # b/123
    ("-", _JIRA_KEY),
    ("", re.compile(r"[A-PR-Z](?<![\w/.-][A-PR-Z])\d{4,}\b(?![.,:/-]\d)")),  # backlog and Phabricator ids: P4900, T123456
    # a record number padded with zeros after its kind's letters, as service desks number them
    # (ServiceNow's INC0012345, CHG0034567, PRB0040123; Remedy's CRQ000000123456)
    ("0", re.compile(r"[A-Z](?<![\w/.-][A-Z])[A-Z]{1,5}0\d{5,}\b(?![.,:/-]\d)")),
]

# Words that only introduce or label a reference ("see", "tracked in", "PR", "this issue"):
# with the reference they stand beside, they leave the item's text.
_REF_WORDS = frozenset(
    {"see", "also", "cf", "ref", "refs", "reference", "references", "in", "at", "tracked", "tracking",
     "track", "tracks", "done", "fixed", "filed", "opened", "created", "logged", "raised", "as", "via",
     "and", "or", "per", "issue", "issues", "ticket", "tickets", "pr", "prs", "pull", "request",
     "requests", "mr", "mrs", "bug", "bugs", "jira", "github", "gitlab", "link", "links", "here",
     "details", "more", "info", "related", "upstream", "eg", "e.g", "ie", "i.e", "this", "the", "follow",
     "along", "under", "story", "card", "task", "change", "patch", "is", "being", "now", "was",
     "commit", "commits", "discussion", "merged", "landed"}
)  # fmt: skip
# Words a sentence does not end on: "Add support for #12" keeps its reference.
_OPEN_ENDED = frozenset(
    {"for", "to", "of", "a", "an", "with", "on", "from", "into", "about", "by", "fixes", "fix", "closes",
     "close", "resolves", "resolve", "than", "like", "that"}
)  # fmt: skip
# While the text around them is read, each reference stands as one private-use character.
_MARK_BASE, _MARKS_MAX = 0xE000, 256
_MARKS = "\ue000-\ue0ff"
_MARK = re.compile(f"[{_MARKS}]")
_TOKEN = re.compile(rf"[{_MARKS}]|[^\W_{_MARKS}][\w'’.-]*|[^\w\s{_MARKS}]+|_+")
_TRIM = " \t.,;:|-–—/&+"


def names_issue(url: str) -> bool:
    return _ISSUE_PATH.search(url) is not None or (
        _TRACKER_WORD.search(url) is not None and _ID_END.search(url) is not None
    )


def is_issue_url(url: str) -> bool:
    return _URL.fullmatch(url) is not None and names_issue(url)


def names_commit_or_thread(url: str) -> bool:
    """Whether an address names a commit or a discussion (see _CHANGE_PATH)."""
    return _CHANGE_PATH.search(url) is not None


def is_commit_or_thread_url(url: str) -> bool:
    return _URL.fullmatch(url) is not None and names_commit_or_thread(url)


def with_scheme(ref: str) -> str:
    """An issue address as trackers read it: with its scheme ("github.com/…" →
    "https://github.com/…") and without GitLab's title suffix ("…/issues/12+" → "…/issues/12");
    any other reference as written."""
    if names_issue(ref):
        ref = _RENDER_SUFFIX.sub("", ref)
    elif not names_commit_or_thread(ref):
        return ref
    return f"https://{ref}" if _HOSTED.fullmatch(ref) is not None else ref


def _matches(text: str) -> Iterable[re.Match[str]]:
    """Every reference in the text, pattern by pattern in order of preference."""
    for needle, pattern in _BARE_REFS:
        if needle not in text:
            continue
        for match in pattern.finditer(text):
            if (pattern is _URL or pattern is _HOSTED) and not (
                names_issue(match.group(0)) or names_commit_or_thread(match.group(0))
            ):
                continue
            if pattern is _JIRA_KEY and match.group(1) in _NOT_JIRA:
                continue
            yield match


def find_ref(text: str) -> re.Match[str] | None:
    """The first ticket reference in free text: issue URL, org/repo#12, #123, Bug 123, b/123, ABC-123."""
    return next(iter(_matches(text)), None)


def item_ref(found: list[re.Match[str]], tidy: str) -> str | None:
    """The item's reference among the references `found` in its text (ref_matches), given the
    text without those that close, open or fill a bracket (`tidy`, from without_refs): the first
    ticket wherever it stands, a commit or discussion only where it was taken out of the text
    ("… (fixed in https://github.com/o/r/commit/9f2c1ab)", not "Revert …/commit/9f2c1ab, which …")."""
    standing = [match.group(0) for match in found if match.group(0) not in tidy]
    if standing:  # one where references stand wins over one amid the story
        return standing[0]
    return next((m.group(0) for m in found if not names_commit_or_thread(m.group(0)) or names_issue(m.group(0))), None)


def looks_like_ref(text: str) -> bool:
    match = find_ref(text)
    return match is not None and match.group(0) == text.strip()


# A short id without a tracker's shape ("ENG 123", "42", "go/ops-42"): one or two words, a digit among them
_ID_WORDS_MAX = 2


def ticket_value(value: str | None) -> str | None:
    """What is written where a ticket goes (after "Ticket:", "Issue:") as the
    item's ticket: a reference, or a short id or address in a form pmsync does not know
    ("ENG 123"); None for words that say there is none or tell its state ("Will not do",
    "to be filed", "same commit as above")."""
    if value is None or find_ref(value) is not None:
        return value
    words = value.split()
    if len(words) == 1 and ("/" in value or any(c.isdigit() for c in value)):
        return value
    return value if len(words) <= _ID_WORDS_MAX and any(c.isdigit() for c in value) else None


def ref_matches(text: str) -> list[re.Match[str]]:
    """Every reference in the text, in order of preference: the first is find_ref's."""
    return list(_matches(text))


def ref_spans(text: str, matches: Iterable[re.Match[str]] | None = None) -> list[tuple[int, int]]:
    """(start, end) of every reference in the text (of `matches`, when ref_matches found them
    already), in text order, none inside another."""
    spans = sorted((m.start(), -m.end()) for m in (_matches(text) if matches is None else matches))
    kept: list[tuple[int, int]] = []
    for start, negative_end in spans:
        if not kept or start >= kept[-1][1]:
            kept.append((start, -negative_end))
    return kept


def _is_content(token: str) -> bool:
    """A word that says something beyond pointing at a reference."""
    return _MARK.fullmatch(token) is None and any(c.isalnum() for c in token) and token.lower().strip(".") not in _REF_WORDS


def _closing_clause(text: str, *, words_left: int) -> int | None:
    """Where a run of references, the words that introduce them and punctuation closes the
    text ("… — see OPS-1 and OPS-2"); None when the text does not end so. The words stay
    when what would be left is one word ("Add story <url>") or reads unfinished ("… for #12")."""
    tokens = list(_TOKEN.finditer(text))
    for words in (True, False):
        start = None
        for token in reversed(tokens):
            if _is_content(token.group(0)) or (not words and any(c.isalnum() for c in token.group(0))):
                break
            if ")" in token.group(0) or "]" in token.group(0):
                break  # "… (AWS) #12": the bracket closes words of the item, not the clause
            start = token.start()
        if start is None or _MARK.search(text, start) is None:
            return None
        before = text[:start].rstrip(_TRIM).split()
        if before and before[-1].lower() in _OPEN_ENDED:
            return None
        if sum(_is_content(word) for word in before) >= words_left or not words:
            return start
    return None


def _opening_clause(text: str) -> int:
    """Where the words start after leading references and punctuation ("OPS-12: add …")."""
    end = 0
    for token in _TOKEN.finditer(text):
        word = token.group(0)
        if _MARK.fullmatch(word) is None and any(c.isalnum() for c in word):
            break
        end = token.end()
    return end if _MARK.search(text, 0, end) else 0


def _tidy(text: str, *, words_left: int = 2) -> str:
    """The text without references that close it, open it, or fill a bracket on their own."""
    def group(match: re.Match[str]) -> str:
        inner = match.group(1)
        if _MARK.search(inner) is None:
            return match.group(0)
        inner = _tidy(inner, words_left=1).strip(_TRIM)
        if not any(_is_content(t.group(0)) for t in _TOKEN.finditer(inner)):
            return ""
        return f"{match.group(0)[0]}{inner}{match.group(0)[-1]}"

    if "(" in text or "[" in text:
        text = BRACKET.sub(group, text)
    if (start := _closing_clause(text, words_left=words_left)) is not None:
        text = text[:start].rstrip(_TRIM)
    if start_of_words := _opening_clause(text):
        text = text[start_of_words:]
    return text


def without_refs(text: str, spans: list[tuple[int, int]], *, words_left: int = 2) -> str:
    """The text without the references at `spans` where they close or open it or fill a bracket;
    when nothing but references and their introducing words is left, without the references only."""
    if not spans or len(spans) > _MARKS_MAX or _MARK.search(text):
        return text
    marked, refs, position = [], [], 0
    for number, (start, end) in enumerate(spans):
        marked.append(text[position:start])
        marked.append(chr(_MARK_BASE + number))
        refs.append(text[start:end])
        position = end
    marked.append(text[position:])
    tidy = _tidy("".join(marked), words_left=words_left)
    if not any(_is_content(t.group(0)) for t in _TOKEN.finditer(tidy)):
        tidy = _MARK.sub(" ", "".join(marked))
    else:
        tidy = _MARK.sub(lambda m: refs[ord(m.group(0)) - _MARK_BASE], tidy)
    return " ".join(tidy.split())


def generic_link_text(link_text: str) -> bool:
    """A link's text that only points at what it links to ("Issue", "this PR", "here")."""
    words = [t.group(0) for t in _TOKEN.finditer(link_text)]
    return bool(words) and not any(_is_content(w) for w in words)


# "… filed a ticket to [improve our monitoring](…)", "opened an issue: [flaky DNS](…)": the words
# before a link say it points at a ticket, whatever tracker serves it.
_TICKET_BEFORE = re.compile(
    r"(?i)\b(?:filed|opened|created|raised|logged|submitted|tracked|tracking)\s+(?:\w+\s+){0,2}?"
    r"(?:tickets?|issues?|bugs?|tasks?|cards?|stor(?:y|ies)|pull\s+requests?|merge\s+requests?|PRs?|MRs?)\b"
    r"(?:\s+\w+){0,2}?\s*[:(]?\s*$"
)
_BEFORE_MAX = 80


def introduced_as_ticket(before: str) -> bool:
    """Whether the words just before a link name what it links to as a ticket."""
    return _TICKET_BEFORE.search(before[-_BEFORE_MAX:]) is not None
