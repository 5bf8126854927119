"""Access security: session policies (sessions.py), two-factor enforcement (mfa.py) and the API
token authentication that honours it (authentication.py). The audit trail stays in the audit app."""
