"""Pure evaluation of a policy against a model card's content: no I/O, no AWS."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sm_governance._datazone import datazone_project_problem
from sm_governance._types import risk_rating_of
from sm_governance.errors import Problem, ValidationError
from sm_governance.policy._model import Policy, WhenRule, _Rules
from sm_governance.policy._paths import Segment, format_path, parse_path
from sm_governance.policy._report import JsonValue, PolicyReport, RuleResult
from sm_governance.policy._threshold import Threshold

if TYPE_CHECKING:
    from sm_governance.card import ModelCard

__all__ = ["evaluate"]

#: custom_details keys naming the DataZone project: the product's own, then the AWS sample's.
DATAZONE_KEYS = ("datazone_project_id", "Datazone projects")
_SEEN_TEXT = 200
_MAX_LISTED = 5

Outcome = tuple[bool, JsonValue, str]
Check = Callable[["_Card"], Outcome]


@dataclass(frozen=True)
class _Metric:
    name: str
    value: Any
    path: str


@dataclass(frozen=True)
class _Card:
    content: Mapping[str, Any]
    metrics: tuple[_Metric, ...]


def evaluate(policy: Policy, card: ModelCard | Mapping[str, Any]) -> PolicyReport:
    """Check a model card against a policy and report on every rule.

    Pure: reads only its arguments. ``card`` is a ``ModelCard`` (its ``to_content()`` is
    used, so any object with that method works) or the card's content as a mapping (the
    ``ModelCardContent`` JSON, parsed). Either gives the same report and digests.

    Rules of ``when`` blocks apply when the card's ``intended_uses.risk_rating`` is one of
    the block's ratings; a card without a risk rating matches no block (require
    ``intended_uses.risk_rating`` to close that gap). Rules that do not apply are listed in
    :attr:`PolicyReport.not_applicable` and never fail the report.

    Raises:
        TypeError: ``card`` is neither a card nor a mapping.
        sm_governance.errors.ValidationError: the content is not JSON data.

    Example:
        >>> content = {"intended_uses": {"purpose_of_model": "Score loans"}}
        >>> evaluate(policy, content).passed  # doctest: +SKIP
        True
    """
    content = _content_of(card)
    card_digest = _sha256(_canonical_json(content))
    policy_digest = policy.digest
    facts = _Card(content=content, metrics=tuple(_collect_metrics(content)))
    rating = risk_rating_of(content)

    rules = [_result(name, check, facts) for name, check in _checks(policy)]
    skipped: list[RuleResult] = []
    for block in policy.when:
        prefix = _when_prefix(block)
        applies = rating is not None and rating in {r.value for r in block.risk_rating}
        for name, check in _checks(block):
            if applies:
                rules.append(_result(prefix + name, check, facts))
            else:
                why = _not_applicable(rating, block)
                skipped.append(RuleResult(prefix + name, True, rating, why, applies=False))
    return PolicyReport(
        policy=policy.name,
        passed=all(r.passed for r in rules),
        rules=tuple(rules),
        not_applicable=tuple(skipped),
        risk_rating=rating,
        card_digest=card_digest,
        policy_digest=policy_digest,
        digest=_sha256(f"{card_digest}:{policy_digest}"),
    )


def _content_of(card: ModelCard | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(card, Mapping):
        return card
    to_content = getattr(card, "to_content", None)
    if callable(to_content):
        content = to_content()
        if isinstance(content, Mapping):
            return content
    raise TypeError(
        f"evaluate() needs a ModelCard or the card's content mapping, not {type(card).__name__}"
    )


def _canonical_json(content: Mapping[str, Any]) -> str:
    try:
        return json.dumps(
            content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            [Problem("", f"it is not JSON data: {exc}")], subject="card content"
        ) from exc


def _sha256(text: str) -> str:
    # surrogatepass: stored text may hold a lone surrogate (valid in the service's JSON); the
    # digest is still defined, and equal texts still give equal digests.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _result(name: str, check: Check, facts: _Card) -> RuleResult:
    passed, seen, reason = check(facts)
    return RuleResult(name, passed, seen, reason)


def _checks(rules: _Rules) -> list[tuple[str, Check]]:
    """Each rule of a policy or ``when`` block, named, with the function that checks it."""
    checks: list[tuple[str, Check]] = []
    for path in rules.require:
        checks.append((f"require {path}", _require(path)))
    for name, thresholds in rules.metrics.items():
        for threshold in thresholds:
            checks.append((f"metric {name} {threshold}", _metric(name, threshold)))
    if rules.datazone_project == "required":
        checks.append(("datazone_project required", _datazone_project))
    return checks


def _when_prefix(block: WhenRule) -> str:
    ratings = [r.value for r in block.risk_rating]
    if len(ratings) == 1:
        return f"when risk_rating={ratings[0]}: "
    return f"when risk_rating in ({', '.join(ratings)}): "


def _not_applicable(rating: str | None, block: WhenRule) -> str:
    wanted = " or ".join(r.value for r in block.risk_rating)
    if rating is None:
        return f"Does not apply: the card has no risk rating (this rule applies at {wanted})."
    return f"Does not apply: the card's risk rating is {rating}, not {wanted}."


# -- require ---------------------------------------------------------------------------


def _require(path: str) -> Check:
    segments = parse_path(path)
    shown = format_path(segments)

    def check(facts: _Card) -> Outcome:
        value: Any = facts.content
        for i, seg in enumerate(segments):
            where = format_path(segments[:i]) if i else "the card"
            missing = _step_missing(value, seg, where)
            if missing:
                return False, None, f"{shown} is missing: {missing}."
            value = value[seg]
        if value is None:
            return False, None, f"{shown} is null."
        if _is_empty(value):
            return False, _seen(value), f"{shown} is empty."
        return True, _seen(value), f"{shown} is present."

    return check


def _step_missing(value: Any, seg: Segment, where: str) -> str | None:
    """Why ``value[seg]`` does not exist, or ``None`` when it does."""
    if isinstance(seg, int):
        if not isinstance(value, list):
            return f"{where} is not a list"
        if seg >= len(value):
            count = f"{len(value)} item" + ("" if len(value) == 1 else "s")
            return f"{where} has {count}, so no [{seg}]"
        return None
    if not isinstance(value, Mapping):
        return f"{where} is not a mapping"
    if seg not in value:
        return f"{where} has no {seg}"
    return None


def _is_empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, dict, Mapping)) and not value


def _seen(value: Any) -> JsonValue:
    """The value as a report shows it: scalars as they are, long text cut, containers counted."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value if len(value) <= _SEEN_TEXT else value[: _SEEN_TEXT - 1] + "…"
    if isinstance(value, list):
        return f"[list of {len(value)} item{'' if len(value) == 1 else 's'}]"
    # JSON data: what is left is a mapping
    return f"[mapping of {len(value)} field{'' if len(value) == 1 else 's'}]"


