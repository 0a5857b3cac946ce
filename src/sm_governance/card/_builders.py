"""Builders for the card sections: schema field names as keywords, fluent setters, ``build()``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Generic, TypeVar, cast

from typing_extensions import Self

from sm_governance._types import RiskRating
from sm_governance.card._additional import AdditionalInformation
from sm_governance.card._base import CardModel
from sm_governance.card._business import BusinessDetails
from sm_governance.card._intended import IntendedUses
from sm_governance.card._overview import InferenceEnvironment, ModelOverview

__all__ = [
    "AdditionalInformationBuilder",
    "BusinessDetailsBuilder",
    "IntendedUsesBuilder",
    "ModelOverviewBuilder",
    "SectionBuilder",
    "as_data",
    "handed",
]

SectionT = TypeVar("SectionT", bound=CardModel)
_SCALARS = (str, int, float, bool, type(None))


def as_data(value: Any) -> Any:
    """Builders become their data; lists and mappings are copied; anything else is kept."""
    if isinstance(value, _SCALARS):  # the common case first: no ABC checks for plain values
        return value
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    if isinstance(value, SectionBuilder):
        return value.to_data()
    if isinstance(value, Mapping):
        return {k: as_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_data(v) for v in value]
    return value


def handed(value: Any) -> Any:
    """``value`` as pydantic takes it: builders (alone or in a list) become their input.

    Nothing else is copied: validation makes new lists, mappings and models of its own, so
    the built section never shares a container with the builder or the caller.
    """
    if isinstance(value, SectionBuilder):
        return value.validation_input()
    if isinstance(value, list):
        for item in value:  # a loop, not any(): no generator for the common list of data
            if isinstance(item, SectionBuilder):
                return [v.validation_input() if isinstance(v, SectionBuilder) else v for v in value]
    return value


class SectionBuilder(Generic[SectionT]):
    """Common machinery: collects field values; :meth:`build` validates them all at once."""

    _section: ClassVar[type[CardModel]]

    def __init__(self, **values: Any) -> None:
        self._values: dict[str, Any] = {}
        for name, value in values.items():
            if value is not None:
                self._values[name] = value

    def _set(self, name: str, value: Any) -> Self:
        if value is None:
            self._values.pop(name, None)
        else:
            self._values[name] = value
        return self

    def to_data(self) -> dict[str, Any]:
        """The collected values, not yet validated, as the section's JSON-like data."""
        return {k: as_data(v) for k, v in self._values.items()}

    def validation_input(self) -> dict[str, Any]:
        """The collected values as :meth:`build` hands them to validation (not copied)."""
        return {k: handed(v) for k, v in self._values.items()}

    def build(self) -> SectionT:
        """Validate and return the section.

        Raises:
            ValidationError: listing every problem, with paths inside the section.
        """
        return cast(SectionT, self._section.model_validate(self.validation_input()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(sorted(self._values))})"


class ModelOverviewBuilder(SectionBuilder[ModelOverview]):
    """Builds a :class:`~sm_governance.card.ModelOverview`.

    ``model_id``, ``model_name``, ``model_version`` and ``inference_environment`` belong to
    standalone cards only (the Developer Guide's schema); ``container_image`` is a shortcut
    for ``inference_environment.container_image``.

    Example:
        >>> ModelOverviewBuilder(model_creator="Credit risk team").build().model_creator
        'Credit risk team'
        >>> overview = (
        ...     ModelOverviewBuilder(model_name="credit-risk")
        ...     .model_version(2)
        ...     .add_container_image("123456789012.dkr.ecr.../xgb:1")
        ...     .build()
        ... )
        >>> overview.inference_environment.container_image
        ['123456789012.dkr.ecr.../xgb:1']
    """

    _section = ModelOverview

    def __init__(
        self,
        *,
        model_description: str | None = None,
        model_creator: str | None = None,
        model_artifact: Iterable[str] | None = None,
        algorithm_type: str | None = None,
        problem_type: str | None = None,
        model_owner: str | None = None,
        model_id: str | None = None,
        model_name: str | None = None,
        model_version: float | None = None,
        inference_environment: InferenceEnvironment | Mapping[str, Any] | None = None,
        container_image: Iterable[str] | None = None,
    ) -> None:
        super().__init__(
            model_description=model_description,
            model_creator=model_creator,
            model_artifact=None if model_artifact is None else list(model_artifact),
            algorithm_type=algorithm_type,
            problem_type=problem_type,
            model_owner=model_owner,
            model_id=model_id,
            model_name=model_name,
            model_version=model_version,
            inference_environment=inference_environment,
        )
        if container_image is not None:
            self.container_image(container_image)

    def model_description(self, value: str | None) -> Self:
        """Set what the model does."""
        return self._set("model_description", value)

    def model_creator(self, value: str | None) -> Self:
        """Set who created the model."""
        return self._set("model_creator", value)

    def model_artifact(self, value: Iterable[str] | None) -> Self:
        """Set the model artifact locations (replacing any)."""
        return self._set("model_artifact", None if value is None else list(value))

    def add_model_artifact(self, *uris: str) -> Self:
        """Append model artifact locations."""
        self._values.setdefault("model_artifact", []).extend(uris)
        return self

    def algorithm_type(self, value: str | None) -> Self:
        """Set the algorithm."""
        return self._set("algorithm_type", value)

    def problem_type(self, value: str | None) -> Self:
        """Set the problem type."""
        return self._set("problem_type", value)

    def model_owner(self, value: str | None) -> Self:
        """Set who owns the model."""
        return self._set("model_owner", value)

    def model_id(self, value: str | None) -> Self:
        """Set the SageMaker model ARN, or the ID of a model made elsewhere."""
        return self._set("model_id", value)

    def model_name(self, value: str | None) -> Self:
        """Set the model's name."""
        return self._set("model_name", value)

    def model_version(self, value: float | None) -> Self:
        """Set the model's version (a number of at least 1)."""
        return self._set("model_version", value)

    def inference_environment(self, value: InferenceEnvironment | Mapping[str, Any] | None) -> Self:
        """Set the inference environment as a model or mapping."""
        return self._set("inference_environment", value)

    def container_image(self, value: Iterable[str] | None) -> Self:
        """Set the inference container images (``inference_environment.container_image``)."""
        environment = None if value is None else {"container_image": list(value)}
        return self._set("inference_environment", environment)

    def add_container_image(self, *uris: str) -> Self:
        """Append inference container images."""
        environment = as_data(self._values.get("inference_environment"))
        if isinstance(environment, InferenceEnvironment):
            environment = environment.to_dict()
        environment = dict(environment or {})
        environment["container_image"] = [*(environment.get("container_image") or []), *uris]
        return self._set("inference_environment", environment)


