"""The company's address opens in a map app from the company page and the visit page."""

import pytest
from django.urls import reverse

from tests.inspections.factories import InspectionFactory

pytestmark = pytest.mark.django_db

EXPECTED = "https://www.google.com/maps/search/?api=1&amp;query=Jl.+Raya+Industri+No.+5+%26+7%2C+Kota+Bekasi"


def test_it_links_the_company_address_to_a_map(client_for, company_a, alice):
    company_a.address = "Jl. Raya Industri No. 5 & 7"
    company_a.save()
    visit = InspectionFactory(company=company_a, lead_inspector=alice)
    client = client_for(alice)
    for url in (
        reverse("inspectorate:company_detail", args=[company_a.pk]),
        reverse("inspections:inspection_detail", args=[visit.pk]),
    ):
        html = client.get(url).content.decode()
        assert f'href="{EXPECTED}"' in html, url
        assert 'rel="noopener noreferrer"' in html


def test_it_offers_no_map_without_an_address(client_for, company_a, alice):
    company_a.address = ""
    company_a.save()
    html = client_for(alice).get(reverse("inspectorate:company_detail", args=[company_a.pk])).content.decode()
    assert 'data-testid="maps-link"' not in html
