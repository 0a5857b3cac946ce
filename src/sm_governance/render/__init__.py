"""Model cards people can read: Markdown and HTML rendering, and field-level diffs.

Everything here is pure: no AWS calls, no files written. The functions take a
``ModelCard``, a card content mapping, or a registered ``ModelVersion``.

Example:
    >>> from sm_governance.render import render_markdown
    >>> print(render_markdown({"intended_uses": {"risk_rating": "Low"}}, sign_off=False))
    # Model card
    ...
"""

from __future__ import annotations

from sm_governance.render._context import DEFAULT_SIGN_OFF_ROLES, SignOff
from sm_governance.render._diff import CardDiff, Change, ChangeKind, diff
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
