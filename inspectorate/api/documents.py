"""Documents over the API (a Nota, a BPJS sanction letter): answered as they are, errors as JSON."""

import json

from rest_framework import renderers


class _DocumentRenderer(renderers.BaseRenderer):
    """Lets a client ask for the document's type; the document itself is answered as it is,
    and an error (404, 403) as JSON."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data).encode()


class PDFRenderer(_DocumentRenderer):
    media_type = "application/pdf"
    format = "pdf"


class HTMLDocumentRenderer(_DocumentRenderer):
    media_type = "text/html"
    format = "html"


# An action answering a document: JSON for its errors, the document's own type otherwise.
PDF_RENDERERS = [renderers.JSONRenderer, PDFRenderer]
HTML_RENDERERS = [renderers.JSONRenderer, HTMLDocumentRenderer]
