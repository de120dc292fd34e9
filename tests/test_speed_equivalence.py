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


def test_find_dates_of_a_text_too_long_to_keep_gives_each_caller_its_own_mentions():
    """A text of more dates than are kept (read again if asked again, not copied) reads as a kept one."""
    text = "The plan ran from 10 February 2025 to 6 April 2025. " * (dates._CACHED_MENTIONS_MAX + 1)  # ranges
    first = dates.find_dates(text)
    assert len(first) > dates._CACHED_MENTIONS_MAX and (text, None) not in dates._FOUND_CACHE
    expected = _read(first)
    first[0].first = date(1999, 1, 1)
    first[0].parts.clear()
    again = dates.find_dates(text)
    assert _read(again) == expected and again[0].first == date(2025, 2, 10) and len(again[0].parts) == 2
    assert _read(again) == _read(dates._find_dates(text, None))


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


def _unguarded_match_before(before, text, position, start=0):
    import regex

    from auditor.facts.prose_numbers import CUE_WINDOW

    return regex.compile("(?r)" + before.pattern, before.flags).search(text, max(start, position - CUE_WINDOW), position)


def _span(match):
    return match.span() if match else None


def test_cue_searches_skipped_by_their_last_letter_would_have_found_nothing(pack_md):
    """match_before skips a search when the text before the figure ends with a character no match
    of the cue can end with; the full backward search must agree at every figure of the sample and
    of texts written to end in every way (spaces of all kinds, brackets, cases, non-ASCII)."""
    import re
    import string

    from auditor.facts import index, prose_numbers
    from auditor.facts.claims import change as prose_change

    cues = [prose_numbers.APPROX_BEFORE, prose_numbers.BOUND_BEFORE, prose_numbers._WORD_NOT_COUNT_BEFORE,
            index.CHANGE_BEFORE_RE, index.COMPARATOR_BEFORE_RE,
            prose_change.CHANGE_OF_RE, prose_change.MADE_UP_RE,
            re.compile(r"(?:c\.|ca|\bup to|[<>]|\w+ly)\s*\(?\s*$", re.I), re.compile(r"[^a-z]\s*$"),
            re.compile(r"(?:about|\d)\s+$"), re.compile(r"over\s*$", re.M)]
    assert prose_numbers._learn_cue(cues[0])[2] is not None  # the gate is on for the shipped cues
    assert all(prose_numbers._learn_cue(cue)[3] for cue in cues[:7])  # and the match anchored at the figure
    assert not prose_numbers._learn_cue(cues[-1])[3]  # (not where '$' ends every line)
    endings = ["approximately", "APPROX.", "c.", "about\u00a0", "more than ", "up to\t", "over\n", "(", "from (",
               "≥ ", "some ", "~", "increase of", "rise of £", "estimated ", "for ", "ſome ", "ABOUT\u2009",
               "compared with", "previously", "7 ", "x", "", "  ", "\x1f", "about\x1f", "about\n", "more than\r\n",
               "increase of\n", "over \u2028", "approx.\x85", "c.\n\n", "by\n ", "rise of £\n", "£"]
    texts = [f"{head}{end}" for head in ("", "The figure is ", "Spending fell by ") for end in endings]
    texts += [f"{a}{b} " for a in string.ascii_letters + string.punctuation for b in ("", "ly", "than")]
    pack_texts = _texts(pack_md)
    for cue in cues:
        for text in texts:
            for start in (0, 3):
                assert _span(prose_numbers.match_before(cue, text, len(text), start)) == \
                    _span(_unguarded_match_before(cue, text, len(text), start)), (cue.pattern, text)
        for text in pack_texts:
            for position in (m.start() for m in re.finditer(r"[£\d]", text)):
                assert _span(prose_numbers.match_before(cue, text, position)) == \
                    _span(_unguarded_match_before(cue, text, position)), (cue.pattern, text[:position])


def _linear_location_at(block, offset):
    best = block.location
    for start, loc in block.anchors:
        if start > offset:
            break
        best = loc
    return best


def test_location_by_bisection_is_the_location_read_line_by_line(pack_md, pack_pdf, pack_docx):
    """Block.location_at bisects the anchors: the same answer as walking them, on every block of the
    sample's forms (anchors are in text order), at every line start and between."""
    checked = 0
    for pack in (pack_md, pack_pdf, pack_docx):
        for doc in pack.documents:
            for block in doc.blocks:
                starts = [a for a, _ in block.anchors]
                assert starts == sorted(starts)
                for offset in {0, len(block.text)} | {s + d for s in starts for d in (-1, 0, 1)}:
                    assert block.location_at(offset) == _linear_location_at(block, offset)
                    checked += 1
    assert checked > 1000


