"""The card as PDF: the rendered HTML laid out by WeasyPrint (the optional ``[pdf]`` extra).

WeasyPrint is imported on first use, never by ``import sm_governance``. It needs Pango (and
HarfBuzz) from the operating system; ``make system-deps`` installs them on Debian and Ubuntu.

Rendering fetches nothing: the page may only refer to ``data:`` URLs, so a template (or card
text, which is escaped anyway) can never make the renderer read a local file or the network.
Output is deterministic: the same HTML gives the same bytes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PDF_INSTALL_HINT", "render_pdf"]

#: How to get PDF output, as every "PDF unavailable" error says it.
PDF_INSTALL_HINT = (
    "PDF output needs WeasyPrint: pip install 'sm-governance[pdf]' "
    "(and Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)"
)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError as exc:
        raise ImportError(PDF_INSTALL_HINT) from exc
    except OSError as exc:  # WeasyPrint found, Pango (a system library) not
        raise ImportError(f"{PDF_INSTALL_HINT}; the system libraries failed: {exc}") from exc
    return weasyprint


# Print rules added to the page's own: A4 with margins, and long values (ARNs, times, digests)
# wrapped anywhere so a table never runs off the page.
_PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm; }
table { width: 100%; table-layout: fixed; }
td, th { overflow-wrap: anywhere; word-break: break-word; }
pre, code { white-space: pre-wrap; overflow-wrap: anywhere; }
"""


def _fetcher(weasyprint: Any) -> Any:
    return weasyprint.urls.URLFetcher(allowed_protocols=("data",), fail_on_errors=False)


def render_pdf(html: str) -> bytes:
    """Lay out an HTML page (for example :func:`sm_governance.render.render_html`) as PDF.

    Args:
        html: a complete HTML document.

    Returns:
        The PDF bytes (deterministic for the same ``html``).

    Raises:
        ImportError: WeasyPrint or its system libraries are missing; the message names the
            ``pip install`` fix.

    Example:
        >>> from sm_governance.render import render_html
        >>> pdf = render_pdf(render_html({"intended_uses": {"risk_rating": "Low"}}))
        ... # doctest: +SKIP
    """
    weasyprint = _weasyprint()
    fetcher = _fetcher(weasyprint)
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    data = document.write_pdf(stylesheets=[weasyprint.CSS(string=_PRINT_CSS)])
    return bytes(data)
