"""Prose figures read as a reader reads them in committee text the auditor had never seen (complaints
reports, sickness absence, adult social care local accounts):

- a number word after a label noun ('stage one', 'Year Six', 'Key Stage Two') names a stage, not a count;
- a list of parts ends where a comparison opens ('including ..., compared to 1,092 in 2021-22');
- a change amount ('a decrease of 0.73 days') is never the level another change is from or to;
- 'This was a drop on last year, when N ...' is read only when the sentence before gives one figure of
  N's measure.

Each right text stays quiet; its near-miss with a real slip is still found."""
import pytest

from conftest import pack_from_markdown, run_rules

from auditor.facts.prose_numbers import find_mentions

RULES = ["prose-percent-of", "prose-direction", "prose-difference", "prose-change", "prose-parts-sum"]


def _found(body: str) -> list[tuple[str, str, str]]:
    pack = pack_from_markdown("# Annual complaints report\n\n" + body + "\n")
    return [(f.rule, f.found, f.expected) for f in run_rules(pack, RULES)]


# ---------------------------------------------------------------- number words that are labels

@pytest.mark.parametrize("text", [
    "91 stage one complaints", "the Year Six pupils", "pupils at Key Stage Two", "a tier three authority",
    "phase two of the scheme", "level four apprenticeships", "council tax band two", "priority one repairs",
    "option three was chosen", "wave two of the grant", "round three bids", "category one calls",
    "quarter two returns", "Stage One complaints",
])
def test_a_number_word_after_a_label_noun_is_not_a_quantity(text):
    assert [m.text for m in find_mentions(text) if m.kind == "word"] == []


@pytest.mark.parametrize("text, word", [
    ("At this stage two options remain.", "two"),  # a determiner before the noun: the phrase ends there
    ("Last year three schools closed.", "three"),
    ("Each year four reviews are held.", "four"),
    ("In the last two years three schools closed.", "three"),  # a plural noun: not 'Years Three'
    ("The scheme has two stages and three phases.", "three"),  # the number before the noun counts it
])
def test_a_number_word_after_a_plain_noun_still_counts(text, word):
    assert word in [m.text for m in find_mentions(text) if m.kind == "word"]


def test_a_stage_named_in_words_is_not_the_whole_of_its_parts():
    # probe: Lichfield customer feedback report, 'We received 91 stage one complaints, of which 15 were not
    # investigated because they were withdrawn' read 'one' as the whole of the 15
    assert _found("We received 91 stage one complaints, of which 15 were not investigated because they were "
                  "withdrawn.") == []
    assert _found("We received 91 stage one complaints, of which 60 were upheld and 40 were not upheld.") == \
        [("prose-parts-sum", "91", "100 (60 + 40)")]


def test_a_key_stage_named_in_words_is_not_one_of_the_parts():
    assert _found("Of the 12 pupils, 8 reached Key Stage Two and 3 did not.") == []
    assert _found("Of the 12 pupils, 8 reached Key Stage Two and 5 did not.") == \
        [("prose-parts-sum", "12", "13 (8 + 5)")]


def test_a_count_after_a_determined_noun_is_still_a_part():
    # 'at this stage two are preferred': two options, counted with the four
    assert _found("Of the 6 options, at this stage two are preferred and four are rejected.") == []
    assert _found("Of the 5 options, at this stage two are preferred and four are rejected.") == \
        [("prose-parts-sum", "5", "6 (two + four)")]


# ---------------------------------------------------------------- a list of parts ends at a comparison

_TORBAY = ("1,068 people started to receive an ongoing support service, including community activities, compared to "
           "1,092 in 2021-22 (-2.2%).")


@pytest.mark.parametrize("right", [
    _TORBAY,
    "500 households were helped, including families with children, compared with 520 last year.",
    "500 households were helped, including 300 households with children and 150 households of single people, "
    "compared with 520 last year.",
    "We received 91 complaints, of which 15 were withdrawn and 70 were investigated, compared with 80 last year.",
])
def test_the_figure_after_a_comparison_is_not_one_of_the_parts(right):
    # probe: Torbay adult social care local account; the 1,092 of 2021-22 was read as a part of 1,068
    assert _found(right) == []


def test_the_parts_before_a_comparison_are_still_added_up():
    assert _found("500 households were helped, including 300 households with children and 250 households of "
                  "single people, compared with 520 last year.") == [("prose-parts-sum", "500", "550 (300 + 250)")]
    assert _found("We received 91 complaints, of which 15 were withdrawn and 80 were investigated, compared with "
                  "70 last year.") == [("prose-parts-sum", "91", "95 (15 + 80)")]


def test_a_bound_than_does_not_end_the_list():
    # 'more than 20' bounds its figure; the list goes on after it
    assert _found("There are 50 settings, including more than 20 nurseries and 40 childminders.") == []


# ---------------------------------------------------------------- a change amount is not a level

_ABSENCE = ("Absence was 10.15 days per FTE, a decrease of 0.73 days on last year and an increase of 2.65 days over "
            "the target of 7.5 days.")
