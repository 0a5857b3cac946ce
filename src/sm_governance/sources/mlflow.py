"""A model card builder from an MLflow run (the ``mlflow`` extra).

:func:`card_from_run` reads one run through the MLflow client library and maps it, by a
:class:`RunMapping` the caller may override, onto a ``ModelCardBuilder``:

- **params** become training hyper-parameters (sorted by name);
- **metrics** (latest values) become training metrics, except those named with an evaluation
  prefix (``eval_``, ``test_``, ``val_``, ``validation_``) or listed as evaluation metrics,
  which become one evaluation (``mlflow-<run id>``) with one metric group;
- the **governance_notes.json** artifact (the MLflow compliance-card recipe) fills card
  fields: ``model_owner`` -> ``model_overview.model_owner``, ``training_data_source`` ->
  ``training_details.training_job_details.training_datasets``, ``data_bias_mitigation`` ->
  ``additional_information.ethical_considerations``, ``deployment_scope`` ->
  ``intended_uses.intended_uses``, any card text field by its own name, and every other key
  into ``additional_information.custom_details`` under its own name (dots and all). The notes
  win over derived values, but not over the run's record below: a notes key that would
  replace one is refused (a ``ValidationError`` naming the key; map it elsewhere);
- the run is **recorded** in ``custom_details``: ``mlflow_run_id``, ``mlflow_experiment_id``,
  ``mlflow_run_name``, ``source_git_commit`` (the ``mlflow.source.git.commit`` tag) and
  ``requirements`` (the logged model's ``requirements.txt``, or the run's own, joined with
  ``"; "``); the logged model's location becomes ``model_overview.model_artifact`` and the
  run description (``mlflow.note.content``) ``model_overview.model_description``.

What a card cannot hold (parameter values over 255 characters, more than 100 parameters or
50 training metrics, metrics without a finite value) is left out and named in
``custom_details`` (``mlflow_params_not_in_card`` / ``mlflow_metrics_not_in_card``).
Nothing read from the run is logged.

Example:
    >>> from sm_governance.sources.mlflow import card_from_run
    >>> builder = card_from_run("0f6c...", tracking_uri="sqlite:///mlflow.db")  # doctest: +SKIP
    >>> card = builder.datazone_project("5jdi2hjv0xq2jb").build()  # doctest: +SKIP
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sm_governance._files import DEFAULT_MAX_DEPTH, JsonProblem, loads_json, read_text
from sm_governance._untrusted import visible
from sm_governance.errors import GovernanceError, NotFoundError, Problem, ValidationError
from sm_governance.sources._collect import LONE_SURROGATE, lone_surrogate
from sm_governance.sources._mlflow_card import (
    DEFAULT_NOTE_FIELDS,
    EXPERIMENT_ID_KEY,
    REQUIREMENTS_KEY,
    RUN_ID_KEY,
    RUN_NAME_KEY,
    SKIPPED_METRICS_KEY,
    SKIPPED_PARAMS_KEY,
    SOURCE_COMMIT_KEY,
    RunFacts,
    RunMapping,
    run_content,
)

if TYPE_CHECKING:
    from sm_governance.card import ModelCardBuilder

__all__ = [
    "DEFAULT_NOTE_FIELDS",
    "EXPERIMENT_ID_KEY",
    "REQUIREMENTS_KEY",
    "RUN_ID_KEY",
    "RUN_NAME_KEY",
    "SKIPPED_METRICS_KEY",
    "SKIPPED_PARAMS_KEY",
    "SOURCE_COMMIT_KEY",
    "RunFacts",
    "RunMapping",
    "builder_from_content",
    "card_from_run",
    "read_run",
]

_INSTALL_HINT = "pip install 'sm-governance[mlflow]'"
_COMMENT = re.compile(r"(?:^|\s)#.*$")


def _client(tracking_uri: str | None) -> Any:
    try:
        from mlflow.tracking import MlflowClient
    except ImportError as exc:
        raise ImportError(
            "sm_governance.sources.mlflow needs the MLflow client library; "
            f"install it with: {_INSTALL_HINT}"
        ) from exc
    return MlflowClient(tracking_uri=tracking_uri)


def _read_text(client: Any, run_id: str, path: str) -> str | None:
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(client.download_artifacts(run_id, path, tmp))
        return read_text(local, subject="MLflow run", name=path) if local.is_file() else None


def _artifact_paths(client: Any, run_id: str, path: str | None = None) -> list[Any]:
    return list(client.list_artifacts(run_id, path))


def _requirements(text: str | None) -> tuple[str, ...]:
    # as pip reads the file: a comment starts at a "#" at the start of a line or after
    # whitespace; one inside a URL (#sha256=..., #egg=...) is part of the requirement
    lines = (_COMMENT.sub("", line).strip() for line in (text or "").splitlines())
    return tuple(line for line in lines if line)


def _logged_models(client: Any, run: Any) -> list[Any]:
    """MLflow 3 logged models whose source is this run (none on MLflow 2)."""
    search = getattr(client, "search_logged_models", None)
    if search is None:
        return []
    found = search(
        experiment_ids=[run.info.experiment_id],
        filter_string=f"source_run_id = '{run.info.run_id}'",
    )
    return sorted(found, key=lambda m: (m.creation_timestamp or 0, m.model_id))


def _model_files(client: Any, run: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(model artifact locations, requirements) of the run's logged models."""
    from mlflow.artifacts import download_artifacts

    locations: list[str] = []
    requirements: tuple[str, ...] = ()
    for model in _logged_models(client, run):
        locations.append(str(model.artifact_location))
        if not requirements:
            names = {f.path for f in client.list_logged_model_artifacts(model.model_id)}
            if "requirements.txt" in names:
                with tempfile.TemporaryDirectory() as tmp:
                    uri = f"{model.artifact_location.rstrip('/')}/requirements.txt"
                    local = Path(download_artifacts(artifact_uri=uri, dst_path=tmp))
                    listed = read_text(local, subject="MLflow run", name="requirements.txt")
                    requirements = _requirements(listed)
    run_id = run.info.run_id
    top = _artifact_paths(client, run_id)
    for entry in top:  # MLflow 2 logs a model as a run artifact directory with an MLmodel file
        if entry.is_dir:
            inner = {f.path.rsplit("/", 1)[-1] for f in _artifact_paths(client, run_id, entry.path)}
            if "MLmodel" in inner:
                locations.append(f"{run.info.artifact_uri.rstrip('/')}/{entry.path}")
                if not requirements and "requirements.txt" in inner:
                    text = _read_text(client, run_id, f"{entry.path}/requirements.txt")
                    requirements = _requirements(text)
    if not requirements and any(f.path == "requirements.txt" for f in top):
        requirements = _requirements(_read_text(client, run_id, "requirements.txt"))
    return tuple(locations), requirements


