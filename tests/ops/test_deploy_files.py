"""deploy/ stays true to the code: every variable of the environment files is documented and read
by the project, the units start what exists, gunicorn's config loads."""

import re
import runpy
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
DEPLOY = BASE_DIR / "deploy"
ENV_FILES = ["inspectorate.env.example", "migrate.env.example"]
# Read by systemd units or gunicorn.conf.py rather than by Django.
READ_BY_DEPLOY = {"CELERY_CONCURRENCY", "GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT"}


def project_source() -> str:
    files = [BASE_DIR / "manage.py", *sorted((BASE_DIR / "inspectorate" / "settings").glob("*.py"))]
    return "\n".join(p.read_text() for p in files)


@pytest.mark.parametrize("name", ENV_FILES)
def test_every_line_is_documented_and_read(name):
    lines = (DEPLOY / name).read_text().splitlines()
    source = project_source() + (DEPLOY / "gunicorn.conf.py").read_text()
    assignments = 0
    for number, line in enumerate(lines):
        match = re.match(r"^([A-Z][A-Z0-9_]*)=", line)
        if not match:
            continue
        assignments += 1
        assert lines[number - 1].startswith("#"), f"{name}: {match[1]} has no comment line above it"
        var = match[1]
        if var == "DJANGO_SETTINGS_MODULE":
            continue
        assert var in READ_BY_DEPLOY or f'"{var}"' in source, f"{name}: nothing reads {var}"
    assert assignments >= 1


def test_the_units_run_the_project_commands():
    units = {p.name: p.read_text() for p in (DEPLOY / "systemd").glob("*.service")}
    assert set(units) == {
        "inspectorate-web.service",
        "inspectorate-worker.service",
        "inspectorate-beat.service",
        "inspectorate-migrate.service",
    }
    assert "gunicorn inspectorate.wsgi:application -c deploy/gunicorn.conf.py" in units["inspectorate-web.service"]
    assert "celery -A inspectorate worker" in units["inspectorate-worker.service"]
    assert "celery -A inspectorate beat" in units["inspectorate-beat.service"]
    assert "manage.py migrate --noinput" in units["inspectorate-migrate.service"]
    for text in units.values():
        assert "EnvironmentFile=/etc/inspectorate/inspectorate.env" in text
        assert "User=inspectorate" in text


def test_the_gunicorn_config_loads():
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["bind"] == "127.0.0.1:8000" and config["workers"] >= 1 and callable(config["child_exit"])


def test_nginx_limits_match_the_app():
    site = (DEPLOY / "nginx" / "inspectorate.conf").read_text()
    assert "client_max_body_size 25m;" in site  # above the 20 MB import limit of inspectorate/services.py
    from inspectorate.services import IMPORT_MAX_BYTES

    assert IMPORT_MAX_BYTES < 25 * 1024 * 1024
    assert "proxy_set_header X-Request-ID $request_id;" in site
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in site
