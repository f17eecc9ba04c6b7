"""tomllib on Python 3.11+, tomli before: the one place that knows the difference."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib as _toml
else:  # pragma: no cover - exercised by CI on Python 3.9
    import tomli as _toml

TOMLDecodeError = _toml.TOMLDecodeError
loads = _toml.loads
