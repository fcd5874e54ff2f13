"""Download the texts of the real-world corpus that may not be redistributed.

Usage: python tests/data/realworld/fetch.py [--force] [--timeout S] [SLUG ...]

For every manifest `<slug>.yaml` with `redistributable: false`, fetches `raw_url` into
`cache/<slug>.md` (gitignored), so bench/bench_extract.py can measure it. Already downloaded
files are kept unless --force. When the manifest records `sha256` (of the annotated text), a
download that differs is reported: the source changed after it was annotated.
Needs network access; the test suite never runs it. Exits 1 when any download failed.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import urllib.error
import urllib.request
from pathlib import Path

import yaml  # a pmsync dependency: run with the project's virtualenv

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
MAX_BYTES = 5 * 1024 * 1024


def download(url: str, timeout: float) -> str:
    request = urllib.request.Request(url, headers={"User-Agent": "pmsync-corpus-fetch"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data = response.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES} bytes")
    return data.decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="only these documents (default: all)")
    parser.add_argument("--force", action="store_true", help="download again even when cached")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per download")
    args = parser.parse_args(argv)
    manifests = sorted(HERE.glob("*.yaml"))
    known = {m.stem for m in manifests}
    unknown = [s for s in args.slugs if s not in known]
    if unknown:
        print(f"fetch: no manifest for {', '.join(unknown)}", file=sys.stderr)
        return 2
    failed = fetched = kept = 0
    for manifest in manifests:
        slug = manifest.stem
        if args.slugs and slug not in args.slugs:
            continue
        try:
            data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            print(f"fetch: {manifest.name}: cannot read the manifest: {error}", file=sys.stderr)
            failed += 1
            continue
        if not isinstance(data, dict) or data.get("redistributable", True):
            continue  # the text is committed beside the manifest
        url = data.get("raw_url")
        target = CACHE / f"{slug}.md"
        if not url:
            print(f"fetch: {manifest.name}: raw_url is empty; cannot download", file=sys.stderr)
            failed += 1
            continue
        if target.exists() and not args.force:
            kept += 1
            continue
        try:
            text = download(url, args.timeout)
        except urllib.error.HTTPError as error:
            print(f"fetch: {slug}: HTTP {error.code} {error.reason} from {url}", file=sys.stderr)
            failed += 1
            continue
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            print(f"fetch: {slug}: cannot reach {url}: {getattr(error, 'reason', error)}", file=sys.stderr)
            failed += 1
            continue
        except (ValueError, UnicodeDecodeError) as error:
            print(f"fetch: {slug}: unusable content from {url}: {error}", file=sys.stderr)
            failed += 1
            continue
        expected = data.get("sha256")
        if expected and hashlib.sha256(text.encode()).hexdigest() != expected:
            print(f"fetch: {slug}: warning: the text differs from the annotated version (source changed)", file=sys.stderr)
        CACHE.mkdir(exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
        fetched += 1
    print(f"fetch: {fetched} downloaded, {kept} already present, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
