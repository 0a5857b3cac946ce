"""``ModelCardBuilder``: a whole card from sections or section builders."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from typing_extensions import Self

from sm_governance.card import _limits
from sm_governance.card._additional import AdditionalInformation
from sm_governance.card._base import CardModel
from sm_governance.card._builders import (
    AdditionalInformationBuilder,
    BusinessDetailsBuilder,
    IntendedUsesBuilder,
    ModelOverviewBuilder,
    as_data,
    handed,
)
from sm_governance.card._business import BusinessDetails
from sm_governance.card._card import ModelCard
from sm_governance.card._details_builders import EvaluationDetailsBuilder, TrainingDetailsBuilder
from sm_governance.card._evaluation import EvaluationJob
from sm_governance.card._intended import IntendedUses
from sm_governance.card._overview import ModelOverview
from sm_governance.card._package_builder import ModelPackageDetailsBuilder
from sm_governance.card._package_details import ModelPackageDetails
from sm_governance.card._training import TrainingDetails

__all__ = ["ModelCardBuilder"]

Overview: TypeAlias = ModelOverview | ModelOverviewBuilder | Mapping[str, Any]
Intended: TypeAlias = IntendedUses | IntendedUsesBuilder | Mapping[str, Any]
Business: TypeAlias = BusinessDetails | BusinessDetailsBuilder | Mapping[str, Any]
Training: TypeAlias = TrainingDetails | TrainingDetailsBuilder | Mapping[str, Any]
Evaluation: TypeAlias = EvaluationJob | EvaluationDetailsBuilder | Mapping[str, Any]
Additional: TypeAlias = AdditionalInformation | AdditionalInformationBuilder | Mapping[str, Any]
PackageDetails: TypeAlias = ModelPackageDetails | ModelPackageDetailsBuilder | Mapping[str, Any]

_CUSTOM_DETAILS_PATH = "additional_information.custom_details"


class ModelCardBuilder:
    """Builds a :class:`~sm_governance.card.ModelCard` from its sections.

    Each section may be given as a built section, a section builder, or a mapping;
    :meth:`build` validates the whole card at once, so one error lists every problem in
    every section with its full path. ``model_package_details`` is for standalone cards only
    (a model package's card cannot hold it).

    Example:
        >>> card = (
        ...     ModelCardBuilder()
        ...     .model_overview(ModelOverviewBuilder(model_creator="Credit risk team"))
        ...     .intended_uses(IntendedUsesBuilder(risk_rating="Low"))
        ...     .datazone_project("5jdi2hjv0xq2jb", domain_id="dzd_4p9n6sw4qt9xgn")
        ...     .build()
        ... )
        >>> card.risk_rating
        <RiskRating.LOW: 'Low'>
    """

    def __init__(
        self,
        *,
        model_overview: Overview | None = None,
        intended_uses: Intended | None = None,
        business_details: Business | None = None,
        training_details: Training | None = None,
        evaluation_details: Iterable[Evaluation] | None = None,
        additional_information: Additional | None = None,
        model_package_details: PackageDetails | None = None,
    ) -> None:
        self._sections: dict[str, Any] = {}
        self._datazone: dict[str, str] = {}
        self.model_overview(model_overview).intended_uses(intended_uses)
        self.business_details(business_details).training_details(training_details)
        self.evaluation_details(evaluation_details)
        self.additional_information(additional_information)
        self.model_package_details(model_package_details)

    def _set(self, name: str, value: Any) -> Self:
        if value is None:
            self._sections.pop(name, None)
        else:
            self._sections[name] = value
        return self

    def model_overview(self, value: Overview | None) -> Self:
        """Set ``model_overview``."""
        return self._set("model_overview", value)

    def intended_uses(self, value: Intended | None) -> Self:
        """Set ``intended_uses``."""
        return self._set("intended_uses", value)

    def business_details(self, value: Business | None) -> Self:
        """Set ``business_details``."""
        return self._set("business_details", value)

    def training_details(self, value: Training | None) -> Self:
        """Set ``training_details``."""
        return self._set("training_details", value)

    def evaluation_details(self, value: Iterable[Evaluation] | None) -> Self:
        """Set ``evaluation_details`` (replacing any)."""
        return self._set("evaluation_details", None if value is None else list(value))

    def evaluation(self, value: Evaluation) -> Self:
        """Append one evaluation to ``evaluation_details``."""
        self._sections.setdefault("evaluation_details", []).append(value)
        return self

    def additional_information(self, value: Additional | None) -> Self:
        """Set ``additional_information``."""
        return self._set("additional_information", value)

    def model_package_details(self, value: PackageDetails | None) -> Self:
        """Set ``model_package_details`` (standalone cards only)."""
        return self._set("model_package_details", value)

    def datazone_project(self, project_id: str, domain_id: str | None = None) -> Self:
        """Record the Amazon DataZone project (and domain) in ``custom_details``.

        Written under the keys ``datazone_project_id`` and ``datazone_domain_id``. The IDs
        are checked by :meth:`build`, with every other problem of the card (a project ID
        is ``[a-zA-Z0-9_-]{1,36}``, a domain ID ``dzd[-_][a-zA-Z0-9_-]{1,36}``).
        """
        self._datazone = {_limits.DATAZONE_PROJECT_KEY: project_id}
        if domain_id is not None:
            self._datazone[_limits.DATAZONE_DOMAIN_KEY] = domain_id
        return self

    def to_data(self) -> dict[str, Any]:
        """The collected sections as card content data, not yet validated."""
        data: dict[str, Any] = {}
        for name, value in self._sections.items():
            data[name] = value.to_dict() if hasattr(value, "to_dict") else as_data(value)
        if self._datazone:
            info = dict(data.get("additional_information") or {})
            info["custom_details"] = {**(info.get("custom_details") or {}), **self._datazone}
            data["additional_information"] = info
        return data

    def _validation_input(self) -> dict[str, Any]:
        # Built sections of the right type are handed over as they are (already valid, and
        # immutable); builders hand over their values; nothing is copied.
        data: dict[str, Any] = {}
        for name, value in self._sections.items():
            if name == "evaluation_details":
                data[name] = [_handed(EvaluationJob, v) for v in value]
            else:
                data[name] = _handed(_SECTIONS[name], value)
        if self._datazone:
            info = data.get("additional_information")
            if isinstance(info, CardModel):
                info = info.to_dict()
            info = dict(info or {})
            info["custom_details"] = {**(info.get("custom_details") or {}), **self._datazone}
            data["additional_information"] = info
        return data

    def build(self) -> ModelCard:
        """Validate and return the card.

        Raises:
            ValidationError: listing every problem in every section with its path.
        """
        return ModelCard.model_validate(self._validation_input())


_SECTIONS: dict[str, type[CardModel]] = {
    "model_overview": ModelOverview,
    "intended_uses": IntendedUses,
    "business_details": BusinessDetails,
    "training_details": TrainingDetails,
    "additional_information": AdditionalInformation,
    "model_package_details": ModelPackageDetails,
}


def _handed(section: type[CardModel], value: Any) -> Any:
    if type(value) is section:
        return value
    if isinstance(value, CardModel):
        return value.to_dict()  # another model: validated as the data it holds
    return handed(value)
