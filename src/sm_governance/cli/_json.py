"""JSON documents of results, built without rich (``-o json`` loads no terminal library).

See ``docs/cli.md`` for the shapes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sm_governance._time import iso

if TYPE_CHECKING:
    from sm_governance.registry import ModelVersion

__all__ = ["version_dict"]


def version_dict(version: ModelVersion) -> dict[str, Any]:
    """A version as stable JSON data (``smgov show --format json``)."""
    life = version.lifecycle
    return {
        "arn": version.arn,
        "group": version.group,
        "version": version.version,
        "approval_status": version.approval_status.value,
        "approval_description": version.approval_description,
        "subject_digest": version.subject_digest,
        "card_status": version.card_status.value if version.card_status else None,
        "lifecycle": (
            {
                "stage": life.stage,
                "stage_status": life.stage_status,
                "description": life.description,
            }
            if life
            else None
        ),
        "datazone_project_id": version.datazone_project_id,
        "created_by": version.created_by,
        "created_at": iso(version.created_at),
        "last_modified_by": version.last_modified_by,
        "last_modified_at": iso(version.last_modified_at),
        "customer_metadata": dict(version.customer_metadata),
        "card": _card_content(version),
        "card_problems": [{"path": p.path, "message": p.message} for p in version.card_problems],
    }


def _card_content(version: ModelVersion) -> Any:
    """The parsed card; when it breaks a rule, the content as SageMaker returned it: parsed
    when it is strict JSON, else as its text (a NaN would make the output no JSON, and content
    nested past the parser's limit would stop the command)."""
    if version.card_problems and version.card_content:
        from sm_governance._files import loads_json

        try:
            return loads_json(version.card_content)
        except ValueError:
            return version.card_content
    return version.card.to_content() if version.card is not None else None
