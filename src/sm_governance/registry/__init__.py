"""SageMaker Model Registry with unified model cards and the Amazon DataZone project.

``ModelRegistry`` creates model package groups bound to a DataZone project, registers model
package versions with their model card in one call, reads them back as typed
:class:`ModelVersion` objects, lists them lazily, moves cards through their statuses and sets
lifecycle stages.

Example:
    >>> from sm_governance.registry import DATAZONE_PROJECT_KEY
    >>> DATAZONE_PROJECT_KEY
    'datazone_project_id'
"""

from __future__ import annotations

from sm_governance.registry._cards import CARD_TRANSITIONS, can_transition
from sm_governance.registry._groups import ModelGroup
from sm_governance.registry._keys import (
    DATAZONE_DOMAIN_KEY,
    DATAZONE_DOMAIN_TAG,
    DATAZONE_PROJECT_KEY,
    DATAZONE_PROJECT_TAG,
    DATAZONE_PROJECT_TAG_ALIASES,
    GOVERNANCE_METADATA_KEYS,
)
from sm_governance.registry._register import derive_client_token
from sm_governance.registry._registry import ModelRegistry
from sm_governance.registry._version import ModelLifecycle, ModelVersion, ModelVersionSummary

__all__ = [
    "CARD_TRANSITIONS",
    "DATAZONE_DOMAIN_KEY",
    "DATAZONE_DOMAIN_TAG",
    "DATAZONE_PROJECT_KEY",
    "DATAZONE_PROJECT_TAG",
    "DATAZONE_PROJECT_TAG_ALIASES",
    "GOVERNANCE_METADATA_KEYS",
    "ModelGroup",
    "ModelLifecycle",
    "ModelRegistry",
    "ModelVersion",
    "ModelVersionSummary",
    "can_transition",
    "derive_client_token",
]
