"""The sandbox against a hostile web page: Host checked, cross-site refused, no CORS, no admin API.

Each request goes over a real loopback socket with ``http.client``, sending exactly the headers
a browser would (a rebinding page's Host, an Origin, Sec-Fetch-Site).
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator

import pytest

from sm_governance.testing import SandboxServer

pytestmark = pytest.mark.server

# A form post, as a page could send it without a preflight (moto answers it as S3 ListBuckets).
FORM = "Action=GetCallerIdentity&Version=2011-06-15"
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer(port=0) as running:
        yield running


@pytest.fixture(scope="module")
def admin_server() -> Iterator[SandboxServer]:
    with SandboxServer(port=0, admin_api=True) as running:
        yield running


def _request(
    server: SandboxServer,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        sent = {"Host": f"127.0.0.1:{server.port}", **(headers or {})}
        if body is not None:
            sent["Content-Length"] = str(len(body))
        for name, value in sent.items():
            if value:
                connection.putheader(name, value)
        connection.endheaders(body.encode() if body is not None else None)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_sdk_shaped_requests_are_served(server: SandboxServer) -> None:
    status, _, body = _request(server, "POST", "/", FORM_HEADERS, FORM)
    assert status == 200
    assert b"ListAllMyBucketsResult" in body
    assert server.client("sts").get_caller_identity()["Account"] == "123456789012"


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example:{port}",  # DNS rebinding: the page's own name, resolved to 127.0.0.1
        "127.0.0.1.nip.io:{port}",
        "localhost.attacker.example:{port}",
        "127.0.0.2:{port}",
        "[::2]:{port}",
        "",
    ],
)
def test_a_foreign_host_header_is_refused(server: SandboxServer, host: str) -> None:
    value = host.format(port=server.port, other=server.port + 1)
    status, headers, body = _request(server, "POST", "/", {**FORM_HEADERS, "Host": value}, FORM)
    assert status == 421
    assert b"Host header" in body
    assert headers["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize(
    "host", ["localhost:{port}", "LOCALHOST:{port}", "bucket.localhost:{port}"]
)
def test_loopback_names_are_accepted(server: SandboxServer, host: str) -> None:
    # (bucket.localhost is S3 virtual-host addressing: moto answers for a missing bucket)
    value = host.format(port=server.port, other=server.port + 1)
    status, _, body = _request(server, "POST", "/", {**FORM_HEADERS, "Host": value}, FORM)
    assert status not in (403, 404, 421)
    assert not body.startswith(b"sm-governance sandbox:")


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://attacker.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:8888"},  # another local web application
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_cross_site_requests_are_refused(server: SandboxServer, headers: dict[str, str]) -> None:
    # GIVEN a page on another site posting a form to the sandbox
    status, _, body = _request(server, "POST", "/", {**FORM_HEADERS, **headers}, FORM)
    # THEN it is refused before reaching moto
    assert status == 403
    assert body.startswith(b"sm-governance sandbox: cross-")


def test_no_cors_headers_even_for_a_same_origin_preflight(server: SandboxServer) -> None:
    origin = f"http://127.0.0.1:{server.port}"
    preflight = {"Origin": origin, "Access-Control-Request-Method": "POST"}
    for method, headers, body in (
        ("OPTIONS", preflight, None),
        ("POST", {**FORM_HEADERS, "Origin": origin}, FORM),
        ("POST", FORM_HEADERS, FORM),
    ):
        _, sent, _ = _request(server, method, "/", headers, body)
        assert not [name for name in sent if name.lower().startswith("access-control-")]


@pytest.mark.parametrize("path", ["/moto-api/data.json", "/moto-api/", "/moto-api"])
def test_the_admin_api_is_off_by_default(server: SandboxServer, path: str) -> None:
    status, _, body = _request(server, "GET", path)
    assert status == 404
    assert b"--admin-api" in body
    assert b"SecretAccessKey" not in body


def test_a_reset_cannot_wipe_the_sandbox(server: SandboxServer) -> None:
    # GIVEN a resource in the sandbox
    sm = server.client("sagemaker")
    sm.create_model_package_group(ModelPackageGroupName="keep-me")
    # WHEN a reset is posted, with and without a browser's Origin
    for headers in ({}, {"Origin": "https://attacker.example"}):
        status, _, _ = _request(server, "POST", "/moto-api/reset", headers, "")
        assert status in (403, 404)
    # THEN the resource is still there
    assert sm.describe_model_package_group(ModelPackageGroupName="keep-me")


def test_the_admin_api_when_asked(admin_server: SandboxServer) -> None:
    # GIVEN the admin API turned on: it serves the state to a same-origin caller
    status, headers, body = _request(admin_server, "GET", "/moto-api/data.json")
    assert status == 200
    assert "iam" in json.loads(body)
    # AND still to no other site, and never with CORS headers
    assert not [name for name in headers if name.lower().startswith("access-control-")]
    status, _, _ = _request(
        admin_server, "GET", "/moto-api/data.json", {"Sec-Fetch-Site": "cross-site"}
    )
    assert status == 403
    status, _, _ = _request(
        admin_server, "POST", "/moto-api/reset", {"Origin": "https://attacker.example"}, ""
    )
    assert status == 403
