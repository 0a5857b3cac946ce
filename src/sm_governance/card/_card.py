"""``ModelCard``: the whole ``ModelCardContent`` document, in both flavours."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import PrivateAttr, model_validator
from pydantic_core import PydanticCustomError
from typing_extensions import Self

from sm_governance._types import RiskRating
from sm_governance.card import _json, _limits
from sm_governance.card._additional import AdditionalInformation
from sm_governance.card._base import CardModel
from sm_governance.card._business import BusinessDetails
from sm_governance.card._evaluation import EvaluationJob
from sm_governance.card._intended import IntendedUses
from sm_governance.card._overview import ModelOverview
from sm_governance.card._package_details import ModelPackageDetails
from sm_governance.card._training import TrainingDetails
from sm_governance.errors import Problem, ValidationError

__all__ = ["ModelCard", "package_problems"]

_PACKAGE_SOURCE = "SageMaker API reference, ModelPackageModelCard"


def package_problems(content: Mapping[str, Any]) -> list[Problem]:
    """What keeps ``content`` (a card as JSON data) from being a model package's card.

    The rule comes from the SageMaker API reference for ``ModelPackageModelCard`` (also
    quoted under ``CreateModelPackage``/``DescribeModelPackage``'s ``ModelCard``): "The
    ModelPackageModelCard schema does not include model_package_details, and model_overview
    is composed of the model_creator and model_artifact properties."
    """
    problems: list[Problem] = []
    if "model_package_details" in content:
        problems.append(
            Problem(
                "model_package_details",
                f"a model package's card cannot hold model_package_details ({_PACKAGE_SOURCE})",
            )
        )
    overview = content.get("model_overview")
    if isinstance(overview, Mapping):
        for key in overview:
            if key not in _limits.PACKAGE_MODEL_OVERVIEW_FIELDS:
                allowed = " and ".join(sorted(_limits.PACKAGE_MODEL_OVERVIEW_FIELDS))
                problems.append(
                    Problem(
                        f"model_overview.{key}",
                        f"a model package's card holds only {allowed} in model_overview"
                        f" ({_PACKAGE_SOURCE})",
                    )
                )
    return problems


def _within(path: str, seen: set[str]) -> bool:
    """Whether ``path`` is one of ``seen`` or lies inside one of them."""
    return any(path == base or path.startswith((f"{base}.", f"{base}[")) for base in seen if base)


def _merge(first: list[Problem], then: list[Problem]) -> list[Problem]:
    # a field already reported (refused for a package card, or null) is not reported again,
    # nor is anything inside it
    seen = {p.path for p in first}
    return [*first, *(p for p in then if not _within(p.path, seen))]


class ModelCard(CardModel):
    """A SageMaker model card: the sections of ``ModelCardContent``.

    Two flavours share this model. A standalone card (``CreateModelCard``) may use every
    field, including those the model card JSON schema of the SageMaker Developer Guide adds
    to the bundled schema file (``model_overview.model_id``, ``model_name``,
    ``model_version``, ``inference_environment`` and the ``model_package_details`` section,
    serialised after the bundled file's fields); a model package's card
    (``CreateModelPackage(ModelCard=...)``) holds only ``model_creator`` and
    ``model_artifact`` in ``model_overview`` and no ``model_package_details`` (see
    :meth:`for_package`). Validation adds to the schema file what
    SageMaker or its SDK applies (list bounds, metric values that fit their type, the
    100,000-character content limit); ``docs/card-rules.md`` gives each rule's source.

    Example:
        >>> card = ModelCard(intended_uses=IntendedUses(risk_rating="Low"))
        >>> card.to_content_json()
        '{"intended_uses":{"risk_rating":"Low"}}'
        >>> ModelCard.from_content_json(card.to_content_json()) == card
        True
    """

    model_overview: ModelOverview | None = None
    intended_uses: IntendedUses | None = None
    business_details: BusinessDetails | None = None
    training_details: TrainingDetails | None = None
    evaluation_details: list[EvaluationJob] | None = None
    additional_information: AdditionalInformation | None = None
    #: The Developer Guide's schema only (standalone cards); after the bundled sections.
    model_package_details: ModelPackageDetails | None = None

    #: The content string, made once when the card is validated: the size check and
    #: :meth:`to_content_json` share it (a frozen card's serialisation never changes).
    _content_json: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _fits_sagemaker(self) -> Self:
        text = self._serialise()
        size = _json.content_length(text)
        if size > _limits.CONTENT_MAX_CHARS:
            raise PydanticCustomError(
                "card",
                "the serialised content is {size} characters long; SageMaker's"
                " ModelCardContent allows at most {limit}",
                {"size": f"{size:,}", "limit": f"{_limits.CONTENT_MAX_CHARS:,}"},
            )
        self._content_json = text
        return self

    def __eq__(self, other: object) -> bool:
        # fields only: the cached serialisation is derived from them
        if not isinstance(other, ModelCard):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        # as pydantic's for a frozen model: the fields' values (lists make it unhashable)
        return hash(tuple(self.__dict__.values()))

    # -- JSON out -------------------------------------------------------------------------
    def to_content(self) -> dict[str, Any]:
        """The card as JSON data: schema key order, free-form maps sorted, no nulls.

        Keys follow the bundled schema file; fields only the Developer Guide's schema has
        come after the bundled fields of their object, in the Developer Guide's order.
        """
        return self.to_dict()

    def to_content_json(self) -> str:
        """The exact ``ModelCardContent`` string: compact, deterministic, without nulls."""
        text = self._content_json
        if text is None:  # made with model_construct(), never validated
            text = self._serialise()
        return text

    def _serialise(self) -> str:
        # pydantic-core writes the JSON in one pass. Its output is byte for byte what
        # ``_json.dumps(self.to_content())`` gives (same key order, escapes and non-ASCII
        # handling) except the spelling of floats below 1e-4 (``-2.5e-7``, ``0.00001`` where
        # Python writes ``-2.5e-07``, ``1e-05``); any text where such a float may appear is
        # written by ``_json.dumps`` instead, so the content string never depends on the path.
        text = self.__pydantic_serializer__.to_json(self, exclude_none=True).decode()
        if _json.float_spelling_may_differ(text):
            return _json.dumps(self.to_content())
        return text

    # -- JSON in --------------------------------------------------------------------------
    @classmethod
    def from_content(cls, content: Any, *, package: bool = False) -> ModelCard:
        """Parse card content given as JSON data (a ``dict``), of either flavour.

        Args:
            content: the decoded ``ModelCardContent``.
            package: also require the model-package flavour (see :meth:`for_package`).

        Raises:
            ValidationError: listing every problem with its field path.
        """
        subject = "model package card content" if package else "model card content"
        if not isinstance(content, Mapping):
            raise ValidationError([Problem("", "must be a JSON object")], subject=subject)
        if _json.too_deep(content):
            raise ValidationError([Problem("", _json.TOO_DEEP)], subject=subject)
        problems = package_problems(content) if package else []
        problems = _merge(problems, _json.find_nulls(content))
        card: ModelCard | None = None
        try:
            card = cls.model_validate(dict(content))
        except ValidationError as exc:
            problems = _merge(problems, list(exc.problems))
        if problems or card is None:
            raise ValidationError(problems, subject=subject)
        return card

    @classmethod
    def from_content_json(cls, text: str | bytes, *, package: bool = False) -> ModelCard:
        """Parse a ``ModelCardContent`` string of either flavour.

        JSON is read strictly: ``NaN``/``Infinity`` and duplicate keys are problems too.

        Raises:
            ValidationError: listing every problem with its field path.
        """
        data, problems = _json.loads(text)
        if problems:
            raise ValidationError(problems, subject="model card content")
        return cls.from_content(data, package=package)

    # -- flavours -------------------------------------------------------------------------
    def for_package(self) -> ModelCard:
        """This card, checked as a model package's card (``ModelPackageModelCard``).

        The rule is the SageMaker API reference's for ``ModelPackageModelCard``: no
        ``model_package_details``, and ``model_overview`` holds only ``model_creator`` and
        ``model_artifact`` (the SDK's schema file, which allows more, is looser than the API).

        Raises:
            ValidationError: naming every field a model package's card cannot hold.
        """
        problems = package_problems(self._present())
        if problems:
            raise ValidationError(problems, subject="model package card")
        return self

    def _present(self) -> dict[str, Any]:
        """Which sections (and ``model_overview`` fields) are set, in content order."""
        # the fields' own dict: iterating a model goes through a generator per call
        present: dict[str, Any] = {k: True for k, v in self.__dict__.items() if v is not None}
        if self.model_overview is not None:
            overview = self.model_overview.__dict__
            present["model_overview"] = {k: True for k, v in overview.items() if v is not None}
        return present

    # -- conveniences ---------------------------------------------------------------------
    @property
    def risk_rating(self) -> RiskRating | None:
        """``intended_uses.risk_rating``, when set."""
        return self.intended_uses.risk_rating if self.intended_uses else None

    @property
    def custom_details(self) -> dict[str, str]:
        """``additional_information.custom_details`` (empty when unset)."""
        info = self.additional_information
        return dict(info.custom_details or {}) if info else {}

    @property
    def datazone_project_id(self) -> str | None:
        """The Amazon DataZone project ID recorded in ``custom_details``.

        Read from ``datazone_project_id``, or else from the AWS sample's
        ``Datazone projects`` key.
        """
        details = self.custom_details
        value = details.get(_limits.DATAZONE_PROJECT_KEY) or details.get(
            _limits.DATAZONE_SAMPLE_KEY
        )
        return value.strip() if value else None

    @property
    def datazone_domain_id(self) -> str | None:
        """The Amazon DataZone domain ID recorded in ``custom_details``, when set."""
        return self.custom_details.get(_limits.DATAZONE_DOMAIN_KEY) or None
