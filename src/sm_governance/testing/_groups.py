"""SageMaker handlers for model package groups and their resource policies."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sm_governance.testing import _listing
from sm_governance.testing._backend import (
    State,
    caller,
    error,
    find_group,
    result,
    state,
)

__all__ = ["GROUP_HANDLERS"]


def _create_model_package_group(original: Any) -> Callable[[Any], Any]:
    def create_model_package_group(self: Any) -> Any:
        params = self._get_params()
        backend = self.sagemaker_backend
        name = params["ModelPackageGroupName"]
        existing = backend.model_package_groups.get(name)
        if existing is not None:
            raise error(
                "ValidationException", f"Model Package Group already exists: {existing.arn}"
            )
        response = original(self)
        backend.model_package_groups[name].created_by = caller(self)
        return response

    return create_model_package_group


def _put_policy(_original: Any) -> Callable[[Any], Any]:
    def put_model_package_group_policy(self: Any) -> Any:
        params = self._get_params()
        group = find_group(self.sagemaker_backend, params["ModelPackageGroupName"])
        try:
            document = json.loads(params["ResourcePolicy"])
        except ValueError:
            document = None
        if not isinstance(document, dict) or "Statement" not in document:
            raise error("ValidationException", "The resource policy is not a valid policy.")
        state(self.sagemaker_backend).policies[group.model_package_group_name] = params[
            "ResourcePolicy"
        ]
        return result({"ModelPackageGroupArn": group.arn})

    return put_model_package_group_policy


def _policy_of(response: Any) -> tuple[State, str]:
    params = response._get_params()
    group = find_group(response.sagemaker_backend, params["ModelPackageGroupName"])
    own = state(response.sagemaker_backend)
    name = group.model_package_group_name
    if name not in own.policies:
        raise error(
            "ValidationException", f"Model Package Group {name} does not have a resource policy."
        )
    return own, name


def _get_policy(_original: Any) -> Callable[[Any], Any]:
    def get_model_package_group_policy(self: Any) -> Any:
        own, name = _policy_of(self)
        return result({"ResourcePolicy": own.policies[name]})

    return get_model_package_group_policy


def _delete_policy(_original: Any) -> Callable[[Any], Any]:
    def delete_model_package_group_policy(self: Any) -> Any:
        own, name = _policy_of(self)
        del own.policies[name]
        return result({})

    return delete_model_package_group_policy


def _describe_group(_original: Any) -> Callable[[Any], Any]:
    def describe_model_package_group(self: Any) -> Any:
        group = find_group(self.sagemaker_backend, self._get_param("ModelPackageGroupName"))
        return result(group.gen_response_object())

    return describe_model_package_group


def _delete_group(_original: Any) -> Callable[[Any], Any]:
    def delete_model_package_group(self: Any) -> Any:
        backend = self.sagemaker_backend
        group = find_group(backend, self._get_param("ModelPackageGroupName"))
        name = group.model_package_group_name
        if _listing.index(backend).by_group.get(name):
            raise error(
                "ConflictException",
                f"Model Package Group {name} still has model packages; delete them first.",
            )
        del backend.model_package_groups[name]
        own = state(backend)
        own.policies.pop(name, None)
        own.last_version.pop(name, None)
        return result({})

    return delete_model_package_group


GROUP_HANDLERS: dict[str, Callable[[Any], Callable[[Any], Any]]] = {
    "describe_model_package_group": _describe_group,
    "delete_model_package_group": _delete_group,
    "create_model_package_group": _create_model_package_group,
    "put_model_package_group_policy": _put_policy,
    "get_model_package_group_policy": _get_policy,
    "delete_model_package_group_policy": _delete_policy,
}
