"""The command group: the option parser's own errors shown as safely as the product's.

click builds some usage errors from the raw arguments ("Got unexpected extra argument(s)
(...)", an unknown command's name). An argument pasted into a terminal may hold escape
sequences or bidirectional overrides; the message is passed through the same
:func:`sm_governance._untrusted.visible` as every other output before click prints it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from typer.core import TyperGroup

__all__ = ["SafeGroup"]


@contextmanager
def _visible_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        # click's exceptions (typer ships its own copy of click) keep their text in .message
        message = getattr(exc, "message", None)
        if isinstance(message, str) and hasattr(exc, "format_message"):
            from sm_governance._untrusted import visible

            exc.message = visible(message)  # type: ignore[attr-defined]
        raise


class SafeGroup(TyperGroup):
    """``smgov``'s group: click's usage errors carry no raw control characters."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _visible_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with _visible_errors():
            return super().invoke(ctx)
