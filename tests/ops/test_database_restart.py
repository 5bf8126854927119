"""PostgreSQL restarted under load: requests fail cleanly with the 503 page while it is down and
succeed after; every complaint sent is stored exactly once (the form's submission token makes a
retry after a 503 safe).

Runs its own throwaway PostgreSQL cluster (initdb in a temporary directory, its own port) and
its own gunicorn: the machine's shared cluster is never restarted.
"""

import os
import re
import sys
import threading
import time

import pytest

from tests.conftest import require_service

from .faults import BASE_DIR, PostgresCluster, Proc, free_port, pg_bin, wait_for

pytestmark = pytest.mark.services
CLIENTS, EACH = 4, 5


def manage(*args, env):
    import subprocess

    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if pg_bin() is None:
        require_service("PostgreSQL server binaries (initdb, pg_ctl)")
    import psycopg2

    tmp = tmp_path_factory.mktemp("restart")
    cluster = PostgresCluster()
    server = None
    try:
        cluster.init()
        admin = psycopg2.connect(cluster.url("postgres"))
        admin.autocommit = True
        admin.cursor().execute("CREATE DATABASE insp")
        admin.close()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "inspectorate.settings.test",
            "DATABASE_URL": cluster.url("insp"),
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
            "RATE_LIMIT_COMPLAINT_SUBMIT": "100000/h",
            "CELERY_BROKER_URL": "",
        }
        migrated = manage("migrate", "--noinput", "-v", "0", env=env)
        assert migrated.returncode == 0, migrated.stderr
        seeded = manage(
            "shell",
            "-v",
            "0",
            "-c",
            "from inspectorate.models import Region, Office, District\n"
            "r = Region.objects.create(code='32', name='Jawa Barat')\n"
            "o = Office.objects.create(code='JB-1', name='UPTD I', region=r, time_zone='Asia/Jakarta')\n"
            "d = District.objects.create(code='3275', name='Kota Bekasi', office=o, region=r)\n"
            "from complaints.models import Category\n"
            "print(d.pk, Category.objects.get(code='wages').pk)",
            env=env,
        )
        assert seeded.returncode == 0, seeded.stderr
        district, wages = seeded.stdout.split()
        port = free_port()
        server = Proc(
            [sys.executable, "-m", "gunicorn", "inspectorate.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "3"],
            env=env,
            log=tmp / "gunicorn.log",
        )
        base = f"http://127.0.0.1:{port}"
        import requests

        def up():
            try:
                return requests.get(f"{base}/healthz", timeout=5).status_code == 200
            except requests.RequestException:  # not listening yet, or its workers still booting
                return False

        assert wait_for(up, 120), server.text()[-3000:]
        yield {"base": base, "cluster": cluster, "district": district, "wages": wages, "server": server}
    finally:
        if server is not None:
            server.stop()
        cluster.destroy()


def submit_complaints(site, n, outcome):
    """A person sending complaints; on a 503 they press "send" again (the same form, same token)."""
    import requests

    for i in range(n):
        session = requests.Session()
        deadline = time.monotonic() + 120
        while True:
            assert time.monotonic() < deadline, "gave up"
            page = session.get(f"{site['base']}/lapor/", timeout=30)
            outcome["statuses"].append(page.status_code)
            if page.status_code == 200:
                break
            time.sleep(0.2)
        token = re.search(r'name="submission_token" value="([^"]+)"', page.text)[1]
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        data = {
            "csrfmiddlewaretoken": csrf,
            "submission_token": token,
            "company_name": f"PT Uji {i}",
            "district": site["district"],
            "categories": [site["wages"]],
            "description": "Upah belum dibayar selama dua bulan.",
            "workers_affected": "3",
            "is_anonymous": "on",
        }
        while True:
            assert time.monotonic() < deadline, "gave up"
            sent = session.post(f"{site['base']}/lapor/", data=data, allow_redirects=False, timeout=30)
            outcome["statuses"].append(sent.status_code)
            if sent.status_code == 503:
                outcome["unavailable"].append(sent)
                time.sleep(0.2)
                continue
            assert sent.status_code in (200, 302), sent.text[:2000]
            outcome["tokens"].append(token)
            break


def test_requests_get_the_503_page_while_postgresql_restarts_and_nothing_is_lost_or_doubled(site):
    import psycopg2
    import requests

    outcome = {"statuses": [], "unavailable": [], "tokens": []}
    errors = []

    def client():
        try:
            submit_complaints(site, EACH, outcome)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    site["cluster"].stop("fast")
    time.sleep(1.0)
    down_ready = requests.get(f"{site['base']}/readyz", timeout=10)
    down_page = requests.get(f"{site['base']}/lapor/", timeout=10)
    time.sleep(2.0)
    site["cluster"].start()
    for t in threads:
        t.join(timeout=180)
    assert not errors, errors

    # While it was down: the readiness probe said so, pages answered 503 with the page and Retry-After.
    assert down_ready.status_code == 503 and down_ready.json()["checks"]["database"] == "OperationalError"
    assert down_page.status_code == 503
    assert "Layanan tidak tersedia" in down_page.text and down_page.headers["Retry-After"] == "30"
    assert set(outcome["statuses"]) <= {200, 302, 503}, sorted(set(outcome["statuses"]))
    assert 500 not in outcome["statuses"]
    # After: ready again, and every complaint sent is stored once.
    assert requests.get(f"{site['base']}/readyz", timeout=10).status_code == 200
    assert len(outcome["tokens"]) == CLIENTS * EACH
    conn = psycopg2.connect(site["cluster"].url("insp"))
    with conn.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT submission_token) FROM complaints_complaint")
        assert cursor.fetchone() == (CLIENTS * EACH, CLIENTS * EACH)
        cursor.execute(
            "SELECT count(*) FROM complaints_complaint WHERE submission_token = ANY(%s)", [outcome["tokens"]]
        )
        assert cursor.fetchone() == (CLIENTS * EACH,)
    conn.close()
