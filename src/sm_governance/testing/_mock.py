"""``mock_governance``: moto's ``mock_aws`` with the faithful model packages."""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from sm_governance.testing import _patch

if TYPE_CHECKING:
    from sm_governance.testing._ledger import LocalLedger

__all__ = ["GovernanceMock", "mock_governance", "require_moto"]

F = TypeVar("F", bound=Callable[..., Any])


def require_moto() -> Any:
    """Import moto, or fail with the command that installs it."""
    try:
        import moto
    except ImportError as exc:  # pragma: no cover - moto is part of the test environment
        raise ImportError(
            "sm_governance.testing needs moto: pip install 'sm-governance[testing]'"
        ) from exc
    _patch.check_moto_version(str(moto.__version__))
    return moto


class GovernanceMock:
    """Every AWS service mocked by moto, with SageMaker model packages as SageMaker has them.

    Use it as a context manager, as a decorator, or with explicit :meth:`start` / :meth:`stop`.
    Each start begins from empty, as ``mock_aws`` does. botocore's request validation stays on.

    Args:
        config: moto's configuration dict, passed to ``mock_aws`` as it is.
        ledger: also create a decision ledger on each start (a bucket with versioning and
            Object Lock, and an ``ECC_NIST_P256`` signing key; see
            :func:`~sm_governance.testing.create_ledger`), available as :attr:`ledger`. Nothing
            is set in the environment: use ``mock.ledger.environment()`` when you want it.

    Example:
        >>> import boto3
        >>> with GovernanceMock(ledger=True) as mock:
        ...     sm = boto3.client("sagemaker", region_name="us-east-1")
        ...     _ = sm.create_model_package_group(ModelPackageGroupName="credit-risk")
        ...     mock.ledger.uri
        's3://smgov-ledger/decisions'
    """

    def __init__(self, config: dict[str, Any] | None = None, *, ledger: bool = False) -> None:
        moto = require_moto()
        self._aws = moto.mock_aws(config=config)
        self._with_ledger = ledger
        self._ledger: LocalLedger | None = None

    @property
    def ledger(self) -> LocalLedger:
        """The ledger created on start (only with ``ledger=True``)."""
        if self._ledger is None:
            raise RuntimeError(
                "no ledger: use mock_governance(ledger=True), "
                "or call create_ledger() under the mock"
            )
        return self._ledger

    def start(self) -> None:
        """Apply the extension and start moto's mock (and create the ledger, if asked)."""
        _patch.install()
        try:
            self._aws.start()
        except BaseException:  # pragma: no cover - moto failing to start
            _patch.uninstall()
            raise
        if self._with_ledger:
            from sm_governance.testing._ledger import create_ledger

            region = os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION")
            try:
                self._ledger = create_ledger(region_name=region or "us-east-1")
            except BaseException:
                self.stop()
                raise

    def stop(self) -> None:
        """Stop moto's mock and take the extension off again."""
        self._ledger = None
        try:
            self._aws.stop()
        finally:
            _patch.uninstall()

    def __enter__(self) -> GovernanceMock:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __call__(self, func: F) -> F:
        """Decorate a function so that it runs under the mock."""
        if inspect.isclass(func):
            raise TypeError(
                "mock_governance decorates functions; for a test class use the "
                "governance_mock fixture or decorate each test function"
            )

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


@overload
def mock_governance(
    func: F, *, config: dict[str, Any] | None = None, ledger: bool = False
) -> F: ...


@overload
def mock_governance(
    func: None = None, *, config: dict[str, Any] | None = None, ledger: bool = False
) -> GovernanceMock: ...


def mock_governance(
    func: F | None = None, *, config: dict[str, Any] | None = None, ledger: bool = False
) -> F | GovernanceMock:
    """The local SageMaker: moto's ``mock_aws`` plus faithful model packages.

    Works as ``with mock_governance():``, ``@mock_governance`` and ``@mock_governance()``.

    Args:
        func: the function to decorate, when used as a bare decorator.
        config: moto's configuration dict, passed to ``mock_aws``.
        ledger: also create a locked ledger bucket and a signing key on start
            (``mock.ledger``); nothing is set in the environment.

    Returns:
        The decorated function, or a :class:`GovernanceMock` to enter or decorate with.

    Raises:
        UnsupportedMotoVersionError: when the installed moto is outside the tested range.
    """
    mock = GovernanceMock(config=config, ledger=ledger)
    if func is not None:
        return mock(func)
    return mock
