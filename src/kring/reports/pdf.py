"""The annual report as PDF: an HTML template drawn by WeasyPrint (with Debian's Pango). No
network: the template holds its own styles, the charts are inline SVG, and the URL fetcher
refuses anything outside the document."""

from __future__ import annotations

from django.template.loader import render_to_string


def _no_network(url: str, *args, **kwargs):
    raise ValueError(f"the annual report loads nothing from outside the document ({url[:60]})")


def render_annual_report_html(content) -> str:
    return render_to_string("reports/annual_report_pdf.html", {"report": content})


def render_annual_report_pdf(content) -> bytes:
    from weasyprint import HTML  # imported here: only the background task needs Pango

    html = render_annual_report_html(content)
    return HTML(string=html, url_fetcher=_no_network).write_pdf()
