"""Logging filters that keep personal data out of the logs."""

import logging


class DropTemplateContext(logging.Filter):
    """Strips the traceback from django.template's "Exception while resolving variable" records.

    Django logs those at DEBUG with the VariableDoesNotExist exception, whose message is the
    whole template context: on a complaint page that is the complainant's sealed identity.
    The record itself (which variable, which template) is kept. Attached to the logger, so it
    applies to every handler, whatever level an operator turns the logging up to.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info or record.exc_text:
            record.exc_info = None
            record.exc_text = None
        return True
