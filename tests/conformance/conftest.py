"""The conformance suite's helpers are imported as tests.conformance.<name>."""

from __future__ import annotations

import sys
from pathlib import Path

# as in tests/infra: whichever way pytest was started, the checkout is importable
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
