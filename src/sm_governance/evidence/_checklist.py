"""The Annex IV checklist: each item covered, missing, or out of the card's reach.

Pure. The card fields are checked exactly as the policy gate checks ``require`` (present and
non-empty), by evaluating them as a policy, so the checklist and the bundled
``eu-ai-act-high-risk`` policy can never disagree on what "present" means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sm_governance.evidence._crosswalk import FACTS, CrosswalkItem, crosswalk
from sm_governance.evidence._facts import fact_holds, lineage

__all__ = ["AnnexIvChecklist", "ItemResult", "ItemStatus", "annex_iv_checklist"]

_NO_VERSION = "not known from a card alone: give the registered version"


class ItemStatus(str, Enum):
    """Where an Annex IV item stands."""

    COVERED = "covered"
    MISSING = "missing"
    OUT_OF_REACH = "out_of_reach"

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class ItemResult:
    """One Annex IV item for one version or card.

    Attributes:
        id: the item number, ``"1"`` to ``"9"``.
        title: the item in a few words.
        status: covered, missing, or out of the card's reach.
        present: what evidences the item (card fields and facts, with what they answer).
        missing: what the item needs and the card or version lacks.
        attach: what an auditor needs besides the bundle for this item.
    """

    id: str
    title: str
    status: ItemStatus
    present: tuple[str, ...]
    missing: tuple[str, ...]
    attach: str

    def to_dict(self) -> dict[str, Any]:
        """The item as JSON data."""
        return {
            "item": self.id,
            "title": self.title,
            "status": self.status.value,
            "present": list(self.present),
            "missing": list(self.missing),
            "attach": self.attach,
        }


@dataclass(frozen=True)
class AnnexIvChecklist:
    """The checklist for one card or version, items in Annex IV order.

    Example:
        >>> checklist = annex_iv_checklist({"intended_uses": {"risk_rating": "High"}})
        >>> [item.status.value for item in checklist.items][:2]
        ['missing', 'missing']
    """

    subject: str
    source: str
    items: tuple[ItemResult, ...]

    def count(self, status: ItemStatus) -> int:
        """How many items have ``status``."""
        return sum(1 for item in self.items if item.status is status)

    @property
    def summary(self) -> str:
        """For example ``"5 covered, 1 missing, 3 out of the card's reach"``."""
        return (
            f"{self.count(ItemStatus.COVERED)} covered, {self.count(ItemStatus.MISSING)} "
            f"missing, {self.count(ItemStatus.OUT_OF_REACH)} out of the card's reach"
        )

    def to_dict(self) -> dict[str, Any]:
        """The checklist as JSON data."""
        return {
            "subject": self.subject,
            "source": self.source,
            "summary": self.summary,
            "items": [item.to_dict() for item in self.items],
        }

    def to_markdown(self) -> str:
        """The checklist as a Markdown document (every value escaped)."""
        from sm_governance.render._text import md_inline

        lines = [
            f"# EU AI Act Annex IV checklist: {md_inline(self.subject)}",
            "",
            f"{md_inline(self.source)}. {md_inline(self.summary)}.",
            "",
            "| Item | Title | Status |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {i.id} | {md_inline(i.title)} | {_STATUS_TEXT[i.status]} |" for i in self.items
        ]
        for item in self.items:
            lines += ["", f"## {item.id}. {md_inline(item.title)}: {_STATUS_TEXT[item.status]}"]
            for heading, texts in (("Evidenced by", item.present), ("Missing", item.missing)):
                if texts:
                    lines += ["", f"{heading}:", ""] + [f"- {md_inline(t)}" for t in texts]
            lines += ["", f"Attach: {md_inline(item.attach)}"]
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """The checklist as one self-contained HTML page (every value escaped)."""
        from markupsafe import Markup, escape

        rows = Markup("").join(
            Markup('<tr><td>{}</td><td>{}</td><td class="{}">{}</td></tr>').format(
                i.id, i.title, i.status.value, _STATUS_TEXT[i.status]
            )
            for i in self.items
        )
        sections = Markup("").join(_html_item(item) for item in self.items)
        return str(
            Markup(_HTML_PAGE).format(
                subject=self.subject,
                source=self.source,
                summary=self.summary,
                rows=rows,
                sections=sections,
                title=escape(f"Annex IV checklist: {self.subject}"),
            )
        )


_STATUS_TEXT = {
    ItemStatus.COVERED: "covered",
    ItemStatus.MISSING: "missing",
    ItemStatus.OUT_OF_REACH: "out of the card's reach",
}
_HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.2em .5em}}
.covered{{color:#060}}.missing{{color:#a00}}.out_of_reach{{color:#555}}</style></head>
<body><h1>EU AI Act Annex IV checklist: {subject}</h1><p>{source}. {summary}.</p>
<table><tr><th>Item</th><th>Title</th><th>Status</th></tr>{rows}</table>{sections}
</body></html>
"""


