"""Everything a template receives: the card, the version facts, the policy report, sign-off.

Inputs are taken in whatever form the caller has them: a ``ModelCard`` (anything with
``to_content()``), a content mapping, a ``ModelVersion`` (anything with ``card`` and
``arn``) or a mapping of its fields, a ``PolicyReport`` (``to_dict()``) or its dict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from sm_governance.errors import Problem, ValidationError
from sm_governance.render._text import format_value
from sm_governance.render._view import Section, build_sections

__all__ = [
    "CLAIMED_DESCRIPTION",
    "DEFAULT_SIGN_OFF_ROLES",
    "CardLike",
    "SignOff",
    "build_context",
    "content_of",
    "is_version",
]

DEFAULT_SIGN_OFF_ROLES: tuple[str, ...] = ("Model owner", "Governance officer")
CLAIMED_DESCRIPTION = "Approval description (unverified claim)"
"""How documents label ``ApprovalDescription``: the registrant can rewrite it."""
_DATAZONE_PROJECT_KEYS = ("datazone_project_id", "Datazone projects")
_DATAZONE_DOMAIN_KEYS = ("datazone_domain_id",)


@runtime_checkable
class _HasContent(Protocol):
    def to_content(self) -> dict[str, Any]: ...


CardLike = Any
"""A ``ModelCard``, a content mapping, or a ``ModelVersion`` carrying a card."""


@dataclass(frozen=True)
class SignOff:
    """One line of the sign-off block: a role, and optionally who signed, how and when.

    Example:
        >>> SignOff("Governance officer", name="A. Officer", decision="Approved")
        SignOff(role='Governance officer', name='A. Officer', decision='Approved', date='')
    """

    role: str
    name: str = ""
    decision: str = ""
    date: str = ""


def _get(obj: Any, key: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


def is_version(obj: Any) -> bool:
    """Whether ``obj`` is a registered version (a ``ModelVersion`` or a mapping of one)."""
    if isinstance(obj, Mapping):
        return "arn" in obj and "card" in obj
    return hasattr(obj, "arn") and hasattr(obj, "card") and not isinstance(obj, _HasContent)


def content_of(card: Any, *, subject: str = "card") -> dict[str, Any]:
    """The content dict of a card, a content mapping, or a version's card."""
    if is_version(card):
        inner = _get(card, "card")
        return {} if inner is None else content_of(inner, subject=subject)
    if isinstance(card, _HasContent):
        return dict(card.to_content())
    if isinstance(card, Mapping):
        return dict(card)
    raise ValidationError(
        [Problem("", f"expected a ModelCard or a content mapping, got {type(card).__name__}")],
        subject=subject,
    )


def _lifecycle(value: Any) -> str:
    if value is None:
        return ""
    stage = _get(value, "Stage") or _get(value, "stage")
    status = _get(value, "StageStatus") or _get(value, "stage_status")
    if stage is None and status is None:
        return format_value(value)
    return f"{format_value(stage)} ({format_value(status)})" if status else format_value(stage)


def _version_facts(version: Any) -> list[tuple[str, str]]:
    facts = [
        ("Model package", format_value(_get(version, "arn"))),
        ("Group", format_value(_get(version, "group"))),
        ("Version", format_value(_get(version, "version"))),
        ("Approval status", format_value(_get(version, "approval_status"))),
        # anyone who may update the version writes it: the ledger is the record
        (CLAIMED_DESCRIPTION, format_value(_get(version, "approval_description"))),
        ("Card status", format_value(_get(version, "card_status"))),
        ("Lifecycle", _lifecycle(_get(version, "lifecycle"))),
        ("Registered by", format_value(_get(version, "created_by"))),
        ("Registered at", format_value(_get(version, "created_at"))),
        ("Last modified by", format_value(_get(version, "last_modified_by"))),
        ("Last modified at", format_value(_get(version, "last_modified_at"))),
    ]
    return [(k, v) for k, v in facts if v]


def _first(data: Mapping[str, Any], keys: Sequence[str]) -> str:
    return next((format_value(data[k]) for k in keys if data.get(k)), "")


