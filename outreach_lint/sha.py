"""SHA-256 for the cache keys of a start, without loading OpenSSL.

``hashlib`` loads libcrypto when it is imported: ~11 million instructions (~2 ms), about what a
warm result-cache hit spends on everything but imports. The keys of the compiled cache, the
result cache and the run-level digest hash a few hundred KB at most per start, where CPython's
own SHA-256 (``_sha256``, ``_sha2`` from 3.12) is as good; the digests are the same bytes
either way (it is the same function). Bulk hashing (a spooled run's signatures) keeps
``hashlib``, which is several times faster per byte.
"""

from __future__ import annotations

try:
    from _sha256 import sha256  # CPython 3.9-3.11
except ImportError:  # pragma: no cover - depends on the interpreter
    try:
        from _sha2 import sha256  # CPython 3.12+
    except ImportError:  # built without its own hashes
        from hashlib import sha256

__all__ = ["sha256"]
