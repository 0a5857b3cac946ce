"""Small pieces of the terminal views."""

from __future__ import annotations

from sm_governance.cli._views import ref_of


def test_ref_of_is_the_short_form_every_command_accepts() -> None:
    arn = "arn:aws:sagemaker:eu-west-1:111122223333:model-package/credit-risk/12"
    assert ref_of(arn) == "credit-risk/12"
    assert ref_of("arn:aws:sagemaker:eu-west-1:111122223333:model-package/credit-risk") == (
        "arn:aws:sagemaker:eu-west-1:111122223333:model-package/credit-risk"
    )
