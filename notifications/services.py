"""Writes of notifications: record first (in the caller's transaction), e-mail later, never twice.

- :func:`notify` records one :class:`Notification` per recipient unless that recipient already
  has one with the same ``key``, and hands the e-mails to the queue on commit. A broker that is
  down leaves them ``pending`` for :func:`emails_dispatch_pending` (every minute) to send later.
- :func:`email_send` claims a notification's e-mail with a conditional ``UPDATE`` (``pending`` →
  ``sending``), so two workers never send the same e-mail; an SMTP failure gives the claim back
  (``pending``, one attempt more) for the next sweep.
- :func:`digests_build` / :func:`digest_send`: the daily digest at 07:00 office time, one per
  recipient and local day (unique), claimed the same way.
- :func:`mark_read` / :func:`mark_all_read`: the notification centre's writes, own rows only.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from inspectorate.models import Staff

from . import events
from .choices import MAX_EMAIL_ATTEMPTS, EmailMode, EmailState
from .models import Digest, Notification, NotificationPreference

logger = logging.getLogger(__name__)

ENQUEUE_ERRORS = (BrokerError, ConnectionError, OSError, TimeoutError)
SEND_ERRORS = (smtplib.SMTPException, ConnectionError, OSError, TimeoutError)


def preference_for(staff: Staff) -> NotificationPreference:
    """The staff member's preference (the defaults, unsaved, when they never chose)."""
    try:
        return staff.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(staff=staff)


def _link(event: events.Event, target) -> str:
    if not event.link:
        return ""
    try:
        if event.link_takes_pk and target is not None:
            return reverse(event.link, args=[target.pk])
        return reverse(event.link)
    except NoReverseMatch:
        return ""


def _email_state(staff: Staff, mode: str) -> str:
    if not staff.email or mode == EmailMode.OFF:
        return EmailState.SKIPPED
    return EmailState.DIGEST if mode == EmailMode.DIGEST else EmailState.PENDING


def notify(
    *,
    recipients: Iterable[Staff],
    event: str,
    key: str,
    target=None,
    params: dict | None = None,
) -> list[Notification]:
    """Notify each active recipient once per ``key``; returns the notifications recorded now.

    Runs in the caller's transaction (a rolled-back change notifies nobody); the e-mails are
    handed to the queue when it commits.
    """
    definition = events.get(event)
    if not key or len(key) > 200:
        raise ValueError("A notification key is required (at most 200 characters).")
    unique = {r.pk: r for r in recipients if r is not None and r.is_active}
    if not unique:
        return []
    prefs = {p.staff_id: p for p in NotificationPreference.objects.filter(staff_id__in=unique)}
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    url = _link(definition, target)
    created: list[Notification] = []
    already = set(Notification.objects.filter(recipient_id__in=unique, key=key).values_list("recipient_id", flat=True))
    for pk, staff in unique.items():
        if pk in already:
            continue
        mode = prefs[pk].email_mode if pk in prefs else EmailMode.IMMEDIATE
        row = Notification(
            recipient=staff,
            event=event,
            key=key,
            target_type=target_type,
            target_id=target.pk if target is not None else None,
            params=dict(params or {}),
            url=url,
            email_state=_email_state(staff, mode),
        )
        try:
            with transaction.atomic():  # a concurrent notify with the same key: keep theirs
                row.save()
        except IntegrityError:
            continue
        created.append(row)
    to_send = [n.pk for n in created if n.email_state == EmailState.PENDING]
    if to_send:
        transaction.on_commit(lambda: [_enqueue(pk) for pk in to_send])
    return created


def _enqueue(notification_id: int) -> bool:
    """Hand one e-mail to the queue; ``False`` (logged, stays pending) when the broker is down."""
    from .tasks import send_notification_email

    try:
        send_notification_email.apply_async(args=[notification_id], task_id=str(uuid.uuid4()))
    except ENQUEUE_ERRORS as exc:
        logger.warning("Notification %s stays pending: the task queue is unreachable (%s)", notification_id, exc)
        return False
    Notification.objects.filter(pk=notification_id).update(email_dispatched_at=timezone.now())
    return True


