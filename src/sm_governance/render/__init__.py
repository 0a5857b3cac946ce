"""Model cards people can read: Markdown and HTML rendering, and field-level diffs.

Everything here is pure: no AWS calls, no files written. The functions take a
``ModelCard``, a card content mapping, or a registered ``ModelVersion``.

- :func:`render`, :func:`render_markdown`, :func:`render_html`: the document, from the
  bundled Jinja2 templates or the user's (``template=`` a directory or a file), with the
  version's facts, a policy report and a sign-off block (:class:`SignOff`).
- :func:`diff`: a :class:`CardDiff` of :class:`Change` items (path, kind, old, new), with
  ``to_markdown()`` and ``to_list()``. It lives here rather than in a package of its own
  because it is pure and reads cards the way the renderer does; its matching rules are in
  ``sm_governance.render._diff``.

Loading a card or version from an ARN or a file (``smgov render`` / ``smgov diff``) is in
:mod:`sm_governance.sources.cards`.

Example:
    >>> from sm_governance.render import render_markdown
    >>> print(render_markdown({"intended_uses": {"risk_rating": "Low"}}, sign_off=False))
    # Model card
    ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sm_governance.render._context import DEFAULT_SIGN_OFF_ROLES, SignOff
from sm_governance.render._diff import CardDiff, Change, ChangeKind, diff

if TYPE_CHECKING:
    from sm_governance.render._render import Format, render, render_html, render_markdown

__all__ = [
    "DEFAULT_SIGN_OFF_ROLES",
    "CardDiff",
    "Change",
    "ChangeKind",
    "Format",
    "SignOff",
    "diff",
    "render",
    "render_html",
    "render_markdown",
]


def __getattr__(name: str) -> Any:
    # The document renderer loads Jinja2: only when a document is rendered, not for a diff.
    if name in {"Format", "render", "render_html", "render_markdown"}:
        from sm_governance.render import _render

        return getattr(_render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
