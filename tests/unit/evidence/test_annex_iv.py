"""The Annex IV checklist and the eu-ai-act-high-risk policy, on a complete and a sparse card."""

from __future__ import annotations

import copy
from typing import Any

import pydantic
import pytest
import yaml

from sm_governance.card import ModelCard
from sm_governance.evidence import ItemStatus, annex_iv_checklist
from sm_governance.evidence._crosswalk import Crosswalk, crosswalk
from sm_governance.policy import bundled_policies, evaluate, load_policy

from .conftest import LEDGER_KEY, Key, complete_description, decision_chain, signed_decision

Content = dict[str, Any]
COVERED, MISSING, OUT = ItemStatus.COVERED, ItemStatus.MISSING, ItemStatus.OUT_OF_REACH


def statuses(checklist: Any) -> dict[str, ItemStatus]:
    return {item.id: item.status for item in checklist.items}


def test_the_crosswalk_has_the_nine_items_of_annex_iv_in_order() -> None:
    assert [item.id for item in crosswalk().items] == [str(n) for n in range(1, 10)]
    assert {item.id for item in crosswalk().items if item.reach == "outside"} == {"7", "8", "9"}


def test_a_complete_high_risk_version_covers_items_1_to_6(high_card: Content) -> None:
    # GIVEN a complete High-risk card on a version with digests, ETags and a signed decision
    description = complete_description(high_card)
    # WHEN the checklist is made
    checklist = annex_iv_checklist(
        description=description,
        entries=[signed_decision(description)],
        public_key=LEDGER_KEY.public_key(),
    )
    # THEN items 1-6 are covered, and 7-9 are out of the card's reach with what to attach
    assert statuses(checklist) == {
        **{str(n): COVERED for n in range(1, 7)},
        **{str(n): OUT for n in range(7, 10)},
    }
    assert all(not item.missing for item in checklist.items)
    assert checklist.summary == "6 covered, 0 missing, 3 out of the card's reach"
    assert "declaration of conformity" in checklist.items[7].attach
    assert checklist.subject == description["ModelPackageArn"]
    item1 = checklist.items[0]
    assert any("1 image(s), each with its digest" in text for text in item1.present)
    # supporting facts are listed where they hold
    assert any("ModelMetrics" in text for text in checklist.items[8].present)


def test_a_sparse_card_misses_each_required_field_by_name(sparse_card: Content) -> None:
    checklist = annex_iv_checklist(sparse_card)
    assert statuses(checklist) == {
        **{str(n): MISSING for n in range(1, 7)},
        **{str(n): OUT for n in range(7, 10)},
    }
    missing = [text for item in checklist.items for text in item.missing]
    required = crosswalk().required_card_paths()
    for path in required:
        present = path in ("intended_uses.risk_rating", "intended_uses.purpose_of_model")
        assert any(text.startswith(f"card {path}:") for text in missing) is not present, path
    assert "card intended_uses.purpose_of_model: intended purpose (1(a))" in (
        checklist.items[0].present
    )


def test_a_complete_card_alone_misses_only_the_facts_of_a_registered_version(
    high_card: Content,
) -> None:
    checklist = annex_iv_checklist(ModelCard.from_content(high_card))
    assert statuses(checklist)["4"] is COVERED
    assert statuses(checklist)["5"] is COVERED
    for item in checklist.items[:6]:
        assert all("give the registered version" in text for text in item.missing), item


@pytest.mark.parametrize(
    ("change", "item", "fragment"),
    [
        (
            lambda d: d["InferenceSpecification"]["Containers"][0].pop("ImageDigest"),
            "1",
            "no image digest for 763104351884",
        ),
        (
            lambda d: d["InferenceSpecification"]["Containers"][0].pop("ModelDataETag"),
            "2",
            "no ETag for 1 of 1 model artefact(s)",
        ),
        (lambda d: d.pop("InferenceSpecification"), "1", "no inference container"),
    ],
)
def test_a_version_fact_that_does_not_hold_is_named(
    high_card: Content, change: Any, item: str, fragment: str
) -> None:
    description = complete_description(high_card)
    change(description)
    checklist = annex_iv_checklist(
        description=description,
        entries=[signed_decision(description)],
        public_key=LEDGER_KEY.public_key(),
    )
    result = next(i for i in checklist.items if i.id == item)
    assert result.status is MISSING
    assert any(fragment in text for text in result.missing), result.missing


