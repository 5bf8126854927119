"""Where uploaded and built files live: the ``default`` entry of STORAGES, from the environment.

Read by the settings modules only (no Django imports here). Three ways, first match wins:

- ``STORAGE_URL=s3://KEY:SECRET@host:port/bucket[/prefix]?addressing=path&region=…&secure=1``
  (``s3+https://`` is the same with TLS; the key and secret are percent-encoded, so Swift's
  ``test:tester`` is written ``test%3Atester``);
- ``STORAGE_URL=file:///srv/inspectorate/media`` (one host only: the local directory);
- the ``AWS_*`` variables of django-storages: ``AWS_STORAGE_BUCKET_NAME`` (required),
  ``AWS_S3_ENDPOINT_URL``, ``AWS_S3_ADDRESSING_STYLE`` (``path`` or ``virtual``),
  ``AWS_S3_REGION_NAME``, ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_LOCATION``;
- nothing: the local directory MEDIA_ROOT (the demo and the tests).

Objects are always private (no public ACL, no public URL); the app streams them after its
access checks, or redirects to a presigned URL valid ``STORAGE_URL_EXPIRE`` seconds.
"""

from urllib.parse import parse_qs, unquote, urlsplit

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "inspectorate.storage.PrivateS3Storage"
TRUE = {"1", "true", "yes", "on"}


class StorageConfigError(ValueError):
    """STORAGE_URL or the AWS_* variables cannot be understood."""


def _first(query: dict, key: str, default: str = "") -> str:
    return query.get(key, [default])[0]


def from_url(url: str) -> dict:
    """The STORAGES entry described by a STORAGE_URL."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        location = unquote(parts.path)
        if not location.startswith("/"):
            raise StorageConfigError("STORAGE_URL file:// needs an absolute path, e.g. file:///srv/inspectorate/media")
        return {**LOCAL, "OPTIONS": {"location": location}}
    if parts.scheme not in {"s3", "s3+http", "s3+https"}:
        raise StorageConfigError(f"STORAGE_URL: unknown scheme {parts.scheme!r} (use s3://, s3+https:// or file://)")
    query = parse_qs(parts.query)
    path = unquote(parts.path).strip("/")
    bucket, _, prefix = path.partition("/")
    if not bucket:
        raise StorageConfigError("STORAGE_URL names no bucket, e.g. s3://key:secret@host:9000/bucket")
    secure = parts.scheme == "s3+https" or _first(query, "secure", "0").lower() in TRUE
    options = {
        "bucket_name": bucket,
        "location": prefix,
        "access_key": unquote(parts.username or "") or None,
        "secret_key": unquote(parts.password or "") or None,
        "region_name": _first(query, "region") or None,
        "addressing_style": _first(query, "addressing", "path"),
    }
    if parts.hostname:
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        options["endpoint_url"] = f"{'https' if secure else 'http'}://{host}" + (f":{parts.port}" if parts.port else "")
    if options["addressing_style"] not in {"path", "virtual", "auto"}:
        raise StorageConfigError("STORAGE_URL: addressing must be path, virtual or auto")
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def from_aws(environ) -> dict:
    """The STORAGES entry described by django-storages' AWS_* variables."""
    get = environ.get
    options = {
        "bucket_name": get("AWS_STORAGE_BUCKET_NAME"),
        "location": get("AWS_LOCATION", ""),
        "access_key": get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": get("AWS_SECRET_ACCESS_KEY") or None,
        "region_name": get("AWS_S3_REGION_NAME") or None,
        "addressing_style": get("AWS_S3_ADDRESSING_STYLE", "path"),
    }
    if get("AWS_S3_ENDPOINT_URL"):
        options["endpoint_url"] = get("AWS_S3_ENDPOINT_URL")
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def default_storage(environ) -> dict:
    """STORAGES["default"] for this environment (see the module's docstring)."""
    url = (environ.get("STORAGE_URL") or "").strip()
    if url:
        return from_url(url)
    if (environ.get("AWS_STORAGE_BUCKET_NAME") or "").strip():
        return from_aws(environ)
    return dict(LOCAL)


def is_shared(entry: dict) -> bool:
    """Whether every host sees the same files (an object store), not this machine's disk."""
    return entry["BACKEND"] == S3_BACKEND
