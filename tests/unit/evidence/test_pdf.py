"""The card as PDF: text extracted back, a page rendered to an image, nothing fetched.

Needs the ``[pdf]`` extra and Pango, plus poppler-utils' ``pdftoppm``; ``make system-deps``
installs the Debian packages (``make test`` runs it first).
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from sm_governance.evidence import render_pdf
from sm_governance.render import render_html

Content = dict[str, Any]

# a 1x1 red PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def image_count(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_holds_the_cards_text(high_card: Content) -> None:
    pdf = render_pdf(render_html(high_card, title="Credit risk <v3>"))
    assert pdf.startswith(b"%PDF-")
    text = " ".join(pdf_text(pdf).split())
    for value in (
        "Credit risk <v3>",
        high_card["intended_uses"]["purpose_of_model"],
        high_card["additional_information"]["ethical_considerations"],
        high_card["intended_uses"]["factors_affecting_model_efficiency"],
        "fairness_score",
    ):
        assert " ".join(value.split()) in text, value


def test_a_page_renders_to_an_image_with_ink_on_it(high_card: Content, tmp_path: Path) -> None:
    from PIL import Image

    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is missing: run make system-deps"
    source = tmp_path / "card.pdf"
    source.write_bytes(render_pdf(render_html(high_card)))
    subprocess.run(
        [pdftoppm, "-r", "40", "-png", "-f", "1", "-l", "1", str(source), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    (page,) = tmp_path.glob("p*.png")
    with Image.open(page) as image:
        width, height = image.size
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
    assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
    assert dark > 500  # text was drawn, not a blank page


def test_the_same_html_gives_the_same_bytes(high_card: Content) -> None:
    html = render_html(high_card)
    assert render_pdf(html) == render_pdf(html)


def test_nothing_is_fetched_but_data_urls(tmp_path: Path) -> None:
    picture = tmp_path / "secret.png"
    picture.write_bytes(PNG)
    data_url = "data:image/png;base64," + base64.b64encode(PNG).decode()
    page = "<html><body><p>x</p><img src='{}' width='20' height='20'/></body></html>"
    assert image_count(render_pdf(page.format(data_url))) == 1
    assert image_count(render_pdf(page.format(picture.as_uri()))) == 0
    assert image_count(render_pdf(page.format("http://127.0.0.1:9/p.png"))) == 0


def test_without_weasyprint_the_error_names_the_pip_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(ImportError, match=r"pip install 'sm-governance\[pdf\]'"):
        render_pdf("<p>x</p>")


def test_long_unbroken_values_stay_inside_the_page(high_card: Content, tmp_path: Path) -> None:
    from PIL import Image

    # GIVEN a table cell holding a 300-character value with no place to break
    card = dict(high_card)
    card["additional_information"] = {
        **high_card["additional_information"],
        "custom_details": {"artifact_digest": "sha256:" + "f" * 300},
    }
    source = tmp_path / "wide.pdf"
    source.write_bytes(render_pdf(render_html(card)))
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is missing: run make system-deps"
    subprocess.run(
        [pdftoppm, "-r", "30", "-png", str(source), str(tmp_path / "p")], check=True, timeout=60
    )
    # THEN no page has ink in its right margin (the last 5% of its width)
    for page in sorted(tmp_path.glob("p*.png")):
        with Image.open(page) as image:
            width, height = image.size
            margin = image.convert("L").crop((int(width * 0.95), 0, width, height))
            assert sum(margin.histogram()[:200]) == 0, page.name
