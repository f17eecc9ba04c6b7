"""``python -m outreach_lint``."""

import sys

from .client import main

if __name__ == "__main__":
    sys.exit(main())
