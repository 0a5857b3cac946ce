"""Small pieces of the terminal views."""

from __future__ import annotations

import pytest

from sm_governance._files import loads_json
from sm_governance._untrusted import safe_json
from sm_governance.cli._json import version_dict
from sm_governance.cli._views import ref_of
from sm_governance.registry._version import version_from_description


def test_ref_of_is_the_short_form_every_command_accepts() -> None:
    arn = "arn:aws:sagemaker:eu-west-1:111122223333:model-package/credit-risk/12"
    assert ref_of(arn) == "credit-risk/12"
    assert ref_of("arn:aws:sagemaker:eu-west-1:111122223333:model-package/credit-risk") == (
        "arn:aws:sagemaker:eu-west-1:111122223333:model-package/credit-risk"
    )


@pytest.mark.parametrize(
    "content",
    ['{"a": NaN}', '{"a": 1, "a": 2}', "[" * 100_000 + "]" * 100_000],
    ids=["nan", "repeated-key", "nested-past-the-parser"],
)
def test_show_json_gives_a_card_that_is_no_strict_json_as_its_text(content: str) -> None:
    # GIVEN a stored card that breaks a rule and is not strict JSON
    version = version_from_description(
        {
            "ModelPackageArn": "arn:aws:sagemaker:eu-west-1:111122223333:model-package/g/1",
            "ModelApprovalStatus": "PendingManualApproval",
            "ModelCard": {"ModelCardContent": content, "ModelCardStatus": "Draft"},
        }
    )
    assert version.card_problems
    # THEN `show -o json` carries it as the text SageMaker returned, and the output is JSON
    data = version_dict(version)
    assert data["card"] == content
    assert loads_json(safe_json(data))["card"] == content
