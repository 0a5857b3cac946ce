"""The policy gate inside a pipeline: a policy's metric thresholds as step conditions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sm_governance._types import RiskRating
from sm_governance.errors import Problem, ValidationError
from sm_governance.pipelines._sdk import import_sdk, sdk_major
from sm_governance.pipelines._variables import pipeline_variable_types

if TYPE_CHECKING:
    from sm_governance.policy import Policy, Threshold

__all__ = ["gate_conditions", "gate_thresholds"]

#: The SDK condition class for each policy operator (metric on the left, threshold right).
_CONDITIONS = {
    ">=": "ConditionGreaterThanOrEqualTo",
    "<=": "ConditionLessThanOrEqualTo",
    ">": "ConditionGreaterThan",
    "<": "ConditionLessThan",
    "==": "ConditionEquals",
}
_RATINGS = ", ".join(r.value for r in RiskRating)


def _rating(risk_rating: RiskRating | str | None) -> RiskRating | None:
    if risk_rating is None:
        return None
    try:
        return RiskRating(risk_rating)
    except ValueError:
        raise ValidationError(
            [Problem("risk_rating", f"is not a risk rating; use one of {_RATINGS}")],
            subject="policy gate",
        ) from None


def gate_thresholds(
    policy: Policy, *, risk_rating: RiskRating | str | None = None
) -> list[tuple[str, Threshold]]:
    """Every metric threshold of ``policy`` that applies at ``risk_rating``, in file order.

    The policy's own ``metrics`` always apply; a ``when`` block's apply when
    ``risk_rating`` is one of the block's ratings (without a rating, none does, as in
    :func:`sm_governance.policy.evaluate`).

    Example:
        >>> gate_thresholds(policy, risk_rating="High")  # doctest: +SKIP
        [('fairness_score', Threshold(op='>=', value=0.8)),
         ('fairness_score', Threshold(op='>=', value=0.9))]
    """
    rating = _rating(risk_rating)
    found = [(name, t) for name, thresholds in policy.metrics.items() for t in thresholds]
    for block in policy.when:
        if rating is not None and rating in block.risk_rating:
            found.extend((name, t) for name, ts in block.metrics.items() for t in ts)
    return found


def gate_conditions(
    policy: Policy,
    metrics: Mapping[str, Any],
    *,
    risk_rating: RiskRating | str | None = None,
) -> list[Any]:
    """The policy's metric thresholds as SageMaker Pipelines conditions.

    Give the list to ``ConditionStep(conditions=...)`` with the registration step in
    ``if_steps``: the model is registered only when every threshold holds on the metrics the
    pipeline computed (a ``ConditionStep`` requires all its conditions). Conditions come from
    ``sagemaker.workflow.conditions`` (SDK v2) or ``sagemaker.core.workflow.conditions``
    (SDK v3), whichever is installed.

    Args:
        policy: the policy (see :func:`sm_governance.policy.load_policy`).
        metrics: for each metric the policy names, where its value comes from: usually a
            ``JsonGet`` on the evaluation step's report, or any pipeline variable or number.
        risk_rating: the card's risk rating, which selects the ``when`` blocks that apply.

    Raises:
        ImportError: no supported SageMaker SDK is installed.
        sm_governance.ValidationError: a metric with a threshold has no value in
            ``metrics`` (a missing metric fails the gate) or a value that is neither a number
            nor a pipeline variable, no threshold applies at all, or ``risk_rating`` is
            unknown.

    Example:
        >>> conditions = gate_conditions(
        ...     policy,
        ...     {"fairness_score": JsonGet(step_name="Evaluate", property_file=report,
        ...                                json_path="metrics.fairness_score.value")},
        ...     risk_rating=card.risk_rating,
        ... )  # doctest: +SKIP
        >>> ConditionStep(name="PolicyGate", conditions=conditions,
        ...               if_steps=[register_step], else_steps=[fail_step])  # doctest: +SKIP
    """
    thresholds = gate_thresholds(policy, risk_rating=risk_rating)
    if not thresholds:
        raise ValidationError(
            [
                Problem(
                    "policy.metrics",
                    f"policy {policy.name!r} has no metric threshold at risk rating"
                    f" {risk_rating or 'none'}: a ConditionStep without conditions gates nothing",
                )
            ],
            subject="policy gate",
        )
    names = sorted({name for name, _ in thresholds})
    problems = [
        Problem(
            f"metrics[{name!r}]",
            f"policy {policy.name!r} has a threshold on this metric but no value was"
            " given for it (a missing metric fails the gate)",
        )
        for name in names
        if name not in metrics
    ]
    if problems:
        raise ValidationError(problems, subject="policy gate")
    major = sdk_major()
    variables = pipeline_variable_types(major)
    for name in names:
        value = metrics[name]
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number and not isinstance(value, variables):
            problems.append(
                Problem(
                    f"metrics[{name!r}]",
                    "must be a number or a pipeline variable (e.g. JsonGet on the evaluation"
                    f" report), not {type(value).__name__}",
                )
            )
    if problems:
        raise ValidationError(problems, subject="policy gate")
    module = "sagemaker.workflow.conditions" if major == 2 else "sagemaker.core.workflow.conditions"
    conditions = import_sdk(module, major)
    return [
        getattr(conditions, _CONDITIONS[t.op])(left=metrics[name], right=t.value)
        for name, t in thresholds
    ]
