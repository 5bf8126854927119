"""The complainant's phone and e-mail: checked and written one way by the pages, the API and the services."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

PHONE_MESSAGE = _("Enter a phone number such as 0812-3456-7890 or +62 812 3456 7890.")
EMAIL_MESSAGE = _("Enter a valid e-mail address, such as nama@contoh.id.")
_SEPARATORS = re.compile(r"[\s\-.()/]")


def normalise_phone(raw: str) -> str:
    """``0812-3456-7890`` → ``+6281234567890``; an Indonesian number in international form, or another
    country's number kept in international form. Empty stays empty; anything else is refused."""
    text = _SEPARATORS.sub("", raw or "")
    if not text:
        return ""
    if text.startswith("+"):
        digits = text[1:]
        if not digits.isdigit():
            raise ValidationError(PHONE_MESSAGE, code="phone")
        if not digits.startswith("62"):
            if not 8 <= len(digits) <= 15 or digits.startswith("0"):
                raise ValidationError(PHONE_MESSAGE, code="phone")
            return f"+{digits}"
        national = digits[2:]
    elif not text.isdigit():
        raise ValidationError(PHONE_MESSAGE, code="phone")
    elif text.startswith("62"):
        national = text[2:]
    elif text.startswith("0"):
        national = text[1:]
    else:
        national = text
    national = national.removeprefix("0")
    # Mobile numbers (8xx) and fixed lines with an area code: 8 to 12 digits after the country code.
    if not (8 <= len(national) <= 12) or national.startswith("0"):
        raise ValidationError(PHONE_MESSAGE, code="phone")
    return f"+62{national}"


def normalise_email(raw: str) -> str:
    """A checked e-mail address with its domain in lower case; ``wulan@@gmail..com`` is refused."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError(EMAIL_MESSAGE, code="email") from None
    local, _at, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"