class IntendedUsesBuilder(SectionBuilder[IntendedUses]):
    """Builds an :class:`~sm_governance.card.IntendedUses`.

    Example:
        >>> IntendedUsesBuilder(purpose_of_model="Score loans", risk_rating="Low").build()
        IntendedUses(purpose_of_model='Score loans', ...)
    """

    _section = IntendedUses

    def __init__(
        self,
        *,
        purpose_of_model: str | None = None,
        intended_uses: str | None = None,
        factors_affecting_model_efficiency: str | None = None,
        risk_rating: RiskRating | str | None = None,
        explanations_for_risk_rating: str | None = None,
    ) -> None:
        super().__init__(
            purpose_of_model=purpose_of_model,
            intended_uses=intended_uses,
            factors_affecting_model_efficiency=factors_affecting_model_efficiency,
            risk_rating=risk_rating,
            explanations_for_risk_rating=explanations_for_risk_rating,
        )

    def purpose_of_model(self, value: str | None) -> Self:
        """Set why the model was developed."""
        return self._set("purpose_of_model", value)

    def intended_uses(self, value: str | None) -> Self:
        """Set the intended use cases."""
        return self._set("intended_uses", value)

    def factors_affecting_model_efficiency(self, value: str | None) -> Self:
        """Set the factors affecting the model's efficiency."""
        return self._set("factors_affecting_model_efficiency", value)

    def risk_rating(self, value: RiskRating | str | None) -> Self:
        """Set the risk rating (a :class:`~sm_governance.RiskRating` or its value)."""
        return self._set("risk_rating", value)

    def explanations_for_risk_rating(self, value: str | None) -> Self:
        """Set why the model has its risk rating."""
        return self._set("explanations_for_risk_rating", value)


class BusinessDetailsBuilder(SectionBuilder[BusinessDetails]):
    """Builds a :class:`~sm_governance.card.BusinessDetails`.

    Example:
        >>> BusinessDetailsBuilder(line_of_business="Retail lending").build().line_of_business
        'Retail lending'
    """

    _section = BusinessDetails

    def __init__(
        self,
        *,
        business_problem: str | None = None,
        business_stakeholders: str | None = None,
        line_of_business: str | None = None,
    ) -> None:
        super().__init__(
            business_problem=business_problem,
            business_stakeholders=business_stakeholders,
            line_of_business=line_of_business,
        )

    def business_problem(self, value: str | None) -> Self:
        """Set the business problem the model solves."""
        return self._set("business_problem", value)

    def business_stakeholders(self, value: str | None) -> Self:
        """Set the business stakeholders."""
        return self._set("business_stakeholders", value)

    def line_of_business(self, value: str | None) -> Self:
        """Set the line of business."""
        return self._set("line_of_business", value)


class AdditionalInformationBuilder(SectionBuilder[AdditionalInformation]):
    """Builds an :class:`~sm_governance.card.AdditionalInformation`.

    Example:
        >>> (
        ...     AdditionalInformationBuilder(ethical_considerations="Reviewed for bias")
        ...     .custom_detail("Team", "Credit risk")
        ...     .build()
        ...     .custom_details
        ... )
        {'Team': 'Credit risk'}
    """

    _section = AdditionalInformation

    def __init__(
        self,
        *,
        ethical_considerations: str | None = None,
        caveats_and_recommendations: str | None = None,
        custom_details: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            ethical_considerations=ethical_considerations,
            caveats_and_recommendations=caveats_and_recommendations,
            custom_details=None if custom_details is None else dict(custom_details),
        )

    def ethical_considerations(self, value: str | None) -> Self:
        """Set the ethical considerations."""
        return self._set("ethical_considerations", value)

    def caveats_and_recommendations(self, value: str | None) -> Self:
        """Set caveats and recommendations for users of the model."""
        return self._set("caveats_and_recommendations", value)

    def custom_details(self, value: Mapping[str, str] | None) -> Self:
        """Set the custom details (replacing any)."""
        return self._set("custom_details", None if value is None else dict(value))

    def custom_detail(self, key: str, value: str) -> Self:
        """Add or replace one custom detail."""
        self._values.setdefault("custom_details", {})[key] = value
        return self
