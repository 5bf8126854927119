"""The authentication backend: Django's own, the request's user read with their office."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

Staff = get_user_model()


class StaffBackend(ModelBackend):
    """Django's model backend; each request's user is read with their office (one join).

    Every page of an office's staff reads that office: the account menu names it, and the scope
    of an inspector or office head goes through it (``inspectorate.access``). Read with the user,
    it is one query fewer on each of their pages. A session started under Django's own
    ``ModelBackend`` (before this one) asks for a new login once.
    """

    def get_user(self, user_id):
        try:
            user = Staff._default_manager.select_related("office").get(pk=user_id)
        except Staff.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
