"""Speed-ups must not change what is found: fast paths against their plain versions."""
import dataclasses
import time
from datetime import date

from auditor.facts import dates


def _texts(pack) -> list[str]:
    out = set()
    for doc in pack.documents:
        for block in doc.blocks:
            out.add(block.text)
            if block.table is not None:
                out.update(cell.text for row in block.table.rows for cell in row)
    return sorted(out)


def _read(found) -> list[dict]:
    return [dataclasses.asdict(m) for m in found]


def test_gated_date_matchers_find_what_every_matcher_finds(pack_md):
    """Matchers skipped on texts without a digit or month name would have found nothing there."""
    texts = _texts(pack_md) + ["Spring term", "next year", "three months ago", "Sept", "the 1st of May", "May 2025",
                                "on 21/01/2025", "1.2.25", "1 . 2", "yesterday", "tomorrow",
                                "two weeks ago", "last quarter", "in WINTER 2025", "this day",
                                "Summer 2025 \u2014 \u00e9t\u00e9", "5 September 2025 (caf\u00e9)", "MAY 2025 – in \u00e9t\u00e9",
                                "on 2025-01-21", "in FY2425 and FY24-25", "24/25", "QTR 3 2024/25", "q2", "Quarter 4"]
    for reference in (None, date(2025, 1, 21)):
        for text in texts:
            assert _read(dates._find_dates(text, reference)) == _read(dates._find_dates(text, reference, gated=False)), text


def test_find_dates_gives_each_caller_its_own_mentions():
    text = "From 10 February to 6 April 2025, then in 2026."
    first = dates.find_dates(text)
    first[0].first = date(1999, 1, 1)
    first[0].parts.clear()
    again = dates.find_dates(text)
    assert again[0].first == date(2025, 2, 10) and len(again[0].parts) == 2


def test_find_dates_is_linear_in_one_long_sentence():
    started = time.perf_counter()
    found = dates.find_dates("1 January 2025 " * 1333 + "x")  # no sentence break: one clause search per date
    assert len(found) == 1333 and found[-1].clause_start == 0
    assert time.perf_counter() - started < 1  # was 1.4 s when each date searched its whole sentence


def _plain_masking(text: str) -> str:
    """mask_non_quantities as first written: every mask, character by character."""
    from auditor.facts.prose_numbers import _MASKS

    chars = list(text)
    for rx in _MASKS:
        for m in rx.finditer("".join(chars)):
            for i in range(m.start(), m.end()):
                chars[i] = " " if not chars[i].isspace() else chars[i]
    return "".join(chars)


def test_gated_masks_blank_what_every_mask_blanks(pack_md):
    from auditor.facts.prose_numbers import mask_non_quantities

    texts = _texts(pack_md) + ["see www.example.org/2024 or call 0116 305 0000", "on 21 January, at 2pm",
                               "January 21, 2025", "no digits\u2003here", "AGED 11-18 and 3 Year-Olds", "4 yrs",
                               "2 TIMES and 3x", "per 10,000 people", "the 21ST", "at 10:30 or 0930 HRS",
                               "1.2.25 and 21/1/2025", "2024–25 and 1999", "e-mail a.b@c.org", "5 - 6 staff",
                               "5 P.M.", "Q2 and KS2 at paragraph 3.1"]
    for text in texts:
        assert mask_non_quantities(text) == mask_non_quantities(text, gated=False) == _plain_masking(text), text


def test_word_gates_fold_letters_as_case_insensitive_regex_does():
    import re

    from auditor.vocab import fold_to_ascii, has_any_word

    for text in ("\u017fept 2024 (£5m)", "K\u212aelvin", "\u0130STANBUL", "d\u0131x", "£5m in March", "plain"):
        for word in ("sep", "kk", "ist", "dix", "mar", "jan"):
            assert has_any_word(text, (word,)) == bool(re.search(word, text, re.I)), (text, word)
    assert fold_to_ascii("£5m") == "£5m" and fold_to_ascii("\u017fept") == "sept"
