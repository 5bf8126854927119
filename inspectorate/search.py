"""The navbar's search: a complaint reference, a visit or Nota number, a company name or NIB.

Every queryset goes through :func:`access.restrict`, so an object outside the user's scope is
never found, exactly like one that does not exist. An exact match on a reference, number, NIB
or company name goes straight to the object; anything else gives a short list per kind.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse

from complaints.models import Complaint
from inspections.models import Inspection, Notice

from . import access
from .models import Company

MIN_LENGTH = 2
MAX_LENGTH = 100
PER_KIND = 20


@dataclass
class SearchResults:
    """What the search found, per kind, and the one object to go to when the match is exact."""

    query: str
    complaints: list = field(default_factory=list)
    inspections: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    companies: list = field(default_factory=list)
    exact_url: str | None = None

    @property
    def count(self) -> int:
        return len(self.complaints) + len(self.inspections) + len(self.notices) + len(self.companies)


def clean_query(raw: str) -> str:
    return " ".join(raw.replace("\x00", "").split())[:MAX_LENGTH]


def _exact_url(*, user, query: str) -> str | None:
    """The page of the single object whose identifier is exactly ``query``, if there is one."""
    candidates = [
        (Complaint, Q(reference__iexact=query), "complaints:complaint_detail"),
        (Inspection, Q(reference__iexact=query), "inspections:inspection_detail"),
        (Notice, Q(number__iexact=query), "inspections:notice_detail"),
        (Company, Q(nib=query) if query.isdigit() else Q(name__iexact=query), "inspectorate:company_detail"),
    ]
    found = []
    for model, q, url_name in candidates:
        pks = list(access.restrict(model.objects.filter(q), user).values_list("pk", flat=True)[:2])
        found += [(url_name, pk) for pk in pks]
        if len(found) > 1:
            return None
    return reverse(found[0][0], args=[found[0][1]]) if found else None


def global_search(*, user, query: str) -> SearchResults:
    query = clean_query(query)
    results = SearchResults(query=query)
    if len(query) < MIN_LENGTH:
        return results
    results.exact_url = _exact_url(user=user, query=query)
    if results.exact_url:
        return results
    results.complaints = list(
        access.restrict(Complaint.objects.select_related("office"), user)
        .filter(Q(reference__icontains=query) | Q(company_name__icontains=query))
        .order_by("-received_at", "-pk")[:PER_KIND]
    )
    results.inspections = list(
        access.restrict(Inspection.objects.select_related("company", "office"), user)
        .filter(Q(reference__icontains=query) | Q(company__name__icontains=query))
        .order_by("-planned_date", "-pk")[:PER_KIND]
    )
    results.notices = list(
        access.restrict(Notice.objects.select_related("company", "office"), user)
        .filter(Q(number__icontains=query) | Q(company__name__icontains=query))
        .order_by("-issued_on", "-pk")[:PER_KIND]
    )
    company_q = Q(name__icontains=query)
    if query.isdigit():
        company_q |= Q(nib__startswith=query)
    results.companies = list(
        access.restrict(Company.objects.select_related("district"), user)
        .filter(company_q)
        .order_by("name", "pk")[:PER_KIND]
    )
    return results
