"""The real-world postmortem corpus (tests/data/realworld/): its manifest and how extraction is scored.

Each document `<slug>` has a hand annotation `<slug>.yaml` and its text in `<slug>.md` (committed
when the licence allows) or `cache/<slug>.md` (downloaded by fetch.py, never committed). The rules
are in tests/data/realworld/README.md. This module is pure apart from `load_corpus`: the bench
(bench/bench_extract.py) runs the extractor and hands the found items to `score_document`.

Matching predicted items to annotated items, one to one:
- Texts are normalised to sets of lowercase word tokens (letters and digits; markup, punctuation and
  case are ignored), without a short list of function words ("we", "will", "the", …) that every
  commitment shares; a text made only of such words keeps them.
- Similarity is the overlap coefficient |A ∩ P| / min(|A|, |P|): an annotation may hold only the
  first sentence of a long item, and an extractor may keep less or more of the surrounding words,
  so containment either way counts. A pair is a candidate when the similarity is at least
  MATCH_THRESHOLD and the pair shares at least min(MIN_SHARED, |A|) tokens, so a fragment of
  two words cannot claim a long item.
- Candidates are taken greedily, best first (similarity, then Jaccard, then document order); each
  annotated and each predicted item is used at most once. A predicted item that merges two
  annotated ones therefore matches one of them and the other counts as missed.

Fields are compared over matched pairs whose annotation states the field (not null): owner without
"@", case and whitespace folded; due as written (the item's `due_text`); ref and priority as
written, case and whitespace folded; done always (the annotation always states it). A ref is also
right when it names the same ticket in another of the forms a link offers: a link
`[#294](https://github.com/o/r/issues/294)` may be annotated by its text and found by its address,
so `#294`, `o/r#294` or `PROJ-12` match an issue address whose item id is the same (294, PROJ-12)
and, for `o/r#294`, whose path names o/r; `PR #294`, `issue 294` and `Bug 294` are `#294` with the
word for its kind, and `#294` is `o/r#294` (a document names its own repository's issues so). Two
addresses name the same ticket when they open the same page: scheme, `www.`, a fragment, a closing
slash and a GitHub sub-page (`/pull/294/files`) aside, GitHub's `/pull/294` being its `/issues/294`,
and a Jira key in any of its addresses on one host (`/browse/PROJ-12`, `/…/issues/PROJ-12`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from syncer.model import ActionItem

CORPUS = Path(__file__).resolve().parent / "data" / "realworld"
MATCH_THRESHOLD = 0.6
MIN_SHARED = 3
FIELDS = ("owner", "due", "ref", "priority", "done")
# The fields whose mismatches are told apart (field_mismatches), and how: the extractor found no
# value where the annotation states one, found a different one, or found one where none is stated
MISMATCH_FIELDS = ("ref", "owner", "due")
MISMATCHES = ("none found", "different", "unannotated")
# Where a false positive stood (false_positive_places)
NO_ITEMS, WITH_RIGHT, WITHOUT_RIGHT = "document without items", "section with a right item", "section without one"
KINDS = {"company", "open-source", "university", "public-sector", "blockchain", "game", "status-page", "other"}
_REQUIRED = ("source", "raw_url", "organisation", "kind", "licence", "redistributable", "retrieved", "split", "items")
_ITEM_KEYS = {"text", "owner", "due", "ref", "priority", "done"}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_TOKEN = re.compile(r"[^\W_]+")
_FUNCTION_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is",
    "it", "of", "on", "or", "our", "that", "the", "this", "to", "we", "will", "with",
))  # fmt: skip


class CorpusError(ValueError):
    """A manifest that breaks the corpus rules; the message names the file and the field."""


@dataclass(frozen=True)
class Item:
    """One action item: annotated by hand, or found by the extractor."""

    text: str
    owner: str | None = None
    due: str | None = None
    ref: str | None = None
    priority: str | None = None
    done: bool = False


def as_found(items: Iterable[ActionItem]) -> list[Item]:
    """Items the extractor found, as scored: each field as the document writes it."""
    return [
        Item(text=i.text, owner=i.owner, due=i.due_text, ref=i.ref, priority=i.raw_priority, done=i.done)
        for i in items
    ]


@dataclass(frozen=True)
class Entry:
    slug: str
    split: str  # "dev" or "holdout"
    organisation: str
    kind: str
    redistributable: bool
    raw_url: str | None
    items: tuple[Item, ...]
    text_path: Path | None  # committed .md, else cache/.md, else None (not downloaded)


def split_of(slug: str) -> str:
    """The fixed split: decided by the slug's hash, never by choice."""
    return "dev" if int(hashlib.sha256(slug.encode()).hexdigest()[:2], 16) % 2 == 0 else "holdout"


