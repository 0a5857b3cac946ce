"""The HTML card laid out by a real headless browser (Debian's chromium) at 1280 px.

The page is the rendered card unchanged except for its Content-Security-Policy, which here
also allows one inline script: it measures every table against the column it sits in and
writes the findings into the DOM, which ``chromium --dump-dom`` prints. ``make test``
installs chromium and sets ``SMGOV_REQUIRE_CHROMIUM=1``, so a missing browser fails there
instead of skipping.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sm_governance.policy import evaluate, load_policy
from sm_governance.render import render

from .conftest import full_version

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("SMGOV_REQUIRE_CHROMIUM") == "1":
    pytest.fail("chromium is required (make chromium installs it)", pytrace=False)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*"/>')
_PROBE = """<script>
const column = document.querySelector("main").getBoundingClientRect();
const tables = [...document.querySelectorAll("table")].map((t) => ({
  caption: (t.closest("section") || {}).id || "",
  width: t.getBoundingClientRect().width,
  right: t.getBoundingClientRect().right,
  scroll: t.scrollWidth,
}));
const out = document.createElement("pre");
out.id = "probe";
out.textContent = JSON.stringify({
  column: {left: column.left, right: column.right, width: column.width},
  page: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
  tables: tables,
  gate: (document.querySelector("#policy h2") || {}).textContent || null,
});
document.body.appendChild(out);
</script>"""
LONG_KEY = "regulatory_reference_for_the_credit_risk_model_under_directive_2026_17"


def _layout(page: str, tmp_path: Path) -> dict[str, Any]:
    # GIVEN the page with the probe; WHEN chromium lays it out at 1280 px
    probed = _CSP.sub(
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\"/>",
        page,
        count=1,
    )
    assert probed != page, "the page's Content-Security-Policy was not found"
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "card.html"
    path.write_text(probed.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    assert CHROMIUM is not None
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,1000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
    assert found is not None, "the probe did not run"
    data: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return data


def _approved_with_override() -> tuple[dict[str, Any], Any]:
    version = full_version()
    content = version["card"].to_content()
    content["additional_information"]["custom_details"][LONG_KEY] = "Annex IV, point 2(b)"
    version.update(
        approval_status="Approved",
        customer_metadata={
            "datazone_project_id": "5jdi2hjv0xq2jb",
            "governance:gate": "overridden",
            "governance:override": "Risk committee minute 12: accepted for the pilot",
        },
    )
    version["card"] = content
    policy = load_policy(
        "policy: retail-credit\n"
        f"require: ['additional_information.custom_details[\"{LONG_KEY}\"]', "
        "intended_uses.purpose_of_model]\n"
        'metrics: {fairness_score: ">= 0.99", p95_latency_ms: "<= 1"}\n'
    )
    return version, evaluate(policy, content)


def test_no_table_is_wider_than_its_column_at_1280_px(tmp_path: Path) -> None:
    version, report = _approved_with_override()
    layout = _layout(render(version, format="html", policy_report=report), tmp_path)
    # THEN every table (the gate's long field paths and every metric table included) fits
    assert layout["viewport"] == 1280
    assert layout["page"] <= layout["viewport"]
    assert len(layout["tables"]) >= 5
    column = layout["column"]
    for table in layout["tables"]:
        assert table["right"] <= column["right"] + 0.5, table
        assert table["scroll"] <= table["width"] + 0.5, table


def test_a_claimed_override_on_an_approved_card_says_so_in_its_heading(tmp_path: Path) -> None:
    version, report = _approved_with_override()
    assert not report.passed
    layout = _layout(render(version, format="html", policy_report=report), tmp_path)
    assert layout["gate"] == "Policy gate: failed (override claimed, unverified)"
    # a failed gate on a version not approved keeps its plain heading
    version["approval_status"] = "PendingManualApproval"
    plain = _layout(render(version, format="html", policy_report=report), tmp_path / "p")
    assert plain["gate"] == "Policy gate: failed"
