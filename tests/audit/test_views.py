import pytest
from django.urls import reverse

from audit import services
from audit.choices import Action, Outcome
from audit.models import AuditEntry

URL = reverse("audit:auditentry_list")


def test_it_sends_anonymous_visitors_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("actor", ["alice", "bob", "erin", "grace"])
def test_it_is_a_404_for_everyone_but_admins(client_for, request, actor):
    user = request.getfixturevalue(actor)
    assert client_for(user).get(URL).status_code == 404


def test_it_refuses_post(client_for, root):
    assert client_for(root).post(URL).status_code == 405


def test_it_lists_entries_and_records_the_read(client_for, root, alice):
    services.record(action=Action.LOGIN_FAILED, actor=alice, obj=alice, outcome=Outcome.FAILURE)
    client = client_for(root)

    response = client.get(URL, {"action": "login_failed"})

    assert response.status_code == 200
    assert list(response.context["page"]) == list(AuditEntry.objects.filter(action=Action.LOGIN_FAILED))
    assert b"alice" in response.content
    read = AuditEntry.objects.filter(action=Action.AUDIT_READ).get()
    assert read.actor == root
    assert read.extra == {"filters": {"action": "login_failed"}, "page": 1}
    assert read.request_id == response["X-Request-ID"]


def test_it_filters_by_outcome_user_and_date(client_for, root, alice, bob):
    services.record(action=Action.LOGIN, actor=alice)
    services.record(action=Action.LOGIN, actor=bob, outcome=Outcome.DENIED)
    client = client_for(root)

    page = client.get(URL, {"outcome": "denied"}).context["page"]
    assert [e.actor_username for e in page] == ["bob"]
    page = client.get(URL, {"actor": "ALICE", "action": "login"}).context["page"]
    assert [e.actor_username for e in page] == ["alice"]
    page = client.get(URL, {"date_after": "2000-01-01", "date_before": "2000-01-02"}).context["page"]
    assert list(page) == []


def test_it_paginates_with_a_fixed_number_of_queries(client_for, root, django_assert_max_num_queries):
    for _ in range(60):
        services.record(action=Action.EXPORT)
    client = client_for(root)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert len(response.context["page"]) == 50
    assert response.context["page"].paginator.num_pages == 2
    assert client.get(URL, {"page": 2}).status_code == 200


def test_the_admin_is_read_only(client_for, root):
    entry = services.record(action=Action.EXPORT)
    client = client_for(root)

    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEntry.objects.filter(action=Action.AUDIT_READ, actor=root).count() == 2


@pytest.mark.parametrize(
    ("language", "staff", "fields"), [("id", "Pegawai", "UPTD, peran"), ("en", "Staff member", "office, role")]
)
def test_it_names_objects_and_fields_as_people_read_them(client_for, root, alice, language, staff, fields, settings):
    services.record(action=Action.UPDATE, actor=root, obj=alice, fields=["role", "office"])
    services.record(action=Action.EXPORT, actor=root, object_type="dashboard", fields=["no_such_field"])
    client = client_for(root)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(URL).content.decode()
    assert f'<span title="inspectorate.staff">{staff}</span> #{alice.pk}' in html
    assert f"<td>{fields}</td>" in html
    # A type that is not a model, and a field it does not have, stay as recorded.
    assert '<span title="dashboard">dashboard</span>' in html and "<td>no_such_field</td>" in html


def test_it_names_related_rows_and_keeps_a_name_s_capitals(client_for, root, alice, settings):
    from accidents.models import Accident

    services.record(action=Action.CREATE, actor=root, object_type="accidents.accident", object_id=7, fields=["injured"])
    client = client_for(root)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(URL).content.decode()
    plural = str(Accident._meta.get_field("injured").related_model._meta.verbose_name_plural)
    assert f"<td>{plural}</td>" in html and "<td>injured</td>" not in html
    # A model's name keeps its capitals: "BPJS import", not "Bpjs import".
    services.record(action=Action.CREATE, actor=root, object_type="socialsecurity.bpjsimport", object_id=3)
    assert '<span title="socialsecurity.bpjsimport">BPJS import</span> #3' in client.get(URL).content.decode()
