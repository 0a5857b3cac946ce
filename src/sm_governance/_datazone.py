"""Amazon DataZone identifiers: the one place their rules live.

Card, registry and policy all check DataZone project and domain IDs; this module has no
dependencies, so the light packages (policy) use it without loading the card models.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "DATAZONE_DOMAIN_PATTERN",
    "DATAZONE_PROJECT_PATTERN",
    "datazone_domain_problem",
    "datazone_project_problem",
]

DATAZONE_PROJECT_PATTERN: Final = re.compile(r"[a-zA-Z0-9_-]{1,36}")
DATAZONE_DOMAIN_PATTERN: Final = re.compile(r"dzd[-_][a-zA-Z0-9_-]{1,36}")


def datazone_project_problem(value: object) -> str | None:
    """Why ``value`` is not an Amazon DataZone project ID, or ``None`` when it is one."""
    if not isinstance(value, str) or not DATAZONE_PROJECT_PATTERN.fullmatch(value):
        return "must be an Amazon DataZone project ID: 1 to 36 of a-z, A-Z, 0-9, '_' and '-'"
    return None


def datazone_domain_problem(value: object) -> str | None:
    """Why ``value`` is not an Amazon DataZone domain ID, or ``None`` when it is one."""
    if not isinstance(value, str) or not DATAZONE_DOMAIN_PATTERN.fullmatch(value):
        return (
            "must be an Amazon DataZone domain ID: 'dzd-' or 'dzd_' then 1 to 36 of"
            " a-z, A-Z, 0-9, '_' and '-'"
        )
    return None
