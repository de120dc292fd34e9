"""Links in a PDF printed by a word processor: a link whose target was left out is printed as text in
the file's link style (its colour, underlined) with no link over it. It is found only where the file
keeps its other links, so that their style says what a link looks like."""
from _pdfmake import PdfMaker

NAVY = (0, 0, 128)
RED = (200, 0, 0)


def _findings(path):
    from auditor.pipeline import load_pack
    from conftest import run_rules

    return [f for f in run_rules(load_pack(str(path)), ["draft"]) if f.rule == "draft-empty-link"]


def _styled(m: PdfMaker, x: float, top: float, text: str, colour=NAVY, target: str = None):
    """Text in a colour, underlined in it, with a link over it when target is given."""
    m.text(x, top, text, colour=colour)
    right = x + 5.6 * len(text)
    m.underline(x, right, top + 10, colour)
    if target is not None:
        m.link(x, top, right, top + 11, target)
    return m


def _pack(tmp_path, links_kept: bool = True, colour=NAVY):
    m = PdfMaker().new_page()
    m.text(60, 60, "Cabinet - 14 January 2025", size=14, bold=True)
    m.text(60, 100, "1. The strategy is published on the council's website.")
    m.text(60, 130, "Background papers")
    _styled(m, 60, 150, "Cabinet report of 12 March 2024", target="https://example.org/cab" if links_kept else None)
    m.text(60, 170, "Contact: Jo Bloggs")
    _styled(m, 60, 190, "Strategic Plan 2022 to 2026", colour=colour)
    return m.save(tmp_path / "links.pdf")


def test_text_in_the_link_style_under_no_link_is_a_link_without_target(tmp_path):
    found = _findings(_pack(tmp_path))
    assert [(f.message, f.found) for f in found] == [("Link 'Strategic Plan 2022 to 2026' has no target", "no target")]


def test_a_file_printed_without_any_link_says_nothing_of_its_underlined_text(tmp_path):
    assert _findings(_pack(tmp_path, links_kept=False)) == []


def test_underlined_text_in_another_colour_than_the_links_is_not_a_link(tmp_path):
    assert _findings(_pack(tmp_path, colour=RED)) == []


def test_one_word_set_larger_does_not_make_a_body_line_a_heading(tmp_path):
    from auditor.pipeline import load_pack

    m = PdfMaker().new_page()
    m.text(60, 60, "Cabinet - 14 January 2025", size=14, bold=True)
    m.text(60, 100, "1. The council has consulted residents and partners on the")
    m.text(60, 114, "proposals", size=10)
    m.text(108, 113, "carefully", size=13)
    m.text(165, 114, "over twelve weeks and the results are set out below.")
    m.text(60, 128, "Responses were received from 1,204 people.")
    pack = load_pack(m.save(tmp_path / "sizes.pdf"))
    texts = [(b.kind, b.text) for _, b in pack.iter_blocks() if "consulted" in b.text or "carefully" in b.text]
    assert texts == [("paragraph", "The council has consulted residents and partners on the proposals carefully "
                                   "over twelve weeks and the results are set out below. Responses were received "
                                   "from 1,204 people.")]
