"""Demo data: every demo office's risk scores, one district assignment per inspector, a draft plan for next month."""

import datetime as dt
import random

from inspectorate.choices import Role
from inspectorate.models import Office, Staff

from . import services
from .models import Assignment, Plan


def seed(*, rng: random.Random, now: dt.datetime, stdout) -> None:
    if Plan.objects.exists():
        stdout.write("targeting: already seeded, nothing to do")
        return
    scored = services.scores_recompute()
    plans = 0
    for office in Office.objects.order_by("pk"):
        districts = list(office.districts.order_by("pk"))
        inspectors = list(Staff.objects.filter(office=office, role=Role.INSPECTOR, is_active=True).order_by("pk"))
        for n, inspector in enumerate(inspectors):
            if districts:
                Assignment.objects.get_or_create(inspector=inspector, district=districts[n % len(districts)])
        head = Staff.objects.filter(office=office, role=Role.OFFICE_HEAD, is_active=True).order_by("pk").first()
        if head is None or not inspectors:
            continue
        services.plan_generate(actor=head, office=office, seed=rng.randrange(2**31))
        plans += 1
    stdout.write(f"targeting: {scored} company scores, {plans} draft plan(s) for next month")
