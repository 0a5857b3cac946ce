"""Faults on the wire: dropped connections and 5xx answers, with nothing done twice.

A loopback proxy sits between the SDK and the sandbox. For the operations a test names it
forwards the request, so SageMaker *applies* it, and then loses the answer: it closes the
connection without a word, or answers 500 / 503. botocore retries those; the product must
make the retry land on the same version and the same decision.
"""

from __future__ import annotations

import http.client
import json
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest

from sm_governance import ApprovalStatus, ModelCard, ModelRegistry
from sm_governance._aws import make_client
from sm_governance.approval import DECISION_ID_KEY, ApprovalDesk, log_entries
from sm_governance.testing import Identity, create_user, demo_card
from sm_governance.testing.sandbox import SandboxServer

pytestmark = pytest.mark.server

IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
DROP, ERROR_500, ERROR_503 = "drop", "500", "503"
CARD = ModelCard.from_content(demo_card(1, auc=0.91, fairness=0.86))


@dataclass
class FaultPlan:
    """Faults to apply, in order, per operation (``X-Amz-Target`` such as ``SageMaker.X``)."""

    upstream: str
    faults: dict[str, list[str]] = field(default_factory=dict)
    seen: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_fault(self, target: str) -> str | None:
        with self.lock:
            queue = self.faults.get(target) or []
            fault = queue.pop(0) if queue else None
            self.seen.append((target, fault or "ok"))
            return fault


class _Proxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, plan: FaultPlan) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.plan = plan


