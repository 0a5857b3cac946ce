"""``smgov evidence``, ``verify --bundle``, ``render --annex-iv``, ``--format pdf`` (CliRunner)."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner, Result

from sm_governance.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, app
from sm_governance.testing import People

from .conftest import BUCKET, Approved, high_risk_card

Run = Callable[..., Result]


@pytest.fixture
def smgov(
    approved: Approved, two_people: People, monkeypatch: pytest.MonkeyPatch, aws_credentials: object
) -> Run:
    """``smgov`` as the officer, with the ledger and signing key in the environment."""
    credentials = two_people.officer.session.get_credentials()
    assert credentials is not None
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials.secret_key)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.setenv("SMGOV_LEDGER", f"s3://{BUCKET}/decisions")
    ledger = approved.officer.ledger
    assert ledger is not None
    assert ledger.signer is not None
    monkeypatch.setenv("SMGOV_SIGNING_KEY", ledger.signer.key_id)
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_evidence_then_verify_bundle(smgov: Run, approved: Approved, tmp_path: Path) -> None:
    out = tmp_path / "evidence.zip"
    made = smgov("evidence", approved.arn, "--out", str(out), "--policy", "eu-ai-act-high-risk")
    assert made.exit_code == EXIT_OK, made.output
    assert "manifest        signed" in made.stdout
    # the hint names the one command that proves the bundle: with the ledger key
    assert "check it with   smgov verify --bundle " in made.stdout
    assert " --public-key LEDGER-KEY.pem" in made.stdout
    assert "Annex IV        4 covered, 2 missing, 3 out of the card's reach" in made.stdout
    key = tmp_path / "key.der"
    key.write_bytes(approved.public_key)
    checked = smgov("verify", "--bundle", str(out), "--public-key", str(key))
    assert checked.exit_code == EXIT_OK, checked.output
    assert checked.stdout.startswith(f"verified {approved.arn}: ")
    as_json = json.loads(
        smgov("--output", "json", "verify", "--bundle", str(out), "--public-key", str(key)).stdout
    )
    assert as_json["verified"] is True
    assert as_json["manifest_signed"] is True
    # AND without the ledger's key nothing is proven: anyone can make a bundle whole
    alone = smgov("verify", "--bundle", str(out))
    assert alone.exit_code == EXIT_REFUSED, alone.output
    assert "give --public-key" in alone.stdout


def test_a_tampered_bundle_exits_1_naming_the_file(
    smgov: Run, approved: Approved, tmp_path: Path
) -> None:
    out = tmp_path / "evidence.zip"
    assert smgov("evidence", approved.arn, "--out", str(out), "--no-pdf").exit_code == EXIT_OK
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(out) as old, zipfile.ZipFile(tampered, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "card/card.md":
                data = data.replace(b"Score retail", b"Score retaiL")
            new.writestr(info, data)
    result = smgov("verify", "--bundle", str(tampered))
    assert result.exit_code == EXIT_REFUSED
    assert "card/card.md: does not match its SHA-256 in manifest.json" in result.stdout


def test_usage_errors_are_one_line_and_exit_2(
    smgov: Run, approved: Approved, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = smgov("evidence", approved.arn, "--out", str(tmp_path / "e.tar"))
    assert wrong.exit_code == EXIT_USAGE
    assert "--out must name a .zip file" in wrong.stderr
    # GIVEN WeasyPrint cannot be imported
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    missing = smgov("evidence", approved.arn, "--out", str(tmp_path / "e.zip"))
    assert missing.exit_code == EXIT_USAGE
    assert missing.stderr.count("\n") == 1
    assert "pip install 'sm-governance[pdf]'" in missing.stderr
    assert not (tmp_path / "e.zip").exists()
    no_pdf = smgov("render", approved.arn, "--format", "pdf", "--out", str(tmp_path / "c.pdf"))
    assert no_pdf.exit_code == EXIT_USAGE
    assert "pip install 'sm-governance[pdf]'" in no_pdf.stderr


def test_render_annex_iv_of_a_version_and_of_a_card_file(
    smgov: Run, approved: Approved, tmp_path: Path
) -> None:
    markdown = smgov("render", approved.arn, "--annex-iv")
    assert markdown.exit_code == EXIT_OK, markdown.output
    assert markdown.stdout.startswith("# EU AI Act Annex IV checklist: arn:aws:sagemaker:")
    assert "| 3 | Monitoring, functioning and control, including human oversight | covered |" in (
        markdown.stdout
    )
    # the local SageMaker records no image digest nor ETag: items 1 and 2 say so
    assert "no image digest for 763104351884" in markdown.stdout
    card = tmp_path / "card.json"
    card.write_text(json.dumps(high_risk_card()))
    data = json.loads(smgov("--output", "json", "render", str(card), "--annex-iv").stdout)
    statuses = [item["status"] for item in data["items"]]
    assert statuses == ["missing"] * 3 + ["covered"] * 2 + ["missing"] + ["out_of_reach"] * 3
    html = smgov("render", str(card), "--annex-iv", "--format", "html")
    assert html.stdout.startswith("<!DOCTYPE html>")
    mixed = smgov("render", str(card), "--annex-iv", "--policy", "eu-ai-act-high-risk")
    assert mixed.exit_code == EXIT_USAGE
    assert "--annex-iv renders the checklist" in mixed.stderr


def test_short_form_names_the_version_for_evidence_and_annex_iv(
    smgov: Run, approved: Approved, tmp_path: Path
) -> None:
    # GIVEN the version named GROUP/VERSION, with the group in another case
    group, version = approved.arn.split(":model-package/")[1].split("/")
    short = f"{group.upper()}/{version}"
    by_arn = smgov("render", approved.arn, "--annex-iv")
    by_short = smgov("render", short, "--annex-iv")
    assert by_short.exit_code == EXIT_OK, by_short.output
    assert by_short.stdout == by_arn.stdout
    out = tmp_path / "evidence.zip"
    made = smgov("--output", "json", "evidence", short, "--out", str(out), "--no-pdf")
    assert made.exit_code == EXIT_OK, made.output
    assert json.loads(made.stdout)["arn"] == approved.arn


def test_render_a_card_as_pdf(smgov: Run, tmp_path: Path) -> None:
    card = tmp_path / "card.json"
    card.write_text(json.dumps(high_risk_card()))
    out = tmp_path / "card.pdf"
    result = smgov("render", str(card), "--format", "pdf", "--out", str(out))
    assert result.exit_code == EXIT_OK, result.output
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Thin credit files." in text
    to_terminal = smgov("render", str(card), "--format", "pdf")
    assert to_terminal.exit_code == EXIT_USAGE
    assert "--format pdf needs --out" in to_terminal.stderr


def test_check_takes_the_bundled_policy_by_name(smgov: Run, approved: Approved) -> None:
    result = smgov("--output", "json", "check", approved.arn, "--policy", "eu-ai-act-high-risk")
    assert result.exit_code == EXIT_OK, result.output
    assert json.loads(result.stdout)["policy"] == "eu-ai-act-high-risk"
    unknown = smgov("check", approved.arn, "--policy", "eu-ai-act")
    assert unknown.exit_code == EXIT_USAGE
    assert "bundled: eu-ai-act-high-risk" in unknown.stderr


def test_verify_takes_an_arn_or_a_bundle_not_both(
    smgov: Run, approved: Approved, tmp_path: Path
) -> None:
    neither = smgov("verify")
    assert neither.exit_code == EXIT_USAGE
    assert "give a version ARN or --bundle FILE.zip" in neither.stderr
    both = smgov("verify", approved.arn, "--bundle", str(tmp_path / "e.zip"))
    assert both.exit_code == EXIT_USAGE
    missing = smgov("verify", "--bundle", str(tmp_path / "nope.zip"))
    assert missing.exit_code == 2  # a file that does not exist is a usage error
    assert "no such file" in missing.stderr


def test_a_public_key_file_that_cannot_be_read_is_a_usage_error_as_for_a_version(
    smgov: Run, approved: Approved, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a bundle, and key files that are missing, a device, or too large
    bundle = tmp_path / "evidence.zip"
    made = smgov("evidence", approved.arn, "--out", str(bundle), "--no-pdf")
    assert made.exit_code == EXIT_OK, made.output
    large = tmp_path / "large.pem"
    large.write_bytes(b"k" * 65)
    monkeypatch.setenv("SMGOV_MAX_FILE_BYTES", "64")
    cases = [
        (tmp_path / "none.pem", "No such file or directory"),
        (Path("/dev/zero"), "it is a character device, not a regular file"),
        (large, "it is 65 bytes, more than the limit of 64 bytes"),
    ]
    for key, why in cases:
        # WHEN it is given with --bundle and with a version THEN both exit 2 with one line
        for target in (["--bundle", str(bundle)], [approved.arn]):
            result = smgov("verify", *target, "--public-key", str(key))
            assert result.exit_code == EXIT_USAGE, result.output
            assert result.stderr.startswith(
                f"error: --public-key is invalid: cannot read {key}: {why}"
            ), result.stderr
            assert result.stderr.count("\n") == 1


def test_a_bundle_that_is_not_a_regular_file_is_one_usage_line(
    smgov: Run, approved: Approved, tmp_path: Path
) -> None:
    import os

    pipe = tmp_path / "bundle.zip"
    os.mkfifo(pipe)
    key = tmp_path / "ledger-key.der"
    key.write_bytes(approved.public_key)
    result = smgov("verify", "--bundle", str(pipe), "--public-key", str(key))
    assert result.exit_code == EXIT_USAGE
    assert (
        result.stderr == f"error: bundle is invalid: cannot read {pipe}: it is not a regular file\n"
    )
