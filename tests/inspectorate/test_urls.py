"""The root URLconf tries the API's addresses first (inspectorate/urls.py): no other pattern takes
an address under api/v1/, so the order decides nothing but how soon an API request is resolved."""

from django.urls import Resolver404, get_resolver, resolve, reverse

from inspectorate.api.urls import router
from inspectorate.api.urls import urlpatterns as api_patterns


def _api_addresses() -> list[str]:
    addresses = []
    for prefix, _viewset, _basename in router.registry:
        addresses += [f"/api/v1/{prefix}/", f"/api/v1/{prefix}/1/", f"/api/v1/{prefix}.json"]
    for pattern in api_patterns:
        name = getattr(pattern, "name", None)
        if name:
            addresses.append(reverse(f"api:{name}", kwargs={"pk": 1} if "<int:pk>" in str(pattern.pattern) else {}))
    return addresses


def _taken_by(pattern, address: str):
    try:
        return pattern.resolve(address)
    except Resolver404:
        return None


def test_every_api_address_is_the_api_s_and_no_other_pattern_s():
    top = get_resolver().url_patterns
    assert str(top[0].pattern) == "api/v1/"
    addresses = _api_addresses()
    assert len(addresses) > 100
    for address in addresses:
        try:
            assert resolve(address).namespace == "api", address
        except Resolver404:  # a viewset without that route (no detail, say): nobody's
            pass
        for pattern in top[1:]:  # a pattern answers None, an include raises Resolver404
            assert _taken_by(pattern, address.lstrip("/")) is None, (address, str(pattern.pattern))


def test_the_pages_resolve_as_before():
    for address, view_name in (
        ("/", "home"),
        ("/companies/", "inspectorate:company_list"),
        ("/complaints/12/", "complaints:complaint_detail"),
        ("/notifications/bell/", "notifications:notification_bell"),
        ("/api/schema/", "api_schema"),
        ("/api/docs/", "api_docs"),
    ):
        assert resolve(address).view_name == view_name
