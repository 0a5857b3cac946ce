"""Lineage facts a version holds, read from its ``DescribeModelPackage`` response.

Pure: the description (as SageMaker returned it), the card content and the ledger entries in,
plain JSON data out. Nothing here is trusted for more than it says: these are the facts as
recorded, which the bundle carries next to the signed decisions that bind them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["fact_holds", "lineage", "unsigned_because"]

_TRAINING_JOB = ":training-job/"
_MLFLOW_KEYS = {
    "run_id": "mlflow_run_id",
    "experiment_id": "mlflow_experiment_id",
    "run_name": "mlflow_run_name",
    "source_commit": "mlflow_source_commit",
}
_CONTAINER_KEYS = {
    "image": "Image",
    "image_digest": "ImageDigest",
    "model_data_url": "ModelDataUrl",
    "model_data_etag": "ModelDataETag",
    "framework": "Framework",
    "framework_version": "FrameworkVersion",
}


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, Sequence) and not isinstance(value, str) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _containers(description: Mapping[str, Any]) -> list[dict[str, Any]]:
    specs = [_mapping(description.get("InferenceSpecification"))]
    specs += [_mapping(s) for s in _list(description.get("AdditionalInferenceSpecifications"))]
    found: list[dict[str, Any]] = []
    for spec in specs:
        for container in _list(spec.get("Containers")):
            data = _mapping(container)
            row: dict[str, Any] = {key: data.get(api) for key, api in _CONTAINER_KEYS.items()}
            source = _mapping(_mapping(data.get("ModelDataSource")).get("S3DataSource"))
            row["model_data_source"] = _text(source.get("S3Uri"))
            found.append(row)
    return found


def _metrics_sources(value: Any, base: str = "") -> list[dict[str, Any]]:
    """Every ``MetricsSource`` below ``ModelMetrics`` / ``DriftCheckBaselines``, with its path."""
    found: list[dict[str, Any]] = []
    for key, child in sorted(_mapping(value).items()):
        path = f"{base}.{key}" if base else str(key)
        child_map = _mapping(child)
        if "S3Uri" in child_map:
            found.append(
                {
                    "kind": path,
                    "s3_uri": child_map.get("S3Uri"),
                    "content_type": child_map.get("ContentType"),
                    "content_digest": child_map.get("ContentDigest"),
                }
            )
        elif child_map:
            found.extend(_metrics_sources(child_map, path))
    return found


def _training_job(card: Mapping[str, Any], description: Mapping[str, Any]) -> dict[str, Any]:
    details = _mapping(_mapping(card.get("training_details")).get("training_job_details"))
    arn = _text(details.get("training_arn"))
    if arn:
        return {"arn": arn, "recorded_in": "card training_details.training_job_details"}
    source = _text(description.get("SourceUri"))
    if source and _TRAINING_JOB in source:
        return {"arn": source, "recorded_in": "SourceUri"}
    return {"arn": None, "recorded_in": None}


def _datasets(card: Mapping[str, Any]) -> dict[str, list[str]]:
    details = _mapping(_mapping(card.get("training_details")).get("training_job_details"))
    evaluation: list[str] = []
    for item in _list(card.get("evaluation_details")):
        evaluation += [str(d) for d in _list(_mapping(item).get("datasets"))]
    return {
        "training": [str(d) for d in _list(details.get("training_datasets"))],
        "evaluation": evaluation,
    }


def _mlflow(card: Mapping[str, Any]) -> dict[str, Any] | None:
    custom = _mapping(_mapping(card.get("additional_information")).get("custom_details"))
    run = {key: custom.get(name) for key, name in _MLFLOW_KEYS.items()}
    return run if run["run_id"] else None


def lineage(
    description: Mapping[str, Any],
    card: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The lineage facts of a version, as JSON data with keys in a fixed order.

    Args:
        description: the ``DescribeModelPackage`` response.
        card: the card content (``ModelCard.to_content()``); training job, datasets, training
            images and the MLflow run come from it.
    """
    content = card or {}
    training = _mapping(_mapping(content.get("training_details")).get("training_job_details"))
    environment = _mapping(training.get("training_environment"))
    lifecycle = _mapping(description.get("ModelLifeCycle"))
    return {
        "arn": description.get("ModelPackageArn"),
        "group": description.get("ModelPackageGroupName"),
        "version": description.get("ModelPackageVersion"),
        "source_uri": _text(description.get("SourceUri")),
        "training_job": _training_job(content, description),
        "datasets": _datasets(content),
        "training_images": [str(i) for i in _list(environment.get("container_image"))],
        "inference": _containers(description),
        "model_metrics": _metrics_sources(description.get("ModelMetrics")),
        "drift_check_baselines": _metrics_sources(description.get("DriftCheckBaselines")),
        "mlflow_run": _mlflow(content),
        "lifecycle": (
            {"stage": lifecycle.get("Stage"), "stage_status": lifecycle.get("StageStatus")}
            if lifecycle
            else None
        ),
    }


def _is_decision(entry: Mapping[str, Any]) -> bool:
    return entry.get("kind", "decision") == "decision" and bool(entry.get("decision"))


def unsigned_because(entry: Mapping[str, Any], arn: Any, public_key: bytes | None) -> str | None:
    """Why a ledger entry is not a signed record about the version ``arn`` (``None`` when it
    is): it counts only when its signature verifies with the ledger key and it names ``arn``;
    a signature that is merely present proves nothing."""
    from sm_governance.ledger import signature_valid

    if public_key is None:
        return "no ledger key to check its signature with"
    if entry.get("arn") != arn:
        return "about another version"
    if not signature_valid(public_key, entry):
        return "its signature does not verify with the ledger key"
    return None


