"""The ledger's public surface is complete and light to import."""

from __future__ import annotations

import subprocess
import sys

from sm_governance import ledger


def test_all_names_resolve_and_nothing_public_is_left_out() -> None:
    for name in ledger.__all__:
        assert getattr(ledger, name) is not None, name
    public = {n for n in vars(ledger) if n[0].isalpha() and n != "annotations"}
    assert public == set(ledger.__all__)


def test_importing_the_ledger_loads_neither_boto3_nor_cryptography() -> None:
    code = (
        "import sys, sm_governance.ledger; "
        "print(','.join(m for m in ('boto3', 'botocore', 'cryptography') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