_ABSENCE_THIS = ("This is equivalent to 10.15 days per FTE employee per annum. This represented a decrease of 0.73 "
                 "days per FTE employee compared to last year (10.88) and an increase of 2.65 days over the target of "
                 "7.5 days per FTE employee.")


@pytest.mark.parametrize("right, slip, found", [
    # probe: South Lakeland sickness absence; the 0.73 decrease was read as the level compared with the target
    (_ABSENCE, _ABSENCE.replace("2.65 days", "2.75 days"), [("prose-change", "2.75", "2.65")]),
    (_ABSENCE_THIS, _ABSENCE_THIS.replace("2.65 days", "2.75 days"), [("prose-change", "2.75", "2.65")]),
    (_ABSENCE_THIS, _ABSENCE_THIS.replace("0.73", "0.83"), [("prose-change", "0.83", "0.73")]),
    # a plural noun names an amount, a level: 'cost reductions of £1.184m, an increase of £112,000 on £1.172m'
    ("The trust needs cost reductions of £1.184m, an increase of £12,000 on the £1.172m needed in December.",
     "The trust needs cost reductions of £1.184m, an increase of £112,000 on the £1.172m needed in December.",
     [("prose-change", "£112,000", "£12,000")]),
])
def test_a_change_amount_is_never_the_level_another_change_is_from(right, slip, found):
    assert _found(right) == []
    assert _found(slip) == found


def test_a_change_followed_by_another_change_is_not_read_between_them():
    # 'a decrease of 0.73 on last year and an increase of 2.65': the 2.65 is no value the 0.73 is from
    assert _found("Absence was 10.15 days, a decrease of 0.73 days on last year and an increase of 2.65 days.") == []


# ---------------------------------------------------------------- 'This was a drop on last year, when N ...'

@pytest.mark.parametrize("right", [
    # probe: Lichfield; two figures before, and the 69 counts another measure (investigated, not received)
    "We received 70 complaints, of which 13 were withdrawn. This was a drop on last year, when 69 complaints were "
    "investigated.",
    "We received 70 complaints. This was a drop on last year, when 64 complaints were investigated.",
    "We received 70 complaints and 45 compliments. This was a drop on last year, when 64 were received.",
    "We received 70 complaints. This was a drop on last year, when 79 were received.",
])
def test_an_anaphoric_direction_needs_one_figure_of_the_same_measure(right):
    assert _found(right) == []


@pytest.mark.parametrize("slip, found", [
    ("We received 70 complaints. This was a drop on last year, when 64 were received.", ("70", "64")),
    ("We received 70 complaints. This was a drop on last year, when 64 complaints were received.", ("70", "64")),
    ("We received 70 complaints (81 in 2022). This was a drop on last year's 64.", ("70", "64")),
])
def test_an_anaphoric_direction_of_one_figure_is_still_checked(slip, found):
    got = _found(slip)
    assert [rule for rule, _, _ in got] == ["prose-direction"]
    assert got[0][2] == f"an increase (from {found[1]} to {found[0]})"


# ---------------------------------------------------------------- counts and sentences of another period
# (the probe's 'stage one' packs: with the number word a label, the same counted words still came back)

def _rules(text: str, rule: str) -> list[str]:
    return [f.found for f in run_rules(pack_from_markdown(text), [rule])]


_RECEIVED = "We received 91 stage one complaints this year.\n\n"
_COUNTS = """# Complaints

{received}Following investigation, 33 stage one complaints were upheld, compared to 22 stage one complaints last year.

Last year 22 stage one complaints were upheld or partially upheld, so this is a significant increase.

The increase from 22 stage one complaints upheld last year reflects the waste round changes.
"""


def test_a_count_of_an_earlier_period_is_not_the_same_count_restated():
    # probe (Lichfield): 22 is last year's count, told three times; it is not the 33 upheld this year restated
    assert _rules(_COUNTS.format(received=_RECEIVED), "count-restated") == []
    assert _rules(_COUNTS.format(received=""), "count-restated") == []


def test_the_same_count_of_this_period_restated_differently_is_still_found():
    slip = _COUNTS.format(received="") + ("\nThe 33 stage one complaints upheld were reviewed by the board.\n"
                                          "\nLessons from the 38 stage one complaints upheld were shared.\n")
    assert _rules(slip, "count-restated") == ["38"]


_YEARS = """# Complaints annual report

## 2023/24

Following investigation, 33 stage one complaints were either upheld or partially upheld.

## {second}

Following investigation, {n} stage one complaints were either upheld or partially upheld.
"""


def test_a_sentence_under_headings_of_two_periods_gives_each_periods_figure():
    assert _rules(_YEARS.format(second="2022/23", n="22"), "restated-sentence") == []
    assert _rules(_YEARS.format(second="Key facts (previous year)", n="22"), "restated-sentence") == []


def test_a_sentence_restated_under_headings_of_one_period_is_still_found():
    assert _rules(_YEARS.format(second="Summary of 2023/24", n="32"), "restated-sentence") == ["32"]
    assert _rules(_YEARS.format(second="Summary", n="32"), "restated-sentence") == ["32"]
