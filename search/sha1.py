"""SHA-1 for the names a search computes (the index's folder, the analyzer's fingerprint).

`hashlib` loads OpenSSL's libcrypto as it is imported: some 10 million instructions, 5 ms
of a cold `tanwen search`, for two digests of a few bytes. CPython's own SHA-1 module
(which hashlib itself falls back to) gives the same digests; hashlib's where it is missing.
"""

from __future__ import annotations

try:
    from _sha1 import sha1
except ImportError:         # a Python built without its own hash modules
    from hashlib import sha1

__all__ = ["sha1"]
