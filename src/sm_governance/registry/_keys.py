"""The names sm-governance writes into SageMaker: group tags and version metadata.

The Amazon DataZone project travels with a model twice:

* on the **model package group**, as the tag :data:`DATAZONE_PROJECT_TAG`, so a group is
  bound to one project (``ensure_group`` refuses to rebind it) and IAM policies can use
  ``aws:ResourceTag/datazone_project_id``;
* on each **model package version**, in ``CustomerMetadataProperties`` under
  :data:`DATAZONE_PROJECT_KEY` (and :data:`DATAZONE_DOMAIN_KEY`), copied from the card's
  ``additional_information.custom_details``. Unlike the card, which may be encrypted with a
  customer KMS key, the metadata is readable without ``kms:Decrypt``.

The keys are the same strings the card uses in ``custom_details``, so one name means one thing
everywhere.
"""

from __future__ import annotations

__all__ = [
    "DATAZONE_DOMAIN_KEY",
    "DATAZONE_DOMAIN_TAG",
    "DATAZONE_PROJECT_KEY",
    "DATAZONE_PROJECT_TAG",
    "DATAZONE_PROJECT_TAG_ALIASES",
    "GOVERNANCE_METADATA_KEYS",
]

DATAZONE_PROJECT_KEY = "datazone_project_id"
"""``CustomerMetadataProperties`` key holding a version's DataZone project ID."""

DATAZONE_DOMAIN_KEY = "datazone_domain_id"
"""``CustomerMetadataProperties`` key holding a version's DataZone domain ID."""

DATAZONE_PROJECT_TAG = "datazone_project_id"
"""Tag key binding a model package group to one DataZone project."""

DATAZONE_DOMAIN_TAG = "datazone_domain_id"
"""Tag key recording the DataZone domain of a model package group (informational)."""

DATAZONE_PROJECT_TAG_ALIASES: tuple[str, ...] = ("AmazonDataZoneProject",)
"""Other tag keys read (never written) as a group's DataZone project, in this order."""

GOVERNANCE_METADATA_KEYS: frozenset[str] = frozenset({DATAZONE_PROJECT_KEY, DATAZONE_DOMAIN_KEY})
"""Metadata keys ``register`` fills itself; a caller may pass them only with the same value."""
