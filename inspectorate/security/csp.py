"""The Content-Security-Policy header: django-csp's middleware, the settings' policy built once."""

import functools

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

# The attributes django-csp's decorators set on a response (a view's own policy, or none).
_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


@functools.cache
def _settings_policies() -> tuple[tuple[str, str, str], ...]:
    """(header, its settings' name, the policy as the settings give it), built on first use."""
    return (
        (HEADER, "CONTENT_SECURITY_POLICY", build_policy()),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", build_policy(report_only=True)),
    )


def _forget(*, setting, **kwargs):
    if setting in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        _settings_policies.cache_clear()


setting_changed.connect(_forget)


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware. A response under the settings' policy alone (no decorator of
    django-csp on its view, no nonce asked for) gets the headers django-csp writes for it, built
    once: building them took each request about 50 µs. Any other response is django-csp's own
    (tests/security/test_csp.py compares the two)."""

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or (settings.DEBUG and response.status_code in (404, 500))
            or any(hasattr(response, name) for name in _OWN_POLICY)
        ):
            return super().process_response(request, response)
        for header, setting, policy in _settings_policies():
            if not policy or header in response:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