def test_cue_match_anchored_at_the_figure_is_the_backward_search():
    """match_before matches a cue that must end with '$' only at the figure (a backward match, not a
    search of the 40 characters before it): the same match as the search, on texts of cue words,
    spaces of all kinds, newlines, '£' and brackets, at every position and window start."""
    import random
    import re

    from auditor.facts import index, prose_numbers
    from auditor.facts.claims import change as prose_change

    cues = [prose_numbers.APPROX_BEFORE, prose_numbers.BOUND_BEFORE, index.CHANGE_BEFORE_RE,
            index.COMPARATOR_BEFORE_RE, prose_change.CHANGE_OF_RE, prose_change.MADE_UP_RE,
            prose_change.VARIANCE_OF_RE, prose_numbers._WORD_NOT_COUNT_BEFORE,
            re.compile(r"(?:over|about)$"), re.compile(r"(?:over$|about\s*$)", re.I), re.compile(r"x\Z"),
            re.compile(r"over(?m:$)")]
    pieces = ["about", "approx.", "c.", "more than", "up to", "increase", "of", "by", "from", "than", "(", ")",
              "made up", "variance", "over", "x", "£", "5", " ", "  ", "\n", "\r\n", "\u2028", "\xa0", ".", "some"]
    rng = random.Random(15)
    for _ in range(400):
        text = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(1, 14)))
        for cue in cues:
            for position in range(len(text) + 1):
                start = rng.choice((0, 0, position // 2))
                assert _span(prose_numbers.match_before(cue, text, position, start)) == \
                    _span(_unguarded_match_before(cue, text, position, start)), (cue.pattern, text, position)


def test_figure_period_skipped_without_a_year_or_quarter_near_is_the_one_read(pack_md):
    """The fact index reads a figure's period only when a year or a quarter is written near it: the
    period read without that gate is the same at every figure of the sample and of written texts."""
    from auditor.facts import index

    texts = _texts(pack_md) + ["£5m in Q2 2024/25", "£5m for quarter 3", "£5m (QUARTER 4, 2023/24)",
                               "in 2024/25 the council spent £5m", "£5m by 2026", "£5m, q1", "spent in 1999 £5m",
                               "£5m" + " " * 45 + "in 2024", "in 2024/25" + " " * 45 + "£5m", "£5m to 20 schools"]
    read = 0
    for text in texts:
        for m in index.FIGURE_RE.finditer(text):
            for after in (text[m.end():], text[m.end():m.end() + 50]):
                before = text[:m.start()]
                expected = index._read_figure_period(after, before)
                assert index._figure_period(after, before) == expected, (text, m.group(0))
                read += expected is not None
    assert read > 5  # periods were found, not only skipped


# ---- the fact index's short cuts (auditor.facts.index): a memo of short texts' tokens, gates before COUNT_RE
# and PLAN_RE, and _clean's join of white space only where there is some to join

_FACT_TEXTS = ["Spending on service 15560 shows an increase of 6% to £90m this year.", " shows an increase of ",
               " to ", " this year.", "the 3 schools", "three new homes: ", "ſix homes", "twenty-one homes", "Twenty one homes",
               "٣ homes", "12\u00a0schools", "Post 16 providers", "in 12 months", "1 school", "money ones", "someone two",
               "Housing Strategy 2024-29", "the housing strategy 2024-29", "Draft Plan for 2025/26 to 2027/28",
               "  spaced\tout\nsubject  ", "a\u00a0b", "x\u2028y", "£5m of CSC re-referrals", "CSC's 12 mths", ""]


def _fact_texts(pack) -> list[str]:
    from auditor.facts.dates import sentence_spans

    out = set(_FACT_TEXTS)
    for text in _texts(pack):
        out.update(text[a:b] for a, b in sentence_spans(text))
        out.update(text[i:i + 40] for i in range(0, len(text), 17))  # fragments, short enough to be kept
    return sorted(out)


def test_tokens_of_a_kept_short_text_are_its_tokens_read_afresh(pack_md):
    from auditor.facts import index

    glossaries = (None, {}, index.pack_glossary(pack_md))
    for text in _fact_texts(pack_md):
        for glossary in glossaries:
            plain = index._tokens(text, index.GLOSSARY if glossary is None else glossary or {}, {})
            first = index.tokens(text, glossary)
            assert first == plain, text
            first.append("changed")  # each caller its own list
            assert index.tokens(text, glossary) == plain, text


def test_count_and_plan_gates_pass_every_text_their_patterns_match(pack_md):
    from auditor.facts import index

    texts = _fact_texts(pack_md)
    counted = planned = 0
    for text in texts:
        if index.COUNT_RE.search(text):
            counted += 1
            assert index._MAY_COUNT_RE.search(text), text
        if index.PLAN_RE.search(text):
            planned += 1
            assert any(word in text for word in index._PLAN_TYPE_WORDS), text
    assert counted >= 5 and planned >= 2  # the patterns were tried on texts they match


def test_clean_joins_white_space_as_the_plain_substitution_does(pack_md):
    from auditor.facts import index

    for text in _fact_texts(pack_md):
        assert index._clean(text) == index._SPACES_RE.sub(" ", text).strip(" ,;:-–"), text


def test_last_word_read_backwards_is_what_the_search_finds(pack_md):
    """sentence_spans reads the word before a full stop backwards: as _LAST_WORD's search finds it, on every
    character (\\w by str.isalnum, '_' and '.'), and before a final newline as '$' matches there."""
    import sys

    odd = "".join(chr(i) for i in range(0, sys.maxunicode + 1, 7) if not 0xD800 <= i < 0xE000)
    windows = ["", ".", "\n", "a\n", "ab\n\n", "e.g", "p. 12", "Mr", "etc.\n", "x_y z", "£5m", "a\u0301b", "No.\n ",
               "٣٤", "ſt", "Ⅻ", "a b\t", "end.\r\n"] + [odd[i:i + 9] for i in range(0, len(odd), 5)]
    for text in _texts(pack_md):
        windows += [text[max(0, i - 64):i] for i in range(len(text) + 1)]
    for window in windows:
        word = dates._LAST_WORD.search(window)
        assert dates._last_word(window) == (word.group(1) if word else ""), repr(window)
