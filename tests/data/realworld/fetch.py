"""Download the texts of the real-world corpus that may not be redistributed.

Usage: python tests/data/realworld/fetch.py [--force] [--timeout S] [SLUG ...]

For every manifest `<slug>.yaml` with `redistributable: false`, fetches `raw_url` into
`cache/<slug>.md` (gitignored), so bench/bench_extract.py can measure it. A JSON answer is an API
record whose `body` field is the document: the `raw_url` of a GitHub issue is its REST address
(https://api.github.com/repos/<owner>/<repo>/issues/<n>), and the issue's description is stored
exactly as GitHub returns it. Already downloaded files are kept unless --force. When the
manifest records `sha256` (of the annotated text), a download that differs is reported: the
source changed after it was annotated. A host that answers with a rate limit is not asked again
in the same run. Needs network access (the tests serve it from 127.0.0.1). Exits 1 when any
download failed.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import yaml  # a pmsync dependency: run with the project's virtualenv

HERE = Path(__file__).resolve().parent
MAX_BYTES = 5 * 1024 * 1024
MAX_ERROR_BYTES = 64 * 1024
# GitHub's own prefixes for its primary and secondary rate-limit answers (403 or 429)
RATE_LIMIT_MESSAGES = ("API rate limit exceeded", "You have exceeded a secondary rate limit")


class FetchError(Exception):
    """A document that cannot be stored; the message follows "fetch: <slug>: "."""


class RateLimited(FetchError):
    """The host refuses more requests for now: asking it again in this run only fails again."""


def inert(text: str, limit: int = 300) -> str:
    """Text chosen by a server, safe to print on a terminal: no control characters, bounded."""
    return "".join(c if c.isprintable() else " " for c in text[:limit])


def download(url: str, timeout: float) -> tuple[str, str]:
    """The decoded answer and its media type (lowercase, without parameters)."""
    request = urllib.request.Request(url, headers={"User-Agent": "pmsync-corpus-fetch"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data = response.read(MAX_BYTES + 1)
        media_type = response.headers.get_content_type()
    if len(data) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES} bytes")
    return data.decode("utf-8"), media_type


def api_body(answer: str, url: str) -> str:
    """The `body` field of an API record (a GitHub issue), exactly as the API sent it."""
    try:
        record = json.loads(answer)
    except (ValueError, RecursionError) as error:
        raise FetchError(f"the JSON from {url} cannot be read: {error}") from None
    body = record.get("body") if isinstance(record, dict) else None
    if isinstance(body, str) and body.strip():
        return body
    if not isinstance(record, dict) or "body" not in record:
        problem = "has no body field"
    elif body is None or isinstance(body, str):
        problem = "has an empty body"  # GitHub sends null for an issue without description
    else:
        problem = f"has a {type(body).__name__} as body, not text"
    raise FetchError(f"the JSON from {url} {problem}: raw_url must give the text or a GitHub issue")


def retry_hint(headers: Message) -> str:
    after = (headers.get("Retry-After") or "").strip()
    if after.isdigit():
        return f"try again in {int(after)} s"
    if after:
        return f"try again after {inert(after, 40)}"
    reset = (headers.get("X-RateLimit-Reset") or "").strip()
    if reset.isdigit():
        return f"try again after {datetime.fromtimestamp(int(reset), UTC):%Y-%m-%d %H:%M} UTC"
    return "try again later"


def http_failure(error: urllib.error.HTTPError, url: str) -> FetchError:
    """An error answer as a FetchError, with the server's own explanation when it gives one."""
    try:
        payload = json.loads(error.read(MAX_ERROR_BYTES).decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException, ValueError, RecursionError):
        payload = None  # no explanation: the status alone is reported
    message = payload.get("message") if isinstance(payload, dict) else None
    message = message if isinstance(message, str) else ""
    detail = f": {inert(message)}" if message else ""
    headers = error.headers
    limited = error.code in (403, 429) and (
        headers.get("X-RateLimit-Remaining") == "0"
        or "Retry-After" in headers
        or message.startswith(RATE_LIMIT_MESSAGES)
    )
    if limited:
        host = urlsplit(url).netloc
        return RateLimited(f"rate limited by {host} (HTTP {error.code}{detail}); {retry_hint(headers)}")
    return FetchError(f"HTTP {error.code} {inert(str(error.reason))} from {url}{detail}")


def fetch_text(url: str, timeout: float) -> str:
    """The document behind `url`: the answer itself, or the `body` of a JSON record."""
    try:
        answer, media_type = download(url, timeout)
    except urllib.error.HTTPError as error:
        raise http_failure(error, url) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise FetchError(f"cannot reach {url}: {getattr(error, 'reason', error)}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise FetchError(f"unusable content from {url}: {error}") from None
    if media_type == "application/json" or media_type.endswith("+json"):
        return api_body(answer, url)
    return answer


def annotated_form(text: str) -> str:
    # A description written in GitHub's web editor comes back with CRLF line ends; its
    # annotated copy (and the recorded sha256) has LF line ends and one final newline.
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n") + "\n"


def is_annotated_text(text: str, sha256: str) -> bool:
    return any(hashlib.sha256(t.encode()).hexdigest() == sha256 for t in (text, annotated_form(text)))


def main(argv: list[str] | None = None, root: Path = HERE) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="only these documents (default: all)")
    parser.add_argument("--force", action="store_true", help="download again even when cached")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per download")
    args = parser.parse_args(argv)
    cache = root / "cache"
    manifests = sorted(root.glob("*.yaml"))
    known = {m.stem for m in manifests}
    unknown = [s for s in args.slugs if s not in known]
    if unknown:
        print(f"fetch: no manifest for {', '.join(unknown)}", file=sys.stderr)
        return 2
    failed = fetched = kept = 0
    limited: dict[str, str] = {}  # host -> why it is not asked again
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
        target = cache / f"{slug}.md"
        if not url:
            print(f"fetch: {manifest.name}: raw_url is empty; cannot download", file=sys.stderr)
            failed += 1
            continue
        if target.exists() and not args.force:
            kept += 1
            continue
        host = urlsplit(url).netloc
        try:
            if host in limited:
                raise FetchError(f"not asked: {limited[host]}")
            text = fetch_text(url, args.timeout)
        except FetchError as error:
            if isinstance(error, RateLimited):
                limited[host] = str(error)
            print(f"fetch: {slug}: {error}", file=sys.stderr)
            failed += 1
            continue
        expected = data.get("sha256")
        if expected and not is_annotated_text(text, expected):
            print(f"fetch: {slug}: warning: the text differs from the annotated version (source changed)", file=sys.stderr)
        cache.mkdir(exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_text(text, encoding="utf-8", newline="")  # exactly as served
        partial.replace(target)
        fetched += 1
    print(f"fetch: {fetched} downloaded, {kept} already present, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
