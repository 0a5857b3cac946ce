"""Cards from MLflow runs logged to a real local tracking store (sqlite), registered on the
local SageMaker and read back."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# MLflow's SQL store uses a loader strategy SQLAlchemy 2.1 deprecates; not ours to fix.
pytestmark = pytest.mark.filterwarnings(
    "ignore:The ``noload`` loader strategy is deprecated:DeprecationWarning"
)

pytest.importorskip("mlflow", reason="needs the mlflow extra")
pytest.importorskip("sqlalchemy", reason="needs MLflow's SQL tracking store")

from mlflow.tracking import MlflowClient  # noqa: E402

from sm_governance.card import ModelCard  # noqa: E402
from sm_governance.errors import NotFoundError, ValidationError  # noqa: E402
from sm_governance.registry import ModelRegistry  # noqa: E402
from sm_governance.sources import RunMapping, card_from_run  # noqa: E402

NOTES = {
    "model_owner": "credit-risk-ml@example.com",
    "training_data_source": "s3://data/credit/2024-06/train.parquet",
    "data_bias_mitigation": "Reweighed by age band; disparate impact checked.",
    "deployment_scope": "EU retail lending pre-screening only.",
    "risk_rating": "High",
    "reviewer": "J. Doe",
    "review_round": 2,
    "datazone_project_id": "5jdi2hjv0xq2jb",
}
PARAMS = {"max_depth": "6", "eta": "0.3", "objective": "binary:logistic"}
METRICS = {"train_logloss": 0.31, "eval_auc": 0.91, "test_fairness_score": 0.88}
REQUIREMENTS = "mlflow==3.1.0\nscikit-learn==1.5.0  # trained with\nxgboost==2.0.3\n"
COMMIT = "9f2c1e7d4b3a29180e7f6c5d4b3a2918e7f6c5d4"


@dataclass(frozen=True)
class Store:
    uri: str
    client: MlflowClient
    experiment_id: str


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Store:
    """A real MLflow tracking store: a sqlite database and local artifacts, in a tmp dir.

    A new MLflow database takes about ten seconds of schema migrations; an empty one made
    by this MLflow version is kept in pytest's cache and copied, so that cost is paid once.
    """
    import mlflow

    root = tmp_path_factory.mktemp("mlflow")
    database = root / "mlflow.db"
    cache = getattr(request.config, "cache", None)
    template = None
    if cache is not None:
        template = cache.mkdir("sm-governance-mlflow") / f"empty-{mlflow.__version__}.db"
        if template.is_file():
            shutil.copyfile(template, database)
    uri = f"sqlite:///{database}"
    client = MlflowClient(tracking_uri=uri)
    client.search_experiments()  # creates and migrates the schema when it is new
    if template is not None and not template.is_file():
        shutil.copyfile(database, template)
    experiment_id = client.create_experiment("credit", artifact_location=(root / "art").as_uri())
    return Store(uri, client, experiment_id)


def _log_run(store: Store, notes: Any = NOTES, *, model: bool = True) -> str:
    client = store.client
    run = client.create_run(
        store.experiment_id,
        run_name="xgb-2024-06",
        tags={"mlflow.source.git.commit": COMMIT, "mlflow.note.content": "XGBoost scorer."},
    )
    run_id: str = run.info.run_id
    for name, value in PARAMS.items():
        client.log_param(run_id, name, value)
    for metric, number in METRICS.items():
        client.log_metric(run_id, metric, number * 0.9, step=0)
        client.log_metric(run_id, metric, number, step=1)
    if notes is not None:
        text = notes if isinstance(notes, str) else json.dumps(notes)
        client.log_text(run_id, text, "governance_notes.json")
    if model:  # a model directory as MLflow 2's log_model writes it
        client.log_text(run_id, "flavors:\n  python_function: {}\n", "model/MLmodel")
        client.log_text(run_id, REQUIREMENTS, "model/requirements.txt")
    client.set_terminated(run_id)
    return run_id


def test_a_run_becomes_a_card_with_params_metrics_notes_and_provenance(store: Store) -> None:
    # GIVEN a run with params, metrics (two steps), governance notes and a logged model
    run_id = _log_run(store)
    # WHEN a card is made from it
    card = card_from_run(run_id, tracking_uri=store.uri).build()
    content = card.to_content()
    # THEN params are hyper-parameters and metrics (latest values) split training/evaluation
    job = content["training_details"]["training_job_details"]
    assert job["hyper_parameters"] == [
        {"name": "eta", "value": "0.3"},
        {"name": "max_depth", "value": "6"},
        {"name": "objective", "value": "binary:logistic"},
    ]
    assert job["training_metrics"] == [{"name": "train_logloss", "value": 0.31}]
    assert job["training_datasets"] == ["s3://data/credit/2024-06/train.parquet"]
    (evaluation,) = content["evaluation_details"]
    assert evaluation["name"] == f"mlflow-{run_id}"
    assert evaluation["metric_groups"][0]["metric_data"] == [
        {"name": "eval_auc", "type": "number", "value": 0.91},
        {"name": "test_fairness_score", "type": "number", "value": 0.88},
    ]
    # AND the notes fill their card fields, the rest custom details
    assert content["model_overview"]["model_owner"] == NOTES["model_owner"]
    assert content["model_overview"]["model_description"] == "XGBoost scorer."
    assert content["intended_uses"] == {
        "intended_uses": NOTES["deployment_scope"],
        "risk_rating": "High",
    }
    assert (
        content["additional_information"]["ethical_considerations"]
        == (NOTES["data_bias_mitigation"])
    )
    custom = content["additional_information"]["custom_details"]
    assert custom["reviewer"] == "J. Doe"
    assert custom["review_round"] == "2"
    # AND the run, its commit and its requirements are recorded
    assert custom["mlflow_run_id"] == run_id
    assert custom["mlflow_experiment_id"] == store.experiment_id
    assert custom["mlflow_run_name"] == "xgb-2024-06"
    assert custom["source_git_commit"] == COMMIT
    assert custom["requirements"] == "mlflow==3.1.0; scikit-learn==1.5.0; xgboost==2.0.3"
    assert content["model_overview"]["model_artifact"][0].endswith(f"/{run_id}/artifacts/model")
    assert card.datazone_project_id == "5jdi2hjv0xq2jb"


def test_the_card_registers_on_the_local_sagemaker_and_reads_back_the_same(
    store: Store, sagemaker_client: Any
) -> None:
    # GIVEN a card from a run, shaped for a model package (overview limited by SageMaker)
    run_id = _log_run(store)
    card = card_from_run(run_id, tracking_uri=store.uri, mapping=RunMapping(package=True)).build()
    # WHEN it is registered with a model package version and read back
    registry = ModelRegistry(client=sagemaker_client)
    registry.ensure_group("credit-risk")
    version = registry.register(
        "credit-risk",
        card,
        image_uri="683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
        model_data_url="s3://models/credit/model.tar.gz",
    )
    back = registry.get(version.arn)
    # THEN the same values come back, and the DataZone project is on the version
    assert back.card is not None
    assert back.card.to_content() == card.to_content()
    custom = back.card.to_content()["additional_information"]["custom_details"]
    assert custom["mlflow_run_id"] == run_id
    assert custom["model_owner"] == NOTES["model_owner"]
    assert custom["source_git_commit"] == COMMIT
    assert back.datazone_project_id == "5jdi2hjv0xq2jb"
    assert set(back.card.to_content()["model_overview"]) == {"model_artifact"}


def test_mlflow3_logged_model_gives_artifact_and_requirements(store: Store, tmp_path: Path) -> None:
    # GIVEN a run whose model is an MLflow 3 logged model (its own artifact location)
    run_id = _log_run(store, model=False)
    model = store.client.create_logged_model(store.experiment_id, name="m", source_run_id=run_id)
    files = tmp_path / "model"
    files.mkdir()
    (files / "MLmodel").write_text("flavors: {}\n")
    (files / "requirements.txt").write_text("xgboost==2.1.0\n")
    store.client.log_model_artifacts(model.model_id, str(files))
    # WHEN the card is made
    content = card_from_run(run_id, tracking_uri=store.uri).build().to_content()
    # THEN the logged model is the artifact and its requirements are recorded
    assert content["model_overview"]["model_artifact"] == [model.artifact_location]
    assert content["additional_information"]["custom_details"]["requirements"] == "xgboost==2.1.0"


def test_root_requirements_and_an_overriding_mapping(store: Store) -> None:
    run_id = _log_run(store, model=False)
    store.client.log_text(run_id, "pandas==2.2.2\n", "requirements.txt")
    mapping = RunMapping(
        notes={"reviewer": "business_details.business_stakeholders", "review_round": None},
        evaluation_prefixes=(),
        evaluation_metrics={"test_fairness_score"},
        training_metrics={"eval_auc"},
        evaluation_name="fairness",
        evaluation_group="fairness",
        hyper_parameters=False,
    )
    content = card_from_run(run_id, tracking_uri=store.uri, mapping=mapping).build().to_content()
    custom = content["additional_information"]["custom_details"]
    assert custom["requirements"] == "pandas==2.2.2"
    assert "review_round" not in custom
    assert content["business_details"] == {"business_stakeholders": "J. Doe"}
    assert "hyper_parameters" not in content["training_details"]["training_job_details"]
    names = [
        m["name"] for m in content["training_details"]["training_job_details"]["training_metrics"]
    ]
    assert names == ["eval_auc", "train_logloss"]
    assert content["evaluation_details"][0]["name"] == "fairness"
    # a plain mapping is the notes mapping
    plain = card_from_run(run_id, tracking_uri=store.uri, mapping={"reviewer": None})
    assert "reviewer" not in plain.build().to_content()["additional_information"]["custom_details"]


def test_a_run_without_notes_still_makes_a_card(store: Store) -> None:
    run_id = _log_run(store, notes=None, model=False)
    card = card_from_run(run_id, tracking_uri=store.uri).build()
    assert isinstance(card, ModelCard)
    assert "intended_uses" not in card.to_content()


@pytest.mark.parametrize(
    ("notes", "message"), [("{oops", "is not JSON: line 1 column 2"), ("[1]", "JSON object")]
)
def test_bad_governance_notes_are_a_validation_error(
    store: Store, notes: str, message: str
) -> None:
    run_id = _log_run(store, notes=notes, model=False)
    with pytest.raises(ValidationError, match=message) as info:
        card_from_run(run_id, tracking_uri=store.uri)
    assert info.value.paths == ["governance_notes.json"]


def test_notes_the_card_refuses_are_named_at_build(store: Store) -> None:
    run_id = _log_run(store, notes={**NOTES, "risk_rating": "Extreme"}, model=False)
    builder = card_from_run(run_id, tracking_uri=store.uri)
    with pytest.raises(ValidationError) as info:
        builder.build()
    assert "intended_uses.risk_rating" in info.value.paths


def test_missing_and_malformed_run_ids(store: Store) -> None:
    with pytest.raises(NotFoundError) as info:
        card_from_run("0" * 32, tracking_uri=store.uri)
    assert info.value.operation == "GetRun"
    with pytest.raises(ValidationError) as bad:
        card_from_run("not a run id", tracking_uri=store.uri)
    assert bad.value.paths == ["run_id"]
