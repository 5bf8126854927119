"""Pages of the organisation: home, companies."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from . import access, selectors
from .choices import Role
from .context_processors import home_cards
from .filters import CompanyFilter
from .models import Company
from .pagination import CappedPaginator

PAGE_SIZE = 25
COUNT_CAP = 1000  # companies counted at most; past it the page says "more than"


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    from reporting.dashboard_views import home_panels

    context = {"office": request.user.office, "nav_cards": home_cards(request.user), **home_panels(request.user)}
    if request.user.role == Role.INSPECTOR and request.user.office_id:
        from reporting.dashboards import inspector_day

        context["day"] = inspector_day(inspector=request.user)
    return render(request, "inspectorate/home.html", context)


@require_GET
@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    filterset = CompanyFilter(
        request.GET,
        queryset_of=lambda: selectors.company_list(user=request.user),  # built only if a filter needs it
        districts=selectors.district_list(user=request.user),
    )
    filterset.show_options("district", selectors.all_districts, request.user)  # as district_list, prepared
    searched = filterset.searched_alone()
    if searched:  # a search by name or NIB alone: by prepared queries
        rows = selectors.CompanySearch(user=request.user, query=searched, cap=COUNT_CAP)
        paginator = CappedPaginator(rows, PAGE_SIZE, cap=COUNT_CAP)
    else:
        paginator = CappedPaginator(filterset.qs, PAGE_SIZE, cap=COUNT_CAP)
        if filterset.form.cleaned_data.get("q", "").strip() and not paginator.capped:
            paginator.object_list = selectors.sorted_from_matches(paginator.object_list)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inspectorate/company_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@require_GET
@login_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = access.get_prepared_for_user(Company, selectors.company_detail_queryset, request.user, pk)
    from accidents.selectors import company_accident_count
    from inspections.selectors import company_history
    from reporting.figures.checklists import company_scores
    from socialsecurity.selectors import company_bpjs
    from targeting.selectors import company_score

    history = company_history(user=request.user, company=company)
    scores = company_scores(user=request.user, company=company)
    risk = company_score(user=request.user, company=company)
    bpjs_flags, bpjs_snapshots = company_bpjs(user=request.user, company=company, page=request.GET.get("bpjs_page"))
    accidents = company_accident_count(user=request.user, company=company)
    return render(
        request,
        "inspectorate/company_detail.html",
        {"company": company, "company_history": history, "checklist_scores": scores, "risk": risk,
         "bpjs_flags": bpjs_flags, "bpjs_snapshots": bpjs_snapshots, "accident_count": accidents},
    )  # fmt: skip


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The navbar's search: straight to the object on an exact match, otherwise a list."""
    from .search import MIN_LENGTH, global_search

    results = global_search(user=request.user, query=request.GET.get("q", ""))
    if results.exact_url:
        return redirect(results.exact_url)
    return render(request, "inspectorate/search.html", {"results": results, "min_length": MIN_LENGTH})


@require_GET
@login_required
def company_search(request: HttpRequest) -> JsonResponse:
    """Companies of the user's office for the visit planner's search box (only what planning needs)."""
    rows = selectors.company_search(user=request.user, query=request.GET.get("q", ""))
    return JsonResponse(
        {"results": [{"id": c.pk, "label": company_label(c)} for c in rows]},
        headers={"Cache-Control": "private, no-store"},
    )


def company_label(company: Company) -> str:
    """How a company reads in a picker: name, NIB when known, district."""
    nib = f" · NIB {company.nib}" if company.nib else ""
    return f"{company.name}{nib} — {company.district.name}"


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: in production the static manifest exists only after collectstatic.
    return redirect(static("favicon.svg"), permanent=True)
