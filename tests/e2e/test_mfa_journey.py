"""An office head whose role requires two-factor authentication sets it up on a phone, in Indonesian.

The setup page draws a new secret each time it is shown, and as it opens the page's own scripts ask
for the bell's count and the service worker: were those sent to the setup page as well, the secret
of the QR code on the screen would be replaced at once and no code from the person's app would fit.
"""

import pytest
from allauth.mfa.models import Authenticator

from ..security.totp import fresh_totp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_office_head_sets_up_the_authenticator_app_on_a_phone(phone_page, bob, login, live_server, settings):
    settings.MFA_ENFORCE = True
    page = phone_page
    own_requests = []
    page.on(
        "response",
        lambda response: own_requests.append((response.url.split("?")[0], response.status))
        if "/notifications/bell/" in response.url or "/field/sw.js" in response.url
        else None,
    )
    login(page, bob)  # the login form, then every request of the page that follows it

    assert page.url == f"{live_server.url}/accounts/2fa/totp/activate/"
    assert page.get_by_role("alert").filter(has_text="Peran Anda mewajibkan autentikasi dua faktor.").is_visible()
    assert (f"{live_server.url}/notifications/bell/", 403) in own_requests  # asked, and refused
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", fresh_totp(secret))
    page.get_by_role("button", name="Aktifkan").click()
    page.wait_for_load_state("networkidle")

    assert page.url == f"{live_server.url}/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=bob, type=Authenticator.Type.TOTP).exists()
    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Selamat datang, Bob"
