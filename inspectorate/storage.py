"""Files through Django's storage API only: the one place that stores, serves and removes them.

Every uploaded or built file (complaint attachments, visit evidence, report PDFs, company
import files) is a ``FileField`` on the ``default`` storage, configured from the environment
(``inspectorate/settings/storage.py``): this machine's MEDIA_ROOT for the demo and the tests,
a private S3-compatible bucket in production, shared by every web server and worker.

- ``save_file``: stores an upload under a field; a store that cannot be reached raises
  ``StorageUnavailable`` (the page says so, the transaction rolls back, nothing is half-stored:
  ``StorageUnavailableMiddleware`` removes objects stored during the request that no row refers
  to when it ends).
- ``file_response``: serves a stored file *after* the caller's scope check: streamed through
  the app, or (``STORAGE_DOWNLOADS=redirect`` on an object store) a redirect to a presigned URL
  valid ``STORAGE_URL_EXPIRE`` seconds. Objects are never public.
- ``save_content`` / ``read_bytes`` / ``delete_quietly``: for tasks (the report build, imports).
- ``reachable``: whether the store answers now (readiness checks).

Nothing in the code opens MEDIA_ROOT paths (``tests/architecture/test_storage_static.py``).
"""

import base64
import contextvars
import hashlib
import logging
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Errors of the S3 client that mean "the store cannot be reached or refused for a while".
_RETRYABLE_S3_CODES = {"SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout", "503", "500"}


class StorageUnavailable(Exception):
    """The file store cannot be reached; nothing was stored. Retry later."""


