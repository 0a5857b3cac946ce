"""``additional_information``: ethics, caveats and free-form custom details."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from pydantic import ValidatorFunctionWrapHandler, field_validator

from sm_governance import _datazone
from sm_governance.card import _limits
from sm_governance.card._base import CardModel, CustomMap, Text2048, field_problems
from sm_governance.card._errors import problems_from

__all__ = ["AdditionalInformation"]


class AdditionalInformation(CardModel):
    """The ``additional_information`` section.

    ``custom_details`` maps non-empty keys (at most 1024 characters) to strings of at most
    1024 characters. The Amazon DataZone project and domain live there under
    ``datazone_project_id`` and ``datazone_domain_id``; when present they must be valid IDs.

    Attributes:
        ethical_considerations: at most 2048 characters.
        caveats_and_recommendations: at most 2048 characters.
        custom_details: free-form string details, kept sorted by key.

    Example:
        >>> info = AdditionalInformation(custom_details={"datazone_project_id": "abc123"})
        >>> info.custom_details
        {'datazone_project_id': 'abc123'}
    """

    ethical_considerations: Text2048 | None = None
    caveats_and_recommendations: Text2048 | None = None
    custom_details: CustomMap | None = None

    @field_validator("custom_details", mode="wrap")
    @classmethod
    def _datazone_ids(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # The DataZone IDs are checked even when other custom details are invalid, so one
        # error lists every problem.
        problems: list[tuple[str, str]] = []
        if isinstance(value, Mapping):
            checks = (
                (_limits.DATAZONE_PROJECT_KEY, _datazone.datazone_project_problem),
                (_limits.DATAZONE_DOMAIN_KEY, _datazone.datazone_domain_problem),
            )
            for key, check in checks:
                if value.get(key) is not None and (message := check(value[key])) is not None:
                    problems.append((key, message))
        try:
            result = handler(value)
        except PydanticValidationError as exc:
            if not problems:
                raise
            seen = {key for key, _ in problems}
            # rooted at "custom_details" so mapping-key errors are recognised, then re-rooted
            inner = [
                (p.path.removeprefix("custom_details").lstrip("."), p.message)
                for p in problems_from(exc, prefix=("custom_details",))
            ]
            inner = [(path, message) for path, message in inner if path not in seen]
            raise field_problems(problems + inner) from None
        if problems:
            raise field_problems(problems)
        return result
