"""Google Docs in a Drive folder (and its sub-folders) as a source, through the official
google-api-python-client and google-auth: a service account's JSON key (a systemd
credential) with read-only Drive scope, documents exported as Markdown (`text/markdown`),
`modifiedTime` as the version, shared drives supported.

The Markdown export is kept in the state directory by file id and modifiedTime, so an
unchanged document is exported once, also across restarts. A document Drive will not export
(too large, no access) is a finding for that document; a folder or key Drive refuses makes
the whole source unavailable (its documents are held).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from adapters.sources.base import (
    Entry,
    Listing,
    SourceUnavailable,
    TextCache,
    failed,
    front_matter,
    read_error,
    remote_document,
)
from adapters.trackers.base import AuthError, RateLimited, TrackerError, Unavailable
from adapters.trackers.retry import call_with_retry
from syncer.model import Document
from syncer.source_settings import GDocsSource

SCOPES = ["https://www.googleapis.com/auth/drive.readonly"]
DOCUMENT = "application/vnd.google-apps.document"
FOLDER = "application/vnd.google-apps.folder"
MARKDOWN = "text/markdown"
MAX_FOLDERS = 10_000  # a tree larger than this is not a postmortem folder
_RATE_REASONS = {"userRateLimitExceeded", "rateLimitExceeded", "dailyLimitExceeded", "sharingRateLimitExceeded"}
_FIELDS = "nextPageToken, files(id, name, mimeType, modifiedTime, webViewLink)"


def _reason(error: Any) -> str:
    """The first `reason` of a Google API error body ("userRateLimitExceeded", …)."""
    try:
        details = json.loads(error.content.decode("utf-8"))["error"]
        return str((details.get("errors") or [{}])[0].get("reason") or details.get("status") or "")
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return ""


def _translate(error: Exception, where: str) -> TrackerError:
    from google.auth.exceptions import RefreshError
    from googleapiclient.errors import HttpError

    if isinstance(error, RefreshError):  # the token endpoint refused the service account
        return AuthError(f"service account rejected: {error.args[0] if error.args else error}", target=where)
    if not isinstance(error, HttpError):  # transport: refused, reset, timed out
        return Unavailable(f"cannot reach Google Drive: {type(error).__name__}", target=where)
    status = error.resp.status
    reason = _reason(error)
    message = f"{reason or 'error'}: {error.reason}" if reason else str(error.reason)
    retry_after = error.resp.get("retry-after")
    wait = float(retry_after) if retry_after and retry_after.isdigit() else None
    if status == 403 and reason in _RATE_REASONS:
        status = 429  # Drive says "rate limited" with 403 and a reason
    return read_error(status, message, where, wait)


class DriveFolder:
    def __init__(
        self,
        config: GDocsSource,
        directory: Path,
        secret: Callable[[str], str],
        *,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.name = config.name
        self.config = config
        self.secret = secret
        self.cache = TextCache(directory / "docs")
        self._sleep = sleep
        self._service: Any = None
        self._titles: dict[str, str] = {}  # file id -> name, from the last listing
        self.requests = 0

    # -- the client ------------------------------------------------------------------------

    @property
    def service(self) -> Any:
        if self._service is None:
            self._service = self._build()
        return self._service

    def _build(self) -> Any:
        import google_auth_httplib2
        import httplib2
        from google.oauth2 import service_account
        from googleapiclient.discovery import build

        try:
            info = json.loads(self.secret(self.config.credential))
            credentials = service_account.Credentials.from_service_account_info(info, scopes=SCOPES)
        except (ValueError, KeyError, TypeError) as exc:
            raise SourceUnavailable(
                f"credential {self.config.credential!r} is not a service account JSON key ({type(exc).__name__})"
            ) from None
        # no proxy from the environment; the timeout bounds every request
        http = httplib2.Http(timeout=self.config.timeout, proxy_info=None)
        authorised = google_auth_httplib2.AuthorizedHttp(credentials, http=http)
        options = {"api_endpoint": self.config.api_url} if self.config.api_url else None
        # the discovery document ships with the library (static_discovery): no request for it
        return build("drive", "v3", http=authorised, client_options=options, static_discovery=True, cache_discovery=False)

    def _call(self, request: Any) -> Any:
        import httplib2
        from google.auth.exceptions import RefreshError, TransportError
        from googleapiclient.errors import HttpError

        def once() -> Any:
            self.requests += 1
            try:
                return request.execute(num_retries=0)  # retries are ours: Retry-After, capped
            except (HttpError, RefreshError, TransportError, httplib2.HttpLib2Error, OSError) as exc:
                raise _translate(exc, "Google Drive") from None

        timing = {"sleep": self._sleep} if self._sleep else {}
        return call_with_retry(once, attempts=self.config.max_retries + 1, **timing)

    # -- listing ---------------------------------------------------------------------------

    def doc_url(self, file_id: str) -> str:
        return f"https://docs.google.com/document/d/{file_id}/edit"

    def listing(self, previous: Listing | None) -> Listing:
        try:
            files = list(self._documents())
        except TrackerError as exc:
            raise SourceUnavailable(f"Google Drive folder {self.config.folder}: {exc}") from None
        self._titles = {f["id"]: str(f.get("name") or "") for f in files}
        entries = [Entry(f["id"], str(f.get("modifiedTime") or ""), self.doc_url(f["id"])) for f in files]
        self.cache.keep_only(entries)
        return Listing(entries)

    def _documents(self) -> Iterator[dict[str, Any]]:
        """Google Docs under the folder, breadth first, each once."""
        folders, seen = [self.config.folder], {self.config.folder}
        while folders and len(seen) <= MAX_FOLDERS:
            folder = folders.pop(0)
            for item in self._children(folder):
                kind, file_id = item.get("mimeType"), item.get("id")
                if not isinstance(file_id, str):
                    continue
                if kind == FOLDER and file_id not in seen:
                    seen.add(file_id)
                    folders.append(file_id)
                elif kind == DOCUMENT:
                    yield item

    def _children(self, folder: str) -> Iterator[dict[str, Any]]:
        query = f"'{folder}' in parents and trashed = false and (mimeType = '{DOCUMENT}' or mimeType = '{FOLDER}')"
        params: dict[str, Any] = {
            "q": query, "fields": _FIELDS, "pageSize": self.config.page_size, "orderBy": "name",
            "supportsAllDrives": True, "includeItemsFromAllDrives": True,
        }
        if self.config.shared_drive:
            params.update(corpora="drive", driveId=self.config.shared_drive)
        token = None
        while True:
            answer = self._call(self.service.files().list(pageToken=token, **params))
            yield from answer.get("files", [])
            token = answer.get("nextPageToken")
            if not token:
                return

    # -- reading ---------------------------------------------------------------------------

    def read(self, entries: Sequence[Entry]) -> list[Document]:
        return [self._read(entry) for entry in entries]

    def _read(self, entry: Entry) -> Document:
        text = self.cache.get(entry.key, entry.version)
        if text is None:
            try:
                exported = self._call(self.service.files().export(fileId=entry.key, mimeType=MARKDOWN))
            except (AuthError, Unavailable, RateLimited) as exc:  # Drive, not this document
                raise SourceUnavailable(f"Google Drive: {exc}") from None
            except TrackerError as exc:  # too large to export, no access, gone
                return failed(entry.path, "document-unexportable", f"Drive will not export the document: {exc}")
            body = exported.decode("utf-8", "replace") if isinstance(exported, bytes) else str(exported)
            text = front_matter({"id": f"gdoc-{entry.key}", "title": self._titles.get(entry.key)}) + body
            self.cache.put(entry.key, entry.version, text)
        return remote_document(text, entry.path, doc_url=entry.path)