def _notes(client: Any, run_id: str, artifact: str) -> dict[str, Any] | None:
    folder = artifact.rpartition("/")[0]
    if not any(f.path == artifact for f in _artifact_paths(client, run_id, folder or None)):
        return None
    return _parse_notes(_read_text(client, run_id, artifact) or "", artifact)


def _parse_notes(text: str, artifact: str) -> dict[str, Any]:
    try:
        notes = loads_json(text, max_depth=DEFAULT_MAX_DEPTH)
    except JsonProblem as exc:
        raise ValidationError([Problem(artifact, str(exc))], subject="MLflow run") from None
    if not isinstance(notes, dict):
        raise ValidationError([Problem(artifact, "must be a JSON object")], subject="MLflow run")
    if (at := lone_surrogate(notes)) is not None:
        why = f"{visible(at)} {LONE_SURROGATE}"
        raise ValidationError([Problem(artifact, why)], subject="MLflow run")
    return notes


def read_run(
    run_id: str, *, tracking_uri: str | None = None, mapping: RunMapping | None = None
) -> RunFacts:
    """Read what the card needs from an MLflow run.

    Raises:
        ValidationError: for an empty run ID or unreadable governance notes.
        NotFoundError: when the tracking store has no such run.
        GovernanceError: for any other MLflow failure.
        ImportError: when the MLflow client library is not installed.
    """
    if not isinstance(run_id, str) or not run_id.strip() or any(c.isspace() for c in run_id):
        raise ValidationError(
            [Problem("run_id", f"must be an MLflow run ID; got {run_id!r}")], subject="MLflow run"
        )
    mapping = mapping or RunMapping()
    client = _client(tracking_uri)
    from mlflow.exceptions import MlflowException

    try:
        run = client.get_run(run_id)
    except MlflowException as exc:
        code = str(getattr(exc, "error_code", "") or "")
        if code == "RESOURCE_DOES_NOT_EXIST":
            raise NotFoundError(
                f"MLflow run {run_id} was not found", code=code, operation="GetRun"
            ) from exc
        raise GovernanceError(f"MLflow could not read run {run_id}: {exc.message}") from exc
    try:
        locations, requirements = _model_files(client, run)
        notes = _notes(client, run_id, mapping.notes_artifact)
    except MlflowException as exc:
        raise GovernanceError(
            f"MLflow could not read the artifacts of run {run_id}: {exc.message}"
        ) from exc
    tags = dict(run.data.tags)
    return RunFacts(
        run_id=run.info.run_id,
        experiment_id=str(run.info.experiment_id or ""),
        run_name=str(run.info.run_name or tags.get("mlflow.runName") or ""),
        params=dict(run.data.params),
        metrics=dict(run.data.metrics),
        tags=tags,
        notes=notes,
        requirements=requirements,
        model_artifacts=locations,
    )


def builder_from_content(content: Mapping[str, Any]) -> ModelCardBuilder:
    """A ``ModelCardBuilder`` holding each section of ``content``; ``build()`` validates all."""
    from sm_governance.card import ModelCardBuilder

    return ModelCardBuilder(
        model_overview=content.get("model_overview") or None,
        intended_uses=content.get("intended_uses") or None,
        business_details=content.get("business_details") or None,
        training_details=content.get("training_details") or None,
        evaluation_details=content.get("evaluation_details") or None,
        additional_information=content.get("additional_information") or None,
    )


def card_from_run(
    run_id: str,
    *,
    tracking_uri: str | None = None,
    mapping: RunMapping | Mapping[str, str | None] | None = None,
) -> ModelCardBuilder:
    """A ``ModelCardBuilder`` filled from an MLflow run, for the author to complete.

    Args:
        run_id: the MLflow run ID.
        tracking_uri: the tracking server or store (default: MLflow's own resolution,
            ``MLFLOW_TRACKING_URI`` and so on).
        mapping: a :class:`RunMapping`, or just the notes mapping (``governance_notes.json``
            key -> card field path, ``None`` to leave a key out) merged over the defaults.

    Returns:
        The builder; ``.build()`` validates the card (and lists every problem with its path).

    Raises:
        ValidationError: for an empty run ID or unreadable governance notes.
        NotFoundError: when the tracking store has no such run.
        ImportError: when the ``mlflow`` extra is not installed.
    """
    if mapping is None:
        mapping = RunMapping()
    elif not isinstance(mapping, RunMapping):
        mapping = RunMapping(notes=dict(mapping))
    facts = read_run(run_id, tracking_uri=tracking_uri, mapping=mapping)
    return builder_from_content(run_content(facts, mapping))
