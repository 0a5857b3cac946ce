"""A small evaluator of IAM identity policies, for the separation-of-duties tests of infra/.

Why it exists: moto's IAM enforcement (moto 5.2) evaluates the Action, NotAction and Resource
of identity policies and lets an explicit Deny win, but it never gives identity policies any
condition context (``IAMRequest.check_action_permitted`` passes none), so a condition such as
``sagemaker:ModelApprovalStatus`` is never consulted: a conditional Allow acts as an
unconditional Allow and a conditional Deny as an unconditional Deny. It also authorises every
SageMaker call against the resource ``"*"``. The tests therefore evaluate the deployed policy
documents here, over the request parameters botocore really puts on the wire.

Scope, deliberately narrow (anything outside it raises :class:`UnsupportedPolicyError` rather
than guessing):

* identity-based policies of one account: explicit Deny wins, otherwise any matching Allow
  allows, otherwise the request is implicitly denied (no SCPs, permission boundaries or session
  policies);
* with :func:`evaluate_with_resource_policy`, an S3 bucket policy or a KMS key policy of the same
  account as well: ``Principal`` ``"*"``, a principal ARN (matched against ``aws:PrincipalArn``)
  or the account (``arn:aws:iam::<account>:root``, which delegates to identity policies and
  grants nothing by itself); a Deny in either policy wins; S3 allows when either policy allows
  the caller, KMS only when the key policy allows the caller itself, or allows the account and
  an identity policy allows the caller (KMS's rule; no grants modelled);
* ``Action`` / ``NotAction`` (case-insensitive, ``*`` and ``?`` wildcards) and ``Resource`` /
  ``NotResource`` (case-sensitive wildcards over the whole ARN);
* condition operators ``String[Not]Equals[IgnoreCase]``, ``String[Not]Like``,
  ``Arn[Not]Equals``, ``Arn[Not]Like``, ``Bool``, each with ``...IfExists``, and ``Null``;
  ``ForAnyValue:`` / ``ForAllValues:`` with the positive string operators on multi-valued keys
  (a request value that is a tuple); a single-valued operator on a multi-valued key is refused.

The rules for a key missing from the request follow the IAM documentation: a positive operator
(``StringEquals``) is false, a negated operator (``StringNotEquals``) is true, ``...IfExists``
is true, and ``Null`` is true for ``"true"`` and false for ``"false"``. Several values for one
key match when any of them matches (negated operators: when none does). ``ForAnyValue:`` holds
when some request value matches (false for a missing key); ``ForAllValues:`` when every request
value matches (true for a missing key).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "METADATA_PREFIX",
    "METADATA_TO_REMOVE",
    "MODEL_APPROVAL_STATUS",
    "Caller",
    "Decision",
    "Request",
    "UnsupportedPolicyError",
    "evaluate",
    "evaluate_with_resource_policy",
    "principal_match",
    "sagemaker_request",
    "statement_applies",
]

MODEL_APPROVAL_STATUS = "sagemaker:ModelApprovalStatus"
METADATA_PREFIX = "sagemaker:CustomerMetadataProperties/"
METADATA_TO_REMOVE = "sagemaker:CustomerMetadataPropertiesToRemove"
TAG_KEYS = "aws:TagKeys"
REQUEST_TAG_PREFIX = "aws:RequestTag/"
SAGEMAKER_KEYS = frozenset(
    {
        MODEL_APPROVAL_STATUS.lower(),
        METADATA_PREFIX.lower() + "*",
        METADATA_TO_REMOVE.lower(),
        TAG_KEYS.lower(),
        REQUEST_TAG_PREFIX.lower() + "*",
    }
)


class UnsupportedPolicyError(ValueError):
    """The policy uses something this evaluator does not model; it refuses to guess."""


class Decision(enum.Enum):
    """The outcome of evaluating a request against identity policies."""

    ALLOW = "Allow"
    EXPLICIT_DENY = "ExplicitDeny"
    IMPLICIT_DENY = "ImplicitDeny"

    @property
    def allowed(self) -> bool:
        return self is Decision.ALLOW


@dataclass(frozen=True)
class Request:
    """One authorisation request: action, resource ARN and the condition keys it carries.

    ``modelled_keys`` lists the keys (lower case; ``prefix/*`` for a family) whose presence or
    absence this request models faithfully; a condition on any other key raises instead of
    silently treating the key as absent. A tuple value is a multi-valued key.
    """

    action: str
    resource: str
    context: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)
    modelled_keys: frozenset[str] = SAGEMAKER_KEYS

    def _modelled(self, lowered: str) -> bool:
        if lowered in self.modelled_keys or lowered in {k.lower() for k in self.context}:
            return True
        return any(
            pattern.endswith("/*") and lowered.startswith(pattern[:-1])
            for pattern in self.modelled_keys
        )

    def value(self, key: str) -> str | tuple[str, ...] | None:
        """The key's value (key names are case-insensitive), or None when absent."""
        lowered = key.lower()
        if not self._modelled(lowered):
            raise UnsupportedPolicyError(f"condition key {key!r} is not modelled by this request")
        for name, value in self.context.items():
            if name.lower() == lowered:
                return value
        return None


def _wildcard(pattern: str, *, ignore_case: bool) -> re.Pattern[str]:
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def _like(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    return _wildcard(pattern, ignore_case=ignore_case).fullmatch(value) is not None


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise UnsupportedPolicyError(f"condition value {value!r} is not a string")


# base operator -> (match(policy_value, request_value), negated)
_OPERATORS: dict[str, tuple[Callable[[str, str], bool], bool]] = {
    "StringEquals": (lambda p, v: p == v, False),
    "StringNotEquals": (lambda p, v: p == v, True),
    "StringEqualsIgnoreCase": (lambda p, v: p.lower() == v.lower(), False),
    "StringNotEqualsIgnoreCase": (lambda p, v: p.lower() == v.lower(), True),
    "StringLike": (_like, False),
    "StringNotLike": (_like, True),
    "ArnEquals": (_like, False),
    "ArnLike": (_like, False),
    "ArnNotEquals": (_like, True),
    "ArnNotLike": (_like, True),
    "Bool": (lambda p, v: p.lower() == v.lower(), False),
}


def _set_condition_holds(operator: str, key: str, expected: Any, request: Request) -> bool:
    qualifier, _, base = operator.partition(":")
    if qualifier not in ("ForAnyValue", "ForAllValues") or base not in _OPERATORS:
        raise UnsupportedPolicyError(f"set operator {operator!r} is not supported")
    match, negated = _OPERATORS[base]
    if negated:
        raise UnsupportedPolicyError(f"set operator {operator!r} is not supported")
    actual = request.value(key)
    values = () if actual is None else (actual,) if isinstance(actual, str) else actual
    hits = [any(match(_text(e), value) for e in _as_list(expected)) for value in values]
    return any(hits) if qualifier == "ForAnyValue" else all(hits)


def _condition_holds(operator: str, key: str, expected: Any, request: Request) -> bool:
    if ":" in operator:
        return _set_condition_holds(operator, key, expected, request)
    actual = request.value(key)
    if isinstance(actual, tuple):
        raise UnsupportedPolicyError(f"{operator} on the multi-valued key {key!r}")
    if operator == "Null":
        wanted = {_text(v).lower() for v in _as_list(expected)}
        if wanted - {"true", "false"}:
            raise UnsupportedPolicyError(f"Null takes true or false, not {expected!r}")
        return ("true" if actual is None else "false") in wanted
    if_exists = operator.endswith("IfExists")
    base = operator[: -len("IfExists")] if if_exists else operator
    if base not in _OPERATORS:
        raise UnsupportedPolicyError(f"condition operator {operator!r} is not supported")
    match, negated = _OPERATORS[base]
    if actual is None:
        return if_exists or negated
    hit = any(match(_text(value), actual) for value in _as_list(expected))
    return not hit if negated else hit


def _conditions_hold(conditions: Mapping[str, Any], request: Request) -> bool:
    for operator, keys in conditions.items():
        if not isinstance(keys, Mapping):
            raise UnsupportedPolicyError(f"condition block {operator!r} is not a mapping")
        for key, expected in keys.items():
            if not _condition_holds(operator, key, expected, request):
                return False
    return True


def _element_matches(
    statement: Mapping[str, Any], positive: str, negative: str, value: str, *, ignore_case: bool
) -> bool:
    if (positive in statement) == (negative in statement):
        raise UnsupportedPolicyError(f"a statement needs exactly one of {positive}/{negative}")
    name = positive if positive in statement else negative
    hit = any(
        _like(_text(pattern), value, ignore_case=ignore_case)
        for pattern in _as_list(statement[name])
    )
    return hit if name == positive else not hit


def statement_applies(statement: Mapping[str, Any], request: Request) -> bool:
    """Whether the statement's action, resource and conditions all match the request."""
    if "Principal" in statement or "NotPrincipal" in statement:
        raise UnsupportedPolicyError("a Principal belongs in a resource policy, not here")
    return (
        _element_matches(statement, "Action", "NotAction", request.action, ignore_case=True)
        and _element_matches(
            statement, "Resource", "NotResource", request.resource, ignore_case=False
        )
        and _conditions_hold(statement.get("Condition") or {}, request)
    )


def evaluate(documents: Iterable[Mapping[str, Any]], request: Request) -> Decision:
    """Evaluate identity policy documents for one request (explicit deny wins)."""
    allowed = False
    for document in documents:
        for statement in _as_list(document["Statement"]):
            effect = statement.get("Effect")
            if effect not in ("Allow", "Deny"):
                raise UnsupportedPolicyError(f"Effect must be Allow or Deny, not {effect!r}")
            if not statement_applies(statement, request):
                continue
            if effect == "Deny":
                return Decision.EXPLICIT_DENY
            allowed = True
    return Decision.ALLOW if allowed else Decision.IMPLICIT_DENY


def _group_name(value: str) -> str:
    # ModelPackageGroupName may be a name or an ARN (model-package-group/<name>).
    return value.rsplit("/", 1)[-1]


def sagemaker_request(
    operation: str,
    params: Mapping[str, Any],
    *,
    region: str,
    account: str,
    next_version: int = 1,
) -> Request:
    """The authorisation request SageMaker makes for one API call, from its wire parameters.

    The condition keys modelled are SageMaker's request keys for these calls:
    ``sagemaker:ModelApprovalStatus`` (present exactly when the request carries the
    ``ModelApprovalStatus`` parameter, with its value), ``sagemaker:CustomerMetadataProperties/<k>``
    for each entry of ``CustomerMetadataProperties``, and the multi-valued
    ``sagemaker:CustomerMetadataPropertiesToRemove``, and the tag keys of every call that
    carries tags (``Tags`` at creation, ``AddTags``, ``DeleteTags``): the multi-valued
    ``aws:TagKeys`` and ``aws:RequestTag/<key>`` for each tag added. The resource is
    the model package the call acts on (for ``CreateModelPackage``, the new version
    ``model-package/<group>/<next_version>``, with the group name in lower case as SageMaker
    writes it in ARNs), the group for ``CreateModelPackageGroup``, and ``ResourceArn`` for
    ``AddTags`` and ``DeleteTags``.
    """
    prefix = f"arn:aws:sagemaker:{region}:{account}"
    if operation == "CreateModelPackage":
        if "ModelPackageGroupName" in params:
            group = _group_name(str(params["ModelPackageGroupName"])).lower()
            resource = f"{prefix}:model-package/{group}/{next_version}"
        else:
            resource = f"{prefix}:model-package/{str(params['ModelPackageName']).lower()}"
    elif operation in ("UpdateModelPackage", "DescribeModelPackage"):
        resource = str(params.get("ModelPackageArn") or params["ModelPackageName"])
    elif operation in ("AddTags", "DeleteTags"):
        resource = str(params["ResourceArn"])
    elif operation in ("DescribeModelPackageGroup", "CreateModelPackageGroup"):
        group = _group_name(str(params["ModelPackageGroupName"])).lower()
        resource = f"{prefix}:model-package-group/{group}"
    else:
        raise UnsupportedPolicyError(f"no request model for SageMaker {operation}")
    context: dict[str, str | tuple[str, ...]] = {}
    if operation in ("CreateModelPackage", "UpdateModelPackage"):
        if "ModelApprovalStatus" in params:
            context[MODEL_APPROVAL_STATUS] = str(params["ModelApprovalStatus"])
        for name, value in (params.get("CustomerMetadataProperties") or {}).items():
            context[METADATA_PREFIX + str(name)] = str(value)
    if operation == "UpdateModelPackage" and "CustomerMetadataPropertiesToRemove" in params:
        context[METADATA_TO_REMOVE] = tuple(map(str, params["CustomerMetadataPropertiesToRemove"]))
    tags = params.get("Tags")
    if tags:
        context[TAG_KEYS] = tuple(str(tag["Key"]) for tag in tags)
        for tag in tags:
            context[REQUEST_TAG_PREFIX + str(tag["Key"])] = str(tag["Value"])
    if operation == "DeleteTags":
        context[TAG_KEYS] = tuple(map(str, params["TagKeys"]))
    return Request(action=f"sagemaker:{operation}", resource=resource, context=context)


@dataclass(frozen=True)
class Caller:
    """Who makes a request: ``aws:PrincipalArn`` (a role's ARN for any of its sessions)."""

    arn: str
    account: str


def principal_match(statement: Mapping[str, Any], caller: Caller) -> str | None:
    """``"caller"`` when a resource policy statement names the caller (or everyone),
    ``"account"`` when it names the caller's account, ``None`` when it does not apply."""
    if "NotPrincipal" in statement:
        raise UnsupportedPolicyError("NotPrincipal is not supported")
    principal = statement.get("Principal")
    if principal == "*":
        return "caller"
    if not isinstance(principal, Mapping) or set(principal) - {"AWS", "Service"}:
        raise UnsupportedPolicyError(f"principal {principal!r} is not supported")
    account = f"arn:aws:iam::{caller.account}:root"
    found: str | None = None
    for value in _as_list(principal.get("AWS", [])):
        if value in ("*", caller.arn):
            return "caller"
        if value in (account, caller.account):
            found = "account"
    return found  # a Service principal never matches an IAM caller


def evaluate_with_resource_policy(
    identity_documents: Iterable[Mapping[str, Any]],
    resource_policy: Mapping[str, Any],
    request: Request,
    caller: Caller,
    *,
    service: str,
) -> Decision:
    """Identity policies and an S3 bucket policy or KMS key policy, same account."""
    if service not in ("s3", "kms"):
        raise UnsupportedPolicyError(f"resource policies of {service!r} are not modelled")
    identity = evaluate(identity_documents, request)
    if identity is Decision.EXPLICIT_DENY:
        return identity
    allows: set[str] = set()
    for statement in _as_list(resource_policy["Statement"]):
        match = principal_match(statement, caller)
        if match is None:
            continue
        unnamed = {key: value for key, value in statement.items() if key != "Principal"}
        if not statement_applies(unnamed, request):
            continue
        if statement["Effect"] == "Deny":
            return Decision.EXPLICIT_DENY
        allows.add(match)
    if "caller" in allows:
        return Decision.ALLOW
    if service == "kms":
        delegated = "account" in allows and identity is Decision.ALLOW
        return Decision.ALLOW if delegated else Decision.IMPLICIT_DENY
    return identity
