"""SageMaker response handlers for model packages, installed on moto by ``_patch.install``.

Each handler is a method of moto's ``SageMakerResponse``: it reads the parsed request
(``self._get_params()``), applies the service's rules, works on moto's own backend objects and
returns an ``ActionResult`` that moto serialises with botocore's output shape. Extra state lives
as attributes on moto's objects, so moto's reset clears it with everything else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sm_governance.testing import _events, _listing, _patterns, _rules, _search
from sm_governance.testing._backend import caller, checked, error, find_group, now, result, state
from sm_governance.testing._groups import GROUP_HANDLERS

__all__ = ["HANDLERS", "package_extras"]

_EXTRAS = {
    "model_card": "ModelCard",
    "model_life_cycle": "ModelLifeCycle",
    "security_config": "SecurityConfig",
    "source_uri": "SourceUri",
    "model_package_registration_type": "ModelPackageRegistrationType",
    "skip_model_validation": "SkipModelValidation",
}


def package_extras(package: Any) -> dict[str, Any]:
    """The members moto does not keep, as DescribeModelPackage returns them."""
    extras = {
        key: json.loads(json.dumps(getattr(package, attr)))
        for attr, key in _EXTRAS.items()
        if getattr(package, attr, None) is not None
    }
    for attr, key in (("created_by", "CreatedBy"), ("last_modified_by", "LastModifiedBy")):
        value = getattr(package, attr, None)
        if value and "IamIdentity" in value:
            extras[key] = value
    return extras


def _find_package(backend: Any, name: str) -> Any:
    arn = backend.model_package_name_mapping.get(name, name)
    package = backend.model_packages.get(arn)
    if package is None:
        raise error("ValidationException", f"Model package {name} does not exist.")
    return package


def _emit(response: Any, package: Any) -> None:
    _events.put_state_change(
        response.current_account, response.region, package.gen_response_object()
    )


def _check_card(card: dict[str, Any] | None) -> None:
    if card and card.get("ModelCardContent") is not None:
        checked(lambda: _rules.check_card_content(card["ModelCardContent"]))


# --- CreateModelPackage ------------------------------------------------------------------------


def _new_package(backend: Any, params: dict[str, Any], identity: dict[str, Any]) -> Any:
    from moto.sagemaker.models import ModelPackage

    group_name = params.get("ModelPackageGroupName")
    name = params.get("ModelPackageName")
    if group_name and name:
        raise error(
            "ValidationException",
            "Both ModelPackageName and ModelPackageGroupName are provided in the input. "
            "Cannot determine which one to use.",
        )
    if not group_name and not name:
        raise error("ValidationException", "Missing ARN.")
    version = None
    status = params.get("ModelApprovalStatus")
    if group_name:
        group = find_group(backend, group_name)
        name = group_name = group.model_package_group_name
        own = state(backend)
        used = [
            backend.model_packages[arn].model_package_version
            for _, arn in _listing.index(backend).by_group.get(group_name, [])[-1:]
        ]
        version = max([own.last_version.get(group_name, 0), *used]) + 1
        own.last_version[group_name] = version
        status = status or "PendingManualApproval"
    inference = params.get("InferenceSpecification")
    if inference is None and params.get("SourceUri"):
        inference = _inference_from_source(backend, params["SourceUri"])
    fields: dict[str, Any] = {
        "model_package_name": name,
        "model_package_group_name": group_name,
        "model_package_version": version,
        "model_package_description": params.get("ModelPackageDescription"),
        "inference_specification": inference,
        "source_algorithm_specification": params.get("SourceAlgorithmSpecification"),
        "validation_specification": params.get("ValidationSpecification"),
        "certify_for_marketplace": params.get("CertifyForMarketplace", False),
        "model_approval_status": status,
        "metadata_properties": params.get("MetadataProperties"),
        "model_metrics": params.get("ModelMetrics"),
        "approval_description": None,
        "customer_metadata_properties": params.get("CustomerMetadataProperties"),
        "drift_check_baselines": params.get("DriftCheckBaselines"),
        "domain": params.get("Domain"),
        "task": params.get("Task"),
        "sample_payload_url": params.get("SamplePayloadUrl"),
        "additional_inference_specifications": params.get("AdditionalInferenceSpecifications"),
        "client_token": params.get("ClientToken"),
        "region_name": backend.region_name,
        "account_id": backend.account_id,
        "model_package_type": "Versioned" if version else "Unversioned",
        "tags": params.get("Tags"),
    }
    # moto names the version in lower case in its ARN, as SageMaker does: the Developer Guide's
    # pipeline tutorial registers into ``AbaloneModelPackageGroupName`` and gets back
    # ``...:model-package/abalonemodelpackagegroupname/2``, while ``ModelPackageGroupName``
    # keeps the name as created. tests/functional/approval/test_arn_case.py holds moto to it.
    package = ModelPackage(**fields)
    for attr, key in _EXTRAS.items():
        setattr(package, attr, params.get(key))
    package.created_by = identity
    package.last_modified_by = None
    return package


def _is_arn_of(shape: str, value: str) -> bool:
    """Whether ``value`` satisfies the pattern of the service model's ARN ``shape``."""
    pattern = _rules.service_model().shape_for(shape).metadata["pattern"]
    return _patterns.matcher(pattern)(value)


