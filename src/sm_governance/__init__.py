"""sm-governance: model governance on Amazon SageMaker.

Typed model cards built with builders, registered with model package versions in SageMaker
Model Registry together with the Amazon DataZone project, gated by policy-as-code and
approved by governance officers with an audit trail.

The public surface is this module's ``__all__``. Names are imported on first use, so
``import sm_governance`` (and the ``smgov`` command) starts fast.

Example:
    >>> from sm_governance import IntendedUsesBuilder, RiskRating
    >>> IntendedUsesBuilder(purpose_of_model="Score loans", risk_rating=RiskRating.LOW).build()
    IntendedUses(purpose_of_model='Score loans', ...)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "ApprovalStatus": "sm_governance._types",
    "CardStatus": "sm_governance._types",
    "RiskRating": "sm_governance._types",
    "GovernanceError": "sm_governance.errors",
    "ValidationError": "sm_governance.errors",
    "PolicyViolationError": "sm_governance.errors",
    "ApprovalRefusedError": "sm_governance.errors",
    "AwsError": "sm_governance.errors",
    "NotFoundError": "sm_governance.errors",
    "ConflictError": "sm_governance.errors",
    "ThrottledError": "sm_governance.errors",
    "AccessDeniedError": "sm_governance.errors",
    "Problem": "sm_governance.errors",
    "ModelCard": "sm_governance.card",
    "ModelCardBuilder": "sm_governance.card",
    "ModelOverviewBuilder": "sm_governance.card",
    "IntendedUsesBuilder": "sm_governance.card",
    "BusinessDetailsBuilder": "sm_governance.card",
    "AdditionalInformationBuilder": "sm_governance.card",
    "TrainingDetailsBuilder": "sm_governance.card",
    "EvaluationDetailsBuilder": "sm_governance.card",
    "ModelRegistry": "sm_governance.registry",
    "ModelVersion": "sm_governance.registry",
}

__all__ = [
    "AccessDeniedError",
    "AdditionalInformationBuilder",
    "ApprovalRefusedError",
    "ApprovalStatus",
    "AwsError",
    "BusinessDetailsBuilder",
    "CardStatus",
    "ConflictError",
    "EvaluationDetailsBuilder",
    "GovernanceError",
    "IntendedUsesBuilder",
    "ModelCard",
    "ModelCardBuilder",
    "ModelOverviewBuilder",
    "ModelRegistry",
    "ModelVersion",
    "NotFoundError",
    "PolicyViolationError",
    "Problem",
    "RiskRating",
    "ThrottledError",
    "TrainingDetailsBuilder",
    "ValidationError",
    "__version__",
]

if TYPE_CHECKING:
    from sm_governance._types import ApprovalStatus, CardStatus, RiskRating
    from sm_governance.card import (
        AdditionalInformationBuilder,
        BusinessDetailsBuilder,
        EvaluationDetailsBuilder,
        IntendedUsesBuilder,
        ModelCard,
        ModelCardBuilder,
        ModelOverviewBuilder,
        TrainingDetailsBuilder,
    )
    from sm_governance.errors import (
        AccessDeniedError,
        ApprovalRefusedError,
        AwsError,
        ConflictError,
        GovernanceError,
        NotFoundError,
        PolicyViolationError,
        Problem,
        ThrottledError,
        ValidationError,
    )
    from sm_governance.registry import ModelRegistry, ModelVersion


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sm_governance' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