def is_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` means the store is down or unreachable (not a bad request of ours)."""
    if isinstance(exc, StorageUnavailable):
        return True
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 is in requirements.txt
        return isinstance(exc, OSError)
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return status >= 500 or error.get("Code") in _RETRYABLE_S3_CODES
    # Connection refused, timeouts, closed connections, unreadable responses.
    return isinstance(exc, BotoCoreError | OSError)


# -- the object store backend -----------------------------------------------------------------


def _add_content_md5(request, **kwargs) -> None:
    """Swift's s3api (2.30) refuses a bulk delete without Content-MD5, which botocore stopped sending."""
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode()
    if "Content-MD5" not in request.headers:
        digest = hashlib.md5(body, usedforsecurity=False).digest()
        request.headers["Content-MD5"] = base64.b64encode(digest).decode()


def _s3_storage_class():
    from botocore.config import Config
    from storages.backends.s3 import S3Storage
    from storages.utils import clean_name

    class PrivateS3Storage(S3Storage):
        """django-storages' S3 backend, private and strict, for any S3-compatible store.

        Objects are private (no ACL, no public URL: ``url()`` is always presigned and short);
        names are never overwritten; botocore sends checksums only where the API requires them
        (S3-compatible servers such as Swift and MinIO reject the newer defaults); bulk deletes
        carry Content-MD5; connections fail fast so a page can say the store is down.
        """

        default_acl = None
        querystring_auth = True
        file_overwrite = False

        def __init__(self, **options):
            options.setdefault("querystring_expire", getattr(settings, "STORAGE_URL_EXPIRE", 60))
            if "client_config" not in options:
                options["client_config"] = Config(
                    s3={"addressing_style": options.get("addressing_style") or "path"},
                    signature_version="s3v4",
                    request_checksum_calculation="when_required",
                    response_checksum_validation="when_required",
                    connect_timeout=options.pop("connect_timeout", 5),
                    read_timeout=options.pop("read_timeout", 30),
                    retries={"max_attempts": options.pop("max_attempts", 3), "mode": "standard"},
                )
            super().__init__(**options)

        def _create_session(self):
            session = super()._create_session()
            session.events.register("before-sign.s3.DeleteObjects", _add_content_md5)
            return session

        @property
        def client(self):
            return self.connection.meta.client

        def delete_many(self, names: list[str]) -> None:
            """Delete many objects in one request per thousand (S3 DeleteObjects)."""
            keys = [self._normalize_name(clean_name(n)) for n in names]
            for start in range(0, len(keys), 1000):
                chunk = keys[start : start + 1000]
                self.client.delete_objects(
                    Bucket=self.bucket_name, Delete={"Objects": [{"Key": k} for k in chunk], "Quiet": True}
                )

        def ensure_bucket(self) -> None:
            """Create the bucket if it does not exist (tests and first start)."""
            from botocore.exceptions import ClientError

            try:
                self.client.head_bucket(Bucket=self.bucket_name)
            except ClientError:
                kwargs = {"Bucket": self.bucket_name}
                if self.region_name and self.region_name != "us-east-1":
                    kwargs["CreateBucketConfiguration"] = {"LocationConstraint": self.region_name}
                self.client.create_bucket(**kwargs)

    return PrivateS3Storage


def __getattr__(name: str):
    # The backend class is built on first use, so importing this module needs no boto3.
    if name == "PrivateS3Storage":
        cls = _s3_storage_class()
        globals()[name] = cls
        return cls
    raise AttributeError(name)


def is_object_store(storage: Storage) -> bool:
    return hasattr(storage, "bucket_name") and hasattr(storage, "connection")


def reachable(storage: Storage | None = None) -> bool:
    """Whether the file store answers now (for readiness checks): the bucket, or the local directory."""
    from django.core.files.storage import default_storage

    storage = storage or default_storage
    try:
        if is_object_store(storage):
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
            return True
        storage.listdir("")
        return True
    except FileNotFoundError:
        return True  # a local directory not made yet: the first upload creates it
    except Exception as exc:
        if is_unavailable(exc):
            logger.warning("File store unreachable: %s", exc)
            return False
        logger.warning("File store refused the check: %s", exc)
        return False


# -- storing: nothing half-stored ---------------------------------------------------------------

# The objects stored during the current request: (storage, name, model, field name).
_uncommitted: contextvars.ContextVar[list | None] = contextvars.ContextVar("uncommitted_files", default=None)


def save_file(field: FieldFile, name: str, content, *, save: bool = False) -> str:
    """Store ``content`` under ``field`` (a model's FieldFile) and return the stored name.

    Raises ``StorageUnavailable`` when the store cannot be reached. Inside a request, an object
    that no row refers to when the request ends (its transaction rolled back) is removed.
    """
    try:
        field.save(name, content, save=save)
    except Exception as exc:
        if is_unavailable(exc):
            logger.warning("File store unavailable while saving %s: %s", name, exc)
            raise StorageUnavailable(str(exc)) from exc
        raise
    pending = _uncommitted.get()
    if pending is not None:
        pending.append((field.storage, field.name, type(field.instance), field.field.name))
    return field.name


def save_content(storage: Storage, name: str, content) -> str:
    """Store ``content`` under ``name`` in ``storage`` (a built file); ``StorageUnavailable`` if down."""
    try:
        stored = storage.save(name, content)
    except Exception as exc:
        if is_unavailable(exc):
            logger.warning("File store unavailable while saving %s: %s", name, exc)
            raise StorageUnavailable(str(exc)) from exc
        raise
    return stored


def _orphaned(model, field_name: str, name: str) -> bool:
    """Whether no row refers to a stored name (its transaction rolled back); on doubt, False."""
    try:
        return not model._default_manager.filter(**{field_name: name}).exists()
    except Exception:  # noqa: BLE001 - the database is unusable: keep the file rather than lose it
        logger.warning("Could not check whether %s is still referred to; kept", name)
        return False


def delete_quietly(storage: Storage, name: str) -> bool:
    """Delete one stored object; log and return False when the store cannot be reached."""
    if not name:
        return True
    try:
        storage.delete(name)
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        logger.warning("Could not delete %s from the file store: %s", name, exc)
        return False
    return True


def read_bytes(field: FieldFile) -> bytes:
    """The stored file's content; ``StorageUnavailable`` when the store cannot be reached."""
    try:
        with field.storage.open(field.name, "rb") as handle:
            return handle.read()
    except Exception as exc:
        if is_unavailable(exc) and not isinstance(exc, FileNotFoundError):
            raise StorageUnavailable(str(exc)) from exc
        raise


# -- serving: after the caller's scope check ----------------------------------------------------


def presigned_url(field: FieldFile, *, filename: str, content_type: str, expire: int | None = None) -> str | None:
    """A short-lived URL to download ``field`` directly from the object store (None on local disk).

    Call it only after the scope check: whoever holds the URL can download until it expires.
    """
    storage = field.storage
    if not is_object_store(storage):
        return None
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return storage.url(
        field.name,
        parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
        expire=expire or getattr(settings, "STORAGE_URL_EXPIRE", 60),
    )


def file_response(field: FieldFile, *, filename: str, content_type: str) -> HttpResponse:
    """The download of a stored file, for a caller that has checked the user's scope.

    Streamed through the app by default; a redirect to a presigned URL when
    ``STORAGE_DOWNLOADS=redirect`` and the files are on an object store.
    """
    if getattr(settings, "STORAGE_DOWNLOADS", "stream") == "redirect":
        url = presigned_url(field, filename=filename, content_type=content_type)
        if url:
            response = HttpResponseRedirect(url)
            response["Cache-Control"] = "private, no-store"
            return response
    try:
        handle = field.storage.open(field.name, "rb")
        size = field.storage.size(field.name)  # asks the store now: a failure is a 503, not a cut stream
    except FileNotFoundError:
        raise
    except Exception as exc:
        if is_unavailable(exc):
            raise StorageUnavailable(str(exc)) from exc
        raise
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Content-Length"] = str(size)
    return response


class StorageUnavailableMiddleware:
    """A file store that is down answers 503 with a clear message; nothing half-stored stays.

    Objects stored during the request that no row refers to when it ends (an upload whose second
    file failed, a transaction that rolled back after storing) are deleted then.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending: list = []
        token = _uncommitted.set(pending)
        try:
            return self.get_response(request)
        finally:
            _uncommitted.reset(token)
            for storage, name, model, field_name in pending:
                if _orphaned(model, field_name, name):
                    delete_quietly(storage, name)

    def process_exception(self, request, exc):
        if not isinstance(exc, StorageUnavailable):
            return None
        logger.error("File store unavailable: %s", exc)
        message = _(
            "The file store cannot be reached right now, so nothing was saved. "
            "Please try again in a few minutes; if it keeps happening, tell your administrator."
        )
        if request.path.startswith("/api/"):
            from django.http import JsonResponse

            response = JsonResponse({"detail": message}, status=503)
        else:
            response = render(request, "storage_unavailable.html", {"message": message}, status=503)
        response["Retry-After"] = "60"
        return response
