"""Property and fuzz tests (hypothesis): parsers never raise, the number parser round-trips.

Bounded for CI: small max_examples, no deadline (a slow shared machine must not flake);
the whole file runs in well under a minute.
"""
from __future__ import annotations

import importlib.util
import random
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from auditor.errors import AuditorError
from auditor.ingest.markdown import build_table, parse_markdown, strip_inline
from auditor.model import Cell, Location
from auditor.numbers import MAX_DIGITS, Figure, format_decimal, header_scale, parse_figure
from auditor.structure.segment import segment
from auditor.structure.tables import (column_labels, column_scales, effective_header_rows,
                                      join_split_tables, row_is_total, table_to_dataframe)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCALE_SUFFIX = {Decimal(1): "", Decimal(1000): "k", Decimal(1_000_000): "m", Decimal(1_000_000_000): "bn"}


# ---------------------------------------------------------------- number parser

def render(value: Decimal, decimals: int, unit, scale: Decimal, style: dict) -> str:
    """A figure written the way packs write them, in one of the accepted styles."""
    body = format_decimal(abs(value), decimals, thousands=style["commas"])
    if style["space_thousands"] and style["commas"]:
        body = body.replace(",", style["space_char"])
    if unit in ("£", "$", "€"):
        body = unit + body
    body += SCALE_SUFFIX[scale] if not style["scale_word"] or scale == 1 else {
        Decimal(1000): "k", Decimal(1_000_000): " million", Decimal(1_000_000_000): " billion"}[scale]
    if unit == "%":
        body += "%"
    if value < 0:
        body = f"({body})" if style["brackets"] else style["minus"] + body
    return style["pad"] + body + style["pad"]


styles = st.fixed_dictionaries({
    "commas": st.booleans(),
    "space_thousands": st.booleans(),
    "space_char": st.sampled_from([" ", "\u00a0", "\u202f", "\u2009"]),
    "scale_word": st.booleans(),
    "brackets": st.booleans(),
    "minus": st.sampled_from(["-", "\u2212", "\u2013"]),
    "pad": st.sampled_from(["", " ", "\u00a0", "\u200b"]),
})
decimals_st = st.integers(min_value=0, max_value=4)
units = st.sampled_from([None, "£", "$", "€", "%"])
scales = st.sampled_from(list(SCALE_SUFFIX))


@FAST
@given(st.integers(min_value=-(10 ** 13), max_value=10 ** 13), decimals_st, units, scales, styles)
@example(0, 0, None, Decimal(1), {"commas": True, "space_thousands": False, "space_char": " ",
                                  "scale_word": False, "brackets": False, "minus": "-", "pad": ""})
def test_number_parser_round_trips_every_written_style(units_value, decimals, unit, scale, style):
    value = Decimal(units_value).scaleb(-decimals)
    if unit == "%":
        scale = Decimal(1)
    text = render(value, decimals, unit, scale, style)
    fig = parse_figure(text)
    assert fig is not None, text
    assert (fig.value, fig.decimals, fig.unit, fig.scale) == (value, decimals, unit, scale), text
    low, high = fig.interval()
    assert low <= fig.amount <= high
    assert high - low == Decimal(1).scaleb(-decimals) * scale


def canonical(fig: Figure) -> str:
    body = format_decimal(abs(fig.value), fig.decimals)
    body = (fig.unit if fig.unit in ("£", "$", "€") else "") + body + SCALE_SUFFIX.get(fig.scale, "")
    body += "%" if fig.unit == "%" else ""
    return ("-" if fig.value < 0 else "") + body


number_ish = st.lists(st.sampled_from(list("0123456789,.()-+£$€%km bn\u2212\u00a0\u200b\u202f") +
                                      ["million", "billion", "mn", "1,234", "000"]),
                      max_size=12).map("".join)


@FAST
@given(st.one_of(number_ish, st.text(max_size=30)))
@example("(£1,234.5m)")
@example("1" * 40)
def test_whatever_the_parser_accepts_it_reads_back_the_same(text):
    fig = parse_figure(text)
    if fig is None:
        return
    again = parse_figure(canonical(fig))
    assert again is not None, (text, canonical(fig))
    assert (again.value, again.decimals, again.unit, again.scale) == (fig.value, fig.decimals, fig.unit, fig.scale)
    assert sum(ch.isdigit() for ch in str(fig.value)) <= MAX_DIGITS + 1
    format_decimal(fig.amount, fig.decimals)  # never raises, however large


@FAST
@given(st.text(max_size=40))
def test_header_scale_never_raises(label):
    assert header_scale(label) in (None, Decimal(1), Decimal(1000), Decimal(1_000_000))


# ---------------------------------------------------------------- Markdown reader and segmentation

