import datetime as dt

from django.utils import timezone

from inspections import services
from inspections.models import LegalProvision


def provision(act="UU 24/2011", article="ps. 15"):
    return LegalProvision.objects.get(act=act, article=article)


def started(visit, actor):
    return services.inspection_start(inspection=visit, actor=actor)


def add_finding(visit, actor, description="Pekerja tidak didaftarkan BPJS", **extra):
    values = {
        "category": "social_security",
        "provision": provision(),
        "description": description,
        "severity": "high",
        "corrective_action": "Daftarkan pekerja",
        "deadline": timezone.localdate() + dt.timedelta(days=14),
    }
    values.update(extra)
    return services.finding_add(inspection=visit, actor=actor, **values)


def reported(visit, actor, findings=1):
    started(visit, actor)
    made = [add_finding(visit, actor, description=f"Temuan nomor {i + 1}") for i in range(findings)]
    services.inspection_update(inspection=visit, actor=actor, summary="Pemeriksaan selesai")
    services.inspection_report(inspection=visit, actor=actor)
    visit.refresh_from_db()
    return made