def _governance_facts(content: Mapping[str, Any], version: Any) -> list[tuple[str, str]]:
    uses = content.get("intended_uses")
    custom = _get(content.get("additional_information") or {}, "custom_details") or {}
    project = format_value(_get(version, "datazone_project_id")) if version is not None else ""
    project = project or _first(custom, _DATAZONE_PROJECT_KEYS)
    domain = _first(custom, _DATAZONE_DOMAIN_KEYS)
    facts = [
        ("Risk rating", format_value(_get(uses, "risk_rating")) if uses else ""),
        ("DataZone project", project),
        ("DataZone domain", domain),
    ]
    return [(k, v) for k, v in facts if v]


def _override_of(version: Any) -> str | None:
    """The override justification the metadata of an Approved ``version`` claims, if any.

    Metadata is a claim (the registrant can write ``governance:gate`` and
    ``governance:override``), so documents show it as one, never as the officer's word.
    """
    if version is None or format_value(_get(version, "approval_status")) != "Approved":
        return None
    from sm_governance.approval._metadata import GATE_KEY, OVERRIDE_KEY, unescape

    metadata = _get(version, "customer_metadata") or {}
    if not isinstance(metadata, Mapping) or metadata.get(GATE_KEY) != "overridden":
        return None
    return unescape(str(metadata.get(OVERRIDE_KEY) or ""))


def _policy(report: Any, version: Any = None) -> dict[str, Any] | None:
    if report is None:
        return None
    data = report.to_dict() if hasattr(report, "to_dict") else report
    rules = []
    for rule in _get(data, "rules") or []:
        passed = bool(_get(rule, "passed"))
        rules.append(
            {
                "rule": format_value(_get(rule, "rule")),
                "passed": passed,
                "result": "pass" if passed else "FAIL",
                "seen": format_value(_get(rule, "seen")),
                "reason": format_value(_get(rule, "reason")),
            }
        )
    passed = _get(data, "passed")
    claimed = None if passed else _override_of(version)
    return {
        "name": format_value(_get(data, "policy") or _get(data, "policy_name")),
        "passed": bool(passed),
        "result": "passed" if passed else "failed",
        # an Approved version whose metadata claims an override of the failed gate: the claim
        # is shown as one (the signed ledger entry is the record of an override)
        "heading": "failed (override claimed, unverified)" if claimed is not None else "",
        "claimed_override": claimed,
        "rules": rules,
        "digests": [
            (k.replace("_", " ").capitalize(), format_value(_get(data, k)))
            for k in ("digest", "card_digest", "policy_digest")
            if _get(data, k)
        ],
    }


def _sign_off(sign_off: bool | Sequence[str | SignOff] | None) -> list[SignOff]:
    if sign_off is None or sign_off is False:
        return []
    if sign_off is True:
        return [SignOff(role) for role in DEFAULT_SIGN_OFF_ROLES]
    if isinstance(sign_off, str):
        return [SignOff(sign_off)]
    return [s if isinstance(s, SignOff) else SignOff(str(s)) for s in sign_off]


def _title(content: Mapping[str, Any], version: Any) -> str:
    overview = content.get("model_overview")
    name = _get(overview, "model_name") if isinstance(overview, Mapping) else None
    if name:
        return f"Model card: {format_value(name)}"
    if version is not None and _get(version, "group"):
        number = _get(version, "version")
        suffix = f" version {format_value(number)}" if number is not None else ""
        return f"Model card: {format_value(_get(version, 'group'))}{suffix}"
    return "Model card"


def build_context(
    card: Any,
    *,
    version: Any = None,
    policy_report: Any = None,
    sign_off: bool | Sequence[str | SignOff] | None = True,
    title: str | None = None,
) -> dict[str, Any]:
    """The variables every template receives (see the package docs for the list)."""
    if version is None and is_version(card):
        version = card
    if card is None and version is not None:
        card = version
    if card is None:
        problem = Problem("card", "a card or a version is required")
        raise ValidationError([problem], subject="render")
    content = content_of(card)
    sections: list[Section] = build_sections(content)
    return {
        "title": title or _title(content, version),
        "content": content,
        "sections": sections,
        "version": _version_facts(version) if version is not None else [],
        "governance": _governance_facts(content, version),
        "policy": _policy(policy_report, version),
        "sign_off": _sign_off(sign_off),
    }
