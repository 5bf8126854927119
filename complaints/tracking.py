"""The complainant's tracking code: 10 Crockford base32 characters a worker can copy by hand.

Crockford's alphabet has no I, L, O or U, so nothing looks like something else; on input the
code is read case-insensitively, spaces and dashes are ignored and I/L/O count as 1/1/0.
Only a hash is stored. Codes issued before this format (24 URL-safe characters, case-sensitive)
are still matched by the hash of the code exactly as typed.
"""

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
_CONFUSED = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_code() -> str:
    """A fresh code, printed in groups: ``7K3M-9QXA-2F``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return display(raw)


def display(canonical: str) -> str:
    return f"{canonical[:4]}-{canonical[4:8]}-{canonical[8:]}"


def canonical(typed: str) -> str | None:
    """The code as stored, from what a person typed; None when it cannot be a code of this format."""
    text = "".join(typed.split()).replace("-", "").upper().translate(_CONFUSED)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def code_hash(code: str) -> str:
    """The hash stored for a newly issued code (given in any of its typed forms)."""
    return _sha256(canonical(code) or code.strip())


def hashes_to_try(typed: str) -> list[str]:
    """The hashes a typed code may match: the current format, and a code of the old format as typed."""
    found = [_sha256(typed.strip())]
    norm = canonical(typed)
    if norm is not None:
        found.insert(0, _sha256(norm))
    return found


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