def test_without_a_signed_decision_oversight_and_lifecycle_are_missing(high_card: Content) -> None:
    description = complete_description(high_card)
    unsigned = {**signed_decision(description), "signature": {}}
    checklist = annex_iv_checklist(
        description=description, entries=[unsigned], public_key=LEDGER_KEY.public_key()
    )
    assert statuses(checklist)["3"] is MISSING
    # an unsigned entry is not a signed, hash-chained record of a change
    assert statuses(checklist)["6"] is MISSING
    assert any("do not verify with the ledger key" in t for t in checklist.items[5].missing)
    none = annex_iv_checklist(description=complete_description(high_card))
    assert statuses(none)["6"] is MISSING
    assert any("no ledger entry" in text for text in none.items[5].missing)


def test_a_decision_counts_as_signed_only_when_its_signature_verifies(
    high_card: Content,
) -> None:
    # GIVEN an approval whose signature is present and well formed, but not by the ledger key
    description = complete_description(high_card)
    planted = {**signed_decision(description), "reason": "planted"}
    key = LEDGER_KEY.public_key()
    # THEN the checklist does not count it: oversight is missing, and says why
    checklist = annex_iv_checklist(description=description, entries=[planted], public_key=key)
    assert statuses(checklist)["3"] is MISSING
    assert any("1 unverified decision(s): none verifies" in t for t in checklist.items[2].missing)
    # AND without a key to check with, no decision counts either
    unchecked = annex_iv_checklist(description=description, entries=[signed_decision(description)])
    assert statuses(unchecked)["3"] is MISSING
    assert any("no ledger key" in t for t in unchecked.items[2].missing)
    # AND next to a verified one it is named as unverified
    both = annex_iv_checklist(
        description=description,
        entries=[signed_decision(description), {**planted, "seq": 2}],
        public_key=key,
    )
    assert statuses(both)["3"] is COVERED
    assert any("1 signed decision(s), 1 unverified" in t for t in both.items[2].present)


def test_a_decision_counts_only_for_the_version_as_it_was_decided(high_card: Content) -> None:
    # GIVEN a version an officer approved, signed with the ledger key
    description = complete_description(high_card)
    approval = signed_decision(description)
    key = LEDGER_KEY.public_key()
    # WHEN the registrant then changes the card (`smgov verify` names the drift)
    changed = copy.deepcopy(high_card)
    changed["intended_uses"]["purpose_of_model"] = "Something nobody reviewed."
    drifted = complete_description(changed)
    checklist = annex_iv_checklist(description=drifted, entries=[approval], public_key=key)
    # THEN the checklist does not claim an officer reviewed the version as it is now
    assert statuses(checklist)["3"] is MISSING
    assert any(
        "1 signed decision(s), none about the version as it is now" in t
        for t in checklist.items[2].missing
    )
    # AND the chain of what was recorded still holds (item 6 is about the record)
    assert statuses(checklist)["6"] is COVERED


def test_the_ledger_chain_holds_only_when_it_verifies_with_the_ledger_key(
    high_card: Content,
) -> None:
    # GIVEN a version with two signed decisions chained as the ledger writes them
    description = complete_description(high_card)
    chain = decision_chain(LEDGER_KEY, description, ("Rejected", "Approved"))
    key = LEDGER_KEY.public_key()
    # THEN the chain is a fact of item 6
    whole = annex_iv_checklist(description=description, entries=chain, public_key=key)
    assert statuses(whole)["6"] is COVERED
    assert any("2 entry(ies), chained and signed" in t for t in whole.items[5].present)
    # WHEN the first entry is gone (each left entry still carries a valid signature)
    gapped = annex_iv_checklist(description=description, entries=chain[1:], public_key=key)
    # THEN the chain does not hold, though the approval's own signature verifies
    assert statuses(gapped)["6"] is MISSING
    assert statuses(gapped)["3"] is COVERED
    assert any("(2 problem(s))" in t for t in gapped.items[5].missing)
    # AND entries signed by another key, or about another version, do not hold either
    other = decision_chain(Key(), description)
    forged = annex_iv_checklist(description=description, entries=other, public_key=key)
    assert statuses(forged)["6"] is MISSING
    moved = {**description, "ModelPackageArn": description["ModelPackageArn"][:-1] + "9"}
    elsewhere = decision_chain(LEDGER_KEY, moved)
    assert (
        statuses(annex_iv_checklist(description=description, entries=elsewhere, public_key=key))[
            "6"
        ]
        is MISSING
    )
    # AND with no key to check them with, they are not taken on trust
    unchecked = annex_iv_checklist(description=description, entries=chain)
    assert statuses(unchecked)["6"] is MISSING
    assert any("not checked: no ledger key" in t for t in unchecked.items[5].missing)


