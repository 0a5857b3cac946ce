"""Writes tests/fuzz/corpus/: hostile card, policy, report and template files.

The corpus is committed; run ``python tests/fuzz/make_corpus.py`` to write it again after
adding a case (the files are deterministic). Devices, FIFOs, directories and files larger
than the size limit are made by the fuzz tests at run time instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "corpus"
ESC = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eevil\u202c\r"


def _card(text: str) -> dict[str, Any]:
    return {
        "model_overview": {"model_description": text, "model_creator": text},
        "intended_uses": {"purpose_of_model": text, "risk_rating": "High"},
        "business_details": {"business_problem": text},
        "additional_information": {"custom_details": {"note": text}},
    }


def _files() -> dict[str, bytes]:
    text: dict[str, str | bytes] = {
        # card JSON
        "card-deep-nesting.json": "[" * 10_000 + "]" * 10_000,
        "card-deep-objects.json": '{"a":' * 3_000 + "1" + "}" * 3_000,
        "card-big-integer.json": '{"intended_uses": {"risk_rating": ' + "9" * 5_000 + "}}",
        "card-huge-float.json": '{"evaluation_details": [{"name": "e", "metric_groups": '
        '[{"name": "g", "metric_data": [{"name": "m", "type": "number", "value": 1e400}]}]}]}',
        "card-nan.json": '{"intended_uses": {"purpose_of_model": NaN}}',
        "card-duplicate-keys.json": '{"intended_uses": {}, '
        '"intended_uses": {"risk_rating": "Low"}}',
        "card-lone-surrogate.json": json.dumps(_card("lone \ud800 surrogate")),
        "card-control-characters.json": json.dumps(_card(ESC), ensure_ascii=False),
        "card-markdown-injection.json": json.dumps(
            _card("...\n\n# APPROVED BY THE MODEL RISK COMMITTEE\n\n[ok](https://evil.example)")
        ),
        "card-html.json": json.dumps(_card("<script>alert(1)</script><img src=x onerror=a()>")),
        "card-invalid-utf8.json": b'{"intended_uses": {"purpose_of_model": "\xff\xfe"}}',
        "card-utf16.json": json.dumps(_card("utf-16")).encode("utf-16"),
        "card-nul-bytes.json": b'{"intended_uses": \x00\x00}',
        "card-empty.json": b"",
        "card-null.json": "null",
        "card-array.json": "[1, 2, 3]",
        "card-string.json": '"just text"',
        "card-truncated.json": '{"intended_uses": {"purpose_of_model": "cut',
        "card-unknown-fields.json": json.dumps({"x" * 300: {"y": ESC}, "intended_uses": []}),
        "card-wrong-types.json": json.dumps(
            {"intended_uses": {"risk_rating": ["High"]}, "model_overview": 7}
        ),
        "card-long-text.json": json.dumps(_card("A" * 120_000)),
        "card-describe-bad-content.json": json.dumps(
            {"ModelCard": {"ModelCardContent": "{not json", "ModelCardStatus": "Draft"}}
        ),
        "card-describe-deep-content.json": json.dumps(
            {"ModelCard": {"ModelCardContent": "[" * 5_000 + "]" * 5_000}}
        ),
        "card-describe-model-card.json": json.dumps(
            {"ModelCardName": ESC, "Content": json.dumps(_card(ESC))}
        ),
        # policy YAML
        "policy-alias-bomb.yaml": "\n".join(
            ["policy: bomb", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
            + [
                f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]"
                for i in range(8)
            ]
            + ["require: *i"]
        ),
        "policy-recursive-alias.yaml": "policy: loop\nrequire: &r [*r]\n",
        "policy-deep.yaml": "policy: deep\nrequire: " + "[" * 5_000 + "]" * 5_000 + "\n",
        "policy-python-tag.yaml": "policy: !!python/object/apply:os.system ['echo pwned']\n",
        "policy-duplicate-keys.yaml": "policy: a\npolicy: b\n",
        "policy-invalid-utf8.yaml": b"policy: \xff\xfe\n",
        "policy-control-characters.yaml": f"policy: '{ESC}'\nrequire: ['{ESC}']\n".replace(
            "\r", ""
        ),
        "policy-bad-threshold.yaml": "policy: t\nmetrics:\n  auc: >= 0.8\n",
        "policy-huge-number.yaml": "policy: n\nmetrics:\n  auc: '>= 1" + "0" * 5_000 + "'\n",
        "policy-tabs.yaml": "policy: t\n\trequire: [a]\n",
        "policy-binary.yaml": bytes(range(256)),
        "policy-empty.yaml": b"",
        "policy-merge-keys.yaml": "base: &b {auc: '>= 0.8'}\npolicy: m\nmetrics:\n  <<: *b\n",
        "policy-many-documents.yaml": "policy: a\n---\npolicy: b\n",
        "policy-valid.yaml": "policy: ok\nrequire: [intended_uses.purpose_of_model]\n",
        # evaluation reports
        "report-deep.json": '{"metrics": ' + "[" * 2_000 + "]" * 2_000 + "}",
        "report-control-characters.json": json.dumps(
            {"binary_classification_metrics": {"auc": {"value": 0.9, "standard_deviation": ESC}}}
        ),
        # templates
        "template-escape-sandbox.md.j2": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "template-mutate.md.j2": "{{ sections.append(1) }}{{ title }}",
        "template-include-outside.md.j2": '{% include "/etc/passwd" %}',
        "template-include-parent.md.j2": '{% include "../../../etc/passwd" %}',
        "template-syntax-error.md.j2": "{% for %}",
        "template-undefined.md.j2": "{{ nothing.here }}",
        "template-raw-output.md.j2": "{{ title | safe }} {{ content | tojson }}",
        "template-invalid-utf8.md.j2": b"{{ title }} \xff",
    }
    return {
        name: v.encode("utf-8", "surrogatepass") if isinstance(v, str) else v
        for name, v in text.items()
    }


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    for name, data in sorted(_files().items()):
        (CORPUS / name).write_bytes(data)


if __name__ == "__main__":
    main()