def _html_item(item: ItemResult) -> Any:
    from markupsafe import Markup

    parts = [
        Markup('<h2>{}. {}: <span class="{}">{}</span></h2>').format(
            item.id, item.title, item.status.value, _STATUS_TEXT[item.status]
        )
    ]
    for heading, texts in (("Evidenced by", item.present), ("Missing", item.missing)):
        if texts:
            entries = Markup("").join(Markup("<li>{}</li>").format(t) for t in texts)
            parts.append(Markup("<p>{}:</p><ul>{}</ul>").format(heading, entries))
    parts.append(Markup("<p>Attach: {}</p>").format(item.attach))
    return Markup("\n").join(parts)


def _card_content(card: Any) -> Mapping[str, Any]:
    if card is None:
        return {}
    if isinstance(card, Mapping):
        return card
    to_content = getattr(card, "to_content", None)
    if callable(to_content):
        content = to_content()
        if isinstance(content, Mapping):
            return content
    raise TypeError(f"expected a ModelCard or card content mapping, not {type(card).__name__}")


def _present_paths(item: CrosswalkItem, content: Mapping[str, Any]) -> dict[str, bool]:
    from sm_governance.policy import Policy, evaluate

    paths = [e.path for e in (*item.card, *item.optional)]
    if not paths:
        return {}
    report = evaluate(Policy(policy=f"annex-iv-{item.id}", require=paths), content)
    return {path: rule.passed for path, rule in zip(paths, report.rules, strict=True)}


def _item(
    item: CrosswalkItem,
    content: Mapping[str, Any],
    facts: Mapping[str, Any] | None,
    entries: Sequence[Mapping[str, Any]],
    *,
    gate_reports: int,
    public_key: bytes | None,
    digest: str | None,
    read_problems: Sequence[str],
) -> ItemResult:
    present: list[str] = []
    missing: list[str] = []
    found = _present_paths(item, content)
    for evidence in item.card:
        target = present if found[evidence.path] else missing
        target.append(f"card {evidence.path}: {evidence.answers}")
    for evidence in item.optional:
        if found[evidence.path]:
            present.append(f"card {evidence.path}: {evidence.answers}")
    for fact in (*item.facts, *item.supporting):
        required = fact in item.facts
        if facts is None:
            if required:
                missing.append(f"{FACTS[fact.fact]}: {_NO_VERSION}")
            continue
        held, seen = fact_holds(
            fact.fact,
            facts,
            entries,
            gate_reports,
            public_key,
            subject_digest=digest,
            read_problems=read_problems,
        )
        if held:
            present.append(f"{FACTS[fact.fact]} ({seen}): {fact.answers}")
        elif required:
            missing.append(f"{FACTS[fact.fact]} ({seen}): {fact.answers}")
    if item.reach == "outside":
        status = ItemStatus.OUT_OF_REACH
    else:
        status = ItemStatus.MISSING if missing else ItemStatus.COVERED
    return ItemResult(
        id=item.id,
        title=item.title,
        status=status,
        present=tuple(present),
        missing=tuple(missing),
        attach=item.attach,
    )


def _subject_digest(description: Mapping[str, Any]) -> str | None:
    """The version's subject digest, or ``None`` when the description cannot give one."""
    from sm_governance.ledger import subject_digest

    try:
        return subject_digest(description)
    except (ValueError, TypeError, AttributeError):  # a shape SageMaker never answers
        return None


def annex_iv_checklist(
    card: Any = None,
    *,
    description: Mapping[str, Any] | None = None,
    entries: Sequence[Mapping[str, Any]] = (),
    gate_reports: int = 0,
    subject: str | None = None,
    public_key: bytes | None = None,
    read_problems: Sequence[str] = (),
) -> AnnexIvChecklist:
    """Check a card (and, when given, its registered version and ledger) against Annex IV.

    Pure: reads only its arguments.

    Args:
        card: a ``ModelCard`` or card content mapping; with ``description`` and no card, the
            card is read from the description's ``ModelCard``.
        description: the version's ``DescribeModelPackage`` response. Without it, the facts
            of the version (images, model data, ledger) are listed as missing.
        entries: the version's ledger entries.
        gate_reports: how many gate reports go with the evidence.
        subject: what the checklist is about (default: the version ARN, else ``"card"``).
        public_key: the ledger key's public key (DER); a decision is counted as signed only
            when its signature verifies with it, otherwise it is listed as unverified; and it
            counts only when it signed the version's subject digest as it is now.
        read_problems: what reading the ledger found wrong with how it is stored (an entry
            overwritten or deleted, a stray object, a listing cut short): the entries then
            do not hold as the version's whole record.

    Returns:
        An :class:`AnnexIvChecklist` with one :class:`ItemResult` per Annex IV item.
    """
    if card is None and description is not None:
        from sm_governance.registry._version import version_from_description

        card = version_from_description(description).card
    content = _card_content(card)
    facts = lineage(description, content) if description is not None else None
    digest = _subject_digest(description) if description is not None else None
    walk = crosswalk()
    label = subject or (str(facts["arn"]) if facts and facts["arn"] else "card")
    return AnnexIvChecklist(
        subject=label,
        source=walk.source,
        items=tuple(
            _item(
                i,
                content,
                facts,
                entries,
                gate_reports=gate_reports,
                public_key=public_key,
                digest=digest,
                read_problems=read_problems,
            )
            for i in walk.items
        ),
    )
