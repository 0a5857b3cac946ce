"""SDK v2: ``sagemaker.model_card.ModelPackageModelCard`` carrying the card's exact JSON.

SDK v2 serialises ``ModelPackageModelCard.model_card_content`` with ``json.dumps`` and its
defaults: spaces after separators and every non-ASCII character escaped as ``\\uXXXX``. That
is not the card's canonical ``ModelCardContent`` and can make a card that fits SageMaker's
100,000-character limit too long to register. The class built here is a
``ModelPackageModelCard`` (so ``RegisterModel`` and ``Model.register`` accept it) whose
request carries ``ModelCard.to_content_json()`` unchanged.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sm_governance.pipelines._sdk import import_sdk

__all__ = ["model_package_card_v2"]


@cache
def _card_class() -> type:
    base: type = import_sdk("sagemaker.model_card", 2).ModelPackageModelCard

    class GovernedModelPackageModelCard(base):  # type: ignore[misc]
        """A ``ModelPackageModelCard`` whose content is a validated card's exact JSON.

        The content is fixed when the object is made: ``model_card_content`` returns a fresh
        copy of it as a ``dict`` for reading; to change the card, build a new one with
        ``sm_governance.pipelines.model_package_card``. ``model_card_status`` may be changed.
        """

        def __init__(self, content_json: str, status: Any) -> None:
            # The base __init__ only assigns the two attributes; content is a property here.
            self._content_json = content_json
            self.model_card_status = status

        @property
        def model_card_content(self) -> dict[str, Any]:
            content: dict[str, Any] = json.loads(self._content_json)
            return content

        @property
        def content_json(self) -> str:
            """The exact ``ModelCardContent`` string this card registers."""
            return self._content_json

        def _create_request_args(self) -> dict[str, Any]:
            # The SDK (Session.get_model_package_args, Model.update_model_card) reads the
            # request from here and renames "Content" to "ModelCardContent".
            return {"ModelCardStatus": self.model_card_status, "Content": self._content_json}

        def __repr__(self) -> str:
            # Card content is sensitive: never in a repr (it ends up in logs).
            return (
                f"{type(self).__name__}(model_card_status={self.model_card_status!r},"
                f" content=<{len(self._content_json)} characters>)"
            )

    # Named as a module attribute (see __getattr__) so the class pickles and prints like
    # any other.
    GovernedModelPackageModelCard.__module__ = __name__
    GovernedModelPackageModelCard.__qualname__ = "GovernedModelPackageModelCard"
    return GovernedModelPackageModelCard


def __getattr__(name: str) -> Any:
    # The class exists once the SDK is importable; pickle finds it here by name.
    if name == "GovernedModelPackageModelCard":
        return _card_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def model_package_card_v2(content_json: str, status: Any) -> Any:
    """A v2 ``ModelPackageModelCard`` registering ``content_json`` exactly, with ``status``."""
    return _card_class()(content_json, status)
