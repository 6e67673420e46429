"""Files a deputy chose in a refused post, kept until the form is sent again.

A phone's file picker is slow and the browser forgets the chosen files when the
page comes back with an error. The files that passed the checks are stored under
a random token owned by the user's session (``pending-uploads/<user>/<token>/``),
the form carries the token in a hidden field and shows each file as “已选附件：
xxx.pdf（保留）”; the next post checks them again with any new ones. They are
deleted when the suggestion is saved, when the user drops them, or once they
are older than ``PENDING_MAX_AGE`` (on the next visit, or by the daily purge).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

PENDING_DIR = "pending-uploads"
SESSION_KEY = "suggestion_pending_uploads"
# As long as a session may live (SESSION_ABSOLUTE_LIFETIME_SECONDS): 12 hours.
PENDING_MAX_AGE = dt.timedelta(hours=12)


@dataclass
class PendingFile:
    path: str
    name: str
    size: int
    content_type: str

    @property
    def key(self) -> str:
        """Name the file in a form (its stored name, random) without its folder."""
        return self.path.rsplit("/", 1)[-1]


def new_token() -> str:
    return uuid.uuid4().hex


def clean_token(value) -> str:
    """Return the posted token if it is one of ours, else a new one."""
    try:
        return uuid.UUID(str(value or "")).hex
    except ValueError:
        return new_token()


def _entries(request) -> dict:
    """Return the session's pending entries, dropping (and deleting) expired ones."""
    entries = request.session.get(SESSION_KEY) or {}
    now = timezone.now()
    fresh = {}
    for token, entry in entries.items():
        at = dt.datetime.fromisoformat(entry["at"])
        if entry.get("user") == request.user.pk and now - at <= PENDING_MAX_AGE:
            fresh[token] = entry
        else:
            _delete(entry["files"])
    if fresh != entries:
        request.session[SESSION_KEY] = fresh
    return fresh


def _delete(files) -> None:
    for item in files:
        default_storage.delete(item["path"])


def pending_files(request, token: str) -> list[PendingFile]:
    """Return the files kept under a token of this user's session."""
    entry = _entries(request).get(token)
    return [PendingFile(**item) for item in entry["files"]] if entry else []


def pending_open(request, token: str, *, drop=()) -> list[UploadedFile]:
    """Open the kept files as uploads for the form, leaving out those dropped."""
    dropped = {str(value) for value in drop}
    kept, opened = [], []
    for item in pending_files(request, token):
        if item.key in dropped:
            default_storage.delete(item.path)
            continue
        kept.append(asdict(item))
        upload = UploadedFile(
            file=default_storage.open(item.path),
            name=item.name,
            content_type=item.content_type,
            size=item.size,
        )
        upload.pending_path = item.path
        opened.append(upload)
    if dropped:
        _save_entry(request, token, kept)
    return opened


def pending_keep(request, token: str, checked) -> list[PendingFile]:
    """Keep the checked uploads of a refused post under the token; return them.

    Files kept from an earlier post stay where they are; new ones are stored;
    kept files no longer among the checked ones are deleted.
    """
    kept = []
    for item in checked:
        upload = item.upload
        path = getattr(upload, "pending_path", None)
        if path is None:
            if hasattr(upload, "seek"):
                upload.seek(0)
            path = default_storage.save(
                f"{PENDING_DIR}/{request.user.pk}/{token}/{uuid.uuid4().hex}", upload
            )
        kept.append(
            {
                "path": path,
                "name": item.name,
                "size": item.size,
                "content_type": item.kind.content_type,
            }
        )
    still = {entry["path"] for entry in kept}
    _delete(
        asdict(item) for item in pending_files(request, token) if item.path not in still
    )
    _save_entry(request, token, kept)
    return [PendingFile(**entry) for entry in kept]


def _save_entry(request, token: str, files: list[dict]) -> None:
    entries = dict(_entries(request))
    if files:
        entries[token] = {
            "user": request.user.pk,
            "at": timezone.now().isoformat(),
            "files": files,
        }
    else:
        entries.pop(token, None)
    request.session[SESSION_KEY] = entries


def pending_clear(request, token: str) -> None:
    """Forget and delete the files kept under a token (the suggestion is saved)."""
    entries = dict(_entries(request))
    entry = entries.pop(token, None)
    if entry:
        _delete(entry["files"])
        request.session[SESSION_KEY] = entries


def pending_purge(*, now: dt.datetime | None = None) -> int:
    """Delete kept files older than ``PENDING_MAX_AGE`` (sessions that never came back)."""
    now = now or timezone.now()
    removed = 0
    if not default_storage.exists(PENDING_DIR):
        return 0
    users, _files = default_storage.listdir(PENDING_DIR)
    for user in users:
        tokens, _files = default_storage.listdir(f"{PENDING_DIR}/{user}")
        for token in tokens:
            folder = f"{PENDING_DIR}/{user}/{token}"
            _dirs, names = default_storage.listdir(folder)
            for name in names:
                path = f"{folder}/{name}"
                if now - default_storage.get_modified_time(path) > PENDING_MAX_AGE:
                    default_storage.delete(path)
                    removed += 1
    return removed
