"""The API's content negotiation: DRF's, its choice kept per request shape."""

from rest_framework.negotiation import DefaultContentNegotiation

from inspectorate.kept import Kept


class KeptContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, its answer kept for each ``Accept`` header, format asked for and list of
    renderers.

    DRF parses the ``Accept`` header and matches its media types against every renderer on each
    request (about 0.1 ms); the answer depends on nothing else. A request DRF refuses (no renderer
    acceptable, an unknown format) is refused by DRF every time, never kept.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        format_ = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        shape = tuple((type(renderer), renderer.media_type, renderer.format) for renderer in renderers)
        key = (shape, format_, request.META.get("HTTP_ACCEPT", "*/*"))
        chosen = _CHOSEN.get(key)
        if chosen is None:
            renderer, media_type = super().select_renderer(request, renderers, format_suffix)
            chosen = _CHOSEN.written(
                key, lambda: (next(i for i, r in enumerate(renderers) if r is renderer), media_type)
            )
        position, media_type = chosen
        return renderers[position], media_type


_CHOSEN = Kept(limit=512)  # (renderers, format, Accept) -> (the chosen renderer's position, media type)