MD_PIECES = ["# ", "## ", "| ", " |", "|---|---|", "\n", "\n\n", "- ", "1. ", "a) ", "(iv) ", "**", "<b>", "</b>",
             "<br>", "<td>", "<ul><li>", "[link](", ")", "](#)", "&amp;", "&#", "\\", "*", "_", "`",
             "Total", "Sub Total", "£000", "£m", "2024/25", "(1,234)", "12.5%", "-", "\u2212", "\u00a0",
             "\u200b", "\r\n", "\t", "REPORT OF THE DIRECTOR", "APPENDIX A", "Appendices", "Appendix B – Savings",
             "Minutes of a meeting of the Cabinet held on 5 November 2024", "Date: 21 January 2025 at 2.00 pm",
             "This page is intentionally left blank", "CABINET", "word", "1,234", "  ", "<", ">", "|"]
markdownish = st.lists(st.sampled_from(MD_PIECES) | st.text(max_size=5), max_size=60).map("".join)


@SLOW
@given(st.one_of(markdownish, st.text(max_size=300)))
def test_markdown_reader_and_segmentation_never_raise(text):
    raw = parse_markdown(text, "fuzz.md")
    pack = segment(raw)
    for doc, block in pack.iter_blocks():
        assert block.location.line is not None and block.location.line >= 1
        block.location_at(len(block.text))


@FAST
@given(st.text(max_size=80) | markdownish)
def test_strip_inline_never_raises_and_is_idempotent_on_plain_output(text):
    out = strip_inline(text)
    assert out == out.strip()


# ---------------------------------------------------------------- table parser

cell_texts = st.sampled_from(["", " ", "Total", "Net total", "£000", "£m", "%", "2024/25", "(", ")", "%", "-",
                              "1,234", "(56)", "12.5%", "£3.2m", "**9**", "<b>10</b>", "n/a", "Service",
                              "1" * 25, "\u200b", "<br>"]) | st.text(max_size=8)
rows_st = st.lists(st.lists(cell_texts, min_size=0, max_size=6), min_size=1, max_size=12)


