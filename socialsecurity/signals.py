"""Signals other apps listen to without socialsecurity importing them.

``flags_changed`` is sent (``company_ids``) each time the stored flags of companies are recomputed:
the flags are written in bulk, so no ``post_save`` tells anybody. Risk targeting recomputes the
scores of those companies once the transaction commits.
"""

from django.dispatch import Signal

flags_changed = Signal()