# -- metrics ---------------------------------------------------------------------------


def _collect_metrics(content: Mapping[str, Any]) -> list[_Metric]:
    """Every named metric value in the training details and evaluation details."""
    found: list[_Metric] = []
    training = _mapping(content.get("training_details"))
    job = _mapping(training.get("training_job_details"))
    for key in ("training_metrics", "user_provided_training_metrics"):
        found.extend(_metric_list(job.get(key), f"training_details.training_job_details.{key}"))
    for i, evaluation in enumerate(_list(content.get("evaluation_details"))):
        groups = _list(_mapping(evaluation).get("metric_groups"))
        for j, group in enumerate(groups):
            base = f"evaluation_details[{i}].metric_groups[{j}].metric_data"
            found.extend(_metric_list(_mapping(group).get("metric_data"), base))
    return found


def _metric_list(items: Any, base: str) -> list[_Metric]:
    return [
        _Metric(item["name"], item["value"], f"{base}[{k}]")
        for k, item in enumerate(_list(items))
        if isinstance(item, Mapping) and isinstance(item.get("name"), str) and "value" in item
    ]


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _value_key(value: Any) -> tuple[str, Any]:
    """Equal for values that are the same metric value (``1`` and ``1.0`` are)."""
    if isinstance(value, bool):
        return ("bool", value)
    if _is_number(value):
        return ("number", value)
    return ("json", json.dumps(value, sort_keys=True, default=str))


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({json.dumps(value)})"
    if isinstance(value, str):
        return f"text ({_seen(value)!r})"
    if isinstance(value, list):
        return "a graph or matrix"
    return "null" if value is None else "a mapping"


def _metric(name: str, threshold: Threshold) -> Check:
    def check(facts: _Card) -> Outcome:
        found = [m for m in facts.metrics if m.name == name]
        if not found:
            return (
                False,
                None,
                f"The card has no metric {name!r} in its training or evaluation details.",
            )
        distinct: dict[tuple[str, Any], _Metric] = {}
        for metric in found:
            distinct.setdefault(_value_key(metric.value), metric)
        if len(distinct) > 1:
            listed = "; ".join(f"{_shown(m.value)} at {m.path}" for m in found[:_MAX_LISTED])
            more = f" and {len(found) - _MAX_LISTED} more" if len(found) > _MAX_LISTED else ""
            seen: JsonValue = [_seen(m.value) for m in distinct.values()]
            return (
                False,
                seen,
                f"{name} appears with different values ({listed}{more}); "
                "the gate does not guess which one counts.",
            )
        value = found[0].value
        if not _is_number(value):
            return (
                False,
                _seen(value),
                f"{name} is {_kind_of(value)}; only a number can be compared with {threshold}.",
            )
        where = found[0].path if len(found) == 1 else f"{len(found)} places, all equal"
        if threshold.allows(value):
            return True, value, f"{name} is {_shown(value)} ({where}), which meets {threshold}."
        return (
            False,
            value,
            f"{name} is {_shown(value)} ({where}), which does not meet {threshold}.",
        )

    return check


def _shown(value: Any) -> str:
    return repr(value) if _is_number(value) else json.dumps(_seen(value), ensure_ascii=False)


# -- DataZone --------------------------------------------------------------------------


def _datazone_project(facts: _Card) -> Outcome:
    info = _mapping(facts.content.get("additional_information"))
    details = _mapping(info.get("custom_details"))
    for key in DATAZONE_KEYS:
        value = details.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        where = format_path(("additional_information", "custom_details", key))
        if key == DATAZONE_KEYS[0] and datazone_project_problem(value):
            return (
                False,
                _seen(value),
                f"{where} is {_shown(value)}, which is not a DataZone project ID "
                "(1 to 36 letters, digits, '-' or '_').",
            )
        return True, _seen(value), f"The card names DataZone project {_shown(value)} ({where})."
    return (
        False,
        None,
        "The card names no Amazon DataZone project: set additional_information."
        "custom_details.datazone_project_id (ModelCardBuilder.datazone_project).",
    )