def _decisions(
    facts: Mapping[str, Any],
    entries: Sequence[Mapping[str, Any]],
    public_key: bytes | None,
    digest: str | None,
) -> tuple[bool, str]:
    """Decisions count only when they are signed records about this version
    (:func:`unsigned_because`) as it is now: one whose subject digest is not the version's
    was about content that has changed since."""
    decided = [e for e in entries if _is_decision(e)]
    if not decided:
        return False, "no decision"
    signed = [e for e in decided if unsigned_because(e, facts["arn"], public_key) is None]
    unverified = len(decided) - len(signed)
    if not signed:
        why = "no ledger key to check them with" if public_key is None else "none verifies"
        return False, f"{unverified} unverified decision(s): {why}"
    extra = f", {unverified} unverified" if unverified else ""
    current = [e for e in signed if digest is not None and e.get("subject_digest") == digest]
    if not current:
        return False, (
            f"{len(signed)} signed decision(s), none about the version as it is now (its "
            f"subject digest changed since){extra}"
        )
    earlier = len(signed) - len(current)
    extra = f", {earlier} about an earlier state{extra}" if earlier else extra
    return True, f"{len(current)} signed decision(s){extra}"


def _chain(
    facts: Mapping[str, Any],
    entries: Sequence[Mapping[str, Any]],
    public_key: bytes | None,
    read_problems: Sequence[str],
) -> tuple[bool, str]:
    """The entries hold as a chain only when every link, sequence number and signature checks
    with the ledger key and every entry is about this version; entries that are merely
    present prove nothing (anyone who can write to the bucket can add one). Nor do they hold
    when reading the ledger found it stored wrongly: entries after the problem may be unread."""
    from sm_governance.ledger import verify_entries

    if not entries:
        return False, "no ledger entry"
    count = f"{len(entries)} entry(ies)"
    if read_problems:
        return False, (
            f"{count}, but reading the ledger found {len(read_problems)} problem(s) with how it "
            "is stored (smgov verify names them)"
        )
    if public_key is None:
        return False, f"{count}, not checked: no ledger key to check them with"
    problems = verify_entries(entries, public_key, arn=str(facts["arn"]))
    if problems:
        # the problems quote entry text; `smgov verify` names them on a terminal, safely
        return False, f"{count} that do not verify with the ledger key ({len(problems)} problem(s))"
    return True, f"{count}, chained and signed"


def fact_holds(
    name: str,
    facts: Mapping[str, Any],
    entries: Sequence[Mapping[str, Any]],
    gate_reports: int = 0,
    public_key: bytes | None = None,
    *,
    subject_digest: str | None = None,
    read_problems: Sequence[str] = (),
) -> tuple[bool, str]:
    """Whether one crosswalk fact holds, and what was seen (one short sentence).

    Args:
        name: a fact name of :data:`sm_governance.evidence._crosswalk.FACTS`.
        facts: the version's :func:`lineage`.
        entries: the version's ledger entries.
        gate_reports: how many gate reports go with the evidence.
        public_key: the ledger key's public key (DER): a decision, or a gate report recorded
            with one, counts only when its signature verifies with it, and the entries only
            when they verify with it as a chain (none without a key).
        subject_digest: the version's subject digest: a decision counts only when it signed
            this one (not an earlier state of the version).
        read_problems: what reading the ledger found wrong with its storage (the ledger
            then does not hold as a chain).
    """
    inference = facts["inference"]
    if name == "version":
        held = bool(facts["group"]) and facts["version"] is not None
        return held, f"{facts['group']} version {facts['version']}" if held else "not recorded"
    if name == "inference_images":
        undigested = [c["image"] or "(no image)" for c in inference if not c["image_digest"]]
        if not inference:
            return False, "no inference container"
        if undigested:
            return False, f"no image digest for {', '.join(undigested)}"
        return True, f"{len(inference)} image(s), each with its digest"
    if name == "model_data":
        located = [c for c in inference if c["model_data_url"] or c["model_data_source"]]
        if not located:
            return False, "no model artefacts recorded"
        untagged = [c for c in located if not c["model_data_etag"]]
        if untagged:
            return False, f"no ETag for {len(untagged)} of {len(located)} model artefact(s)"
        return True, f"{len(located)} model artefact(s), each with its ETag"
    if name == "training_job":
        job = facts["training_job"]
        return (True, f"in {job['recorded_in']}") if job["arn"] else (False, "not recorded")
    if name == "decision":
        return _decisions(facts, entries, public_key, subject_digest)
    if name == "ledger_chain":
        return _chain(facts, entries, public_key, read_problems)
    if name == "gate_report":
        recorded = gate_reports + sum(
            1
            for e in entries
            if e.get("gate_report_digest") and unsigned_because(e, facts["arn"], public_key) is None
        )
        return (recorded > 0, f"{recorded} report(s)" if recorded else "none recorded")
    if name == "model_metrics":
        count = len(facts["model_metrics"])
        return count > 0, f"{count} report(s)" if count else "none"
    if name == "drift_baselines":
        count = len(facts["drift_check_baselines"])
        return count > 0, f"{count} baseline(s)" if count else "none"
    if name == "lifecycle":
        stage = facts["lifecycle"]
        return (True, f"stage {stage['stage']}") if stage else (False, "no stage")
    raise ValueError(f"unknown fact {name!r}")
