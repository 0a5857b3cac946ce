"""``python -m sm_governance.cli``: the same as ``smgov``."""

from __future__ import annotations

from sm_governance.cli._app import main

if __name__ == "__main__":  # pragma: no cover - exercised as a subprocess
    main()