def test_a_gate_report_counts_only_when_a_signed_entry_about_this_version_records_it(
    high_card: Content,
) -> None:
    # GIVEN an entry that claims a gate report but is not signed with the ledger key
    description = complete_description(high_card)
    planted = {
        **signed_decision(description),
        "gate_report_digest": "sha256:" + "0" * 64,
        "reason": "planted",
    }
    key = LEDGER_KEY.public_key()
    # THEN item 5 does not show a gate report as its evidence
    checklist = annex_iv_checklist(description=description, entries=[planted], public_key=key)
    assert not any("policy gate report" in t for t in checklist.items[4].present)
    # AND an entry signed with the ledger key that records one does count
    recorded = decision_chain(LEDGER_KEY, description)[0]
    recorded = {**recorded, "gate_report_digest": "sha256:" + "1" * 64}
    recorded["signature"] = LEDGER_KEY.sign(recorded)
    signed = annex_iv_checklist(description=description, entries=[recorded], public_key=key)
    assert any("recorded with a decision (1 report(s))" in t for t in signed.items[4].present)


def test_the_training_job_may_come_from_source_uri(high_card: Content) -> None:
    card = copy.deepcopy(high_card)
    job = card["training_details"]["training_job_details"].pop("training_arn")
    description = complete_description(card)
    checklist = annex_iv_checklist(description=description)
    assert statuses(checklist)["2"] is MISSING
    description["SourceUri"] = job
    checklist = annex_iv_checklist(description=description)
    assert statuses(checklist)["2"] is COVERED


def test_the_bundled_policy_requires_exactly_what_the_crosswalk_requires() -> None:
    policy = load_policy("eu-ai-act-high-risk")
    assert "eu-ai-act-high-risk" in bundled_policies()
    (high,) = policy.when
    assert [str(r) for r in high.risk_rating] == ["High"]
    assert set(policy.require) | set(high.require) == set(crosswalk().required_card_paths())


def test_the_bundled_policy_passes_a_complete_card_and_fails_a_sparse_one(
    high_card: Content, sparse_card: Content
) -> None:
    policy = load_policy("eu-ai-act-high-risk")
    assert evaluate(policy, high_card).passed
    report = evaluate(policy, sparse_card)
    failed = {rule.rule.rsplit(" ", 1)[-1] for rule in report.failures}
    assert failed == set(crosswalk().required_card_paths()) - {
        "intended_uses.risk_rating",
        "intended_uses.purpose_of_model",
    }
    unrated = evaluate(policy, {"intended_uses": {"purpose_of_model": "x"}})
    assert [r.rule for r in unrated.failures] == ["require intended_uses.risk_rating"]


def test_an_unknown_bundled_policy_names_the_ones_there_are() -> None:
    from sm_governance.errors import ValidationError

    with pytest.raises(ValidationError, match="bundled: eu-ai-act-high-risk"):
        load_policy("eu-ai-act-low-risk")


def test_a_typo_in_the_crosswalk_is_an_error_when_it_is_read() -> None:
    data = yaml.safe_load(yaml.safe_dump(crosswalk().model_dump(mode="json")))
    data["items"][0]["card"][0]["path"] = "intended_uses.purpose_of_modle"
    with pytest.raises(pydantic.ValidationError, match="did you mean 'purpose_of_model'"):
        Crosswalk.model_validate(data)
    data = yaml.safe_load(yaml.safe_dump(crosswalk().model_dump(mode="json")))
    data["items"][0]["facts"][0]["fact"] = "versoin"
    with pytest.raises(pydantic.ValidationError, match="unknown fact 'versoin'"):
        Crosswalk.model_validate(data)


def test_markdown_and_html_carry_no_markup_from_the_subject(sparse_card: Content) -> None:
    checklist = annex_iv_checklist(sparse_card, subject="<img src=x> | [a](b)")
    markdown = checklist.to_markdown()
    assert "\\<img src=x> \\| \\[a\\](b)" in markdown.splitlines()[0]
    assert "| 7 | Standards applied | out of the card's reach |" in markdown
    html = checklist.to_html()
    assert "<img" not in html
    assert "&lt;img src=x&gt;" in html
    data = checklist.to_dict()
    assert [item["status"] for item in data["items"]] == ["missing"] * 6 + ["out_of_reach"] * 3


def test_a_card_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(TypeError, match="not int"):
        annex_iv_checklist(42)
