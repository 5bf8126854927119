"""Every PDF the project writes goes through here: WeasyPrint locked to the project's own static files.

The reports, the Notas, the sanction letters, the checklists, the non-compliance reports and the
complainant's receipt are HTML rendered by our templates, laid out by WeasyPrint. Whatever text
users typed into them (escaped by the templates anyway), the fetcher is the second lock: it serves
only files found by Django's staticfiles finders (or collected under ``STATIC_ROOT``) below a base
address that is never resolved over the network, and, where a caller allows it, PNG and SVG images
given inline as base64 ``data:`` addresses. It refuses everything else — ``file://``,
``http(s)://``, other data, paths out of the static folders — so a PDF never reads a local file or
calls a URL.

WeasyPrint is imported only when a PDF is written (it takes about a second to import).
"""

from __future__ import annotations

import base64
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

STATIC_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
DATA_IMAGE_TYPES = {"image/png", "image/svg+xml"}


class FetchRefused(ValueError):
    """A PDF asked for a resource outside the project's own static files."""


def static_resource(url: str, static_base: str, *, data_images: bool = False) -> tuple[bytes, str]:
    """The bytes and media type a PDF may read at ``url``: a static file below ``static_base``.

    With ``data_images``, also a PNG or SVG image given inline in base64. Anything else raises
    :class:`FetchRefused`.
    """
    if static_base and url.startswith(static_base):
        relative = unquote(urlsplit(url).path)[len(urlsplit(static_base).path) :]
        normalized = posixpath.normpath(relative) if relative else ""
        suffix = Path(normalized).suffix.lower()
        if not normalized or normalized.startswith(("..", "/")) or suffix not in STATIC_TYPES:
            raise FetchRefused(f"refused static path {relative!r}")
        found = finders.find(normalized) or _collected(normalized)
        if not found:
            raise FetchRefused(f"no static file {relative!r}")
        return Path(found).read_bytes(), STATIC_TYPES[suffix]
    if data_images and url.startswith("data:"):
        header, _sep, payload = url[5:].partition(",")
        mime, *params = header.split(";")
        if mime in DATA_IMAGE_TYPES and "base64" in params:
            return base64.b64decode(payload, validate=True), mime
    raise FetchRefused(f"refused to fetch {url[:100]!r}: PDFs only use the project's own static files")


def _collected(relative: str) -> Path | None:
    """A file collected under STATIC_ROOT (a hashed name of the manifest storage), never outside it."""
    if not settings.STATIC_ROOT:
        return None
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / relative).resolve()
    return candidate if candidate.is_relative_to(root) and candidate.is_file() else None


def write_pdf(html: str, *, base_url: str, static_base: str, data_images: bool = False, finisher=None) -> bytes:
    """``html`` laid out as a PDF; relative addresses resolve under ``base_url``, files under ``static_base``."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            # Looked up at call time so tests can watch what is asked for.
            body, mime = static_resource(url, static_base, data_images=data_images)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    # Its parent's fetch (the network, files) is never called; were it called, it would allow no protocol.
    fetcher = StaticFilesFetcher(allowed_protocols=(), allow_redirects=False)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(finisher=finisher)
