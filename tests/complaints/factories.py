"""Factories for complaints; complaints built here go through the intake service, like real ones."""

from datetime import timedelta

from django.utils import timezone

from complaints import services
from complaints.choices import Channel
from complaints.models import Category


def make_complaint(
    *,
    company=None,
    district=None,
    name="",
    categories=("wages",),
    anonymous=False,
    received_days_ago=0,
    description="Upah bulan lalu belum dibayar sampai sekarang oleh perusahaan.",
    **extra,
):
    kwargs = {
        "channel": Channel.ONLINE,
        "description": description,
        "categories": list(Category.objects.filter(code__in=categories)),
        "company": company,
        "district": district if district is not None else (company.district if company else None),
        "reported_company_name": name,
        "is_anonymous": anonymous,
        "complainant_name": "" if anonymous else "Canary-Name-7731",
        "complainant_contact": "" if anonymous else "canary-contact-0812999",
        "complainant_id_number": "" if anonymous else "3275019901019999",
        "received_at": timezone.now() - timedelta(days=received_days_ago),
    }
    kwargs.update(extra)
    return services.complaint_create(**kwargs)
