"""Where a cross-reference resolves, and what counts as one.

- An appended document (a consultant's study attached as a report's Appendix A) that lists and heads
  appendices of its own: its 'Appendix C' means its own Appendix C, not the report's.
- An appendix's own heading or contents entry ('7.3 Appendix C: Route Map ..... 12') is not a reference.
- A report's title matches its agenda item when one writes a word closed up and the other open
  ('Centreline Policy' / 'Centre Line Policy').
- 'The table below' followed by a table flattened one cell per paragraph has its table.
"""
from conftest import pack_from_markdown, run_rules

from auditor.facts.references import find_mentions

STUDY = """**CABINET – 3 MARCH 2025**

**WORKPLACE PARKING LEVY**

**REPORT OF THE DIRECTOR OF TRANSPORT**

1. The feasibility study is at Appendix A and the equality impact assessment at Appendix B.

2. {report_sentence}

### **Appendices**

Appendix A – Feasibility Study Report

Appendix B – Equality Impact Assessment

This page is intentionally left blank

**APPENDIX A**

**Feasibility Study Report**

**Table of Contents**

1.0 Introduction ........ 2

2.0 Appendices ........ 5

2.1 Appendix C: Route Map ........ 5

2.2 Appendix D: Risk Register ........ 6

**1.0 Introduction**

The route map (Appendix C) sets out the stages of the scheme. {study_sentence}

**2.0 Appendices**

**2.1 Appendix C: Route Map**

Stage one, stage two, stage three.

**2.2 Appendix D: Risk Register**

Risks and owners.

This page is intentionally left blank

**APPENDIX B**

**Equality Impact Assessment**

Impacts.
"""


def _appendix_findings(report_sentence="The views of the Committee are sought.",
                       study_sentence="The risks are listed in Appendix D."):
    pack = pack_from_markdown(STUDY.format(report_sentence=report_sentence, study_sentence=study_sentence))
    return pack, run_rules(pack, ["reference-appendix"])


def test_an_attached_study_has_its_own_appendices():
    pack, findings = _appendix_findings()
    study = next(d for d in pack.documents if d.letter == "A")
    assert study.own_appendices == {"C": "Route Map", "D": "Risk Register"}
    assert findings == []


def test_an_appendix_the_study_does_not_have_is_found():
    _, findings = _appendix_findings(study_sentence="The glossary is at Appendix E.")
    assert [(f.found, f.expected) for f in findings] == [("Appendix E", "one of Appendix C, D")]
    assert "own appendices" in findings[0].message


def test_the_report_still_resolves_in_its_own_appendices():
    # the study's Appendix C is not the report's: the report has A and B
    _, findings = _appendix_findings(report_sentence="The route map is at Appendix C.")
    assert [(f.found, f.expected) for f in findings] == [("Appendix C", "one of Appendix A, B")]


def test_a_report_appendix_listing_its_siblings_has_no_own_set():
    # the appendix prints its report's list again (B is the report's assessment): no set of its own
    text = STUDY.format(report_sentence="Nothing more.", study_sentence="")
    text = text.replace("Appendix C: Route Map", "Appendix B: Equality Impact Assessment")
    text = text.replace("Appendix D: Risk Register", "Appendix C: Environmental Impact Assessment")
    study = next(d for d in pack_from_markdown(text).documents if d.letter == "A")
    assert study.own_appendices == {}


def test_appendix_headings_and_contents_entries_are_not_references():
    pack, _ = _appendix_findings()
    mentions = [(m.target, m.block.text) for m in find_mentions(pack) if m.kind == "appendix"]
    assert ("C", "The route map (Appendix C) sets out the stages of the scheme. "
                 "The risks are listed in Appendix D.") in mentions
    assert not any(text.startswith(("2.1 Appendix C", "2.2 Appendix D")) for _, text in mentions)


AGENDA = """# Transport Committee

**Agenda**

1. Apologies for absence

2. Declarations of interest

3. Minutes of the previous meeting

4. {item}
To seek approval of a policy position on road markings.

5. Forward plan

**TRANSPORT COMMITTEE – 12 SEPTEMBER 2024**

**CENTRELINE POLICY**

**REPORT OF THE DIRECTOR OF TRANSPORT**

1. The views of the Committee are sought.
"""


def test_report_title_matches_agenda_item_written_open_or_hyphenated():
    for item in ("Centre Line Policy", "Centre-line Policy", "Centreline Policy"):
        assert run_rules(pack_from_markdown(AGENDA.format(item=item)), ["reference-agenda"]) == [], item
    findings = run_rules(pack_from_markdown(AGENDA.format(item="Cycle Hangar Policy")), ["reference-agenda"])
    assert [f.found for f in findings] == ["no matching agenda item"]


