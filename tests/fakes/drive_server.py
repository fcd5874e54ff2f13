"""A fake Google Drive API v3 (and OAuth token endpoint) on 127.0.0.1, for the real
google-api-python-client and google-auth.

- POST /token: the service account's signed JWT (verified against its public key) for a
  bearer token (urn:ietf:params:oauth:grant-type:jwt-bearer);
- GET /drive/v3/files?q="'<folder>' in parents and trashed = false …": children of a folder,
  paged by `pageToken` (`pageSize` honoured), `corpora=drive` + `driveId` for shared drives;
- GET /drive/v3/files/<id>/export?mimeType=text/markdown: the document as Markdown, or 403
  `exportSizeLimitExceeded` / `insufficientFilePermissions`, 404 for an unknown id;
- `fail_next` queues answers such as 403 `userRateLimitExceeded` or 429.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes.http_util import HttpReply, HttpRequest, LoopbackHTTPServer

DOCUMENT = "application/vnd.google-apps.document"
FOLDER = "application/vnd.google-apps.folder"


@dataclass
class DriveFile:
    id: str
    name: str
    parent: str
    mime_type: str = DOCUMENT
    markdown: str = ""
    modified: str = "2026-11-20T10:00:00.000Z"
    drive: str | None = None  # the shared drive it lives on
    refuse: str | None = None  # export answered 403 with this reason
    trashed: bool = False


def error(status: int, reason: str, message: str) -> HttpReply:
    body = {"error": {"code": status, "message": message, "errors": [{"domain": "usageLimits" if "Rate" in reason else "global", "reason": reason, "message": message}]}}
    return HttpReply.json(status, body)


@dataclass
class FakeDrive:
    files: dict[str, DriveFile] = field(default_factory=dict)
    requests: list[HttpRequest] = field(default_factory=list)
    queued: list[HttpReply] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.client_email = "pmsync-reader@acme-sre.iam.gserviceaccount.com"
        self.tokens: set[str] = set()
        self._lock = threading.Lock()
        self.server = LoopbackHTTPServer(self.dispatch, name="fake-drive")

    # -- set-up ------------------------------------------------------------------------------

    def start(self) -> str:
        return self.server.start()

    def stop(self) -> None:
        self.server.stop()

    @property
    def api_url(self) -> str:
        return f"{self.server.url}/drive/v3/"

    def service_account_key(self) -> str:
        """The JSON key file Google hands out for a service account, pointing at this fake."""
        pem = self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        return json.dumps({
            "type": "service_account", "project_id": "acme-sre", "private_key_id": "0f1e2d3c4b5a",
            "private_key": pem, "client_email": self.client_email, "client_id": "104242424242424242424",
            "token_uri": f"{self.server.url}/token",
        })

    def add(self, file: DriveFile) -> DriveFile:
        self.files[file.id] = file
        return file

    def fail_next(self, *replies: HttpReply) -> None:
        self.queued.extend(replies)

    def count(self, kind: str) -> int:
        """Requests made: "list", "export" or "token"."""
        paths = {"list": "/drive/v3/files", "token": "/token"}
        if kind == "export":
            return sum(1 for r in self.requests if r.path.endswith("/export"))
        return sum(1 for r in self.requests if r.path == paths[kind])

    # -- serving -----------------------------------------------------------------------------

    def dispatch(self, request: HttpRequest) -> HttpReply:
        with self._lock:
            self.requests.append(request)
            if request.path == "/token" and request.method == "POST":
                return self._token(request)
            auth = request.headers.get("Authorization") or ""
            if auth.removeprefix("Bearer ") not in self.tokens:
                return error(401, "authError", "Request had invalid authentication credentials.")
            if self.queued:
                return self.queued.pop(0)
            if request.path == "/drive/v3/files" and request.method == "GET":
                return self._list(request)
            match = re.fullmatch(r"/drive/v3/files/([^/]+)/export", request.path)
            if match and request.method == "GET":
                return self._export(match[1], request)
            return error(404, "notFound", f"Not found: {request.path}")

    def _token(self, request: HttpRequest) -> HttpReply:
        from google.auth import jwt

        form = parse_qs(request.body.decode())
        public = self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()
        try:
            # google-auth signs for Google's token endpoint whatever token_uri says
            claims = jwt.decode(form["assertion"][0], certs=public, audience="https://oauth2.googleapis.com/token")
        except (KeyError, ValueError) as exc:
            return HttpReply.json(400, {"error": "invalid_grant", "error_description": str(exc)})
        if claims.get("iss") != self.client_email or "drive.readonly" not in claims.get("scope", ""):
            return HttpReply.json(400, {"error": "invalid_scope", "error_description": "bad claims"})
        token = secrets.token_urlsafe(16)
        self.tokens.add(token)
        return HttpReply.json(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

    def _list(self, request: HttpRequest) -> HttpReply:
        query = request.param("q") or ""
        match = re.match(r"'([^']+)' in parents and trashed = false", query)
        if not match:
            return error(400, "invalid", f"Invalid Value: q={query}")
        folder = match[1]
        if folder not in self.files and not any(f.parent == folder for f in self.files.values()):
            return error(404, "notFound", f"File not found: {folder}.")
        drive = request.param("driveId") if request.param("corpora") == "drive" else None
        if drive and request.param("supportsAllDrives") != "true":
            return error(403, "teamDrivesSupportRequired", "The supportsAllDrives parameter must be true.")
        children = sorted(
            (f for f in self.files.values() if f.parent == folder and not f.trashed
             and f.mime_type in (DOCUMENT, FOLDER) and (f.drive is None or f.drive == drive)),
            key=lambda f: f.name,
        )
        size = int(request.param("pageSize") or 100)
        start = int(request.param("pageToken") or 0)
        chunk = children[start : start + size]
        payload: dict[str, object] = {
            "files": [
                {"id": f.id, "name": f.name, "mimeType": f.mime_type, "modifiedTime": f.modified,
                 "webViewLink": f"https://docs.google.com/document/d/{f.id}/edit"}
                for f in chunk
            ]
        }
        if start + size < len(children):
            payload["nextPageToken"] = str(start + size)
        return HttpReply.json(200, payload)

    def _export(self, file_id: str, request: HttpRequest) -> HttpReply:
        file = self.files.get(file_id)
        if file is None or file.mime_type != DOCUMENT:
            return error(404, "notFound", f"File not found: {file_id}.")
        if request.param("mimeType") != "text/markdown":
            return error(400, "badRequest", "Export only supports Docs Editors files.")
        if file.refuse:
            return error(403, file.refuse, "This file is too large to be exported." if "Size" in file.refuse
                         else "The user does not have sufficient permissions for this file.")
        return HttpReply(200, file.markdown.encode(), (("Content-Type", "text/markdown"),))
