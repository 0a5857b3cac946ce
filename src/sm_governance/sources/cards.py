"""A card, or a registered version with its card, from what a user names on a command line.

:func:`load_card_source` takes

- a model package version ARN (``...:model-package/<group>/<version>``): the version, read
  with one ``DescribeModelPackage`` call (``ModelRegistry.get``), approval facts included;
- a model card ARN (``...:model-card/<name>``): the card, read with ``DescribeModelCard``;
- the path of a JSON file holding card content (either flavour), a saved
  ``DescribeModelPackage`` response (its ``ModelCard.ModelCardContent``) or a saved
  ``DescribeModelCard`` response (its ``Content``).

:func:`render_source` and :func:`diff_sources` are the whole of ``smgov render`` and
``smgov diff`` except printing: the command line only parses options and writes the text.

Example:
    >>> from sm_governance.sources.cards import diff_sources
    >>> diff_sources("card-v1.json", "card-v2.json").to_markdown()  # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sm_governance._aws import make_client
from sm_governance.errors import Problem, ValidationError, map_client_errors

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config

    from sm_governance.card import ModelCard
    from sm_governance.registry import ModelRegistry, ModelVersion
    from sm_governance.render import CardDiff, SignOff

__all__ = ["diff_sources", "load_card_source", "render_source"]

_ARN = re.compile(r"arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]+:\d{12}:(?P<kind>[a-z\-]+)/.+")


def _problem(message: str) -> ValidationError:
    return ValidationError([Problem("source", message)], subject="card source")


def _parse(text: str, problems: list[Problem] | None) -> ModelCard:
    """Strict when ``problems`` is ``None``; otherwise read as SageMaker content, never failing
    on a rule (problems are appended; a document that is no card at all still raises)."""
    from sm_governance.card import ModelCard, read_card

    if problems is None:
        return ModelCard.from_content_json(text)
    reading = read_card(text)
    if reading.card is None:
        raise ValidationError(list(reading.problems), subject="model card content")
    problems.extend(reading.problems)
    return reading.card


def _card_from_file(path: Path, problems: list[Problem] | None) -> ModelCard:
    from sm_governance._files import read_json
    from sm_governance.card import ModelCard

    data = read_json(path, subject="card source")
    if isinstance(data, dict):
        described = data.get("ModelCard")
        if isinstance(described, dict) and isinstance(described.get("ModelCardContent"), str):
            return _parse(described["ModelCardContent"], problems)
        if isinstance(data.get("Content"), str) and "ModelCardName" in data:
            return _parse(data["Content"], problems)
    # a plain card file is authored here, not returned by SageMaker: read strictly
    return ModelCard.from_content(data)


def load_card_source(
    source: str | os.PathLike[str],
    *,
    registry: ModelRegistry | None = None,
    client: Any = None,
    session: boto3.Session | None = None,
    config: Config | None = None,
    problems: list[Problem] | None = None,
) -> ModelCard | ModelVersion:
    """The card or version named by ``source`` (see the module docs for the forms).

    Args:
        source: an ARN or a file path.
        problems: read what SageMaker returned (an ARN's card, a saved ``DescribeModelPackage``
            or ``DescribeModelCard`` response) leniently: a card that breaks a rule is
            returned without the breaking fields and its problems are appended here (a
            version's are also in its ``card_problems``). A plain card file is always read
            strictly. ``None``: everything strictly.
        registry: the registry to read versions with (default: one made from the AWS args).
        client: a SageMaker client (wins over ``session`` and ``config``).
        session: a ``boto3.Session`` to create the client from.
        config: botocore config merged over the product's defaults.

    Raises:
        ValidationError: an ARN of another kind, a missing or unreadable file, a file that
            is not JSON, or content that is not a valid card (every problem, with its path).
        NotFoundError: the version or card does not exist.
        AwsError: any other AWS failure.
    """
    text = os.fspath(source)
    if text.startswith("arn:"):
        match = _ARN.fullmatch(text)
        kind = match.group("kind") if match else None
        if kind == "model-package":
            if registry is None:
                from sm_governance.registry import ModelRegistry

                registry = ModelRegistry(client=client, session=session, config=config)
            version = registry.get(text)
            if problems is not None:
                problems.extend(version.card_problems)
            return version
        if kind == "model-card":
            sagemaker = make_client("sagemaker", client=client, session=session, config=config)
            with map_client_errors("DescribeModelCard"):
                described = sagemaker.describe_model_card(ModelCardName=text)
            return _parse(described["Content"], problems)
        raise _problem(f"not a model package version or model card ARN: {text}")
    return _card_from_file(Path(text), problems)


def render_source(
    source: str | os.PathLike[str],
    *,
    format: str = "md",
    template: str | os.PathLike[str] | None = None,
    policy_report: Any = None,
    sign_off: bool | Sequence[str | SignOff] | None = True,
    title: str | None = None,
    registry: ModelRegistry | None = None,
    client: Any = None,
    session: boto3.Session | None = None,
    config: Config | None = None,
    problems: list[Problem] | None = None,
) -> str:
    """``smgov render``: the rendered document of an ARN's version or card, or of a file.

    The options are those of :func:`sm_governance.render.render`; the AWS arguments and
    ``problems`` those of :func:`load_card_source`.
    """
    from sm_governance.render import render

    subject = load_card_source(
        source, registry=registry, client=client, session=session, config=config, problems=problems
    )
    return render(
        subject,
        format=format,  # type: ignore[arg-type]
        template=template,
        policy_report=policy_report,
        sign_off=sign_off,
        title=title,
    )


def diff_sources(
    a: str | os.PathLike[str],
    b: str | os.PathLike[str],
    *,
    registry: ModelRegistry | None = None,
    client: Any = None,
    session: boto3.Session | None = None,
    config: Config | None = None,
    problems: list[Problem] | None = None,
    bookkeeping: bool = False,
) -> CardDiff:
    """``smgov diff A B``: the changes from ``a`` to ``b``, each an ARN or a file.

    Both are loaded (and validated; leniently when ``problems`` is a list, see
    :func:`load_card_source`) before anything is compared; the result is labelled
    with the sources as given. Use ``.to_markdown()`` or ``.to_list()`` to print it.
    ``bookkeeping`` also lists the decision bookkeeping of two versions (see
    :func:`sm_governance.render.diff`).
    """
    from sm_governance.render import diff

    aws: dict[str, Any] = {"registry": registry, "client": client, "session": session}
    found: tuple[list[Problem], list[Problem]] | tuple[None, None] = (
        ([], []) if problems is not None else (None, None)
    )
    first = load_card_source(a, config=config, problems=found[0], **aws)
    second = load_card_source(b, config=config, problems=found[1], **aws)
    if problems is not None:
        for label, listed in zip((a, b), found, strict=True):
            where = os.fspath(label)
            problems.extend(Problem(p.path, f"{p.message} (in {where})") for p in listed or [])
    return diff(first, second, a_label=os.fspath(a), b_label=os.fspath(b), bookkeeping=bookkeeping)