TABLE_BELOW = """**BOARD – 4 SEPTEMBER 2025**

**RISK REGISTER REPORT**

**REPORT OF THE DIRECTOR OF NURSING**
{elsewhere}
1. The table below summarises the movement of risk since the last report.

{below}

2. Closed risks are listed in the register.

### Background papers

None.
"""
FLATTENED = "**Current**\n\n**Previous**\n\n**Total Open Risks**\n\n91\n\n82\n\n**New Risks**\n\n17\n\n10"
PROSE = ("The number of open risks rose over the quarter because seventeen new risks were added to the register, "
         "mostly in the community services, while eight risks were closed after their mitigations took effect.")
ANOTHER_TABLE = "\n| Risk | Score |\n|---|---|\n| Staffing | 12 |\n"


def _table_findings(below, elsewhere=""):
    pack = pack_from_markdown(TABLE_BELOW.format(below=below, elsewhere=elsewhere))
    return [(f.severity, f.found) for f in run_rules(pack, ["reference-table"])]


def test_a_table_flattened_into_paragraphs_is_a_table_below():
    assert _table_findings(FLATTENED) == []
    assert _table_findings(FLATTENED, ANOTHER_TABLE) == []


def test_prose_where_the_table_should_be_is_found():
    assert _table_findings(PROSE, ANOTHER_TABLE) == [("warning", "no table nearby")]


def test_no_table_read_in_the_whole_document_makes_it_information():
    # the format may have lost every table of this document: 'no table here' is a guess
    assert _table_findings(PROSE) == [("info", "no table nearby")]


def test_a_short_list_is_not_a_flattened_table():
    bullets = "\n".join(f"- Risk {n} closed" for n in range(1, 8))
    assert _table_findings(bullets, ANOTHER_TABLE) == [("warning", "no table nearby")]


# ---------------------------------------------------------------- a PDF pack: the study's appendices open pages

def _pdf_study():
    from auditor.model import Block, Location, RawPack
    from auditor.structure.segment import segment

    def block(page, text, heading=False):
        return Block("heading" if heading else "paragraph", text, Location("pack.pdf", page=page), bold=heading,
                     level=1 if heading else 0)

    blocks = [
        block(1, "Committee Report", True), block(1, "TITLE: Workplace Parking Levy"),
        block(1, "1. The feasibility study is at Appendix A."),
        block(1, "Appendix A – Feasibility Study Report YES"), block(1, "Appendix B – Equality Impact Assessment YES"),
        block(2, "APPENDIX A – Feasibility Study Report", True), block(2, "Contents"),
        block(2, "7.1 Appendix B: Glossary ........ 4"), block(2, "7.2 Appendix C: Route Map ........ 5"),
        block(2, "7.3 Appendix D: Risk Register ........ 6"),
        block(3, "The route map (Appendix C) sets out the stages; the risks are in Appendix D."),
        block(4, "APPENDIX B – Glossary", True), block(4, "Terms."),
        block(5, "APPENDIX C – Route Map", True), block(5, "Stage one."),
        block(6, "APPENDIX D – Risk Register", True), block(6, "Risks."),
        block(7, "APPENDIX B – Equality Impact Assessment", True), block(7, "Impacts."),
    ]
    return segment(RawPack(source="pack.pdf", format="pdf", blocks=blocks, pages=7))


def test_pages_opening_with_the_study_s_own_appendices_stay_in_the_study():
    pack = _pdf_study()
    assert [(d.kind, d.title, d.letter) for d in pack.documents] == [
        ("report", "Workplace Parking Levy", None),
        ("appendix", "Appendix A – Feasibility Study Report", "A"),
        ("appendix", "Appendix B – Equality Impact Assessment", "B"),
    ]
    study = pack.documents[1]
    assert study.own_appendices == {"B": "Glossary", "C": "Route Map", "D": "Risk Register"}
    assert study.blocks[-1].text == "Risks."
    assert run_rules(pack, ["reference-appendix"]) == []


def test_references_past_the_study_s_own_pages_are_found():
    pack = _pdf_study()
    study, report = pack.documents[1], pack.documents[0]
    study.blocks[-1].text = "Risks; the glossary of terms is at Appendix E."
    report.blocks[2].text = "1. The route map is at Appendix C."
    findings = run_rules(pack, ["reference-appendix"])
    assert sorted((f.document, f.found, f.expected) for f in findings) == [
        ("Appendix A – Feasibility Study Report", "Appendix E", "one of Appendix B, C, D"),
        ("Workplace Parking Levy", "Appendix C", "one of Appendix A, B"),
    ]
