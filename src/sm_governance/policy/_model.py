"""The policy file format (SPEC 3.5) as a pydantic model.

A policy file is a mapping with these keys, and no others::

    policy: retail-credit            # required: the name shown in reports
    version: 1                       # optional, defaults to 1; the only version there is
    description: Gate for retail ... # optional
    require: [card field path, ...]  # present and non-empty
    metrics: {metric name: threshold or [threshold, ...]}
    datazone_project: required       # or optional (the default)
    when:                            # extra rules at a risk rating
      - risk_rating: High            # or a list of ratings
        require: [...]
        metrics: {...}
        datazone_project: required
    review_every: 365d               # or {High: 90d, default: 365d}: re-certification
    approvals_required: 1            # or {High: 2}: distinct officers for an approval

The format can grow: a later format gets a higher ``version``, which this release refuses
with a clear error instead of misreading it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from sm_governance._types import RiskRating
from sm_governance.policy._cadence import (
    INTERVAL_PATTERN,
    MAX_APPROVALS,
    Interval,
    approvals,
    by_rating,
    dump_per_rating,
    per_rating,
)
from sm_governance.policy._paths import PATH_PATTERN, check_card_path, format_path, parse_path
from sm_governance.policy._threshold import THRESHOLD_PATTERN, Threshold

__all__ = ["FORMAT_VERSION", "Policy", "WhenRule"]

#: The newest policy file format version this release reads.
FORMAT_VERSION = 1
_MAX_NAME = 128
_MAX_METRIC_NAME = 255
KEY_ORDER = (
    "policy",
    "version",
    "description",
    "require",
    "metrics",
    "datazone_project",
    "when",
    "review_every",
    "approvals_required",
)


def _field_path(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"a card field path must be a string, not {type(value).__name__}")
    segments = parse_path(value.strip())
    check_card_path(segments)
    return value.strip()


def _threshold(value: Any) -> Threshold:
    if isinstance(value, Threshold):
        return value
    if isinstance(value, str):
        return Threshold.parse(value)
    if isinstance(value, bool):
        kind = "a boolean"
    elif isinstance(value, (int, float)):
        kind = f"the bare number {value!r}"
    elif isinstance(value, Mapping):
        kind = "a mapping"
    else:
        kind = f"a {type(value).__name__}"
    raise ValueError(f'a threshold is a quoted string such as ">= 0.8", not {kind}')


def _thresholds(value: Any) -> tuple[Threshold, ...]:
    if not isinstance(value, (list, tuple)):
        return (_threshold(value),)
    if not value:
        raise ValueError('give at least one threshold, e.g. ">= 0.8"')
    found: list[Threshold] = []
    problems: list[str] = []
    for i, item in enumerate(value):
        try:
            found.append(_threshold(item))
        except ValueError as exc:
            problems.append(f"[{i}] {exc}")
    if problems:
        raise ValueError("; ".join(problems))
    return tuple(found)


def _dump_thresholds(value: tuple[Threshold, ...]) -> str | list[str]:
    texts = [str(t) for t in value]
    return texts[0] if len(texts) == 1 else texts


def _metric_name(value: str) -> str:
    if not value.strip() or len(value) > _MAX_METRIC_NAME:
        raise ValueError(f"a metric name must have 1 to {_MAX_METRIC_NAME} characters")
    return value


_THRESHOLD_SCHEMA: dict[str, Any] = {"type": "string", "pattern": THRESHOLD_PATTERN}

FieldPath = Annotated[
    str,
    PlainValidator(_field_path),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": PATH_PATTERN,
            "description": "A card field path, e.g. intended_uses.purpose_of_model or "
            "evaluation_details[0].name; it must be present and non-empty.",
        }
    ),
]
MetricName = Annotated[str, AfterValidator(_metric_name)]
Thresholds = Annotated[
    tuple[Threshold, ...],
    PlainValidator(_thresholds),
    PlainSerializer(_dump_thresholds),
    WithJsonSchema(
        {
            "description": 'A threshold such as ">= 0.8" (operators >=, <=, >, <, ==), or a '
            "list of them that must all hold.",
            "anyOf": [
                _THRESHOLD_SCHEMA,
                {"type": "array", "items": _THRESHOLD_SCHEMA, "minItems": 1},
            ],
        }
    ),
]
Requirement = Literal["required", "optional"]
RequireList = Annotated[
    tuple[FieldPath, ...],
    Field(description="Card fields that must be present and non-empty."),
]
MetricMap = Annotated[
    dict[MetricName, Thresholds],
    Field(
        description="Thresholds on named metrics found anywhere in the card's training or "
        "evaluation details; a missing metric fails its rule."
    ),
]


def _no_duplicates(paths: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[tuple[object, ...]] = set()
    for path in paths:
        key = parse_path(path)
        if key in seen:
            raise ValueError(f"{format_path(key)} is listed twice")
        seen.add(key)
    return paths


_RATING_KEYS = [*(r.value for r in RiskRating), "default"]
_INTERVAL_SCHEMA: dict[str, Any] = {"type": "string", "pattern": INTERVAL_PATTERN}
_APPROVALS_SCHEMA: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": MAX_APPROVALS}


def _per_rating_schema(item: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "anyOf": [
            item,
            {
                "type": "object",
                "propertyNames": {"enum": _RATING_KEYS},
                "additionalProperties": item,
                "minProperties": 1,
            },
        ],
    }


ReviewEvery = Annotated[
    dict[str, Interval],
    PlainValidator(lambda v: per_rating(v, Interval.parse)),
    PlainSerializer(dump_per_rating),
    WithJsonSchema(
        _per_rating_schema(
            _INTERVAL_SCHEMA,
            'How long an approval holds before the version must be re-certified: "90d", '
            '"12w", "6m", "1y" (or ISO 8601 "P90D"), for every card or per risk rating '
            "(High, Medium, Low, Unknown, default).",
        )
    ),
]
ApprovalsRequired = Annotated[
    dict[str, int],
    PlainValidator(lambda v: per_rating(v, approvals)),
    PlainSerializer(dump_per_rating),
    WithJsonSchema(
        _per_rating_schema(
            _APPROVALS_SCHEMA,
            "How many distinct officers (none the registrant) must approve the same version "
            "before it is Approved, for every card or per risk rating; 1 when not given.",
        )
    ),
]


class _Rules(BaseModel):
    """The rules a policy and each of its ``when`` blocks can declare."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    require: RequireList = ()
    metrics: MetricMap = Field(default_factory=dict)
    datazone_project: Requirement = Field(
        default="optional",
        description="'required': the card must name its Amazon DataZone project.",
    )

    @field_validator("require")
    @classmethod
    def _each_path_once(cls, paths: tuple[str, ...]) -> tuple[str, ...]:
        return _no_duplicates(paths)

    def has_rules(self) -> bool:
        """Whether these rules check anything at all."""
        return bool(self.require or self.metrics or self.datazone_project == "required")


