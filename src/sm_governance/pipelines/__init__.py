"""SageMaker Pipelines adapters: the card at registration, the policy gate as conditions.

Works with the SageMaker Python SDK v2 (``pip install 'sm-governance[pipelines]'``:
``RegisterModel``, ``ModelStep(step_args=model.register(...))``) and v3
(``pip install 'sm-governance[pipelines-v3]'``: ``ModelBuilder.register``, v3's
``ModelStep``). The installed major version is detected when a function is called; the SDK
is imported only then, and only by this package.

Example:
    >>> from sm_governance.pipelines import model_package_card
    >>> model_card = model_package_card(card, status="PendingReview")  # doctest: +SKIP
    >>> RegisterModel(name="Register", model=model, model_package_group_name="credit-risk",
    ...               model_card=model_card, ...)  # doctest: +SKIP
"""

from __future__ import annotations

from sm_governance.pipelines._card import customer_metadata_properties, model_package_card
from sm_governance.pipelines._gate import gate_conditions, gate_thresholds
from sm_governance.pipelines._sdk import (
    INSTALL_V2,
    INSTALL_V3,
    installed_sdk_version,
    sdk_major,
)

__all__ = [
    "INSTALL_V2",
    "INSTALL_V3",
    "customer_metadata_properties",
    "gate_conditions",
    "gate_thresholds",
    "installed_sdk_version",
    "model_package_card",
    "sdk_major",
]
