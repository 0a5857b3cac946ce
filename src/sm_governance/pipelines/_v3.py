"""SDK v3: the ``sagemaker.core.shapes.ModelPackageModelCard`` shape.

SDK v3 has no ``sagemaker.model_card`` module and no ``RegisterModel``. ``ModelBuilder.register``
(and so v3's ``ModelStep``) takes ``model_card`` as ``sagemaker.core.shapes.ModelPackageModelCard``
(the same class ``sagemaker.core.resources`` re-exports), a pydantic shape whose
``model_card_content`` is the ``ModelCardContent`` string itself, passed to the request as it
is, and whose ``model_card_status`` is a string or a pipeline variable.
"""

from __future__ import annotations

from typing import Any

from sm_governance.pipelines._sdk import import_sdk

__all__ = ["model_package_card_v3"]


def model_package_card_v3(content_json: str, status: Any) -> Any:
    """A v3 ``ModelPackageModelCard`` shape with ``content_json`` and ``status``."""
    shape = import_sdk("sagemaker.core.shapes", 3).ModelPackageModelCard
    return shape(model_card_content=content_json, model_card_status=status)