class WhenRule(_Rules):
    """Extra rules that apply only to cards with one of the given risk ratings.

    Example:
        >>> rule = WhenRule(risk_rating="High", require=["intended_uses.intended_uses"])
        >>> rule.risk_rating
        (<RiskRating.HIGH: 'High'>,)
    """

    model_config = ConfigDict(
        json_schema_extra={
            "description": "Extra rules that apply when the card's "
            "intended_uses.risk_rating is one of risk_rating."
        }
    )

    risk_rating: Annotated[
        tuple[RiskRating, ...],
        BeforeValidator(lambda v: v if isinstance(v, (list, tuple)) else [v]),
        PlainSerializer(lambda v: [str(r) for r in v] if len(v) != 1 else str(v[0])),
        Field(min_length=1),
        WithJsonSchema(
            {
                "description": "The card's intended_uses.risk_rating at which these rules "
                "apply: one rating or a list.",
                "anyOf": [
                    {"enum": [r.value for r in RiskRating]},
                    {
                        "type": "array",
                        "items": {"enum": [r.value for r in RiskRating]},
                        "minItems": 1,
                    },
                ],
            }
        ),
    ]

    @model_validator(mode="after")
    def _something_to_check(self) -> WhenRule:
        if not self.has_rules():
            raise ValueError(
                "a when block needs at least one of require, metrics, datazone_project"
            )
        return self


