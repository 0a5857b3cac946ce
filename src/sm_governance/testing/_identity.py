"""People for separation-of-duties tests: IAM users and assumed roles with their own sessions.

Each helper makes plain IAM/STS calls, so it works under :func:`mock_governance` and against the
sandbox server alike. SageMaker then records the person's ARN in ``CreatedBy`` and
``LastModifiedBy`` (``IamIdentity.Arn``), exactly as it does for real callers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import boto3

__all__ = ["Identity", "People", "assume_role", "create_user", "new_session", "two_people"]


@dataclass(frozen=True)
class Identity:
    """Someone who calls AWS: a name, the ARN AWS knows them by, and their boto3 session.

    Example:
        >>> from sm_governance.testing import mock_governance, create_user
        >>> with mock_governance():
        ...     alice = create_user("alice", region_name="us-east-1")
        ...     alice.arn
        'arn:aws:iam::123456789012:user/alice'
    """

    name: str
    arn: str
    session: boto3.Session = field(repr=False)
    endpoint_url: str | None = None
    """Where this person's clients go (the sandbox server), or ``None`` for the default."""

    def client(self, service_name: str, **kwargs: Any) -> Any:
        """A boto3 client acting as this person."""
        if self.endpoint_url is not None:
            kwargs.setdefault("endpoint_url", self.endpoint_url)
        return self.session.client(service_name, **kwargs)  # type: ignore[call-overload]


class People(NamedTuple):
    """Two people who must not be the same: the one who registers and the one who approves."""

    registrant: Identity
    officer: Identity


@lru_cache(maxsize=1)
def _shared_loader() -> Any:
    from botocore.loaders import create_loader

    return create_loader()


def new_session(**kwargs: Any) -> boto3.Session:
    """A boto3 session that reuses this process's parsed service models.

    Each new botocore session otherwise parses the large SageMaker service model again (about
    half a second); the loader only caches botocore's static data files, never credentials.
    """
    import boto3
    import botocore.session

    core = botocore.session.get_session()
    core.register_component("data_loader", _shared_loader())
    return boto3.Session(botocore_session=core, **kwargs)


def _base(session: boto3.Session | None, region_name: str | None) -> boto3.Session:
    return session or new_session(region_name=region_name)


def _session_for(
    base: boto3.Session, region_name: str | None, key_id: str, secret: str, token: str | None
) -> boto3.Session:
    return new_session(
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        aws_session_token=token,
        region_name=region_name or base.region_name,
    )


def create_user(
    name: str,
    *,
    session: boto3.Session | None = None,
    region_name: str | None = None,
    endpoint_url: str | None = None,
) -> Identity:
    """Create an IAM user with an access key and return them with their own session.

    Args:
        name: the IAM user name.
        session: the session that creates the user; a default session when omitted.
        region_name: the region of the new session; the creating session's when omitted.
        endpoint_url: the sandbox server's URL, when not under ``mock_governance``.
    """
    base = _base(session, region_name)
    iam = base.client("iam", endpoint_url=endpoint_url)
    user = iam.create_user(UserName=name)["User"]
    key = iam.create_access_key(UserName=name)["AccessKey"]
    own = _session_for(base, region_name, key["AccessKeyId"], key["SecretAccessKey"], None)
    return Identity(name=name, arn=user["Arn"], session=own, endpoint_url=endpoint_url)


def assume_role(
    role_name: str,
    *,
    session_name: str,
    session: boto3.Session | None = None,
    region_name: str | None = None,
    endpoint_url: str | None = None,
) -> Identity:
    """Create an IAM role, assume it, and return the assumed-role session.

    The identity's ARN is the assumed-role ARN
    (``arn:aws:sts::<account>:assumed-role/<role>/<session_name>``), which is what SageMaker
    records for a caller using a role.
    """
    base = _base(session, region_name)
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
    }
    role = base.client("iam", endpoint_url=endpoint_url).create_role(
        RoleName=role_name, AssumeRolePolicyDocument=json.dumps(trust)
    )["Role"]
    sts = base.client("sts", endpoint_url=endpoint_url)
    assumed = sts.assume_role(RoleArn=role["Arn"], RoleSessionName=session_name)
    creds = assumed["Credentials"]
    own = _session_for(
        base, region_name, creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]
    )
    return Identity(
        name=session_name,
        arn=assumed["AssumedRoleUser"]["Arn"],
        session=own,
        endpoint_url=endpoint_url,
    )


def two_people(
    *,
    session: boto3.Session | None = None,
    region_name: str | None = None,
    endpoint_url: str | None = None,
    registrant: str = "data-scientist",
    officer: str = "governance-officer",
) -> People:
    """Create two IAM users, one who registers models and one who approves them."""
    where = {"session": session, "region_name": region_name, "endpoint_url": endpoint_url}
    return People(
        registrant=create_user(registrant, **where),  # type: ignore[arg-type]
        officer=create_user(officer, **where),  # type: ignore[arg-type]
    )
