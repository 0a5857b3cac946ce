"""The sandbox keeps a client's connection open between requests (HTTP/1.1 keep-alive)."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any

import pytest

from sm_governance.testing.sandbox import SandboxServer

pytestmark = pytest.mark.server

HEADERS = {
    "X-Amz-Target": "SageMaker.ListModelPackageGroups",
    "Content-Type": "application/x-amz-json-1.1",
    "Authorization": (
        "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sagemaker/aws4_request, "
        "SignedHeaders=host, Signature=0"
    ),
}


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer(port=0) as running:
        yield running


def _call(connection: http.client.HTTPConnection, body: bytes, **headers: str) -> Any:
    connection.request("POST", "/", body=body, headers={**HEADERS, **headers})
    response = connection.getresponse()
    return response, json.loads(response.read())


def test_one_connection_serves_many_requests(server: SandboxServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        response, _ = _call(connection, b"{}")
        sock = connection.sock
        for _ in range(5):
            response, answer = _call(connection, b'{"MaxResults": 10}')
            assert answer == {"ModelPackageGroupSummaryList": []}
            assert response.version == 11
            assert not response.will_close
            assert connection.sock is sock  # the same socket: nothing reconnected
    finally:
        connection.close()


def test_chunked_bodies_are_read_whole(server: SandboxServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(
            "POST", "/", body=iter([b'{"MaxResults"', b": 5}"]), headers=HEADERS,
            encode_chunked=True,
        )  # fmt: skip
        response = connection.getresponse()
        assert json.loads(response.read()) == {"ModelPackageGroupSummaryList": []}
        assert not response.will_close
        _, answer = _call(connection, b"{}")
        assert answer == {"ModelPackageGroupSummaryList": []}
    finally:
        connection.close()


def test_a_client_that_asks_to_close_is_closed(server: SandboxServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        response, _ = _call(connection, b"{}", Connection="close")
        assert response.will_close
    finally:
        connection.close()


def test_boto3_reuses_its_connection(server: SandboxServer) -> None:
    # GIVEN a count of the connections the server accepts
    accepted: list[Any] = []
    listener = server._server
    accept = listener.get_request

    def counting() -> Any:
        pair = accept()
        accepted.append(pair[1])
        return pair

    listener.get_request = counting
    # WHEN one boto3 client makes 11 calls
    sm = server.client("sagemaker")
    sm.create_model_package_group(ModelPackageGroupName="credit-risk")
    for _ in range(10):
        sm.list_model_packages(ModelPackageGroupName="credit-risk")
    # THEN they share one connection (without keep-alive: 11)
    assert len(accepted) == 1


def test_stopping_with_a_connection_open_returns() -> None:
    server = SandboxServer(port=0).start()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        _call(connection, b"{}")
    finally:
        server.stop()  # returns although the client still holds its connection open
        connection.close()
