"""Number mentions in prose: what counts as a quantity, with its precision, and what is masked."""
from decimal import Decimal

import pytest

from auditor.facts.prose_numbers import find_mentions, mask_non_quantities, sentences_of, split_sentences


def texts(text):
    return [m.text for m in find_mentions(text)]


def test_money_percent_counts_and_words_keep_their_precision():
    ms = find_mentions("A budget of £12.60m, up 3.0% on last year, for 1,119 pupils and nine schools.")
    assert [(m.text, m.kind) for m in ms] == [("£12.60m", "money"), ("3.0%", "percent"), ("1,119", "count"),
                                             ("nine", "word")]
    money, pct, count, word = ms
    assert (money.figure.value, money.figure.decimals, money.figure.scale) == (Decimal("12.60"), 2, Decimal(1_000_000))
    assert money.interval() == (Decimal("12595000.00"), Decimal("12605000.00"))
    assert pct.interval() == (Decimal("2.95"), Decimal("3.05"))
    assert count.exact and count.interval() == (Decimal(1119), Decimal(1119))
    assert word.figure.value == 9 and word.exact


@pytest.mark.parametrize("text", [
    "The meeting on 21 January 2025 at 2.00 pm in 2024/25.",
    "Young people aged 11-18 and children aged 0-25.",
    "Tel: 0116 305 0183, see paragraph 9 and Quarter 2, Key Stage 2 and Standing Order 35.",
    "Items G1 and CF5, S106 funding, 5-year-olds and a rate per 10,000 children.",
    "Between 2020 – 2024 and from March 2023 to March 2024.",
])
def test_dates_years_ranges_labels_and_codes_are_not_quantities(text):
    assert texts(text) == []


def test_masking_keeps_offsets():
    text = "On 21 January 2025 we had 317 schools."
    masked = mask_non_quantities(text)
    assert len(masked) == len(text)
    assert masked.index("317") == text.index("317")


def test_qualifiers_mark_approximate_and_bounded_figures():
    approx, bound, plain = find_mentions("approx. 88.9k pupils, over 200 leavers and 140 children")
    assert approx.approx and not approx.bound
    assert bound.bound
    assert not plain.approx and not plain.bound
    lo, hi = approx.interval()
    assert lo < Decimal("88850") and hi > Decimal("88950")  # widened by one unit of the last place


def test_negative_money_and_parentheses():
    neg, paren = find_mentions("a saving of -£1.24m by 2028/29 (£2m assumed per annum)")
    assert neg.figure.value == Decimal("-1.24") and not neg.in_parens
    assert paren.in_parens and paren.noun.startswith("assumed per annum")


def test_one_as_a_pronoun_is_not_a_count():
    assert texts("One of the key outputs was support on a one to one basis.") == []
    assert texts("We opened one home and two hubs.") == ["one", "two"]


def test_sentences_do_not_break_at_abbreviations_or_decimals():
    text = "It was approx. 12.5% (c. 40 pupils), e.g. in Mr. Smith's school. This is an increase. Next (a) item."
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == ["It was approx. 12.5% (c. 40 pupils), e.g. in Mr. Smith's school.", "This is an increase.",
                     "Next (a) item."]


def test_sentences_carry_their_own_mentions():
    first, second = sentences_of("The rate was 0.8% (127 students). This was up on 0.9%.")
    assert [m.text for m in first.mentions] == ["0.8%", "127"]
    assert [m.text for m in second.mentions] == ["0.9%"]
    assert first.mentions[1].in_parens


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PROSE_ALPHABET = st.sampled_from(list("0123456789 ,.%£()-–:;kmab") + [" of ", " out of ", " increase ", " from ",
                                                                       " to ", " comprising ", " including ",
                                                                       " below ", " rising to ", "This ", " nine "])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PROSE_ALPHABET, max_size=60).map("".join))
def test_reading_prose_never_raises(text):
    from auditor.facts.claims import Source, claims_in

    source = Source(None, None, sentences_of(text))
    for idx in range(len(source.sentences)):
        claims_in(source, idx)


def test_long_runs_of_digits_and_spaces_stay_fast():
    import time

    text = "aged " + "1 " * 3000 + "x. " + "12.5% (3 of 4) " * 500 + "£1,000,000,000,000,000.5m " * 200
    start = time.perf_counter()
    find_mentions(text)
    assert time.perf_counter() - start < 5
