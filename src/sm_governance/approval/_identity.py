"""Who is asking, and is it the person who registered the version?

Separation of duties compares two IAM principals: the caller (STS ``GetCallerIdentity``)
and the registrant (``CreatedBy.IamIdentity`` of ``DescribeModelPackage``). Both are
normalised to a :class:`Principal` first, because the same person shows up under different
ARN shapes:

- an IAM user: ``arn:aws:iam::111122223333:user/path/alice`` -> user ``alice``;
- an assumed role: ``arn:aws:sts::111122223333:assumed-role/Approver/alice`` -> role
  ``Approver``, session ``alice`` (the STS ARN carries no role path);
- an IAM role ARN: ``arn:aws:iam::111122223333:role/path/Approver`` -> role ``Approver``,
  session unknown;
- a federated user, or the account root.

Two principals are the same person when partition, account, kind and name match (IAM names
are unique case-insensitively) and, for roles, when the session names match. People, not
principals, are compared first:

- ``SourceIdentity`` (set by the identity provider and kept through role chaining), when
  either side has one, is that side's name and is compared with the other side's
  ``SourceIdentity``, session name or user name (case-insensitively, in any account);
- IAM Identity Center roles (``AWSReservedSSO_<permission set>_<id>``) carry the user's name
  as the session name: two such roles with the same session name are the same person,
  whatever the permission sets or accounts. When either
side has no session name (an IAM role ARN), the two cannot be told apart and are treated as
the same person: the check errs on the side of refusing. Principal IDs
(``AIDA...``/``AROA...:session``) are compared as well when both sides give one.

A shared role used by several people with distinct session names passes this check; IAM
(separate registrant and approver roles, as in ``infra/``) is what stops one person from
simply re-assuming the role under another session name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Principal", "parse_principal", "recorded_principal", "same_person"]

_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):(?P<service>iam|sts)::(?P<account>\d{12}):(?P<resource>.+)$"
)


@dataclass(frozen=True)
class Principal:
    """An IAM principal, normalised for comparison.

    Attributes:
        arn: the ARN as AWS gave it.
        partition: ``aws``, ``aws-cn``, ``aws-us-gov``...
        account: the 12-digit account ID.
        kind: ``user``, ``role``, ``federated-user``, ``root`` or ``unknown``.
        name: the user, role or federated user name, without any path.
        session: the role session name, when known.
        principal_id: the unique ID (``AIDA...`` or ``AROA...:session``), when known.
        source_identity: the ``SourceIdentity`` the identity provider set, when known.

    Example:
        >>> p = parse_principal("arn:aws:sts::111122223333:assumed-role/Approver/alice")
        >>> (p.kind, p.name, p.session)
        ('role', 'Approver', 'alice')
    """

    arn: str
    partition: str = ""
    account: str = ""
    kind: str = "unknown"
    name: str = ""
    session: str | None = None
    principal_id: str | None = None
    source_identity: str | None = None

    @property
    def display(self) -> str:
        """A short human form: ``user alice``, ``role Approver (session alice)``."""
        if self.kind == "role" and self.session:
            return f"role {self.name} (session {self.session}) in {self.account}"
        if self.kind == "root":
            return f"root of {self.account}"
        if self.kind == "unknown":
            return self.arn
        return f"{self.kind} {self.name} in {self.account}"


def parse_principal(
    arn: str, principal_id: str | None = None, source_identity: str | None = None
) -> Principal:
    """Normalise an IAM or STS principal ARN.

    Args:
        arn: a user, role, assumed-role, federated-user or root ARN.
        principal_id: the unique principal ID, if known.
        source_identity: the ``SourceIdentity``, if known.

    Returns:
        The :class:`Principal`; ``kind == "unknown"`` for anything unrecognised (then only
        the exact ARN or principal ID can match).
    """
    match = _ARN.match(arn.strip())
    pid = principal_id or None
    source = source_identity or None
    if match is None:
        return Principal(arn=arn, principal_id=pid, source_identity=source)
    partition, service, account, resource = match.group(
        "partition", "service", "account", "resource"
    )

    def make(kind: str = "unknown", name: str = "", session: str | None = None) -> Principal:
        return Principal(arn, partition, account, kind, name, session, pid, source)

    if resource == "root":
        return make("root", "root")
    kind, _, rest = resource.partition("/")
    parts = [p for p in rest.split("/") if p]
    if not parts:
        return make()
    if service == "iam" and kind in ("user", "role"):
        return make(kind, parts[-1])
    if service == "sts" and kind == "assumed-role" and len(parts) >= 2:
        return make("role", parts[0], "/".join(parts[1:]))
    if service == "sts" and kind == "federated-user":
        return make("federated-user", parts[-1])
    return make()


def recorded_principal(who: Any) -> Principal | None:
    """The principal a ledger entry's ``decider`` object records (``None`` without an ARN)."""
    if not isinstance(who, Mapping) or not who.get("arn"):
        return None
    return parse_principal(str(who["arn"]), who.get("principal_id"), who.get("source_identity"))


def same_person(a: Principal, b: Principal) -> bool:
    """Whether two principals must be treated as the same person (see the module doc)."""
    if a.arn == b.arn:
        return True
    if a.principal_id and b.principal_id and a.principal_id == b.principal_id:
        return True
    if (a.source_identity or b.source_identity) and _person(a) and _person(a) == _person(b):
        return True
    if _sso_user(a) and _sso_user(a) == _sso_user(b):
        return True
    if "unknown" in (a.kind, b.kind):
        return False
    if (a.partition, a.account, a.kind) != (b.partition, b.account, b.kind):
        return False
    if a.name.casefold() != b.name.casefold():
        return False
    if a.kind == "role" and a.session is not None and b.session is not None:
        return a.session == b.session
    return True


def _person(p: Principal) -> str:
    """The name a person goes by: ``SourceIdentity``, else the session or user name."""
    if p.source_identity:
        return p.source_identity.casefold()
    if p.kind == "role":
        return (p.session or "").casefold()
    if p.kind in ("user", "federated-user"):
        return p.name.casefold()
    return ""


def _sso_user(p: Principal) -> str:
    """The Identity Center user behind an ``AWSReservedSSO_*`` role session, if it is one."""
    if p.kind == "role" and p.name.startswith("AWSReservedSSO_") and p.session:
        return p.session.casefold()
    return ""