class _Handler(socketserver.StreamRequestHandler):
    server: _Proxy

    def handle(self) -> None:
        request_line = self.rfile.readline().decode("latin-1").strip()
        if not request_line:
            return
        method, path, _ = request_line.split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            line = self.rfile.readline().decode("latin-1")
            if line in ("\r\n", "\n", ""):
                break
            name, value = line.split(":", 1)
            headers[name.strip()] = value.strip()
        length = int(headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        # S3 speaks REST: its requests are named by their method (S3.PUT, S3.GET...)
        target = headers.get("X-Amz-Target") or _query_action(body) or f"S3.{method}"
        # The request always reaches SageMaker: each fault loses only the answer.
        upstream = http.client.HTTPConnection(self.server.plan.upstream, timeout=30)
        upstream.request(method, path, body=body, headers=headers)
        answer = upstream.getresponse()
        payload = answer.read()
        upstream.close()
        fault = self.server.plan.next_fault(target)
        if fault == DROP:
            return  # close the connection without an answer
        if fault in (ERROR_500, ERROR_503):
            if "X-Amz-Target" in headers:  # the JSON protocol (SageMaker)
                kind = "application/x-amz-json-1.1"
                payload = json.dumps({"__type": "InternalFailure", "message": "injected"}).encode()
            else:  # the query protocol (STS, IAM)
                kind = "text/xml"
                payload = (
                    b"<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
                    b"<Message>injected</Message></Error><RequestId>r</RequestId></ErrorResponse>"
                )
            self._answer(int(fault), kind, payload)
            return
        self._answer(answer.status, answer.getheader("Content-Type") or "", payload)

    def _answer(self, status: int, content_type: str, payload: bytes) -> None:
        head = (
            f"HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n"
        )
        self.wfile.write(head.encode("latin-1") + payload)


def _query_action(body: bytes) -> str:
    # STS and IAM use the query protocol: Action=GetCallerIdentity&...
    for part in body.decode("utf-8", "replace").split("&"):
        if part.startswith("Action="):
            return part.split("=", 1)[1]
    return ""


@dataclass(frozen=True)
class Wire:
    plan: FaultPlan
    proxy_url: str
    sandbox: SandboxServer


@pytest.fixture
def wire() -> Iterator[Wire]:
    with SandboxServer(port=0) as sandbox:
        plan = FaultPlan(upstream=f"127.0.0.1:{sandbox.port}")
        proxy = _Proxy(plan)
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        try:
            yield Wire(plan, f"http://127.0.0.1:{proxy.server_address[1]}", sandbox)
        finally:
            proxy.shutdown()
            proxy.server_close()
            thread.join(timeout=10)


def _through(wire: Wire, session: boto3.Session, service: str) -> Any:
    # the product's default client config (standard retries) pointed at the faulty wire
    return make_client(service, session=session, endpoint_url=wire.proxy_url)


def _people(wire: Wire) -> tuple[Identity, Identity]:
    admin = wire.sandbox.session()
    url = wire.sandbox.endpoint_url
    return create_user("ds", session=admin, endpoint_url=url), create_user(
        "officer", session=admin, endpoint_url=url
    )


def _versions(wire: Wire, group: str) -> list[dict[str, Any]]:
    direct = wire.sandbox.client("sagemaker")
    listed = direct.list_model_packages(ModelPackageGroupName=group)
    return list(listed["ModelPackageSummaryList"])


def _registered(wire: Wire) -> tuple[Identity, str]:
    """The officer, and a version the data scientist registered (through the faulty wire)."""
    ds, officer = _people(wire)
    registry = ModelRegistry(client=_through(wire, ds.session, "sagemaker"))
    registry.ensure_group("credit-risk")
    arn = registry.register(
        "credit-risk", CARD, image_uri=IMAGE, model_data_url="s3://m/model.tar.gz"
    ).arn
    return officer, arn


def _recording_desk(wire: Wire, officer: Identity) -> ApprovalDesk:
    """The officer's desk with the sandbox's ledger, every client through the faulty wire."""
    return ApprovalDesk(
        client=_through(wire, officer.session, "sagemaker"),
        sts_client=_through(wire, officer.session, "sts"),
        s3_client=_through(wire, officer.session, "s3"),
        kms_client=_through(wire, officer.session, "kms"),
        ledger=wire.sandbox.ledger.uri,
        signing_key=wire.sandbox.ledger.key_arn,
    )


def test_register_survives_lost_answers_with_one_version(wire: Wire) -> None:
    ds, _ = _people(wire)
    registry = ModelRegistry(client=_through(wire, ds.session, "sagemaker"))
    registry.ensure_group("credit-risk", datazone_project_id="prj_1")
    # GIVEN SageMaker applies the registration but its answer is lost twice: a dropped
    # connection, then a 500
    wire.plan.faults["SageMaker.CreateModelPackage"] = [DROP, ERROR_500]
    # WHEN the data scientist registers once
    version = registry.register(
        "credit-risk", CARD, image_uri=IMAGE, model_data_url="s3://m/model.tar.gz"
    )
    # THEN botocore retried with the same ClientToken: three attempts, one version
    attempts = [f for t, f in wire.plan.seen if t == "SageMaker.CreateModelPackage"]
    assert attempts == [DROP, ERROR_500, "ok"]
    versions = _versions(wire, "credit-risk")
    assert [v["ModelPackageArn"] for v in versions] == [version.arn]


def test_approve_survives_lost_answers_with_one_decision(wire: Wire) -> None:
    officer, arn = _registered(wire)
    desk = ApprovalDesk(
        client=_through(wire, officer.session, "sagemaker"),
        sts_client=_through(wire, officer.session, "sts"),
    )
    # GIVEN every call of the approval loses an answer once, after SageMaker applied it
    wire.plan.faults.update(
        {
            "GetCallerIdentity": [ERROR_503],
            "SageMaker.DescribeModelPackage": [DROP, ERROR_500],
            "SageMaker.UpdateModelPackage": [DROP],
        }
    )
    # WHEN the officer approves once
    decision = desk.approve(arn, reason="Meets retail-credit v1")
    # THEN the decision is in place exactly once, and the retried write is not a conflict
    described = wire.sandbox.client("sagemaker").describe_model_package(ModelPackageName=arn)
    assert described["ModelApprovalStatus"] == ApprovalStatus.APPROVED
    assert described["LastModifiedBy"]["IamIdentity"]["Arn"] == officer.arn
    assert len(log_entries(described["CustomerMetadataProperties"])) == 1
    assert described["CustomerMetadataProperties"][DECISION_ID_KEY] == decision.decision_id
    assert described["ApprovalDescription"] == decision.description
    assert not decision.replayed
    assert decision.approver == officer.arn
    updates = [f for t, f in wire.plan.seen if t == "SageMaker.UpdateModelPackage"]
    assert updates == [DROP, "ok"]
    assert not any(wire.plan.faults.values()), "every injected fault was hit"


def test_approve_with_the_ledger_survives_a_lost_answer_to_the_entry_put(wire: Wire) -> None:
    officer, arn = _registered(wire)
    desk = _recording_desk(wire, officer)
    # GIVEN S3 creates the officer's ledger entry but the answer is lost: botocore sends the
    # same conditional put again, which S3 refuses (the entry exists: the first attempt's)
    wire.plan.faults["S3.PUT"] = [DROP]
    # WHEN the officer approves once
    decision = desk.approve(arn, reason="Meets retail-credit v1")
    # THEN the decision is recorded once and in place, and the officer is told so
    puts = [f for t, f in wire.plan.seen if t == "S3.PUT"]
    assert puts == [DROP, "ok"]
    assert decision.verified
    described = wire.sandbox.client("sagemaker").describe_model_package(ModelPackageName=arn)
    assert described["ModelApprovalStatus"] == ApprovalStatus.APPROVED
    assert desk.verify(arn).verified


def test_approve_with_the_ledger_survives_lost_answers_at_every_step(wire: Wire) -> None:
    officer, arn = _registered(wire)
    ledger = wire.sandbox.ledger
    desk = _recording_desk(wire, officer)
    # GIVEN every call loses an answer once after it was applied: the reads, the lock check,
    # the signature, the entry's put, the status write and the verification read
    wire.plan.faults.update(
        {
            "GetCallerIdentity": [ERROR_503],
            "SageMaker.DescribeModelPackage": [DROP, ERROR_500, DROP],
            "S3.GET": [DROP, ERROR_500],
            "TrentService.Sign": [DROP],
            "S3.PUT": [DROP],
            "SageMaker.UpdateModelPackage": [DROP],
        }
    )
    # WHEN the officer approves once
    decision = desk.approve(arn, reason="Meets retail-credit v1")
    # THEN one entry is recorded, the decision is in place, and it verifies
    assert not any(wire.plan.faults.values()), "every injected fault was hit"
    assert decision.verified
    assert not decision.replayed
    direct = wire.sandbox.client("s3")
    listed = direct.list_object_versions(Bucket=ledger.bucket, Prefix=ledger.prefix)
    assert len(listed.get("Versions", [])) == 1
    described = wire.sandbox.client("sagemaker").describe_model_package(ModelPackageName=arn)
    assert described["ModelApprovalStatus"] == ApprovalStatus.APPROVED
    assert desk.verify(arn).verified
