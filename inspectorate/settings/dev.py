"""Local development and the demo: debug on unless the environment says otherwise."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
# The demo's shared accounts would otherwise all be sent to set up an authenticator first;
# production (and base) require it for office heads, officials and admins.
os.environ.setdefault("DJANGO_MFA_ENFORCE", "0")

from .base import *  # noqa: E402,F403