def _text(value: object, where: str, *, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise CorpusError(f"{where}: expected text, got {type(value).__name__}")
    return str(value)


def parse_manifest(slug: str, data: object, where: str) -> tuple[dict[str, Any], tuple[Item, ...]]:
    """Check one manifest against the rules; return its top-level fields and its items."""
    if not _SLUG.fullmatch(slug):
        raise CorpusError(f"{where}: slug {slug!r} must be <org>-<topic> in [a-z0-9-]")
    if not isinstance(data, dict):
        raise CorpusError(f"{where}: expected a mapping at the top level")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise CorpusError(f"{where}: missing field(s) {', '.join(missing)}")
    if data["kind"] not in KINDS:
        raise CorpusError(f"{where}: kind {data['kind']!r} is not one of {sorted(KINDS)}")
    if not isinstance(data["redistributable"], bool):
        raise CorpusError(f"{where}: redistributable must be true or false")
    if data["split"] != split_of(slug):
        raise CorpusError(f"{where}: split is {data['split']!r}, the rule gives {split_of(slug)!r}")
    if not isinstance(data["items"], list):
        raise CorpusError(f"{where}: items must be a list ([] when the document has none)")
    items = []
    for n, raw in enumerate(data["items"], 1):
        at = f"{where}: items[{n}]"
        if not isinstance(raw, dict):
            raise CorpusError(f"{at}: expected a mapping")
        unknown = set(raw) - _ITEM_KEYS
        if unknown:
            raise CorpusError(f"{at}: unknown field(s) {', '.join(sorted(unknown))}")
        text = _text(raw.get("text"), f"{at}.text", optional=False)
        if not text or not text.strip():
            raise CorpusError(f"{at}.text: empty")
        done = raw.get("done", False)
        if not isinstance(done, bool):
            raise CorpusError(f"{at}.done: must be true or false")
        items.append(Item(
            text=text,
            owner=_text(raw.get("owner"), f"{at}.owner"),
            due=_text(raw.get("due"), f"{at}.due"),
            ref=_text(raw.get("ref"), f"{at}.ref"),
            priority=_text(raw.get("priority"), f"{at}.priority"),
            done=done,
        ))  # fmt: skip
    return data, tuple(items)


def load_corpus(root: Path = CORPUS) -> list[Entry]:
    """Every manifest under root, checked; raises CorpusError naming the first bad file."""
    entries = []
    for manifest in sorted(root.glob("*.yaml")):
        slug = manifest.stem
        try:
            loaded = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise CorpusError(f"{manifest}: not valid YAML: {error}") from error
        data, items = parse_manifest(slug, loaded, str(manifest))
        committed, cached = root / f"{slug}.md", root / "cache" / f"{slug}.md"
        if committed.exists() != data["redistributable"]:
            state = "is committed" if committed.exists() else "is missing"
            raise CorpusError(f"{manifest}: redistributable is {data['redistributable']} but {committed.name} {state}")
        if not data["redistributable"] and not data["raw_url"]:
            raise CorpusError(f"{manifest}: raw_url is needed when the text is not committed")
        path = committed if committed.exists() else cached if cached.exists() else None
        entries.append(Entry(
            slug=slug, split=data["split"], organisation=str(data["organisation"]), kind=data["kind"],
            redistributable=data["redistributable"], raw_url=data["raw_url"], items=items, text_path=path,
        ))  # fmt: skip
    return entries


# ---- matching and scoring -------------------------------------------------------------------


def tokens(text: str) -> frozenset[str]:
    words = frozenset(t.casefold() for t in _TOKEN.findall(text))
    return words - _FUNCTION_WORDS or words


def similarity(a: frozenset[str], p: frozenset[str]) -> tuple[float, float]:
    """(overlap coefficient, Jaccard); (0, 0) when the pair may not match at all."""
    if not a or not p:
        return 0.0, 0.0
    shared = len(a & p)
    if shared < min(MIN_SHARED, len(a)):
        return 0.0, 0.0
    return shared / min(len(a), len(p)), shared / len(a | p)


def match(annotated: Sequence[str], predicted: Sequence[str]) -> list[tuple[int, int]]:
    """One-to-one pairs (annotated index, predicted index), greedy best first; sorted by annotated index."""
    a_tokens = [tokens(t) for t in annotated]
    p_tokens = [tokens(t) for t in predicted]
    candidates = []
    for i, a in enumerate(a_tokens):
        for j, p in enumerate(p_tokens):
            overlap, jaccard = similarity(a, p)
            if overlap >= MATCH_THRESHOLD:
                candidates.append((-overlap, -jaccard, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _overlap, _jaccard, i, j in candidates:
        if i not in used_a and j not in used_p:
            used_a.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def normalise(field_name: str, value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split()).casefold()
    if field_name == "owner":  # "@ana" is ana; "the drand team" is the drand team
        text = text.removeprefix("@").removeprefix("the ")
    return text or None


_SHORT_REF = re.compile(r"(?:(?P<repo>[\w.-]+(?:/[\w.-]+)+))?[#!](?P<num>\d+)|(?P<key>[a-z][a-z0-9_]*-\d+|[a-z]\d{3,})")
# An address's id: the path's last segment, or a query's "id=" ("show_bug.cgi?id=123")
_URL_ID = re.compile(
    r"[^/\s]+(?P<path>(?:/\S*?)?)(?:/(?P<id>[a-z][a-z0-9_]*-\d+|[a-z]?\d+)/?|/[^/?\s]*\?(?:\S*&)?id=(?P<qid>\d+)\S*)"
)
_HOST = re.compile(r"(?:https?://|[\w-]+(?:\.[\w-]+)+/)")
_SCHEME = re.compile(r"^(?:https?://)?(?:www\.)?")
# GitHub serves an issue and a pull request at /issues/N and /pull/N alike, with sub-pages ("/files")
_GITHUB_ITEM = re.compile(r"(github\.com/[^/]+/[^/]+)/(?:issues|pull)/(\d+)(?:/\S*)?")
_PATH_ID_END = re.compile(r"/(?:[a-z][a-z0-9_]*-\d+|\d+)$")
_JIRA_KEY_END = re.compile(r"^(?P<host>[^/]+)/\S*/(?P<key>[a-z][a-z0-9_]*-\d+)$")
# "PR #12", "issue 12", "bug #123456": the words that say what kind of ticket the number is
_KIND_WORD = re.compile(r"^(?:pr|mr|pull\s+request|merge\s+request|issue|bug|ticket)\s*#?\s*(?=\d+$)")


def _address(url: str) -> str:
    """An address as the page it opens: without scheme, "www.", fragment and closing slash; a
    query only where the path has no id of its own; a GitHub pull request as its issue."""
    url = _SCHEME.sub("", url, count=1).split("#", 1)[0]
    path, _, query = url.partition("?")
    path = path.rstrip("/")
    if github := _GITHUB_ITEM.fullmatch(path):
        return f"{github[1]}/issues/{github[2]}"
    return path if _PATH_ID_END.search(path) or not query else f"{path}?{query}"


def _is_address(ref: str) -> bool:
    """An address ("https://…", "github.com/o/r/issues/12"), not a short form ("o/r#12", "PROJ-12")."""
    return _HOST.match(ref) is not None


def same_ticket(want: str | None, got: str | None) -> bool:
    """Whether two folded references name the same ticket (see the module docstring)."""
    if want is None or got is None:
        return want == got
    want, got = _KIND_WORD.sub("#", want), _KIND_WORD.sub("#", got)
    if want == got:
        return True
    if _is_address(want) and _is_address(got):
        first, second = _address(want), _address(got)
        if first == second:
            return True
        one, other = _JIRA_KEY_END.fullmatch(first), _JIRA_KEY_END.fullmatch(second)  # ".../browse/KEY-1", ".../issues/KEY-1"
        return one is not None and other is not None and one.group("host", "key") == other.group("host", "key")
    if not _is_address(want) and not _is_address(got):  # "#12" and "o/r#12": the same issue of that repository
        one, other = _SHORT_REF.fullmatch(want), _SHORT_REF.fullmatch(got)
        return (
            one is not None and other is not None and one["num"] is not None and one["num"] == other["num"]
            and (one["repo"] is None or other["repo"] is None or one["repo"] == other["repo"])
        )
    short, url = (got, want) if _is_address(want) else (want, got)
    ref, address = _SHORT_REF.fullmatch(short), _URL_ID.fullmatch(_address(url))
    if ref is None or address is None:
        return False
    if ref["key"]:
        return address["id"] == ref["key"]
    return (address["id"] or address["qid"]) == ref["num"] and (
        ref["repo"] is None or f"/{ref['repo']}/" in address["path"] + "/"
    )


@dataclass
class Score:
    """Counts that add up over documents; the rates are derived."""

    documents: int = 0
    annotated: int = 0
    found: int = 0
    matched: int = 0
    empty_documents: int = 0  # documents annotated with no items
    empty_with_items: int = 0  # … of which the extractor still found some
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})  # right, stated

    def add(self, other: Score) -> None:
        self.documents += other.documents
        self.annotated += other.annotated
        self.found += other.found
        self.matched += other.matched
        self.empty_documents += other.empty_documents
        self.empty_with_items += other.empty_with_items
        for name, (right, stated) in other.fields.items():
            self.fields[name][0] += right
            self.fields[name][1] += stated

    @property
    def recall(self) -> float | None:
        return self.matched / self.annotated if self.annotated else None

    @property
    def precision(self) -> float | None:
        return self.matched / self.found if self.found else None

    def accuracy(self, name: str) -> float | None:
        right, stated = self.fields[name]
        return right / stated if stated else None


@dataclass
class DocumentResult:
    score: Score
    pairs: list[tuple[int, int]]
    missed: list[int]  # annotated indices without a match
    false_positives: list[int]  # predicted indices without a match
    wrong_fields: list[tuple[int, int, str]]  # (annotated, predicted, field)


def false_positive_places(result: DocumentResult, annotated: int, sections: Sequence[str | None]) -> Counter[str]:
    """Where each false positive of a document stood: in a document without annotated items, in
    a section (by its heading) that also gave a right item, or in a section that gave none."""
    wrong = set(result.false_positives)
    if not annotated:
        return Counter({NO_ITEMS: len(wrong)} if wrong else {})
    right = {sections[j] for j in range(len(sections)) if j not in wrong}
    return Counter(WITH_RIGHT if sections[j] in right else WITHOUT_RIGHT for j in wrong)


def score_document(annotated: Sequence[Item], predicted: Sequence[Item]) -> DocumentResult:
    pairs = match([a.text for a in annotated], [p.text for p in predicted])
    score = Score(documents=1, annotated=len(annotated), found=len(predicted), matched=len(pairs))
    score.empty_documents = int(not annotated)
    score.empty_with_items = int(not annotated and bool(predicted))
    wrong = []
    for i, j in pairs:
        for name in FIELDS:
            want, got = getattr(annotated[i], name), getattr(predicted[j], name)
            if want is None:
                continue
            score.fields[name][1] += 1
            if name == "done":
                right = want == got
            elif name == "ref":
                right = same_ticket(normalise(name, want), normalise(name, got))
            else:
                right = normalise(name, want) == normalise(name, got)
            if right:
                score.fields[name][0] += 1
            else:
                wrong.append((i, j, name))
    matched_a = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    return DocumentResult(
        score=score,
        pairs=pairs,
        missed=[i for i in range(len(annotated)) if i not in matched_a],
        false_positives=[j for j in range(len(predicted)) if j not in matched_p],
        wrong_fields=wrong,
    )


def field_mismatches(annotated: Sequence[Item], predicted: Sequence[Item], result: DocumentResult) -> Counter[tuple[str, str]]:
    """(field, kind) counts over a document's matched pairs, compared as the score compares them:
    each field of MISMATCH_FIELDS that is wrong, by which of MISMATCHES it is."""
    wrong = {(i, j, name) for i, j, name in result.wrong_fields}
    counts: Counter[tuple[str, str]] = Counter()
    for i, j in result.pairs:
        for name in MISMATCH_FIELDS:
            want, got = getattr(annotated[i], name), getattr(predicted[j], name)
            if want is None:
                if normalise(name, got) is not None:
                    counts[name, MISMATCHES[2]] += 1
            elif (i, j, name) in wrong:
                counts[name, MISMATCHES[0] if normalise(name, got) is None else MISMATCHES[1]] += 1
    return counts
