"""Shared pieces of the inspection pages: page size, service calls and object look-ups."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from inspectorate import access
from inspectorate.choices import Role

from ..models import Inspection, Notice

PAGE_SIZE = 25


def messages_of(exc: ValidationError) -> list[str]:
    """Every message of a service's refusal, field errors included, for the page's messages."""
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.message_dict.values() for m in errors]
    return exc.messages


# The names the package's own modules use.
_messages_of = messages_of


def attempt(request: HttpRequest, service: Callable, success: str, **kwargs):
    """Call a service; on refusal show its reason and change nothing. Returns the result or None."""
    try:
        result = service(actor=request.user, **kwargs)
    except ValidationError as exc:
        for text in _messages_of(exc):
            messages.error(request, text)
        return None
    messages.success(request, success)
    return result


def _inspection(request: HttpRequest, pk: int, action: str = "change") -> Inspection:
    return access.get_for_user(Inspection.objects.select_related("office"), request.user, action, pk=pk)


def _notice(request: HttpRequest, pk: int, action: str = "change") -> Notice:
    return access.get_for_user(Notice.objects.select_related("office", "inspection"), request.user, action, pk=pk)


def query_without_page(request: HttpRequest) -> str:
    """The list's query string without its page number, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _is_head(user, office_id: int) -> bool:
    return access.is_admin(user) or (user.role == Role.OFFICE_HEAD and user.office_id == office_id)


_attempt = attempt
_query_without_page = query_without_page
