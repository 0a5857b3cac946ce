"""The governance officer's desk: approve, reject, check, pending, history."""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sm_governance._aws import make_client
from sm_governance._redact import redact_logs
from sm_governance._types import ApprovalStatus, CardStatus
from sm_governance.approval import _metadata as md
from sm_governance.approval._checks import Attempt, Request, check_arn, check_request
from sm_governance.approval._config import session_like
from sm_governance.approval._guards import (
    DecisionConflictError,
    read_card_of,
)
from sm_governance.approval._identity import Principal, parse_principal
from sm_governance.approval._models import Decision, PendingVersion, Snapshot, Trail, iso
from sm_governance.approval._unrecorded import NAMESPACE, decide_unrecorded
from sm_governance.errors import (
    AwsError,
    Problem,
    ValidationError,
    map_client_errors,
)
from sm_governance.ledger import LedgerRead
from sm_governance.ledger._config import ledger_config

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config

    from sm_governance.ledger import Ledger, VerifyResult
    from sm_governance.policy import Policy, PolicyReport

__all__ = ["ApprovalDesk", "DecisionConflictError"]


def _now() -> datetime:
    return datetime.now(timezone.utc)


class ApprovalDesk:
    """Approve or reject model package versions safely, and read their trail.

    Every decision re-reads the version first (one ``DescribeModelPackage``), refuses when its
    status is not the one the officer reviewed, refuses self-approval, runs the policy gate,
    writes the decision (one ``UpdateModelPackage``) and reads the version once more to make
    sure no other decision landed in between. The caller's identity (one STS
    ``GetCallerIdentity``) is asked once per desk.

    Args:
        client: a SageMaker client (wins over ``session`` and ``config``).
        session: a ``boto3.Session`` to create clients from.
        config: botocore config merged over the product's defaults.
        sts_client: an STS client; by default one is made with the same credentials.
        endpoint_url: an endpoint for both services (a local SageMaker, for example).
        region_name: the region, when not the session's.
        clock: returns the decision time (UTC); for tests.
        log_limit: at most this many decisions are kept in the version's metadata log.
        ledger: the decision ledger, ``s3://BUCKET/PREFIX`` (default: ``SMGOV_LEDGER``).
            Without one, decisions work as before and their trail is unverified.
        signing_key: the ledger's KMS key (ID, ARN or alias; ``ECC_NIST_P256``,
            ``SIGN_VERIFY``; default: ``SMGOV_SIGNING_KEY``).
        public_key: the signing key's public key (DER or PEM) for checking signatures
            without KMS (``verify`` and ``history`` then make no KMS call).
        s3_client: an S3 client for the ledger (by default made like the others).
        kms_client: a KMS client for the signing key (by default made like the others).

    Example:
        >>> desk = ApprovalDesk(session=boto3.Session(profile_name="officer"))  # doctest: +SKIP
        >>> desk.approve(arn, reason="Fairness re-checked", policy="policy.yaml")  # doctest: +SKIP
        Decision(arn='arn:aws:sagemaker:...', decision=<ApprovalStatus.APPROVED: 'Approved'>, ...)
    """

    def __init__(
        self,
        *,
        client: Any = None,
        session: boto3.Session | None = None,
        config: Config | None = None,
        sts_client: Any = None,
        endpoint_url: str | None = None,
        region_name: str | None = None,
        clock: Callable[[], datetime] = _now,
        log_limit: int = md.LOG_LIMIT,
        ledger: str | None = None,
        signing_key: str | None = None,
        public_key: bytes | None = None,
        s3_client: Any = None,
        kms_client: Any = None,
    ) -> None:
        self._session = session
        self._config = config
        self._endpoint_url = endpoint_url
        self._region_name = region_name
        self._client = redact_logs(client)
        self._sts = sts_client
        self._clock = clock
        self._log_limit = log_limit
        self._identity: Principal | None = None
        self._lock = threading.Lock()
        self._ledger_config = ledger_config(ledger, signing_key, public_key)
        self._s3 = s3_client
        self._kms = kms_client
        self._ledger: Ledger | None = None

    # -- clients ----------------------------------------------------------------------------

    @property
    def client(self) -> Any:
        """The SageMaker client (made on first use)."""
        with self._lock:
            if self._client is None:
                self._client = make_client(
                    "sagemaker",
                    session=self._session,
                    config=self._config,
                    endpoint_url=self._endpoint_url,
                    region_name=self._region_name,
                )
            return self._client

    def _sts_client(self) -> Any:
        if self._sts is None:
            self._sts = self._other_client("sts")
        return self._sts

    def _other_client(self, service: str) -> Any:
        """A client for another service with the SageMaker client's credentials."""
        session = self._session
        endpoint = self._endpoint_url
        region = self._region_name
        if session is None and self._client is not None:
            session, endpoint, region = session_like(self._client, endpoint, region)
        return make_client(
            service, session=session, config=self._config, endpoint_url=endpoint, region_name=region
        )

    @property
    def ledger(self) -> Ledger | None:
        """The decision ledger, or ``None`` when none is configured (made on first use)."""
        location, signing_key, _ = self._ledger_config
        if location is None:
            return None
        with self._lock:
            if self._ledger is None:
                from sm_governance.ledger import KmsSigner, Ledger

                if self._s3 is None:
                    self._s3 = self._other_client("s3")
                signer = None
                if signing_key is not None:
                    if self._kms is None:
                        self._kms = self._other_client("kms")
                    signer = KmsSigner(self._kms, signing_key)
                self._ledger = Ledger(location, s3_client=self._s3, signer=signer)
            return self._ledger

    def identity(self) -> Principal:
        """The caller, from STS ``GetCallerIdentity`` (asked once, then cached)."""
        if self._identity is None:
            with map_client_errors("GetCallerIdentity"):
                answer = self._sts_client().get_caller_identity()
            self._identity = parse_principal(str(answer["Arn"]), answer.get("UserId"))
        return self._identity

    def read(self, arn: str) -> Snapshot:
        """One ``DescribeModelPackage`` of a version, as a :class:`Snapshot`."""
        problems: list[Problem] = []
        check_arn(arn, problems)
        if problems:
            raise ValidationError(problems, subject="model package version")
        with map_client_errors("DescribeModelPackage"):
            snapshot = Snapshot.from_response(
                self.client.describe_model_package(ModelPackageName=arn)
            )
        if snapshot.arn and not _same_version(arn, snapshot.arn):
            # Everything after this read (the decision, its ledger folder, the status write,
            # verify's answer) names the version by SageMaker's ARN: it must be the one asked.
            raise AwsError(
                f"SageMaker answered for {snapshot.arn} when asked for {arn}: an answer about "
                "another version; nothing was decided or verified",
                code="UnexpectedAnswer",
                operation="DescribeModelPackage",
            )
        return snapshot

    # -- decisions --------------------------------------------------------------------------

    def approve(
        self,
        arn: str,
        *,
        reason: str,
        policy: Policy | str | Path | None = None,
        override_justification: str | None = None,
        expected_status: ApprovalStatus | str = ApprovalStatus.PENDING,
        card_status: CardStatus | str | None = None,
        decision_id: str | None = None,
        allow_unknown_registrant: bool = False,
        subject_digest: str | None = None,
    ) -> Decision:
        """Approve a version.

        Args:
            arn: the model package version ARN.
            reason: why (mandatory; it goes into ``ApprovalDescription``).
            policy: the policy gate (a :class:`~sm_governance.policy.Policy`, a file path or
                YAML text); ``None`` runs no gate (recorded as ``not-run``).
            override_justification: approve although the gate fails, for this reason
                (recorded in the description, the metadata and the trail; unused and not
                recorded when the gate passes).
            expected_status: the status the officer reviewed; any other status refuses.
            card_status: also set the card's status (for example ``Approved``) in the
                same write.
            decision_id: the decision's ID. By default it is derived from the version,
                the decision, the caller, the expected status and the reason, so running the
                same command again after a lost response is recognised as done.
            allow_unknown_registrant: approve even if the version does not say who
                registered it (separation of duties then cannot be checked; recorded).
            subject_digest: the subject digest the officer reviewed (``show`` prints it);
                a version whose digest moved since is refused and nothing is written.

        Returns:
            The :class:`Decision` written (``replayed=True`` if it was already in place).

        Raises:
            ApprovalRefusedError: no reason, stale status, self-approval, no card.
            ValidationError: invalid input; nothing was sent to AWS.
            PolicyViolationError: the gate failed and no override was given.
            DecisionConflictError: another decision landed while this one was written.
            AwsError: SageMaker or STS failed (``NotFoundError``, ``AccessDeniedError``...).
        """
        request = check_request(
            arn=arn,
            decision=ApprovalStatus.APPROVED,
            reason=reason,
            expected_status=expected_status,
            override_justification=override_justification,
            card_status=card_status,
            decision_id=decision_id,
            has_policy=policy is not None,
            subject_digest=subject_digest,
        )
        loaded = _load(policy) if policy is not None else None
        return self._decide(request, loaded, allow_unknown_registrant=allow_unknown_registrant)

    def reject(
        self,
        arn: str,
        *,
        reason: str,
        expected_status: ApprovalStatus | str = ApprovalStatus.PENDING,
        card_status: CardStatus | str | None = None,
        decision_id: str | None = None,
        subject_digest: str | None = None,
    ) -> Decision:
        """Reject a version (same checks as :meth:`approve`, without the gate).

        The registrant may reject their own version (withdrawing it is not a risk);
        separation of duties applies to approvals.
        """
        request = check_request(
            arn=arn,
            decision=ApprovalStatus.REJECTED,
            reason=reason,
            expected_status=expected_status,
            override_justification=None,
            card_status=card_status,
            decision_id=decision_id,
            has_policy=False,
            subject_digest=subject_digest,
        )
        return self._decide(request, None, allow_unknown_registrant=True)

    def check(self, arn: str, policy: Policy | str | Path) -> PolicyReport:
        """Run the policy gate on a version's card (one read, nothing written).

        A stored card that breaks a card rule is still checked, without the breaking
        fields; the report's ``card_problems`` names them.

        Raises:
            ApprovalRefusedError: the version has no card, or its content is not a card.
        """
        return self.review(arn, policy)[0]

    def review(self, arn: str, policy: Policy | str | Path) -> tuple[PolicyReport, str]:
        """:meth:`check`, and the subject digest of the version as it was checked.

        Pass the digest to :meth:`approve` (``subject_digest=``) so that a version changed
        after the review is refused.
        """
        from dataclasses import replace

        from sm_governance.policy import evaluate

        loaded = _load(policy)
        snapshot = self.read(arn)
        card, problems = read_card_of(snapshot)
        return replace(evaluate(loaded, card), card_problems=problems), snapshot.subject_digest

    def verify(self, arn: str) -> VerifyResult:
        """Prove the version's approval from the ledger, or name every problem.

        Calls: one ``DescribeModelPackage``, one ``ListObjectVersions``, one ``GetObject`` per
        ledger entry and one KMS ``GetPublicKey`` (none with ``public_key``): four for a
        version with one decision.

        Raises:
            ValidationError: no ledger is configured (nothing can be proven without one).
        """
        problems: list[Problem] = []
        check_arn(arn, problems)
        ledger = self.ledger
        if ledger is None:
            problems.append(
                Problem("ledger", "verify needs the decision ledger: give --ledger or SMGOV_LEDGER")
            )
        elif not self._has_key(ledger):
            problems.append(
                Problem(
                    "signing_key",
                    "verify needs the signing key's public key: give --signing-key, "
                    "SMGOV_SIGNING_KEY or --public-key FILE",
                )
            )
        if problems:
            raise ValidationError(problems, subject="verify")
        assert ledger is not None
        from sm_governance.approval._verification import evaluate

        snapshot = self.read(arn)
        if snapshot.version is None or not snapshot.group:
            record = LedgerRead(folder="")
        else:
            record = ledger.read(snapshot.arn)
        return evaluate(snapshot, record, self._public_key(ledger))

    def _has_key(self, ledger: Ledger) -> bool:
        """Whether a public key was given or a signing key configured to fetch it from."""
        return self._ledger_config[2] is not None or ledger.signer is not None

    def _public_key(self, ledger: Ledger) -> bytes:
        return self._ledger_config[2] or ledger.public_key()

    def public_key(self) -> bytes | None:
        """The ledger key's public key (DER): the one given, else from KMS ``GetPublicKey``
        (one call, then cached); ``None`` without a ledger or a key."""
        ledger = self.ledger
        if ledger is None or not self._has_key(ledger):
            return None
        return self._public_key(ledger)

    def history(self, arn: str) -> Trail:
        """The version's trail, oldest first.

        With a ledger, decisions come from the ledger and each event says whether it is
        ``verified`` (a signed, chained entry); metadata and descriptions without a matching
        signed entry are shown as unverified claims. Without a ledger, the trail is rebuilt
        from one read (see :func:`build_trail`) and nothing in it is verified.
        """
        from sm_governance.approval._trail import build_trail

        snapshot = self.read(arn)
        ledger = self.ledger
        if ledger is None or snapshot.version is None or not snapshot.group:
            return build_trail(snapshot)
        from sm_governance.approval._ledger_trail import ledger_trail

        record = ledger.read(snapshot.arn)
        key: bytes | None = b""
        if record.entries:
            key = self.public_key()
        return ledger_trail(snapshot, record, key, ledger.location.url)

    def pending(
        self,
        groups: Sequence[str] | None = None,
        *,
        details: bool = False,
        max_workers: int = 8,
        on_group: Callable[[str, int], None] | None = None,
        on_groups: Callable[[int], None] | None = None,
    ) -> list[PendingVersion]:
        """Versions waiting for a decision (see :func:`scan_pending` for the calls made)."""
        from sm_governance.approval._pending import scan_pending

        return scan_pending(
            self.client,
            groups,
            details=details,
            max_workers=max_workers,
            on_group=on_group,
            on_groups=on_groups,
        )

    # -- the write path ---------------------------------------------------------------------

    def _decide(
        self, request: Request, policy: Policy | None, *, allow_unknown_registrant: bool
    ) -> Decision:
        caller = self.identity()
        before = self.read(request.arn)
        if before.arn:
            # From here on the version is named as SageMaker names it (its ModelPackageArn):
            # the entry, its ledger folder, the status write and the decision ID. An ARN
            # SageMaker also accepts, spelt otherwise, would not match it at verification.
            request = dataclasses.replace(request, arn=before.arn)
        decision_id = request.decision_id or _derive_id(request, caller)
        attempt = Attempt(
            request=request,
            policy=policy,
            decision_id=decision_id,
            caller=caller,
            before=before,
            allow_unknown_registrant=allow_unknown_registrant,
            decided_at=iso(self._clock()) or "",
        )
        ledger = self.ledger
        if ledger is not None:
            from sm_governance.approval._recorded import decide_recorded

            return decide_recorded(self, ledger, attempt)
        return decide_unrecorded(self, attempt, log_limit=self._log_limit)


def _same_version(asked: str, answered: str) -> bool:
    """Whether SageMaker's ARN names the version asked for: the same partition, region,
    account and version number, the group's name compared as SageMaker does, without case."""
    problems: list[Problem] = []
    check_arn(answered, problems)
    if problems:
        return False

    def parts(arn: str) -> tuple[str, ...]:
        head, _, resource = arn.partition(":model-package/")
        group, _, version = resource.partition("/")
        return (head, group.lower(), str(int(version)))

    return parts(asked) == parts(answered)


def _load(policy: Policy | str | Path) -> Policy:
    from sm_governance.policy import Policy, load_policy

    return policy if isinstance(policy, Policy) else load_policy(policy)


def _derive_id(request: Request, caller: Principal) -> str:
    parts = (
        request.arn,
        request.decision.value,
        caller.arn,
        request.expected_status.value,
        request.reason,
    )
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))
