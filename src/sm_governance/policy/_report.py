"""The policy gate's report: every rule with its outcome, and digests of what was checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["PolicyReport", "RuleResult"]

#: JSON values: what :attr:`RuleResult.seen` may hold.
JsonValue = None | bool | int | float | str | list[Any] | dict[str, Any]


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one rule of a policy for one card.

    Attributes:
        rule: the rule in words, e.g. ``"metric fairness_score >= 0.8"`` or
            ``"when risk_rating=High: require additional_information.ethical_considerations"``.
        passed: whether the card satisfies the rule (``True`` for a rule that does not apply).
        seen: the value found on the card (JSON data; ``None`` when nothing was found).
        reason: one sentence saying why the rule passed or failed.
        applies: ``False`` for a ``when`` rule whose risk rating is not the card's.

    Example:
        >>> result = RuleResult("metric auc >= 0.9", False, 0.85, "auc is 0.85, not >= 0.9.")
        >>> result.to_dict()["passed"]
        False
    """

    rule: str
    passed: bool
    seen: JsonValue
    reason: str
    applies: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON data, keys in a fixed order."""
        return {
            "rule": self.rule,
            "passed": self.passed,
            "seen": self.seen,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class PolicyReport:
    """What the policy gate found for one card.

    ``rules`` holds every rule that applies to the card, in the policy's order (its
    ``require`` list, then its ``metrics``, its ``datazone_project``, then each ``when``
    block). Rules of ``when`` blocks for other risk ratings are not in ``rules``: they are
    listed in ``not_applicable`` and never make a report fail.

    Attributes:
        policy: the policy's name.
        passed: whether every applicable rule passed.
        rules: the applicable rules' results.
        not_applicable: ``when`` rules that do not apply at the card's risk rating.
        risk_rating: the card's ``intended_uses.risk_rating`` (``None`` if it has none).
        card_digest: sha256 (hex) of the card content as canonical JSON (keys sorted,
            no spaces, UTF-8).
        policy_digest: sha256 (hex) of the policy as canonical JSON.
        digest: sha256 (hex) of ``"<card_digest>:<policy_digest>"``, naming exactly which
            card was checked against exactly which policy.
        card_problems: for a card read from SageMaker that breaks a card rule, each problem
            (``"path: message"``); the gate then saw the card without those fields.

    Example:
        >>> report = evaluate(policy, card)  # doctest: +SKIP
        >>> report.passed, [r.rule for r in report.failures]  # doctest: +SKIP
        (False, ['metric fairness_score >= 0.8'])
    """

    policy: str
    passed: bool
    rules: tuple[RuleResult, ...]
    not_applicable: tuple[RuleResult, ...]
    risk_rating: str | None
    card_digest: str
    policy_digest: str
    digest: str
    card_problems: tuple[str, ...] = ()

    @property
    def failures(self) -> tuple[RuleResult, ...]:
        """The rules that failed, in order."""
        return tuple(r for r in self.rules if not r.passed)

    @property
    def summary(self) -> str:
        """One line for people, e.g. ``"retail-credit: failed 2 of 7 rules"``."""
        total = len(self.rules)
        if self.passed:
            return f"{self.policy}: passed all {total} rules"
        return f"{self.policy}: failed {len(self.failures)} of {total} rules"

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON data with a stable shape (keys in a fixed order)::

        {"policy": str, "passed": bool, "risk_rating": str | null,
         "digest": str, "card_digest": str, "policy_digest": str,
         "rules": [{"rule": str, "passed": bool, "seen": any, "reason": str}, ...],
         "not_applicable": [{"rule", "passed", "seen", "reason"}, ...]}

        plus ``"card_problems": [str, ...]`` when the card read breaks a card rule.
        """
        data: dict[str, Any] = {
            "policy": self.policy,
            "passed": self.passed,
            "risk_rating": self.risk_rating,
            "digest": self.digest,
            "card_digest": self.card_digest,
            "policy_digest": self.policy_digest,
            "rules": [r.to_dict() for r in self.rules],
            "not_applicable": [r.to_dict() for r in self.not_applicable],
        }
        if self.card_problems:
            data["card_problems"] = list(self.card_problems)
        return data
