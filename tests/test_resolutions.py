"""minutes-resolution: 'RESOLVED: That ...' with no decision, on minutes written here and on the sample pack."""
from conftest import pack_from_markdown, run_rules

MINUTES = """Minutes of a meeting of the Housing Committee held at the Civic Centre on Tuesday, 4 March 2025.

PRESENT

Cllr A. Smith (in the Chair)

12. Homelessness Strategy.

The Committee considered a report of the Director of Housing.

RESOLVED:

{first}

13. Annual Report of the Tenants' Panel.

RESOLVED:

- (a) That the annual report be noted.
- {second}

14. Date of next meeting.

RESOLVED:

It was noted that the next meeting would be held on 1 April 2025.
"""


def _found(first, second="(b) That officers report back in June."):
    pack = pack_from_markdown(MINUTES.format(first=first, second=second))
    return [f.found for f in run_rules(pack, ["minutes-resolution"])]


def test_a_resolution_with_no_decision_is_flagged():
    assert _found("That the overview of activity of the Homelessness Service for the period April 2023 to March 2024.") \
        == ["That the overview of activity of the Homelessness Service for the period April 2023 to March 2024."]
    assert _found("That the report be noted.", "(b) That the comments of the Committee on the draft strategy.") \
        == ["That the comments of the Committee on the draft strategy."]


def test_resolutions_with_their_decision_are_quiet():
    for first in ("That the report be noted.", "That the Committee notes the progress made.",
                  "That the Cabinet be advised of the comments made by the Committee.",
                  "That the Director is asked to report back in June.",
                  "That the Director write to the Minister about the funding gap.",
                  "That officers report back in June.",
                  "To note the contents of the report on the Period 2 forecast.",
                  "That the Cabinet:",
                  "That the overview of activity of the Homelessness Service for the period April 2023 to\nMarch 2024 be noted."):
        assert _found(first) == [], first


def test_sample_pack(pack_md, pack_pdf, pack_docx):
    # minute 38: 'That the overview of activity of the Fostering Service for the period March 2023 to March 2024.'
    # (every other resolution of those minutes ends 'be noted')
    md = run_rules(pack_md, ["minutes-resolution"])
    assert [f.location.line for f in md] == [216]
    assert md[0].found.startswith("That the overview of activity of the Fostering Service")
    assert len(run_rules(pack_pdf, ["minutes-resolution"])) == 1
    assert len(run_rules(pack_docx, ["minutes-resolution"])) == 1
