"""``ModelPackageDetailsBuilder``: the ``model_package_details`` section of a standalone card."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from typing_extensions import Self

from sm_governance._types import ApprovalStatus
from sm_governance.card._builders import SectionBuilder, as_data
from sm_governance.card._package_details import (
    InferenceSpecification,
    ModelPackageCreator,
    ModelPackageDetails,
    ModelPackageStatus,
    SourceAlgorithm,
)

__all__ = ["ModelPackageDetailsBuilder"]

Creator = ModelPackageCreator | Mapping[str, Any]
Algorithms = Iterable[SourceAlgorithm | Mapping[str, Any]]
Specification = InferenceSpecification | Mapping[str, Any]


def _entry(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


class ModelPackageDetailsBuilder(SectionBuilder[ModelPackageDetails]):
    """Builds a :class:`~sm_governance.card.ModelPackageDetails` (standalone cards only).

    Takes the section's own field names as keywords; :meth:`created_by_user`,
    :meth:`source_algorithm` and :meth:`inference_container` fill the nested objects.

    Example:
        >>> details = (
        ...     ModelPackageDetailsBuilder(model_package_group_name="credit-risk")
        ...     .model_package_version(3)
        ...     .model_approval_status("Approved")
        ...     .inference_container("123456789012.dkr.ecr.../xgb:1", model_data_url="s3://m")
        ...     .build()
        ... )
        >>> details.inference_specification.containers[0].model_data_url
        's3://m'
    """

    _section = ModelPackageDetails

    def __init__(
        self,
        *,
        model_package_description: str | None = None,
        model_package_arn: str | None = None,
        created_by: Creator | None = None,
        model_package_status: ModelPackageStatus | str | None = None,
        model_approval_status: ApprovalStatus | str | None = None,
        approval_description: str | None = None,
        model_package_group_name: str | None = None,
        model_package_name: str | None = None,
        model_package_version: float | None = None,
        domain: str | None = None,
        task: str | None = None,
        source_algorithms: Algorithms | None = None,
        inference_specification: Specification | None = None,
    ) -> None:
        super().__init__(
            model_package_description=model_package_description,
            model_package_arn=model_package_arn,
            created_by=created_by,
            model_package_status=model_package_status,
            model_approval_status=model_approval_status,
            approval_description=approval_description,
            model_package_group_name=model_package_group_name,
            model_package_name=model_package_name,
            model_package_version=model_package_version,
            domain=domain,
            task=task,
            source_algorithms=None if source_algorithms is None else list(source_algorithms),
            inference_specification=inference_specification,
        )

    def model_package_description(self, value: str | None) -> Self:
        """Set the model package's description."""
        return self._set("model_package_description", value)

    def model_package_arn(self, value: str | None) -> Self:
        """Set the model package's ARN."""
        return self._set("model_package_arn", value)

    def created_by(self, value: Creator | None) -> Self:
        """Set who created the model package, as a model or mapping."""
        return self._set("created_by", value)

    def created_by_user(self, user_profile_name: str) -> Self:
        """Set who created the model package by the Studio user profile name."""
        return self._set("created_by", {"user_profile_name": user_profile_name})

    def model_package_status(self, value: ModelPackageStatus | str | None) -> Self:
        """Set the model package's status (a :class:`ModelPackageStatus` or its value)."""
        return self._set("model_package_status", value)

    def model_approval_status(self, value: ApprovalStatus | str | None) -> Self:
        """Set the approval status (an :class:`~sm_governance.ApprovalStatus` or its value)."""
        return self._set("model_approval_status", value)

    def approval_description(self, value: str | None) -> Self:
        """Set the description given with the approval decision."""
        return self._set("approval_description", value)

    def model_package_group_name(self, value: str | None) -> Self:
        """Set the model package group's name."""
        return self._set("model_package_group_name", value)

    def model_package_name(self, value: str | None) -> Self:
        """Set the model package's name."""
        return self._set("model_package_name", value)

    def model_package_version(self, value: float | None) -> Self:
        """Set the model package's version (a number of at least 1)."""
        return self._set("model_package_version", value)

    def domain(self, value: str | None) -> Self:
        """Set the machine learning domain, such as computer vision."""
        return self._set("domain", value)

    def task(self, value: str | None) -> Self:
        """Set the machine learning task, such as image classification."""
        return self._set("task", value)

    def source_algorithms(self, value: Algorithms | None) -> Self:
        """Set the source algorithms (replacing any; SageMaker allows exactly one)."""
        return self._set("source_algorithms", None if value is None else list(value))

    def source_algorithm(self, algorithm_name: str, model_data_url: str | None = None) -> Self:
        """Set the one source algorithm that made the model package."""
        entry = _entry(algorithm_name=algorithm_name, model_data_url=model_data_url)
        return self._set("source_algorithms", [entry])

    def inference_specification(self, value: Specification | None) -> Self:
        """Set the inference specification as a model or mapping."""
        return self._set("inference_specification", value)

    def inference_container(
        self,
        image: str,
        *,
        model_data_url: str | None = None,
        nearest_model_name: str | None = None,
    ) -> Self:
        """Append one container to ``inference_specification.containers``."""
        entry = _entry(
            model_data_url=model_data_url, image=image, nearest_model_name=nearest_model_name
        )
        spec = self._values.get("inference_specification")
        if isinstance(spec, InferenceSpecification):
            spec = spec.to_dict()
        spec = dict(as_data(spec) or {})
        spec["containers"] = [*(spec.get("containers") or []), entry]
        return self._set("inference_specification", spec)
