"""``smgov verify --bundle`` as a process with no AWS configuration at all."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from sm_governance.evidence import assemble_bundle
from sm_governance.ledger import ALGORITHM, FORMAT, signing_message, subject_digest, subject_parts
from sm_governance.testing import demo_card


def _bundle(tmp_path: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    description: dict[str, Any] = {
        "ModelPackageArn": "arn:aws:sagemaker:us-east-1:111122223333:model-package/credit-risk/1",
        "ModelPackageGroupName": "credit-risk",
        "ModelPackageVersion": 1,
        "ModelCard": {"ModelCardContent": json.dumps(demo_card(1, auc=0.8, fairness=0.9))},
        "ModelApprovalStatus": "Approved",
        "CreatedBy": {"IamIdentity": {"Arn": "arn:aws:iam::111122223333:user/data-scientist"}},
    }
    entry: dict[str, Any] = {
        "format": FORMAT,
        "seq": 1,
        "kind": "decision",
        "arn": description["ModelPackageArn"],
        "decision": "Approved",
        "subject_digest": subject_digest(description),
        "subject_parts": subject_parts(description),
        "decider": {"arn": "arn:aws:sts::111122223333:assumed-role/officer/bob"},
        "time": "2026-11-30T02:00:00+00:00",
        "prev": None,
    }
    signature = key.sign(signing_message(entry), ec.ECDSA(hashes.SHA256()))
    entry["signature"] = {
        "key_id": "k",
        "algorithm": ALGORITHM,
        "value": base64.b64encode(signature).decode(),
    }
    bundle = assemble_bundle(
        description,
        entries=[entry],
        public_key_der=der,
        pdf=False,
        sign=lambda message: key.sign(message, ec.ECDSA(hashes.SHA256())),
    )
    pem = tmp_path / "key.pem"
    pem.write_bytes(bundle.files["ledger/public-key.pem"])
    return bundle.write(tmp_path / "evidence.zip"), pem


def test_verify_bundle_needs_no_aws_configuration(tmp_path: Path) -> None:
    # GIVEN a process with no AWS variables, no config files and a dead endpoint
    bundle, pem = _bundle(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SMGOV_"))}
    env |= {
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    # WHEN it verifies the bundle
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sm_governance.cli",
            "verify",
            "--bundle",
            str(bundle),
            "--public-key",
            str(pem),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    # THEN it is verified, offline
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("verified arn:aws:sagemaker:us-east-1:111122223333:")
    assert done.stderr == ""


def test_the_public_key_is_read_as_every_file_is(tmp_path: Path) -> None:
    # GIVEN a named pipe nobody writes to, and a key larger than the configured limit
    bundle, pem = _bundle(tmp_path)
    fifo = tmp_path / "key.fifo"
    os.mkfifo(fifo)
    env = dict(os.environ, SMGOV_MAX_FILE_BYTES="64")

    def verify(key: Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "sm_governance.cli", "verify", "--bundle", str(bundle)]
        return subprocess.run(
            [*command, "--public-key", str(key)],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
            check=False,
        )

    # THEN each is refused before a byte is read: one line, exit 2, never a hang
    for key, why in ((fifo, "named pipe (FIFO)"), (pem, "64")):
        done = verify(key)
        assert done.returncode == 2, done
        assert "--public-key" in done.stderr
        assert why in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
