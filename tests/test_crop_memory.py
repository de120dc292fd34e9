"""A crop of a huge page is rendered at a resolution that keeps memory bounded."""
from types import SimpleNamespace

from auditor.report.pdfcrop import MAX_RENDER_PIXELS, _bounded_resolution


def test_an_ordinary_page_keeps_its_resolution():
    assert _bounded_resolution(SimpleNamespace(width=595, height=842), 144) == 144


def test_a_huge_page_is_rendered_within_the_pixel_budget():
    page = SimpleNamespace(width=14_400, height=14_400)
    resolution = _bounded_resolution(page, 144)
    assert resolution < 144
    assert page.width * page.height * (resolution / 72) ** 2 <= MAX_RENDER_PIXELS * 1.001