def _inference_from_source(backend: Any, source_uri: str) -> dict[str, Any] | None:
    """The ``InferenceSpecification`` SageMaker fills in from a package's ``SourceUri``.

    A model package ARN clones that package's specification; a model ARN makes one container
    of each of the model's containers. Any other URI fills in nothing. (The SageMaker SDK v2
    sends no specification with such a URI, ``can_model_package_source_uri_autopopulate``,
    and its integration tests expect SageMaker to fill it in.)
    """
    if _is_arn_of("ModelPackageArn", source_uri):
        source = _find_package(backend, source_uri)
        spec = source.inference_specification
        return json.loads(json.dumps(spec, default=str)) if spec else None
    if _is_arn_of("ModelArn", source_uri):
        name = source_uri.rsplit("/", 1)[-1]
        model = backend._models.get(name)
        if model is None:
            raise error("ValidationException", f"Could not find model {source_uri}.")
        containers = list(model.containers or [])
        if model.primary_container:
            containers.insert(0, model.primary_container)
        kept = ("ContainerHostname", "Image", "ModelDataUrl", "Environment", "ModelDataSource")
        specs = [{k: c[k] for k in kept if c.get(k) is not None} for c in containers]
        return {"Containers": specs} if specs else None
    return None


def _create_model_package(_original: Any) -> Callable[[Any], Any]:
    def create_model_package(self: Any) -> Any:
        params = self._get_params()
        _check_card(params.get("ModelCard"))
        checked(
            lambda: _rules.check_customer_metadata(params.get("CustomerMetadataProperties") or {})
        )
        backend = self.sagemaker_backend
        own = state(backend)
        token = params.get("ClientToken")
        request = json.dumps(
            {k: v for k, v in params.items() if k != "ClientToken"}, sort_keys=True, default=str
        )
        if token and token in own.tokens:
            seen_request, seen_arn = own.tokens[token]
            if seen_request != request:
                raise error(
                    "ConflictException",
                    f"ClientToken {token} was already used with a different request.",
                )
            return result({"ModelPackageArn": seen_arn})
        package = _new_package(backend, params, caller(self))
        if package.model_package_version is None and package.arn in backend.model_packages:
            raise error("ConflictException", f"Model package {package.arn} already exists.")
        packages = _listing.index(backend)
        backend.model_packages[package.arn] = package
        packages.add(package)
        backend.model_package_name_mapping[package.arn] = package.arn
        if package.model_package_version is None:
            backend.model_package_name_mapping[package.model_package_name] = package.arn
        else:
            key = f"{package.model_package_group_name}/{package.model_package_version}"
            backend.model_package_name_mapping[key] = package.arn
        if token:
            own.tokens[token] = (request, package.arn)
        if package.model_package_version is not None:
            _emit(self, package)
        return result({"ModelPackageArn": package.arn})

    return create_model_package


# --- UpdateModelPackage ------------------------------------------------------------------------


def _merge_card(package: Any, card: dict[str, Any]) -> None:
    current = dict(getattr(package, "model_card", None) or {})
    if "ModelCardContent" in card and current.get("ModelCardStatus") == "Archived":
        raise error("ValidationException", "Model Card is in Archived state")
    _check_card(card)
    current.update({k: v for k, v in card.items() if v is not None})
    package.model_card = current


def _merged_metadata(package: Any, params: dict[str, Any]) -> dict[str, str] | None:
    metadata = dict(package.customer_metadata_properties or {})
    metadata.update(params.get("CustomerMetadataProperties") or {})
    for key in params.get("CustomerMetadataPropertiesToRemove") or []:
        metadata.pop(key, None)
    checked(lambda: _rules.check_customer_metadata(metadata))
    return metadata or None


