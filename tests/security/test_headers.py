import re

from django.urls import reverse


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in (p.strip() for p in policy.split(";")) if part}


def test_it_sends_a_strict_content_security_policy(client, db):
    response = client.get(reverse("account_login"))
    assert _directives(response) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "frame-ancestors": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }


def test_it_sends_the_other_security_headers(client, db):
    response = client.get(reverse("account_login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    assert "microphone=()" in policy
    assert "camera=(self)" in policy
    assert "Server" not in response


def test_the_api_docs_work_without_inline_script(client_for, alice):
    client = client_for(alice)
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> would be blocked by the CSP"
    assert "<style" not in html
    script_url = re.search(r'<script src="([^"]*\?script[^"]*)"', html).group(1).replace("&amp;", "&")
    script = client.get(script_url)
    assert script.status_code == 200
    assert "javascript" in script["Content-Type"]
    assert b"SwaggerUIBundle" in script.content


def test_the_login_redirect_stays_on_this_site(client, alice, password):
    for target in ["https://evil.example/", "//evil.example/", "https:evil.example"]:
        client.post(reverse("account_logout"))
        response = client.post(reverse("account_login"), {"login": "alice", "password": password, "next": target})
        assert response.status_code == 302
        assert response["Location"] == reverse("home"), target


def test_the_login_redirect_follows_a_local_next(client, alice, password):
    target = reverse("inspectorate:company_list")
    response = client.post(reverse("account_login"), {"login": "alice", "password": password, "next": target})
    assert response["Location"] == target
