"""Reference data: the legal provisions findings cite (kept by administrators)."""

from django.db import transaction

from ..models import LegalProvision

PROVISION_FIELDS = ("act", "article", "title", "category", "is_active")


@transaction.atomic
def provision_create(*, actor, via: str = "", **fields) -> LegalProvision:
    from inspectorate.services import reference_create

    return reference_create(LegalProvision, actor=actor, allowed=PROVISION_FIELDS, fields=fields, via=via)


@transaction.atomic
def provision_update(*, actor, provision: LegalProvision, via: str = "", **fields) -> LegalProvision:
    """Withdrawing a provision (``is_active=False``) keeps it on the findings that cite it."""
    from inspectorate.services import reference_update

    return reference_update(provision, actor=actor, allowed=PROVISION_FIELDS, fields=fields, via=via)
