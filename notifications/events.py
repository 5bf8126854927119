"""The events staff are notified of, each with its translatable title and body.

Adding an event is one entry in :data:`EVENTS`::

    Event(
        "complaint.assigned",                      # the code callers pass to notify(event=...)
        title=_("Complaint %(reference)s assigned to you"),
        body=_("%(actor)s assigned you complaint %(reference)s (due %(due)s)."),
        link="complaints:complaint_detail",        # URL name taking the target's pk ("" = none)
    ),                                             # (link_takes_pk=False: a URL without arguments)

then ``notifications.services.notify(recipients=..., event="complaint.assigned", key=...,
target=complaint, params={"reference": ..., "actor": ..., "due": ...})`` from the service that
causes it (inside its transaction). Title and body are ``%``-formatted with ``params`` in the
recipient's language; a missing parameter prints as empty. Remember to translate the two new
strings into Indonesian in ``locale/id/LC_MESSAGES/django.po``.

**Never put the complainant's identity or a complainant's message in ``params``**: they are
stored with the notification, shown in the notification centre and sent by e-mail. References,
dates, counts and staff names only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override


@dataclass(frozen=True)
class Event:
    """One kind of notification: its code, title and body (translatable, ``%(param)s``) and link."""

    code: str
    title: Promise
    body: Promise
    link: str = ""
    link_takes_pk: bool = True

    def render(self, params: dict, language: str | None = None) -> tuple[str, str]:
        """Title and body in ``language`` (the active one when ``None``), with ``params`` filled in."""
        values = defaultdict(str, {k: "" if v is None else v for k, v in (params or {}).items()})
        with override(language) if language else _nothing():
            return str(self.title) % values, str(self.body) % values


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


EVENTS: dict[str, Event] = {
    e.code: e
    for e in [
        # Complaints (complaints.services.complaint_assign / complaint_reopen; notifications.schedule)
        Event(
            "complaint.assigned",
            title=_("Complaint %(reference)s assigned to you"),
            body=_("%(actor)s assigned complaint %(reference)s to you. It is due on %(due)s."),
            link="complaints:complaint_detail",
        ),
        Event(
            "complaint.reassigned_away",
            title=_("Complaint %(reference)s reassigned"),
            body=_("%(actor)s reassigned complaint %(reference)s to %(assignee)s; it is no longer yours."),
            link="complaints:complaint_detail",
        ),
        Event(
            "complaint.due_soon",
            title=_("Complaint %(reference)s is due on %(due)s"),
            body=_("Complaint %(reference)s is due in %(days)s working days (%(due)s) and is still open."),
            link="complaints:complaint_detail",
        ),
        Event(
            "complaint.overdue",
            title=_("Complaint %(reference)s is overdue"),
            body=_("Complaint %(reference)s was due on %(due)s and is still open."),
            link="complaints:complaint_detail",
        ),
        Event(
            "complaint.message_received",
            title=_("New message on complaint %(reference)s"),
            body=_("The complainant wrote a new message on complaint %(reference)s. Open the complaint to read it."),
            link="complaints:complaint_detail",
        ),
        # Visits (inspections.services; notifications.schedule)
        Event(
            "visit.planned",
            title=_("Visit %(reference)s planned"),
            body=_("%(actor)s planned visit %(reference)s to %(company)s on %(date)s with you in the team."),
            link="inspections:inspection_detail",
        ),
        Event(
            "visit.tomorrow",
            title=_("Visit %(reference)s is tomorrow"),
            body=_("Visit %(reference)s to %(company)s is planned for tomorrow, %(date)s."),
            link="inspections:inspection_detail",
        ),
        Event(
            "visit.reported_open_findings",
            title=_("Visit %(reference)s reported: a Nota awaits"),
            body=_("%(actor)s reported visit %(reference)s to %(company)s with %(count)s open findings."),
            link="inspections:inspection_detail",
        ),
        # Notices and investigations (notifications.schedule)
        Event(
            "notice.deadline_passed",
            title=_("Nota %(number)s: deadline reached"),
            body=_(
                "The compliance deadline of Nota %(number)s (%(company)s) was %(deadline)s; no compliance is recorded."
            ),
            link="inspections:notice_detail",
        ),
        Event(
            "investigation.step_due",
            title=_("Investigation %(reference)s: a step is due"),
            body=_('The step "%(step)s" of investigation %(reference)s is due on %(due)s.'),
            link="inspections:investigation_detail",
        ),
        # Reports (reporting.services.report_build)
        Event(
            "report.ready",
            title=_("Report ready: %(report)s"),
            body=_("The report %(report)s you requested is ready to download."),
            link="reporting:report_list",
            link_takes_pk=False,
        ),
        # The recipient's own account (audit.receivers)
        Event(
            "security.new_login",
            title=_("New sign-in to your account"),
            body=_(
                "Your account was signed in from a new device or browser (%(device)s) at %(at)s. "
                "If this was not you, change your password and tell an administrator."
            ),
        ),
        Event(
            "security.mfa_changed",
            title=_("Two-factor authentication changed"),
            body=_(
                "The two-factor authentication of your account was changed at %(at)s. "
                "If this was not you, tell an administrator."
            ),
        ),
        Event(
            "security.password_changed",
            title=_("Your password was changed"),
            body=_("The password of your account was changed at %(at)s. If this was not you, tell an administrator."),
        ),
        # Legal clocks (deadlines.services.office_scan and the ladder); keep this block last.
        Event(
            "deadline.nota_undelivered",
            title=_("Nota %(number)s: not yet delivered"),
            body=_(
                "Nota %(number)s (%(company)s) has no recorded receipt by the employer since %(due)s; "
                "its compliance period does not start until it is delivered."
            ),
            link="deadlines:notice_deadlines",
        ),
        Event(
            "deadline.nota_expired",
            title=_("Nota I %(number)s expired: a Nota II draft is ready"),
            body=_(
                "The compliance period of Nota I %(number)s (%(company)s) ended on %(due)s without compliance "
                "for every finding. A Nota II draft with the %(findings)s open findings awaits issuing."
            ),
            link="deadlines:notice_deadlines",
        ),
        Event(
            "deadline.nota_second_expired",
            title=_("Nota II %(number)s expired: non-compliance report drafted"),
            body=_(
                "The compliance period of Nota II %(number)s (%(company)s) ended on %(due)s. A non-compliance "
                "report awaits the head's decision: an administrative sanction or a PPNS investigation."
            ),
            link="deadlines:notice_deadlines",
        ),
        Event(
            "bpjs.warning_expired",
            title=_("BPJS warning %(number)s: period passed, %(next)s drafted"),
            body=_(
                "The period of BPJS warning %(number)s (%(company)s) ended on %(due)s. The next step of the "
                "ladder (%(next)s) is drafted and awaits the head."
            ),
            link="socialsecurity:sanction_detail",
        ),
        Event(
            "deadline.report_decided",
            title=_("Non-compliance report %(number)s issued"),
            body=_("The non-compliance report %(number)s on Nota %(notice)s was issued: %(decision)s."),
            link="deadlines:notice_deadlines",
        ),
        # Accidents (accidents.services.accident_create): fatal or more than one person hurt
        Event(
            "accident.serious",
            title=_("Serious accident %(reference)s at %(company)s"),
            body=_(
                "%(actor)s recorded accident %(reference)s at %(company)s: %(injured)s people hurt, "
                "%(fatal)s fatal. Plan the investigation."
            ),
            link="accidents:accident_detail",
        ),
        # Accidents (accidents.services.injured_outcome_update): a person hurt has since died
        Event(
            "accident.death",
            title=_("Death after accident %(reference)s at %(company)s"),
            body=_(
                "%(actor)s recorded that a person hurt in accident %(reference)s at %(company)s has died "
                "(%(fatal)s fatal in all)."
            ),
            link="accidents:accident_detail",
        ),
    ]
}


def get(code: str) -> Event:
    """The event of ``code``; an unknown code is a programming error (``ValueError``)."""
    try:
        return EVENTS[code]
    except KeyError:
        raise ValueError(f"Unknown notification event {code!r}: register it in notifications/events.py") from None
