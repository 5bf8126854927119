import io
import random

import pytest
from django.utils import timezone

from deadlines import demo as deadlines_demo
from deadlines.models import Clock, NoticeDraft
from inspections import demo
from inspections.choices import NoticeStatus
from inspections.models import Notice
from tests.inspections.test_demo import ks1  # noqa: F401 (the demo office fixture)

from .rules import ensure_rules

pytestmark = pytest.mark.django_db


def test_the_demo_notices_get_their_clocks_and_drafts(ks1):  # noqa: F811
    ensure_rules()
    now = timezone.now()
    demo.seed(rng=random.Random(7), now=now, stdout=io.StringIO())
    out = io.StringIO()
    deadlines_demo.seed(rng=None, now=now, stdout=out)
    issued = Notice.objects.filter(status=NoticeStatus.ISSUED)
    assert Clock.objects.filter(notice__in=issued).count() == issued.count()
    assert Clock.objects.filter(complaint__isnull=False).exists()
    for draft in NoticeDraft.objects.all():
        assert draft.findings.exists() and draft.previous.compliance_deadline < now.date()
    deadlines_demo.seed(rng=None, now=now, stdout=out)
    assert "already seeded" in out.getvalue()
