"""Shared pieces of the SageMaker handlers: errors, results, per-backend state, the caller."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sm_governance.testing import _rules

__all__ = [
    "State",
    "caller",
    "checked",
    "error",
    "find_group",
    "now",
    "result",
    "state",
]


def error(code: str, message: str) -> Exception:
    from moto.sagemaker.exceptions import SagemakerClientError

    return SagemakerClientError(code, message)


def checked(check: Callable[[], None]) -> None:
    try:
        check()
    except _rules.RuleViolation as violation:
        raise error(violation.code, violation.message) from None


def result(body: dict[str, Any]) -> Any:
    from moto.core.responses import ActionResult

    return ActionResult(body)


def now() -> datetime:
    return datetime.now(timezone.utc)


class State:
    """Per-backend state moto has no place for."""

    def __init__(self) -> None:
        self.tokens: dict[str, tuple[str, str]] = {}
        self.last_version: dict[str, int] = {}
        self.policies: dict[str, str] = {}
        self.index: Any = None
        """The packages' index (``_listing.Index``), made on first use."""


def state(backend: Any) -> State:
    state = backend.__dict__.get("_governance_state")
    if state is None:
        state = backend.__dict__["_governance_state"] = State()
    return state  # type: ignore[no-any-return]


def caller(response: Any) -> dict[str, Any]:
    """``UserContext`` of the IAM user or assumed role behind the request's access key."""
    from moto.sts.models import sts_backends

    sts = sts_backends[response.current_account][response.partition]
    principal_id, arn, _account = sts.get_caller_identity(
        response.get_access_key(), response.region
    )
    return {"IamIdentity": {"Arn": arn, "PrincipalId": principal_id}}


def find_group(backend: Any, name: str) -> Any:
    """The group named by ``name`` or by its full ARN (SageMaker's ``ArnOrName``)."""
    is_arn = name.startswith("arn:")
    group = backend.model_package_groups.get(name.rsplit("/", 1)[-1] if is_arn else name)
    if group is None or (is_arn and group.arn != name):
        raise error("ValidationException", f"Model Package Group {name} does not exist.")
    return group