class Policy(_Rules):
    """A policy: the rules a model card must satisfy before a model version is approved.

    Load one from YAML with :func:`sm_governance.policy.load_policy`, check a card with
    :func:`sm_governance.policy.evaluate`.

    Example:
        >>> policy = Policy(
        ...     policy="retail-credit",
        ...     require=["intended_uses.purpose_of_model"],
        ...     metrics={"fairness_score": ">= 0.8"},
        ...     datazone_project="required",
        ...     when=[{"risk_rating": "High", "metrics": {"fairness_score": ">= 0.9"}}],
        ... )
        >>> policy.name, str(policy.metrics["fairness_score"][0])
        ('retail-credit', '>= 0.8')
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="sm-governance policy",
        json_schema_extra={
            "description": "A policy file of sm-governance: the rules a SageMaker model card "
            "must satisfy before a model version is approved."
        },
    )

    name: str = Field(
        alias="policy",
        min_length=1,
        max_length=_MAX_NAME,
        pattern=r"^[^\x00-\x1f\x7f]*\S[^\x00-\x1f\x7f]*$",
        description="A name for the policy, shown in reports.",
    )
    version: int = Field(
        default=FORMAT_VERSION,
        description=f"The policy file format version; {FORMAT_VERSION} is the only one.",
        json_schema_extra={"const": FORMAT_VERSION},
    )
    description: str | None = Field(
        default=None, max_length=1024, description="What the policy is for."
    )
    when: Annotated[
        tuple[WhenRule, ...],
        Field(description="Extra rules that apply at a risk rating."),
    ] = ()
    review_every: ReviewEvery | None = None
    approvals_required: ApprovalsRequired | None = None

    @field_validator("version", mode="before")
    @classmethod
    def _known_version(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"version must be the whole number {FORMAT_VERSION}")
        if value > FORMAT_VERSION:
            raise ValueError(version_too_new(value))
        if value < 1:
            raise ValueError(f"version must be {FORMAT_VERSION}")
        return value

    @model_validator(mode="after")
    def _something_to_check(self) -> Policy:
        cadence = self.review_every is not None or self.approvals_required is not None
        if not self.has_rules() and not self.when and not cadence:
            raise ValueError(
                "the policy checks nothing: give require, metrics, datazone_project, when, "
                "review_every or approvals_required"
            )
        return self

    def review_interval(self, risk_rating: str | None) -> Interval | None:
        """How long an approval at ``risk_rating`` holds; ``None``: no re-certification."""
        if self.review_every is None:
            return None
        found: Interval | None = by_rating(self.review_every, risk_rating, None)
        return found

    def approvals_needed(self, risk_rating: str | None) -> int:
        """How many distinct officers must approve a card at ``risk_rating`` (default 1)."""
        if self.approvals_required is None:
            return 1
        return int(by_rating(self.approvals_required, risk_rating, 1))

    def to_dict(self) -> dict[str, Any]:
        """The policy as plain data in the file's own keys (thresholds as text)."""
        data = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return {key: data[key] for key in KEY_ORDER if key in data}

    def canonical_json(self) -> str:
        """Compact, key-sorted JSON of the policy: the input of :attr:`digest`."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    @property
    def digest(self) -> str:
        """sha256 (hex) of :meth:`canonical_json`; equal for equal policies."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Policy:
        """Validate already-parsed policy data (for example ``yaml.safe_load`` output).

        Raises:
            sm_governance.errors.ValidationError: every problem, each with its path.
        """
        from sm_governance.policy._load import policy_from_data

        return policy_from_data(data)


def version_too_new(version: int) -> str:
    """The message for a policy written in a newer format than this release reads."""
    return (
        f"version {version} is newer than this release of sm-governance reads (it reads "
        f"version {FORMAT_VERSION}); upgrade sm-governance to use this policy"
    )
