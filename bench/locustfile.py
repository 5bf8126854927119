"""Load test: inspectors, office heads and officials of the generated data set, logged in through the real form,
and anonymous visitors of the public transparency page.

Run with ``make loadtest`` (gunicorn on 127.0.0.1 against the bench database). Users log in as
generated accounts (password ``inspektorat-bench``); their usernames come from the
``BENCH_USERS`` file the Make target writes (one ``role username`` per line).
"""

import os
import random
import re
from datetime import date
from pathlib import Path

from locust import HttpUser, between, task

USERS_FILE = Path(os.environ.get("BENCH_USERS", "media/bench/users.txt"))
PASSWORD = os.environ.get("BENCH_PASSWORD", "inspektorat-bench")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NAMES = ["maju", "jaya abadi", "sentosa", "karya mandiri", "sinar", "nusantara", "prima"]


def _users() -> dict[str, list[str]]:
    users: dict[str, list[str]] = {}
    for line in USERS_FILE.read_text().splitlines():
        role, _, name = line.partition(" ")
        users.setdefault(role, []).append(name)
    return users


USERS = _users() if USERS_FILE.exists() else {}


class Staff(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 4)

    def on_start(self):
        username = random.choice(USERS[self.role])  # noqa: S311
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text)
        self.client.post(
            "/accounts/login/",
            {"login": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
        )

    def search(self):
        q = random.choice(NAMES)  # noqa: S311
        self.client.get(f"/companies/?q={q}", name="company search")


class Inspector(Staff):
    role = "inspector"
    weight = 6

    @task(5)
    def home(self):
        self.client.get("/", name="inspector home")

    @task(3)
    def my_complaints(self):
        self.client.get("/complaints/mine/", name="my complaints")

    @task(3)
    def today(self):
        self.client.get("/inspections/today/", name="visits today")

    @task(2)
    def companies(self):
        self.search()


class OfficeHead(Staff):
    role = "office_head"
    weight = 3

    @task(4)
    def queue(self):
        status = random.choice(["", "received", "screened", "in_progress"])  # noqa: S311
        self.client.get(f"/complaints/?status={status}", name="work queue")

    @task(2)
    def overdue(self):
        self.client.get("/complaints/?overdue=true", name="work queue overdue")

    @task(3)
    def dashboard(self):
        self.client.get("/reports/dashboard/", name="office dashboard")

    @task(2)
    def visits(self):
        self.client.get("/inspections/", name="visit list")

    @task(1)
    def companies(self):
        self.search()


class Official(Staff):
    role = "official"
    weight = 1

    @task(3)
    def dashboard(self):
        self.client.get("/reports/dashboard/", name="official dashboard")

    @task(1)
    def reports(self):
        self.client.get("/reports/", name="reports list")


class Public(HttpUser):
    """Anonymous visitors of the public transparency page (/transparansi/) and its open-data CSV."""

    weight = 2
    wait_time = between(1, 4)

    @task(5)
    def this_year(self):
        self.client.get("/transparansi/", name="public page")

    @task(2)
    def a_month(self):
        month = random.randint(1, 12)  # noqa: S311
        self.client.get(f"/transparansi/?tahun={date.today().year}&bulan={month}", name="public page month")

    @task(1)
    def open_data(self):
        self.client.get("/transparansi/data.csv", name="public CSV")