def table_lines(rows, separator_at):
    lines = []
    for i, row in enumerate(rows):
        if i == separator_at:
            lines.append("|" + "|".join(["---"] * max(len(row), 1)) + "|")
        lines.append("| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in row) + " |")
    return [(n + 1, line) for n, line in enumerate(lines)]


def exercise_table(table):
    effective_header_rows(table)
    column_scales(table)
    column_labels(table)
    table.header
    for row in table.rows:
        row_is_total(row)
    df = table_to_dataframe(table)
    assert len(df.columns) == table.n_cols


@SLOW
@given(rows_st, st.integers(min_value=-1, max_value=3))
def test_table_parser_never_raises_on_ragged_odd_tables(rows, separator_at):
    table = build_table(table_lines(rows, separator_at), "fuzz.md")
    exercise_table(table)


@SLOW
@given(rows_st, rows_st)
def test_joining_split_tables_never_raises(first_rows, second_rows):
    text = "\n".join(line for _, line in table_lines(first_rows, 1)) + "\n\nPage 2\n\n" + \
        "\n".join(line for _, line in table_lines(second_rows, 1))
    blocks = parse_markdown(text, "fuzz.md").blocks
    for block in join_split_tables(blocks):
        if block.table is not None:
            exercise_table(block.table)


def test_table_of_only_empty_rows():
    loc = Location("x.md", line=1)
    from auditor.model import Table

    for rows in ([], [[]], [[], []], [[Cell("", loc)]]):
        exercise_table(Table(rows=rows, location=loc, header_rows=1))


# ---------------------------------------------------------------- date extractor (written by another engineer)

HAS_DATES = importlib.util.find_spec("auditor.facts.dates") is not None
date_pieces = ["21 January 2025", "1st", "Tuesday", "2024/25", "2024-25", "November 18 2024", "In November 2025",
               "31/02/2025", "29 February 2023", "0 March 2024", "99 May 99999", "Q2", "quarter 3", "week",
               "by the end of", "12.00 noon", "2pm", "/", "-", " ", ",", "Sept", "sept.", "2025", "1", "0", "\u00a0"]


@pytest.mark.skipif(not HAS_DATES, reason="auditor/facts/dates.py not written yet")
@FAST
@given(st.lists(st.sampled_from(date_pieces) | st.text(max_size=4), max_size=25).map("".join),
       st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
@example("31 December 9999 to 1 January 10000, in the year to March 9999 and 2099/00", date(2025, 1, 21))
@example("next month, last year, 1 January 0001 - 2 years ago, 29 February", date(2100, 12, 31))
def test_date_extractor_never_raises(text, reference):
    from auditor.facts.dates import find_dates

    for mention in find_dates(text, reference):
        assert 0 <= mention.start <= mention.end <= len(text)


# ---------------------------------------------------------------- damaged PDF and Word files

def damage(data: bytes, rng: random.Random) -> bytes:
    """A random truncation, byte flips, or both."""
    data = bytearray(data)
    how = rng.choice(["truncate", "flip", "both"])
    if how in ("truncate", "both"):
        data = data[: rng.randrange(1, len(data))]
    if how in ("flip", "both"):
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def audit_damaged(path, shipped_rules) -> str:
    """'error' for a clean InputError, 'report' for a (partial) report; anything else propagates."""
    from auditor.checks import run_checks
    from auditor.pipeline import load_pack

    try:
        pack = load_pack(str(path))
    except AuditorError as exc:
        assert str(exc).strip() and "\n" not in str(exc).strip(), repr(str(exc))
        return "error"
    run_checks(pack, shipped_rules, {})
    return "report"


@pytest.fixture(scope="module")
def shipped_rules():
    from auditor.rules import load_rules

    return load_rules()


@pytest.fixture(scope="module")
def short_pdf(tmp_path_factory, sample_pdf):
    """The first 3 pages of the sample PDF: the same objects, cheap enough to damage many times."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(sample_pdf)
    dest = pdfium.PdfDocument.new()
    dest.import_pages(src, [0, 1, 2])
    out = tmp_path_factory.mktemp("pdf") / "short.pdf"
    with open(out, "wb") as fh:
        dest.save(fh)
    return out


def needs(module):
    return pytest.mark.skipif(importlib.util.find_spec(module) is None, reason=f"{module} not written yet")


@needs("auditor.ingest.pdf")
@pytest.mark.parametrize("seed", range(12))
def test_damaged_short_pdf_gives_clean_error_or_report(seed, short_pdf, tmp_path, shipped_rules):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(damage(short_pdf.read_bytes(), random.Random(seed)))
    assert audit_damaged(bad, shipped_rules) in ("error", "report")


@needs("auditor.ingest.pdf")
@pytest.mark.parametrize("seed", range(3))
def test_damaged_sample_pdf_gives_clean_error_or_report(seed, sample_pdf, tmp_path, shipped_rules):
    bad = tmp_path / "bad.pdf"
    data = open(sample_pdf, "rb").read()
    rng = random.Random(100 + seed)
    # cut well into the file (a partial report) or flip bytes in the trailer/xref at the end
    if seed == 1:
        tail = bytearray(data[-2000:])
        for _ in range(30):
            tail[rng.randrange(len(tail))] = rng.randrange(256)
        bad.write_bytes(data[:-2000] + bytes(tail))
    else:
        bad.write_bytes(data[: rng.randrange(len(data) // 3, len(data))])
    assert audit_damaged(bad, shipped_rules) in ("error", "report")


@needs("auditor.ingest.docx")
@pytest.mark.parametrize("seed", range(15))
def test_damaged_word_file_gives_clean_error_or_report(seed, sample_docx, tmp_path, shipped_rules):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(damage(open(sample_docx, "rb").read(), random.Random(seed)))
    assert audit_damaged(bad, shipped_rules) in ("error", "report")


def damage_zip_member(path, rng: random.Random) -> bytes:
    """The Word package re-zipped with one part truncated, flipped or missing: a valid zip, broken XML."""
    import io
    import zipfile

    parts = ["word/document.xml", "word/document.xml", "word/styles.xml", "[Content_Types].xml",
             "word/_rels/document.xml.rels"]
    target = rng.choice(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == target:
                how = rng.choice(["drop", "damage"])
                if how == "drop":
                    continue
                data = damage(data, rng)
            zout.writestr(info, data)
    return out.getvalue()


@needs("auditor.ingest.docx")
@pytest.mark.parametrize("seed", range(10))
def test_word_file_with_broken_xml_inside_gives_clean_error_or_report(seed, sample_docx, tmp_path, shipped_rules):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(damage_zip_member(sample_docx, random.Random(seed)))
    assert audit_damaged(bad, shipped_rules) in ("error", "report")


# ---------------------------------------------------------------- every shipped rule on random packs

PACK_PIECES = MD_PIECES + ["| Service | 2024/25 £000 | 2025/26 £000 | Total |\n|---|---|---|---|\n",
                           "| A | 1,200 | 1,300 | 2,500 |\n", "| B | (200) | 12.5% | - |\n",
                           "| **Total** | **1,000** | **1,300** | **2,300** |\n", "\n\nThe budget rose from £3.2m to £4.1m, "
                           "an increase of 28%. ", "Of the 317 schools, 252 are primary and 80 secondary. ",
                           "On 18 November 2024 the Government published ", "by March 2026 ", "in 2023/24 ",
                           "see Appendix C and paragraph 27. ", "27. ", "\n\nItem 5: Minutes\n\n", "three of the ",
                           "nine posts ", "£0.5m (10%) of £5m ", "increased by 5% to 105 ", "fell "]
random_packs = st.lists(st.sampled_from(PACK_PIECES), min_size=1, max_size=40).map("".join)


@SLOW
@given(text=random_packs, meeting_date=st.sampled_from([None, "2025-01-21", "2024-06-30"]))
def test_every_shipped_rule_survives_random_packs(shipped_rules, text, meeting_date):
    """shipped_rules: every rule, including those off by default."""
    from auditor.checks import run_checks

    pack = segment(parse_markdown(text, "fuzz.md"))
    run_checks(pack, shipped_rules, {"meeting_date": meeting_date})
