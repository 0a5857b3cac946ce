"""``python -m sm_governance.testing [--port N] [--seed] [--admin-api] [--log-requests]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sm_governance.testing.sandbox import SandboxPortError, run_sandbox

__all__ = ["main"]


def _say(line: str) -> None:
    print(line, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and serve until interrupted (exit 2 when the port cannot be bound)."""
    parser = argparse.ArgumentParser(
        prog="python -m sm_governance.testing",
        description="Run the local SageMaker sandbox on 127.0.0.1 until Ctrl-C.",
    )
    parser.add_argument(
        "--port", type=int, default=5000, help="TCP port on 127.0.0.1 (0 picks a free one)"
    )
    parser.add_argument(
        "--seed", action="store_true", help="create a demo model package group with versions"
    )
    parser.add_argument(
        "--admin-api",
        action="store_true",
        help="serve moto's admin API (/moto-api/: all state, secret keys included; a reset)",
    )
    parser.add_argument("--log-requests", action="store_true", help="log each request on stderr")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535, got {args.port}")
    try:
        run_sandbox(
            args.port,
            args.seed,
            out=_say,
            admin_api=args.admin_api,
            log_requests=args.log_requests,
        )
    except SandboxPortError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised as a subprocess
    raise SystemExit(main())
