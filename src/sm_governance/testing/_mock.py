"""``mock_governance``: moto's ``mock_aws`` with the faithful model packages."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar, overload

from sm_governance.testing import _patch

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

    Example:
        >>> import boto3
        >>> with GovernanceMock():
        ...     sm = boto3.client("sagemaker", region_name="us-east-1")
        ...     _ = sm.create_model_package_group(ModelPackageGroupName="credit-risk")
    """

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        moto = require_moto()
        self._aws = moto.mock_aws(config=config)

    def start(self) -> None:
        """Apply the extension and start moto's mock."""
        _patch.install()
        try:
            self._aws.start()
        except BaseException:  # pragma: no cover - moto failing to start
            _patch.uninstall()
            raise

    def stop(self) -> None:
        """Stop moto's mock and take the extension off again."""
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
def mock_governance(func: F, *, config: dict[str, Any] | None = None) -> F: ...


@overload
def mock_governance(
    func: None = None, *, config: dict[str, Any] | None = None
) -> GovernanceMock: ...


def mock_governance(
    func: F | None = None, *, config: dict[str, Any] | None = None
) -> F | GovernanceMock:
    """The local SageMaker: moto's ``mock_aws`` plus faithful model packages.

    Works as ``with mock_governance():``, ``@mock_governance`` and ``@mock_governance()``.

    Args:
        func: the function to decorate, when used as a bare decorator.
        config: moto's configuration dict, passed to ``mock_aws``.

    Returns:
        The decorated function, or a :class:`GovernanceMock` to enter or decorate with.

    Raises:
        UnsupportedMotoVersionError: when the installed moto is outside the tested range.
    """
    mock = GovernanceMock(config=config)
    if func is not None:
        return mock(func)
    return mock
