"""The card package's public surface: complete, importable, and free of AWS."""

from __future__ import annotations

import inspect
import subprocess
import sys

import sm_governance
from sm_governance import card
from sm_governance.card._base import CardModel
from sm_governance.card._builders import SectionBuilder


def test_all_names_resolve() -> None:
    for name in card.__all__:
        assert getattr(card, name) is not None, name


def test_every_public_model_and_builder_is_exported() -> None:
    public = {
        name
        for module in list(sys.modules.values())
        if module is not None and module.__name__.startswith("sm_governance.card._")
        for name, value in inspect.getmembers(module, inspect.isclass)
        if not name.startswith("_")
        and value.__module__ == module.__name__
        and (
            issubclass(value, (CardModel, SectionBuilder))
            or name in {"ModelCardBuilder", "ObjectiveDirection", "ModelPackageStatus"}
        )
        and value not in (CardModel, SectionBuilder)
    }
    assert public <= set(card.__all__)


def test_root_package_exports_the_card_and_its_builders() -> None:
    for name in (
        "ModelCard",
        "ModelCardBuilder",
        "ModelOverviewBuilder",
        "IntendedUsesBuilder",
        "BusinessDetailsBuilder",
        "AdditionalInformationBuilder",
        "TrainingDetailsBuilder",
        "EvaluationDetailsBuilder",
    ):
        assert getattr(sm_governance, name) is getattr(card, name)


def test_the_card_package_needs_no_aws_sdk() -> None:
    # GIVEN a fresh interpreter WHEN it builds and serialises a card THEN boto3 never loads
    code = (
        "import sys\n"
        "from sm_governance.card import ModelCardBuilder, IntendedUsesBuilder\n"
        "card = ModelCardBuilder(intended_uses=IntendedUsesBuilder(risk_rating='Low'))"
        ".datazone_project('p1').build()\n"
        "assert card.to_content_json()\n"
        "print(','.join(m for m in ('boto3', 'botocore', 'sagemaker') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
