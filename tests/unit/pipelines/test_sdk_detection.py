"""Finding the SageMaker SDK without importing it, and the errors that name the fix."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sm_governance.card import IntendedUsesBuilder, ModelCard, ModelCardBuilder
from sm_governance.pipelines import (
    INSTALL_V2,
    INSTALL_V3,
    gate_conditions,
    installed_sdk_version,
    model_package_card,
    sdk_major,
)
from sm_governance.policy import load_policy

without_sdk = pytest.mark.skipif(
    installed_sdk_version() is not None, reason="a SageMaker SDK is installed here"
)


@pytest.fixture
def card() -> ModelCard:
    return ModelCardBuilder(intended_uses=IntendedUsesBuilder(risk_rating="Low")).build()


@pytest.fixture
def fake_sdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Install a ``sagemaker`` distribution of a chosen version, with no importable code.

    The distribution's metadata is real (found by ``importlib.metadata`` first on
    ``sys.path``); importing any ``sagemaker`` module fails, as in a broken installation.
    """
    for name in [m for m in sys.modules if m == "sagemaker" or m.startswith("sagemaker.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "sagemaker", None)

    def install(version: str) -> None:
        dist = tmp_path / version / f"sagemaker-{version}.dist-info"
        dist.mkdir(parents=True)
        (dist / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: sagemaker\nVersion: {version}\n", encoding="utf-8"
        )
        monkeypatch.syspath_prepend(str(dist.parent))

    return install


@without_sdk
def test_without_the_sdk_every_entry_point_names_both_extras(card: ModelCard) -> None:
    policy = load_policy('policy: p\nmetrics: {auc: ">= 0.7"}\n')

    for call in (
        sdk_major,
        lambda: model_package_card(card),
        lambda: gate_conditions(policy, {"auc": 0.75}),
    ):
        with pytest.raises(ImportError) as caught:
            call()
        assert INSTALL_V2 in str(caught.value)
        assert INSTALL_V3 in str(caught.value)
        assert "pip install 'sm-governance[pipelines]'" in str(caught.value)


@pytest.mark.parametrize(
    ("version", "major"), [("2.223.0", 2), ("2.257.7", 2), ("3.0", 3), ("3.27.0", 3)]
)
def test_the_major_version_comes_from_the_installed_distribution(
    fake_sdk: Callable[[str], None], version: str, major: int
) -> None:
    fake_sdk(version)

    assert installed_sdk_version() == version
    assert sdk_major() == major


def test_the_version_is_read_at_call_time(fake_sdk: Callable[[str], None]) -> None:
    fake_sdk("2.250.0")
    assert sdk_major() == 2

    fake_sdk("3.1.0")
    assert sdk_major() == 3


def test_an_sdk_v2_without_package_model_cards_asks_for_an_upgrade(
    fake_sdk: Callable[[str], None],
) -> None:
    fake_sdk("2.222.1")

    with pytest.raises(ImportError, match=r"2\.222\.1 predates model cards") as caught:
        sdk_major()
    assert "2.223.0" in str(caught.value)
    assert INSTALL_V2 in str(caught.value)


@pytest.mark.parametrize("version", ["1.72.0", "4.0.0", "nightly"])
def test_unsupported_versions_are_refused(fake_sdk: Callable[[str], None], version: str) -> None:
    fake_sdk(version)

    with pytest.raises(ImportError, match="is not supported") as caught:
        sdk_major()
    assert INSTALL_V2 in str(caught.value)
    assert INSTALL_V3 in str(caught.value)


@pytest.mark.parametrize(
    ("version", "module", "fix"),
    [
        ("2.250.0", "sagemaker.workflow.entities", INSTALL_V2),
        ("3.27.0", "sagemaker.core.helper.pipeline_variable", INSTALL_V3),
    ],
)
def test_a_broken_installation_names_the_module_and_the_reinstall(
    fake_sdk: Callable[[str], None], card: ModelCard, version: str, module: str, fix: str
) -> None:
    fake_sdk(version)

    with pytest.raises(ImportError) as caught:
        model_package_card(card)

    message = str(caught.value)
    assert f"cannot import {module}" in message
    assert f"reinstall it with {fix}" in message
    assert isinstance(caught.value.__cause__, ImportError)


def test_the_core_never_imports_the_sdk() -> None:
    # GIVEN a fresh interpreter WHEN it imports the core and the adapters' package
    code = (
        "import sys, sm_governance, sm_governance.card, sm_governance.policy, "
        "sm_governance.pipelines; "
        "print(','.join(m for m in sys.modules if m.split('.')[0] == 'sagemaker'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    # THEN no SageMaker SDK module is loaded: it is imported only when an adapter is called
    assert out.stdout.strip() == ""
