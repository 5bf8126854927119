"""A person signs in on a phone, sees the home page in Indonesian, and switches to English."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_on_a_phone_in_indonesian_and_switches_to_english(phone_page, alice, login):
    page = phone_page
    login(page, alice)

    assert page.url.endswith("/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("heading", level=1).inner_text() == "Selamat datang, Alice"
    # The page fits a 360 px screen: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Alice"


def test_it_refuses_a_wrong_password_with_a_clear_message(page, alice, login):
    login(page, alice, secret="not-the-password")
    assert "/accounts/login/" in page.url
    assert page.get_by_text("Nama pengguna dan/atau kata sandi yang Anda masukkan tidak benar.").is_visible()
    assert page.get_by_test_id("user-menu").count() == 0
