"""Generated hostile input (hypothesis) through the commands that read files and arguments.

Card-like JSON with hostile text, byte-level mutations of the committed corpus, and
arbitrary reasons: every run ends with a documented exit code and no exception, and no raw
control character reaches the terminal.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sm_governance import ApprovalStatus
from sm_governance._untrusted import UNSAFE
from sm_governance.approval._checks import check_request
from sm_governance.approval._metadata import escape, unescape
from sm_governance.cli import app
from sm_governance.cli._context import Settings
from sm_governance.errors import ApprovalRefusedError, ValidationError
from sm_governance.testing import demo_card

CORPUS = Path(__file__).parent / "corpus"
SEEDS = sorted(p.read_bytes() for p in CORPUS.iterdir() if p.stat().st_size < 20_000)
HOSTILE_CHARS = st.sampled_from(
    [
        *"\x00\x07\x1b\x7f\x85\x9b\u061c\u200e\u202a\u202e\u2066\u2069\u2028\r\n\t#>-*_`[]<|\\&",
        *("\ud800", "\udcff", "\ufeff", "\U0001f600"),
    ]
)
TEXT = st.text(alphabet=HOSTILE_CHARS | st.characters(), max_size=40)
ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/credit/1"


@pytest.fixture(scope="module")
def cli() -> Iterator[tuple[CliRunner, Path]]:
    # Rendering a file needs no AWS call; one session serves every run.
    session = boto3.Session(
        region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as folder:
        patch.setattr(Settings, "session", lambda self: session)
        patch.setenv("COLUMNS", "120")
        good = Path(folder) / "good.json"
        good.write_text(json.dumps(demo_card(1, auc=0.8, fairness=0.9)), encoding="utf-8")
        yield CliRunner(), good


def _run(runner: CliRunner, *args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1, 2, 3), (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
    )
    assert UNSAFE.search(result.stdout) is None, args
    assert UNSAFE.search(result.stderr) is None, args


def _cardlike(text: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, Any]]:
    leaf = text | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.booleans()
    value = st.recursive(
        leaf,
        lambda c: st.lists(c, max_size=3) | st.dictionaries(text, c, max_size=3),
        max_leaves=8,
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "model_overview": st.fixed_dictionaries(
                {}, optional={"model_description": text, "model_artifact": st.lists(text)}
            ),
            "intended_uses": st.fixed_dictionaries(
                {}, optional={"purpose_of_model": text, "risk_rating": text}
            ),
            "business_details": st.dictionaries(text, value, max_size=3),
            "additional_information": st.fixed_dictionaries(
                {}, optional={"custom_details": st.dictionaries(text, text, max_size=3)}
            ),
            "evaluation_details": st.lists(value, max_size=2),
        },
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(card=_cardlike(TEXT))
def test_generated_cards_render_and_diff_safely(
    cli: tuple[CliRunner, Path], card: dict[str, Any]
) -> None:
    runner, good = cli
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "card.json"
        path.write_text(json.dumps(card), encoding="utf-8")  # surrogates travel as \\ud800
        _run(runner, "render", str(path))
        _run(runner, "render", str(path), "--format", "html")
        _run(runner, "diff", str(good), str(path))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.sampled_from(SEEDS),
    cut=st.integers(0, 20_000),
    insert=st.binary(max_size=16),
    flip=st.integers(0, 20_000),
)
def test_mutated_corpus_files_are_read_safely(
    cli: tuple[CliRunner, Path], seed: bytes, cut: int, insert: bytes, flip: int
) -> None:
    runner, good = cli
    data = bytearray(seed[:cut] + insert + seed[cut:])
    if data:
        data[flip % len(data)] ^= 0x80
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_bytes(bytes(data))
        _run(runner, "render", str(path))
        _run(runner, "render", str(good), "--policy", str(path))
        _run(runner, "render", str(good), "--template", str(path))


@settings(max_examples=300, deadline=None)
@given(reason=TEXT | st.text(), override=st.none() | TEXT)
def test_any_reason_is_accepted_or_refused_with_the_field_named(
    reason: str, override: str | None
) -> None:
    problems: set[str] = set()
    try:
        request = check_request(
            arn=ARN,
            decision=ApprovalStatus.APPROVED,
            reason=reason,
            expected_status="PendingManualApproval",
            override_justification=override,
            card_status=None,
            decision_id=None,
            has_policy=True,
        )
    except ApprovalRefusedError:
        assert not reason.strip()
        return
    except ValidationError as exc:
        problems = {p.path for p in exc.problems}
    if problems:
        assert problems <= {"reason", "override_justification"}
        return
    # An accepted reason can be written: it encodes to metadata and back.
    assert unescape(escape(request.reason)) == request.reason
