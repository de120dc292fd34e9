"""Prose figures paired as a reader pairs them: each change with its own comparator, an aside in
brackets kept out, parts whose signs are not written, and 'the remaining' share of an earlier figure."""
import pytest
from conftest import pack_from_markdown, run_rules



def _found(text: str) -> list[tuple[str, str]]:
    pack = pack_from_markdown("# Budget report\n\n1. " + text + "\n")
    return [(f.rule, f.found) for f in run_rules(pack, ["prose-"])]


@pytest.mark.parametrize("quiet, slip, found", [
    # the change is on the previous year; the £33.9m in the next clause is another comparison
    ("The funding is £1,530.9m (an increase of £101.4m, 7.1%, on 2024-25), this is £33.9m more than the draft.",
     "The funding is £1,530.9m (an increase of £101.4m, 7.1%, from £1,429.5m), this is £33.9m more than the draft.",
     None),
    # the comparator in brackets after a period is the old value
    ("This is an increase of 120 students (12.0%) compared to the end of Q2 2023/24 (999 students).",
     "This is an increase of 120 students (10.7%) compared to the end of Q2 2023/24 (999 students).",
     "10.7%"),
    # a figure after "on <period>, of which" is not what the change is on
    ("The schools block has increased by £108.5m (8.5%) to £1,384.2m on the figure for 2024-25, of which £33.8m is new.",
     "The schools block has increased by £108.5m (7.8%) to £1,384.2m on the figure for 2024-25, of which £33.8m is new.",
     "7.8%"),
])
def test_a_change_is_paired_with_its_own_comparator(quiet, slip, found):
    assert _found(quiet) == []
    if found:
        assert [f for _, f in _found(slip)] == [found]


_ASIDE = ("The estimate includes a £3.2m surplus (compared to a £0.6m provisional deficit), "
          "this is £3.8m less than the £7m assumed in the draft.")
_UNSIGNED = ("Directorates were projecting an underspend of £111.6 million, split between a £12.9 million "
             "real variance and £124.5 million of rephasing.")
_COLON_LIST = "Of the 20 measures, 18 have a target: 9 are on track, 6 are slightly off track and 3 are off track."
_OFFSET = "There is a net overspend of £0.3m, made up of £0.5m on transport offset by £0.2m of vacancy savings."
_TWO_COMPARATORS = ("The service handled 4,120 contacts, a 6.2% rise on last quarter (3,880) and 9.5% above "
                    "the same quarter last year (3,762).")
_ADJECTIVE = "The scheme will deliver 20 homes, made up of 12 two-bedroom homes and 8 three-bedroom homes."


@pytest.mark.parametrize("quiet, slip, rule, found", [
    pytest.param(_ASIDE, _ASIDE.replace("£3.8m less", "£4.8m less"), "prose-difference", None,
                 id="an_aside_in_brackets_is_not_the_subject_of_a_difference"),
    pytest.param(_UNSIGNED, _UNSIGNED.replace("£111.6 million", "£118.6 million"), "prose-parts-sum", None,
                 id="parts_whose_signs_are_not_written"),
    pytest.param(None, "The 317 schools, which include 252 primary, 80 secondary and 8 special schools, were visited.",
                 "prose-parts-sum", None, id="parts_that_cannot_be_signed_still_add_up"),
    pytest.param("The block rises by 2.6% in all. Approximately 1.3% of this relates to the pay award, "
                 "whilst the remaining 1.3% funds demographic changes.",
                 "96% of the settlement is core grant, the remaining 6% is one-off funding.", "prose-parts-sum", None,
                 id="the_remaining_share_of_an_earlier_figure_is_not_the_rest_of_100"),
    pytest.param(_COLON_LIST, _COLON_LIST.replace("and 3 are", "and 4 are"), "prose-parts-sum", "18",
                 id="a_list_after_a_colon_breaks_down_the_figure_before_it"),
    pytest.param(_OFFSET, _OFFSET.replace("£0.5m", "£0.9m"), "prose-parts-sum", "£0.3m",
                 id="parts_offset_against_each_other_are_not_a_change"),
    pytest.param(_TWO_COMPARATORS, _TWO_COMPARATORS.replace("(3,762)", "(3,662)"), "prose-difference", None,
                 id="each_percentage_belongs_to_its_own_comparator"),
    pytest.param(_ADJECTIVE, _ADJECTIVE.replace("and 8 three", "and 6 three"), "prose-parts-sum", "20",
                 id="a_number_word_that_is_an_adjective_is_not_a_count"),
])
def test_a_quiet_sentence_is_quiet_and_its_slip_is_found(quiet, slip, rule, found):
    if quiet is not None:
        assert _found(quiet) == []
    assert [r for r, _ in _found(slip)] == [rule]
    if found is not None:
        assert _found(slip) == [(rule, found)]


def test_a_bracketed_value_of_another_comparison_is_not_the_subject():
    text = ("(92.9%), and 1.7% lower than the average for Statistical Neighbours (93.3%), "
            "which is close to their highest ever level.")
    assert _found(text) == []
