"""``VERIFY.md``: how an auditor checks a bundle, with sm-governance or with common tools only.

The shell blocks are tested as they are written: the test suite unzips a bundle and runs
them (openssl, sha256sum, python3's standard library), so the instructions cannot rot.
"""

from __future__ import annotations

import hashlib

__all__ = ["verify_doc"]

_DOC = """\
# How to verify this evidence bundle

This bundle is the evidence for the model package version

    {arn}

with {entries} decision ledger entry(ies). It was made by `smgov evidence`. Nothing in it needs
AWS, the network, or sm-governance to be checked: everything below runs offline.

| file | what it is |
| --- | --- |
| `manifest.json` | the SHA-256 and size of every other file |
| `manifest.sig` | the ledger key's signature of the manifest (when the maker could sign) |
| `version/description.json` | the version as SageMaker's DescribeModelPackage returned it |
| `card/card.json` | the model card content, byte for byte as in the description |
| `card/card.md`, `card/card.html`, `card/card.pdf` | the card for people to read |
| `lineage.json` | training job, datasets, images and digests, model data and ETags, MLflow run |
| `annex-iv/checklist.json`, `annex-iv/checklist.md` | the EU AI Act Annex IV checklist |
| `gate/*.json` | policy gate reports, each with its policy |
| `ledger/entries/N.json` | ledger entry N, byte for byte as stored in the ledger bucket |
| `ledger/entries/N.message` | what entry N's signature covers |
| `ledger/entries/N.sig` | entry N's signature (DER) |
| `ledger/public-key.der`, `.pem` | the ledger key's public key (KMS GetPublicKey) |
| `ledger/read-problems.json` | what reading the ledger found wrong with its storage (if anything) |

## With sm-governance

    smgov verify --bundle BUNDLE.zip --public-key KEY.pem

Exit 0 only if every file matches the manifest, the manifest's and every entry's signature
verify, the chain of entries is whole, the subject digest recomputed from
`version/description.json` is the one the latest decision signed, and that decision is
`Approved`. Otherwise exit 1, naming each file that does not hold.

## With openssl, sha256sum and python3

Unzip the bundle into an empty folder and run each block there (`set -e`: any failure stops).

**1. The key.** Everything rests on `ledger/public-key.pem`, which the signatures below are
checked with, being your ledger's signing key. The first command stops unless it is the key in
`ledger/public-key.der`; the second prints that key's fingerprint, `{fingerprint}`: compare it
with the key your organisation publishes, or with
`aws kms get-public-key --key-id KEY --query PublicKey --output text | base64 -d | sha256sum`.

```sh
openssl pkey -pubin -in ledger/public-key.pem -outform DER | cmp - ledger/public-key.der
sha256sum ledger/public-key.der
```

**2. The manifest's signature.** Without `manifest.sig` (the maker could not sign) the entries
and the description still rest on the signed ledger entries below, but nothing proves the
renderings or that no later entry was left out: treat such a bundle as unproven. With it, the
bundle holds every entry the ledger had when the bundle was made; the bundle does not say
when that was, and decisions recorded since are not in it: `smgov verify ARN` says whether
the approval holds now.

```sh
printf 'smgov-evidence/1 manifest sha256:%s' "$(sha256sum manifest.json | cut -d' ' -f1)" \\
  > "${{TMPDIR:-/tmp}}/smgov-manifest.message"
openssl dgst -sha256 -verify ledger/public-key.pem -signature manifest.sig \\
  "${{TMPDIR:-/tmp}}/smgov-manifest.message"
```

**3. Every file against the manifest,** and no file that it does not list.

```sh
python3 - <<'PY' | sha256sum --check --strict --quiet
import json, os
files = json.load(open("manifest.json"))["files"]
found = {{os.path.relpath(os.path.join(d, f)) for d, _, fs in os.walk(".") for f in fs}}
extra = found - set(files) - {{"manifest.json", "manifest.sig"}}
assert not extra, f"files the manifest does not list: {{sorted(extra)}}"
for name, entry in files.items():
    print(f"{{entry['sha256']}}  {{name}}")
PY
```

**4. Each ledger entry's signature.** Entry N's signature covers `ledger/entries/N.message`.

```sh
for entry in ledger/entries/*.json; do
  n=$(basename "$entry" .json)
  openssl dgst -sha256 -verify ledger/public-key.pem \\
    -signature "ledger/entries/$n.sig" "ledger/entries/$n.message"
done
```

**5. The storage, the messages and the chain.** `ledger/read-problems.json`, when there is
one, says what reading the ledger found wrong with how it is stored (an entry overwritten or
deleted, an object that is not an entry, a listing cut short): entries after such a problem
may be missing from the bundle, so it does not verify. A message names the SHA-256 of its
entry without the `signature`, in canonical JSON (keys sorted, no spaces, UTF-8); entry N's
`prev` is the SHA-256 of entry N-1's file (entries are stored in canonical JSON).

```sh
python3 - <<'PY'
import base64, glob, hashlib, json, os
if os.path.exists("ledger/read-problems.json"):
    found = json.load(open("ledger/read-problems.json"))
    shown = (str(p).encode("unicode_escape").decode() for p in found)  # no control chars
    raise AssertionError("the ledger read found: " + "; ".join(shown))
paths = sorted(glob.glob("ledger/entries/*.json"), key=lambda p: int(os.path.basename(p)[:-5]))
prev = None
for n, path in enumerate(paths, start=1):
    raw = open(path, "rb").read()
    entry = json.loads(raw)
    body = {{k: v for k, v in entry.items() if k != "signature"}}
    canon = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    message = "smgov-ledger/1 entry sha256:" + hashlib.sha256(canon.encode()).hexdigest()
    assert open(path[:-5] + ".message").read() == message, f"{{path}}: not its message"
    assert base64.b64decode(entry["signature"]["value"]) == open(path[:-5] + ".sig", "rb").read()
    assert entry["seq"] == n and entry["prev"] == prev, f"{{path}}: the chain breaks here"
    prev = "sha256:" + hashlib.sha256(raw).hexdigest()
print(f"{{len(paths)}} entries, chain whole")
PY
```

**6. The decision and the subject digest.** Every entry is about the version described; the
latest decision must be an approval that completes its quorum, with no anomaly after it, and
SageMaker must show the version `Approved`. That decision signed a digest of what the version
was: its
group, version and DataZone IDs, the card, the inference specifications (images, digests, model
data and ETags), metrics, source, security configuration and task. Recompute it from the
description and compare.

```sh
python3 - <<'PY'
import glob, hashlib, json, os
def canon(value):
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    return text.encode()
d = json.load(open("version/description.json"))
meta = d.get("CustomerMetadataProperties") or {{}}
card = (d.get("ModelCard") or {{}}).get("ModelCardContent")
if card is not None:
    try:
        parsed = json.loads(card)
        canon(parsed)
        card = {{"json": parsed}}
    except ValueError:
        card = {{"text": card}}
v = d.get("ModelPackageVersion")
fields = {{
    "inference": ("InferenceSpecification", "AdditionalInferenceSpecifications"),
    "metrics": ("ModelMetrics", "DriftCheckBaselines"),
    "source": ("SourceUri", "SourceAlgorithmSpecification", "ValidationSpecification"),
    "security": ("SecurityConfig",),
    "task": ("Domain", "Task", "SamplePayloadUrl", "ModelPackageDescription",
             "SkipModelValidation"),
}}
material = {{
    "identity": {{
        "group": d.get("ModelPackageGroupName"),
        "version": int(v) if v is not None else None,
        "datazone_project_id": meta.get("datazone_project_id"),
        "datazone_domain_id": meta.get("datazone_domain_id"),
    }},
    "card": card,
    **{{part: {{f: d[f] for f in names if f in d}} for part, names in fields.items()}},
}}
parts = {{part: hashlib.sha256(canon(value)).hexdigest() for part, value in material.items()}}
digest = "sha256:v1:" + hashlib.sha256(canon({{"v": 1, "parts": parts}})).hexdigest()
paths = sorted(glob.glob("ledger/entries/*.json"), key=lambda p: int(os.path.basename(p)[:-5]))
entries = [json.load(open(p)) for p in paths]
for e in entries:
    assert e.get("arn") == d.get("ModelPackageArn"), f"entry {{e.get('seq')}}: another version"
decisions = [e for e in entries if e.get("kind") == "decision"]
assert decisions, "no decision in the ledger"
latest = decisions[-1]
for e in entries:
    if e.get("kind") == "anomaly" and e["seq"] > latest["seq"]:
        raise AssertionError(f"anomaly at {{e['seq']}}: {{e.get('anomaly')}}: {{e.get('details')}}")
assert latest["decision"] == "Approved", f"the latest decision is {{latest['decision']}}"
have, need = latest.get("approvals", 1), latest.get("approvals_required", 1)
assert have >= need, f"quorum: {{have}} of {{need}} approvals recorded"
status = d.get("ModelApprovalStatus")
assert status == "Approved", f"not approved: SageMaker shows {{status}}"
assert latest["subject_digest"] == digest, f"drift: {{digest}} is not {{latest['subject_digest']}}"
registrant = ((d.get("CreatedBy") or {{}}).get("IamIdentity") or {{}}).get("Arn")
assert registrant or latest.get("allow_unknown_registrant"), (
    "unknown registrant: SageMaker does not say who registered the version"
)
print(f"subject {{digest}}: {{latest['decision']}} by {{latest['decider']}} at {{latest['time']}}")
print(f"registered by {{registrant}}: another person?")
PY
```

The decider and the registrant must be different people: compare the two lines above (an IAM
Identity Center session name or a `SourceIdentity` names the person). A version that does not
name its registrant fails, unless the officer recorded that they allowed it. A version in the middle
of a re-certification round (a quorum's first approvals after an approval in force) fails
this block; `smgov verify --bundle` judges it.

The card files (`card/card.json` equals the description's `ModelCard.ModelCardContent`), the
lineage and the checklist are derived from the description; the manifest binds the renderings
(Markdown, HTML, PDF).
"""


def verify_doc(arn: str, entries: int, public_key_der: bytes | None) -> str:
    """The text of ``VERIFY.md`` for one bundle."""
    fingerprint = (
        f"sha256:{hashlib.sha256(public_key_der).hexdigest()}"
        if public_key_der
        else "(no key: this bundle holds no ledger entries)"
    )
    return _DOC.format(arn=arn or "(unknown)", entries=entries, fingerprint=fingerprint)