def absolute_url(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url else settings.SITE_URL.rstrip("/") + "/"


def render_notification(notification: Notification, language: str) -> tuple[str, str]:
    """Title and body of a notification in ``language``."""
    return events.get(notification.event).render(notification.params, language)


def message_id(kind: str, pk: int) -> str:
    # The same Message-ID on a resend lets a mail server drop a rare duplicate.
    domain = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return f"<{kind}-{pk}@{domain}>"


def _notification_email(notification: Notification) -> EmailMultiAlternatives:
    staff = notification.recipient
    language = preference_for(staff).language
    title, body = render_notification(notification, language)
    context = {
        "staff": staff,
        "title": title,
        "body": body,
        "link": absolute_url(notification.url),
        "settings_link": absolute_url(reverse("notifications:preferences")),
    }
    with translation.override(language):
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=title,
        body=text,
        to=[staff.email],
        headers={"Message-ID": message_id("notification", notification.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message


def _claimable(now: datetime) -> Q:
    stale = now - timedelta(seconds=settings.NOTIFICATIONS_SENDING_STALE_AFTER)
    return Q(email_state=EmailState.PENDING) | Q(email_state=EmailState.SENDING, email_claimed_at__lt=stale)


def outbox_claim(model, pk: int) -> bool:
    """Claim one outbox row (``pending``, or ``sending`` gone stale) for this worker; ``False``: someone else has it.

    Shared by every e-mail outbox (notifications, digests, the complainant's update e-mails):
    the conditional ``UPDATE`` is what keeps two workers from sending the same e-mail.
    """
    now = timezone.now()
    return bool(
        model.objects.filter(_claimable(now), pk=pk).update(
            email_state=EmailState.SENDING, email_claimed_at=now, email_attempts=F("email_attempts") + 1
        )
    )


def outbox_failed(model, pk: int, *, attempts: int, error: Exception) -> str:
    """Give a failed claim back: ``pending`` for the next sweep, ``failed`` after the last attempt."""
    state = EmailState.FAILED if attempts >= MAX_EMAIL_ATTEMPTS else EmailState.PENDING
    logger.warning("%s %s e-mail not sent (%s): %s", model.__name__, pk, state, error)
    model.objects.filter(pk=pk, email_state=EmailState.SENDING).update(
        email_state=state, email_error=str(error)[:300], email_dispatched_at=None
    )
    return state


def outbox_sent(model, pk: int) -> str:
    model.objects.filter(pk=pk).update(email_state=EmailState.SENT, emailed_at=timezone.now(), email_error="")
    return EmailState.SENT


def email_send(*, notification_id: int) -> str:
    """Send one notification's e-mail if this call wins the claim; returns the resulting state."""
    if not outbox_claim(Notification, notification_id):
        return "skipped"
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        _notification_email(notification).send()
    except SEND_ERRORS as exc:
        return outbox_failed(Notification, notification_id, attempts=notification.email_attempts, error=exc)
    return outbox_sent(Notification, notification_id)


def outbox_waiting(model, *, now: datetime, limit: int = 500) -> list[int]:
    """The ids of an outbox's e-mails still waiting (never handed over, or handed over long ago), oldest first."""
    waited = now - timedelta(seconds=settings.NOTIFICATIONS_REDISPATCH_AFTER)
    not_recent = Q(email_dispatched_at__isnull=True) | Q(email_dispatched_at__lt=waited)
    return list(
        model.objects.filter(_claimable(now) & not_recent, created_at__lt=waited)
        .order_by("created_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def emails_dispatch_pending(*, now: datetime | None = None) -> int:
    """Hand waiting e-mails (notifications and digests) to the queue; stops at the first broker error."""
    now = now or timezone.now()
    sent = 0
    for pk in outbox_waiting(Notification, now=now):
        if not _enqueue(pk):
            return sent
        sent += 1
    for pk in outbox_waiting(Digest, now=now):
        if not _enqueue_digest(pk):
            return sent
        sent += 1
    return sent


# --- The daily digest -------------------------------------------------------------------


def digests_build(*, office_id: int | None, day: date) -> list[Digest]:
    """Gather each digest reader's waiting notifications into the day's digest (once per day)."""
    waiting = Notification.objects.filter(email_state=EmailState.DIGEST)
    waiting = (
        waiting.filter(recipient__office_id=office_id) if office_id else waiting.filter(recipient__office__isnull=True)
    )
    created = []
    for recipient_id in waiting.values_list("recipient_id", flat=True).distinct().order_by():
        with transaction.atomic():
            digest, new = Digest.objects.get_or_create(recipient_id=recipient_id, day=day)
            if not new:
                continue  # today's digest was gathered already; the rest waits for tomorrow's
            rows = list(
                Notification.objects.select_for_update()
                .filter(recipient_id=recipient_id, email_state=EmailState.DIGEST)
                .values_list("id", flat=True)
            )
            digest.notifications.set(rows)
            Notification.objects.filter(pk__in=rows).update(email_state=EmailState.SENT, emailed_at=None)
            created.append(digest)
            transaction.on_commit(lambda pk=digest.pk: _enqueue_digest(pk))
    return created


def _enqueue_digest(digest_id: int) -> bool:
    from .tasks import send_digest_email

    try:
        send_digest_email.apply_async(args=[digest_id], task_id=str(uuid.uuid4()))
    except ENQUEUE_ERRORS as exc:
        logger.warning("Digest %s stays pending: the task queue is unreachable (%s)", digest_id, exc)
        return False
    Digest.objects.filter(pk=digest_id).update(email_dispatched_at=timezone.now())
    return True


def digest_send(*, digest_id: int) -> str:
    """Send one digest if this call wins the claim (like :func:`email_send`)."""
    if not outbox_claim(Digest, digest_id):
        return "skipped"
    digest = Digest.objects.select_related("recipient").get(pk=digest_id)
    staff = digest.recipient
    language = preference_for(staff).language
    items = [
        {
            "title": render_notification(n, language)[0],
            "body": render_notification(n, language)[1],
            "link": absolute_url(n.url),
        }
        for n in digest.notifications.order_by("created_at", "id")
    ]
    with translation.override(language):
        from django.utils.translation import gettext

        subject = gettext("Your daily notifications: %(count)d new") % {"count": len(items)}
        context = {
            "staff": staff,
            "items": items,
            "day": digest.day,
            "subject": subject,
            "link": absolute_url(reverse("notifications:notification_list")),
            "settings_link": absolute_url(reverse("notifications:preferences")),
        }
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[staff.email], headers={"Message-ID": message_id("digest", digest.pk)}
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except SEND_ERRORS as exc:
        return outbox_failed(Digest, digest_id, attempts=digest.email_attempts, error=exc)
    return outbox_sent(Digest, digest_id)


# --- The notification centre ------------------------------------------------------------


@transaction.atomic
def mark_read(*, actor: Staff, notification_ids: Iterable[int]) -> int:
    """Mark the actor's own notifications read; others' ids change nothing. Returns how many."""
    ids = [int(i) for i in notification_ids]
    return Notification.objects.filter(recipient=actor, pk__in=ids, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def mark_all_read(*, actor: Staff) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_update(*, actor: Staff, email_mode: str, language: str) -> NotificationPreference:
    if email_mode not in EmailMode.values or language not in dict(settings.LANGUAGES):
        raise ValueError("Unknown e-mail mode or language.")
    pref, _ = NotificationPreference.objects.update_or_create(
        staff=actor, defaults={"email_mode": email_mode, "language": language}
    )
    return pref


# --- The account's own security events -------------------------------------------------


def _local_stamp(staff: Staff, moment: datetime) -> str:
    from inspectorate.localtime import to_local, zone_label

    where = staff.office
    return f"{to_local(moment, where):%Y-%m-%d %H:%M} {zone_label(where)}"


def _device_label(user_agent: str) -> str:
    agent = user_agent.lower()
    browser = next((name for key, name in BROWSERS if key in agent), "?")
    system = next((name for key, name in SYSTEMS if key in agent), "?")
    return f"{browser}, {system}"


BROWSERS = [("edg/", "Edge"), ("firefox", "Firefox"), ("chrome", "Chrome"), ("safari", "Safari")]
SYSTEMS = [
    ("android", "Android"),
    ("iphone", "iOS"),
    ("ipad", "iOS"),
    ("windows", "Windows"),
    ("mac os", "macOS"),
    ("linux", "Linux"),
]


@transaction.atomic
def security_new_login(*, staff: Staff, user_agent: str) -> list[Notification]:
    """Remember the browser; tell the account's owner when it is new (not on the first one ever)."""
    import hashlib

    from .models import KnownDevice

    fingerprint = hashlib.sha256(user_agent.encode("utf-8", "replace")).hexdigest()
    had_devices = KnownDevice.objects.filter(staff=staff).exists()
    _, created = KnownDevice.objects.get_or_create(staff=staff, fingerprint=fingerprint)
    if not (created and had_devices):
        return []
    now = timezone.now()
    return notify(
        recipients=[staff],
        event="security.new_login",
        key=f"security-new-login:{fingerprint[:32]}",
        target=staff,
        params={"device": _device_label(user_agent), "at": _local_stamp(staff, now)},
    )


@transaction.atomic
def security_event(*, staff: Staff, event: str) -> list[Notification]:
    now = timezone.now()
    return notify(
        recipients=[staff],
        event=event,
        key=f"{event}:{now.isoformat()}",
        target=staff,
        params={"at": _local_stamp(staff, now)},
    )
