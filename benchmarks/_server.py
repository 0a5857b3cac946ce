"""A sandbox server in its own process, seeded in-process for speed.

The review-scan benchmark runs the local SageMaker here, apart from the process that measures,
so that the client's time is not shared with the server's under one interpreter lock. It reads
commands, one JSON object a line, on standard input and answers one JSON line each:

* ``{"op": "seed", "groups": 100, "versions": 40, "pending_every": 10, "prefix": "g"}``
  creates the groups and versions (every ``pending_every``-th version waits for review; the
  others are approved or rejected), each with a small model card;
* ``{"op": "reset"}`` empties the local SageMaker;
* ``{"op": "quit"}`` stops the server.

Seeding uses real ``CreateModelPackageGroup`` / ``CreateModelPackage`` requests, with botocore's
validation and the governance extension's rules, but hands each request to moto inside this
process (the same backend the server serves) instead of sending it over HTTP: seeding 1,000
groups over the loopback would take longer than the measurements themselves.

Run with ``python -m benchmarks._server``; the first line printed is
``{"endpoint_url": "http://127.0.0.1:PORT"}``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import urllib.request
from typing import Any, cast

IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
STATUSES = ("Approved", "Rejected")


def in_process_client(*, signed: bool = False) -> Any:
    """A SageMaker client whose requests go straight to moto's backends in this process.

    Requests are unsigned by default (moto then uses its default account, the one the fake
    ``testing`` credentials map to): signing is a third of a seeding request's client time.
    """
    import boto3
    from botocore import UNSIGNED
    from botocore.awsrequest import AWSResponse
    from botocore.config import Config
    from moto.core.botocore_stubber import MockRawResponse
    from moto.core.models import botocore_stubber

    def send(request: Any, **_: Any) -> Any:
        answer = botocore_stubber.process_request(request)
        if answer is None:  # pragma: no cover - every request here is a moto one
            return None
        status, headers, body = answer
        return AWSResponse(request.url, status, cast(Any, headers), MockRawResponse(body))

    client = boto3.client(
        "sagemaker",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=None if signed else Config(signature_version=UNSIGNED),
    )
    client.meta.events.register("before-send", send)
    return client


def _card(group: str, version: int) -> str:
    from sm_governance.testing import demo_card

    content = demo_card(version, auc=0.85, fairness=0.9)
    content["model_overview"]["model_artifact"] = [f"s3://bench-models/{group}/v{version}.tar.gz"]
    return json.dumps(content, separators=(",", ":"))


def seed(client: Any, *, groups: int, versions: int, pending_every: int, prefix: str) -> int:
    """Create ``groups`` groups of ``versions`` versions; returns how many wait for review."""
    pending = 0
    for g in range(groups):
        group = f"{prefix}-{g:04d}"
        client.create_model_package_group(ModelPackageGroupName=group)
        for v in range(1, versions + 1):
            waits = v % pending_every == 0
            pending += waits
            status = "PendingManualApproval" if waits else STATUSES[v % 2]
            client.create_model_package(
                ModelPackageGroupName=group,
                ModelPackageDescription=f"{group} candidate {v}",
                InferenceSpecification={
                    "Containers": [
                        {"Image": IMAGE, "ModelDataUrl": f"s3://bench-models/{group}/v{v}.tar.gz"}
                    ],
                    "SupportedContentTypes": ["text/csv"],
                    "SupportedResponseMIMETypes": ["text/csv"],
                },
                ModelApprovalStatus=status,
                ModelCard={"ModelCardContent": _card(group, v), "ModelCardStatus": "Draft"},
                CustomerMetadataProperties={"datazone_project_id": "benchproject01"},
            )
    return pending


def main() -> int:
    """Serve until ``quit`` (or the end of standard input)."""
    for key in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_PROFILE"):
        os.environ.pop(key, None)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    from sm_governance.testing.sandbox import SandboxServer

    server = SandboxServer(port=0, admin_api=True).start()  # "reset" uses /moto-api/reset
    client = in_process_client()

    def reply(**answer: Any) -> None:
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()

    reply(endpoint_url=server.endpoint_url)
    try:
        for line in sys.stdin:
            command = json.loads(line)
            started = time.perf_counter()
            if command["op"] == "quit":
                break
            if command["op"] == "reset":
                request = urllib.request.Request(
                    f"{server.endpoint_url}/moto-api/reset", method="POST", data=b""
                )
                with urllib.request.urlopen(request, timeout=30):
                    pass
                reply(ok=True, seconds=time.perf_counter() - started)
            elif command["op"] == "seed":
                waiting = seed(
                    client,
                    groups=command["groups"],
                    versions=command["versions"],
                    pending_every=command["pending_every"],
                    prefix=command.get("prefix", "bench"),
                )
                reply(ok=True, pending=waiting, seconds=time.perf_counter() - started)
            else:
                reply(ok=False, error=f"unknown op {command['op']!r}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
