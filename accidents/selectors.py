"""Reads of accidents for other apps' pages, scoped through access.py."""

from inspectorate import access
from inspectorate.models import Company

from .models import Accident


def company_accident_count(*, user, company: Company) -> int:
    """How many accidents of ``company`` the user may see (one query)."""
    return access.restrict(Accident.objects.filter(company=company), user).count()
