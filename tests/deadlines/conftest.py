import datetime as dt

import pytest

from deadlines import services
from deadlines.choices import DeliveryMethod
from inspections import services as inspection_services
from tests.inspections.factories import InspectionFactory
from tests.inspections.helpers import reported
from tests.inspections.provisions import ensure_provisions

from .rules import ensure_rules

ISSUED = dt.date(2026, 3, 2)
RECEIVED = dt.date(2026, 3, 5)
EXPIRED_AT = dt.datetime(2026, 3, 19, 16, 1, tzinfo=dt.UTC)  # after the end of 19 March in Asia/Makassar


def expired_nota(*, company, lead, head, findings=2, delivered=True):
    """A Nota I of a Makassar office, delivered 3 days after issue, 14 days, expired with findings open."""
    ensure_rules()
    ensure_provisions()  # both are migration data a transactional test may have flushed
    office = company.district.office
    if office.time_zone != "Asia/Makassar":
        office.time_zone = "Asia/Makassar"
        office.save(update_fields=["time_zone"])
    visit = InspectionFactory(company=company, lead_inspector=lead)
    made = reported(visit, lead, findings=findings)
    notice = inspection_services.notice_issue_first(
        inspection=visit, actor=head, findings=made, compliance_deadline=ISSUED + dt.timedelta(days=14),
        issued_on=ISSUED,
    )  # fmt: skip
    if delivered:
        services.notice_record_delivery(
            notice=notice, actor=lead, method=DeliveryMethod.HAND, received_on=RECEIVED, recipient_name="Budi"
        )
    services.office_scan(office_id=office.pk, now=EXPIRED_AT)
    return notice


@pytest.fixture
def nota_a(company_a, alice, bob):
    return expired_nota(company=company_a, lead=alice, head=bob)


@pytest.fixture
def nota_b(company_b, charlie, dave):
    return expired_nota(company=company_b, lead=charlie, head=dave)
