"""restated-sentence: a sentence copied into another paper must keep its figures."""
from conftest import pack_from_markdown, run_rules

CONTEXT = ("The latest School Census, which includes all pupils on roll at a school within the county "
           "(aged 4 to 16 years), reports that there are now 13,983 pupils on a SEN Support plan and {n} with "
           "an Education, Health and Care Plan.")
PACK = """# SEND strategy

1. {first}

2. The strategy sets out five priorities.

# Equality Impact Assessment

Context: {second}
"""


def _found(first, second):
    return [(f.found, f.expected) for f in run_rules(pack_from_markdown(PACK.format(first=first, second=second)),
                                                     ["restated-sentence"])]


def test_a_sentence_copied_with_its_figures_is_quiet():
    assert _found(CONTEXT.format(n="6,377"), CONTEXT.format(n="6,377")) == []


def test_a_sentence_copied_with_one_figure_changed_is_found():
    assert _found(CONTEXT.format(n="6,377"), CONTEXT.format(n="6,317")) in ([("6,317", "6,377")], [("6,377", "6,317")])


def test_item_and_page_numbers_are_not_figures():
    form = "{n}. Service Level Assurance: the Committee receives quarterly reports on each of the risks listed."
    assert _found(form.format(n=1), form.format(n=4)) == []
    footer = "Feasibility Study Report for a Workplace Parking Levy Scheme in the City of Bristol Page | {n}"
    assert _found(footer.format(n=44), footer.format(n=45)) == []


def test_a_span_counted_back_to_when_it_was_written_may_grow_between_copies():
    """Last year's action quoted beside this year's: 'the last four years' then is 'the last five years' now."""
    since = "Continue to monitor processes as agreed. In the last {n} years there have been no formal complaints and feedback is good."
    assert _found(since.format(n="four"), since.format(n="five")) == []
    ago = "The service was reviewed by the Board and the panel {n} years ago and its findings have been acted on by the team."
    assert _found(ago.format(n="three"), ago.format(n="four")) == []
    counted = "Continue to monitor processes as agreed. In the last year there have been {n} formal complaints and feedback is good."
    assert len(_found(counted.format(n="four"), counted.format(n="five"))) == 1
