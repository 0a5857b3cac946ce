"""The registry's public surface: a complete ``__all__`` and the agreed signatures."""

from __future__ import annotations

import inspect

import pytest

import sm_governance
from sm_governance import registry
from sm_governance._types import ApprovalStatus, CardStatus
from sm_governance.registry import ModelRegistry, ModelVersion


def test_all_names_every_public_name() -> None:
    public = {
        name
        for name, value in vars(registry).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    assert set(registry.__all__) == public
    for name in registry.__all__:
        assert getattr(registry, name) is not None


def test_the_package_exports_the_registry() -> None:
    assert sm_governance.ModelRegistry is ModelRegistry
    assert sm_governance.ModelVersion is ModelVersion


def _params(function: object) -> list[tuple[str, object, str]]:
    signature = inspect.signature(function)  # type: ignore[arg-type]
    return [(p.name, p.default, p.kind.name) for p in signature.parameters.values()]


def test_the_constructor_takes_client_session_config_by_keyword() -> None:
    assert _params(ModelRegistry.__init__)[1:] == [
        ("client", None, "KEYWORD_ONLY"),
        ("session", None, "KEYWORD_ONLY"),
        ("config", None, "KEYWORD_ONLY"),
    ]


def test_register_has_the_agreed_signature() -> None:
    empty = inspect.Parameter.empty
    assert _params(ModelRegistry.register)[1:] == [
        ("group", empty, "POSITIONAL_OR_KEYWORD"),
        ("card", empty, "POSITIONAL_OR_KEYWORD"),
        ("image_uri", empty, "KEYWORD_ONLY"),
        ("model_data_url", empty, "KEYWORD_ONLY"),
        ("content_types", ("text/csv",), "KEYWORD_ONLY"),
        ("response_types", ("text/csv",), "KEYWORD_ONLY"),
        ("inference_instances", None, "KEYWORD_ONLY"),
        ("transform_instances", None, "KEYWORD_ONLY"),
        ("model_metrics", None, "KEYWORD_ONLY"),
        ("approval_status", ApprovalStatus.PENDING, "KEYWORD_ONLY"),
        ("card_status", CardStatus.DRAFT, "KEYWORD_ONLY"),
        ("customer_metadata", None, "KEYWORD_ONLY"),
        ("lifecycle", None, "KEYWORD_ONLY"),
        ("kms_key_id", None, "KEYWORD_ONLY"),
        ("client_token", None, "KEYWORD_ONLY"),
    ]


def test_the_other_methods_have_the_agreed_signatures() -> None:
    empty = inspect.Parameter.empty
    assert [n for n, _, _ in _params(ModelRegistry.ensure_group)[1:]][:1] == ["name"]
    assert {n for n, _, k in _params(ModelRegistry.ensure_group) if k == "KEYWORD_ONLY"} >= {
        "description",
        "datazone_project_id",
        "tags",
    }
    assert _params(ModelRegistry.get)[1:] == [("arn_or_name", empty, "POSITIONAL_OR_KEYWORD")]
    assert _params(ModelRegistry.versions)[1:] == [
        ("group", empty, "POSITIONAL_OR_KEYWORD"),
        ("status", None, "KEYWORD_ONLY"),
    ]
    assert _params(ModelRegistry.latest)[1:] == [
        ("group", empty, "POSITIONAL_OR_KEYWORD"),
        ("status", ApprovalStatus.APPROVED, "KEYWORD_ONLY"),
    ]
    assert [n for n, _, _ in _params(ModelRegistry.update_card)[1:]] == ["arn", "card"]
    assert [n for n, _, _ in _params(ModelRegistry.set_card_status)[1:]] == ["arn", "status"]
    assert _params(ModelRegistry.set_lifecycle)[1:] == [
        ("arn", empty, "POSITIONAL_OR_KEYWORD"),
        ("stage", empty, "POSITIONAL_OR_KEYWORD"),
        ("stage_status", empty, "POSITIONAL_OR_KEYWORD"),
        ("description", None, "POSITIONAL_OR_KEYWORD"),
    ]


def test_model_version_has_the_agreed_fields() -> None:
    fields = list(ModelVersion.__dataclass_fields__)
    assert fields[:14] == [
        "arn",
        "group",
        "version",
        "approval_status",
        "approval_description",
        "card",
        "card_status",
        "lifecycle",
        "customer_metadata",
        "datazone_project_id",
        "created_by",
        "created_at",
        "last_modified_by",
        "last_modified_at",
    ]


def test_bad_input_is_refused_before_any_client_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN no region and no credentials anywhere
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    registry = ModelRegistry()
    # WHEN input is invalid THEN the problem is named, not the missing region
    with pytest.raises(sm_governance.ValidationError, match="arn_or_name"):
        registry.get("not an arn!")
    # AND the client is only made once it is needed
    with pytest.raises(sm_governance.AwsError, match="region"):
        registry.get("arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1")
