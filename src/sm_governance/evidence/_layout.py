"""The bundle's layout: member names, the manifest, and the manifest's signing message.

Shared by the writer (:mod:`._bundle`) and the checker (:mod:`._verify`) so the two can never
disagree on a name or an encoding.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import textwrap
from collections.abc import Mapping
from typing import Any, Final

__all__ = [
    "CARD_JSON",
    "CHECKLIST_JSON",
    "CHECKLIST_MD",
    "DESCRIPTION",
    "ENTRY_FILE",
    "FORMAT",
    "GATE_FILE",
    "LINEAGE",
    "MANIFEST",
    "MANIFEST_SIG",
    "PUBLIC_KEY_DER",
    "PUBLIC_KEY_PEM",
    "READ_PROBLEMS",
    "entry_files",
    "json_bytes",
    "manifest_files",
    "manifest_message",
    "pem",
    "sha256_hex",
]

FORMAT: Final = "smgov-evidence/1"
MANIFEST: Final = "manifest.json"
MANIFEST_SIG: Final = "manifest.sig"
DESCRIPTION: Final = "version/description.json"
CARD_JSON: Final = "card/card.json"
LINEAGE: Final = "lineage.json"
CHECKLIST_JSON: Final = "annex-iv/checklist.json"
CHECKLIST_MD: Final = "annex-iv/checklist.md"
PUBLIC_KEY_DER: Final = "ledger/public-key.der"
PUBLIC_KEY_PEM: Final = "ledger/public-key.pem"
READ_PROBLEMS: Final = "ledger/read-problems.json"
ENTRY_FILE: Final = re.compile(r"ledger/entries/([1-9][0-9]{0,8})\.json")
GATE_FILE: Final = re.compile(r"gate/[0-9]+-[A-Za-z0-9._-]+\.json")


def entry_files(seq: int) -> tuple[str, str, str]:
    """The entry as stored, the message its signature covers, and the DER signature."""
    base = f"ledger/entries/{seq}"
    return f"{base}.json", f"{base}.message", f"{base}.sig"


def json_bytes(data: Any) -> bytes:
    """Readable, stable JSON: sorted keys, two-space indent, UTF-8, a final newline."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def manifest_message(manifest: bytes) -> bytes:
    """What the manifest's signature covers (short, so KMS signs it as a ``RAW`` message).

    Example:
        >>> manifest_message(b"{}")[:34]
        b'smgov-evidence/1 manifest sha256:4'
    """
    return f"{FORMAT} manifest sha256:{sha256_hex(manifest)}".encode("ascii")


def pem(der: bytes) -> bytes:
    """A DER ``SubjectPublicKeyInfo`` as a PEM ``PUBLIC KEY`` block (for openssl)."""
    body = "\n".join(textwrap.wrap(base64.b64encode(der).decode("ascii"), 64))
    return f"-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----\n".encode("ascii")


def manifest_files(files: Mapping[str, bytes]) -> dict[str, dict[str, Any]]:
    """The manifest's ``files``: every member but the manifest and its signature."""
    return {
        name: {"sha256": sha256_hex(data), "bytes": len(data)}
        for name, data in sorted(files.items())
        if name not in (MANIFEST, MANIFEST_SIG)
    }
