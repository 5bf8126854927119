"""RFC 6238 TOTP, computed independently of allauth so the tests check its codes, not reuse them."""

import base64
import hashlib
import hmac
import struct
import time


def totp(secret: str, at: float | None = None, period: int = 30, digits: int = 6) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def fresh_totp(secret: str, *, margin: float = 5.0, period: int = 30) -> str:
    """The code of the current period, after waiting for the next period when fewer than ``margin``
    seconds of this one are left: a code sent at the very end of its period reaches the server in
    the next one, where (no tolerance for a past period) it is refused as a person's late code is."""
    left = period - time.time() % period
    if left < margin:
        time.sleep(left + 0.05)
    return totp(secret)
