"""The Indonesian civil-servant number (NIP): 18 digits that carry their own structure.

``YYYYMMDD`` birth date, ``YYYYMM`` appointment month, one digit for sex (1 man, 2 woman)
and a three-digit sequence (001-999).
"""

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_nip(value: str) -> None:
    if not (len(value) == 18 and value.isdigit()):
        raise ValidationError(_("A NIP has 18 digits."), code="nip_length")
    try:
        dt.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
        dt.date(int(value[8:12]), int(value[12:14]), 1)
    except ValueError:
        raise ValidationError(
            _("A NIP starts with a birth date (YYYYMMDD) and an appointment month (YYYYMM)."), code="nip_dates"
        ) from None
    if value[14] not in "12" or value[15:] == "000":
        raise ValidationError(
            _("A NIP ends with the sex digit (1 or 2) and a sequence number from 001."), code="nip_tail"
        )


def make_nip(rng: random.Random, used: set[str]) -> str:
    """A well-formed NIP not in ``used`` (which it joins), for demo and generated data."""
    while True:
        born = dt.date(rng.randint(1965, 1999), rng.randint(1, 12), rng.randint(1, 28))
        appointed = min(born.year + rng.randint(22, 32), 2025)
        nip = f"{born:%Y%m%d}{appointed}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
        if nip not in used:
            used.add(nip)
            return nip