def _update_model_package(_original: Any) -> Callable[[Any], Any]:
    def update_model_package(self: Any) -> Any:
        params = self._get_params()
        package = _find_package(self.sagemaker_backend, params["ModelPackageArn"])
        if params.get("ModelCard") is not None:
            _merge_card(package, params["ModelCard"])
        metadata = _merged_metadata(package, params)
        before = (package.model_approval_status, getattr(package, "model_life_cycle", None))
        if params.get("ModelApprovalStatus") is not None:
            package.set_model_approval_status(params["ModelApprovalStatus"])
        if params.get("ApprovalDescription") is not None:
            package.approval_description = params["ApprovalDescription"]
        package.customer_metadata_properties = metadata
        package.add_additional_inference_specifications(
            params.get("AdditionalInferenceSpecificationsToAdd")
        )
        for attr, key in (
            ("inference_specification", "InferenceSpecification"),
            ("source_uri", "SourceUri"),
            ("model_life_cycle", "ModelLifeCycle"),
            ("model_package_registration_type", "ModelPackageRegistrationType"),
        ):
            if params.get(key) is not None:
                setattr(package, attr, params[key])
        package.last_modified_time = now()
        package.last_modified_by = caller(self)
        changed = before != (package.model_approval_status, package.model_life_cycle)
        if changed and package.model_package_version is not None:
            _emit(self, package)
        return result({"ModelPackageArn": package.arn})

    return update_model_package


# --- Describe, delete, batch describe, lists ---------------------------------------------------


def _describe_model_package(_original: Any) -> Callable[[Any], Any]:
    def describe_model_package(self: Any) -> Any:
        package = _find_package(self.sagemaker_backend, self._get_param("ModelPackageName"))
        response = package.gen_response_object()
        card = response.get("ModelCard") or {}
        if self._get_param("IncludedData") == "MetadataOnly" and "ModelCardContent" in card:
            card["ModelCardContent"] = _rules.sanitize_card_content(card["ModelCardContent"])
        return result(response)

    return describe_model_package


def _delete_model_package(_original: Any) -> Callable[[Any], Any]:
    def delete_model_package(self: Any) -> Any:
        backend = self.sagemaker_backend
        package = _find_package(backend, self._get_param("ModelPackageName"))
        packages = _listing.index(backend)
        del backend.model_packages[package.arn]
        packages.remove(package)
        for key in [k for k, v in backend.model_package_name_mapping.items() if v == package.arn]:
            del backend.model_package_name_mapping[key]
        return result({})

    return delete_model_package


def _batch_describe_model_package(_original: Any) -> Callable[[Any], Any]:
    def batch_describe_model_package(self: Any) -> Any:
        params = self._get_params()
        backend = self.sagemaker_backend
        found: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for arn in params["ModelPackageArnList"]:
            package = backend.model_packages.get(arn)
            if package is None:
                errors[arn] = {
                    "ErrorCode": "ValidationException",
                    "ErrorResponse": f"Model package {arn} does not exist.",
                }
            else:
                found[arn] = package.gen_response_object()
        return result({"ModelPackageSummaries": found, "BatchDescribeModelPackageErrorMap": errors})

    return batch_describe_model_package


def _list_model_packages(_original: Any) -> Callable[[Any], Any]:
    def list_model_packages(self: Any) -> Any:
        return result(_listing.list_page(self.sagemaker_backend, self._get_params()))

    return list_model_packages


def _describe_model_card(original: Any) -> Callable[[Any], Any]:
    def describe_model_card(self: Any) -> Any:
        # ModelCardName is ModelCardNameOrArn: SageMaker takes the card's ARN as well
        name = self._get_param("ModelCardName") or ""
        if name.startswith("arn:") and ":model-card/" in name:
            self.params["ModelCardName"] = name.split(":model-card/", 1)[1]
        return original(self)

    return describe_model_card


HANDLERS: dict[str, Callable[[Any], Callable[[Any], Any]]] = {
    "create_model_package": _create_model_package,
    "update_model_package": _update_model_package,
    "describe_model_package": _describe_model_package,
    "delete_model_package": _delete_model_package,
    "batch_describe_model_package": _batch_describe_model_package,
    "list_model_packages": _list_model_packages,
    "search": _search.search_handler,
    "describe_model_card": _describe_model_card,
    **GROUP_HANDLERS,
}
"""moto ``SageMakerResponse`` method name -> factory(original method or None) -> handler."""
