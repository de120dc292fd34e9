"""reference-check on packs written here and on the sample pack."""
from conftest import pack_from_markdown, run_rules

REPORT = """**CABINET – 3 MARCH 2025**

**HOUSING REPORT**

**REPORT OF THE DIRECTOR OF HOUSING**

1. The proposed revenue budget is shown in detail in Appendix A.

2. Details of proposed savings are set out in the table below and Appendix B.

| | 2025/26 £000 |
|---|---|
| Add proposed growth (Appendix C) | 20,300 |
| Less proposed savings ({savings_ref}) | -5,600 |

3. The growth items are summarised in Appendix C and in paragraph 2.

4. {extra}

5. The views of the Committee are sought.

### **Appendices**

Appendix A – Revenue Budget 2025/26

Appendix B – Savings 2025/26 to 2027/28

Appendix C – Growth 2025/26 to 2027/28

This page is intentionally left blank

**APPENDIX A**

**Revenue Budget 2025/26**

Revenue budget detail.

This page is intentionally left blank

**APPENDIX B**

**Savings 2025/26 to 2027/28**

Savings detail.

This page is intentionally left blank

**APPENDIX C**

**Growth 2025/26 to 2027/28**

Growth detail.
"""


def _run(select, savings_ref="Appendix B", extra="Nothing more."):
    return run_rules(pack_from_markdown(REPORT.format(savings_ref=savings_ref, extra=extra)), [select])


def test_correct_appendix_references_are_quiet():
    assert _run("reference-appendix") == []


def test_appendix_reference_to_the_wrong_subject():
    findings = _run("reference-appendix", savings_ref="Appendix C")
    assert [(f.expected, f.found) for f in findings] == [("Appendix B", "Appendix C")]
    assert findings[0].location.line is not None


PARKING = """**TRANSPORT COMMITTEE – 12 SEPTEMBER 2024**

**PARKING CHARGES REVIEW**

**REPORT OF THE DIRECTOR OF TRANSPORT**

1. {sentence}

2. The views of the Committee are sought.

### **Appendices**

Appendix A – Information and Statistics

Appendix B – Equality Impact Assessment

Appendix C – Environmental Impact Assessment

This page is intentionally left blank

**APPENDIX A**

**Information and Statistics**

Tables of permits.

**APPENDIX B**

**Equality Impact Assessment**

Impacts.

**APPENDIX C**

**Environmental Impact Assessment**

Emissions.
"""


def test_one_generic_word_in_common_is_not_another_appendix_subject():
    pack = pack_from_markdown(PARKING.format(sentence="An assessment of private operator charges is included in Appendix A."))
    assert run_rules(pack, ["reference-appendix"]) == []
    pack = pack_from_markdown(PARKING.format(sentence="The environmental impact of the new charges is set out in Appendix A."))
    assert [(f.found, f.expected) for f in run_rules(pack, ["reference-appendix"])] == [("Appendix A", "Appendix C")]


def test_appendix_that_does_not_exist():
    findings = _run("reference-appendix", extra="The risk register is at Appendix F.")
    assert [(f.found, f.expected) for f in findings] == [("Appendix F", "one of Appendix A, B, C")]


def test_paragraph_references():
    assert _run("reference-paragraph") == []
    findings = _run("reference-paragraph", extra="As set out in paragraph 12, the budget balances.")
    assert [f.found for f in findings] == ["paragraph 12"]


def test_references_to_the_paragraphs_of_another_report_are_not_this_reports():
    """A decision notice citing the report it considered: '(Section 9, paragraphs 9.1 to 9.2 to the report)',
    'paragraph 14 to the Cabinet report'. A sub-paragraph number (9.1) is no paragraph of a report numbered 1, 2, 3."""
    for extra in ("The resources are noted (Section 9, paragraphs 9.1 to 9.2 to the report).",
                  "The plan is agreed (paragraph 14 to the Cabinet report).",
                  "The savings are set out at paragraph 12.3."):
        assert _run("reference-paragraph", extra=extra) == [], extra
    findings = _run("reference-paragraph", extra="The resources are noted (see paragraphs 9 to 12).")
    assert [f.found for f in findings] == ["paragraphs 9 to 12"]


STRATEGY = """**CABINET – 3 MARCH 2025**

**SEND STRATEGY 2024-2027**

**REPORT OF THE DIRECTOR OF CHILDREN'S SERVICES**

1. The Local Area Development Plan in {section} of the Strategy identifies five priority areas.

2. The views of the Committee are sought.

### **Appendices**

Appendix A – Draft SEND Strategy 2024 to 2027

This page is intentionally left blank

# SEND Strategy

# Contents

1. Introduction
2. Our local context
3. {third}
4. Our Local Area Development Plan

# 1. Introduction

Text.

# 2. Local context

Text.

# 3. What families tell us

Text.

# 4. Our Local Area Development Plan

Text.
"""


def test_contents_list_matches_headings():
    pack = pack_from_markdown(STRATEGY.format(section="Section 4", third="What our families tell us?"))
    assert run_rules(pack, ["reference-contents"]) == []
    assert run_rules(pack, ["reference-section"]) == []


def test_contents_entry_numbered_as_another_section():
    pack = pack_from_markdown(STRATEGY.format(section="Section 4", third="Our Local Area Development Plan"))
    findings = run_rules(pack, ["reference-contents"])
    assert len(findings) == 1
    assert findings[0].found == "3. Our Local Area Development Plan"
    assert findings[0].expected == "4. Our Local Area Development Plan"


def test_section_reference_to_the_wrong_number():
    pack = pack_from_markdown(STRATEGY.format(section="Section 3", third="What our families tell us?"))
    findings = run_rules(pack, ["reference-section"])
    assert [(f.found, f.expected) for f in findings] == [("Section 3", "Section 4")]
    quoted = findings[0].message.split("': ")[0]
    assert quoted == "'The Local Area Development Plan in Section 3 of the Strategy"  # as the report has it


MINUTES = """Minutes of a meeting of the Scrutiny Committee held at County Hall on Tuesday, 5 November 2024.

28. Minutes of the previous meeting.

The minutes were confirmed.

35. Child Exploitation.

A copy of the report, marked 'Agenda Item 8', is filed with these minutes.

36. Sufficiency Statement.

A copy of the report, marked 'Agenda Item 9', is filed with these minutes.

37. Transfer of Funding.

A copy of the report marked 'Agenda Item 10' is filed with these minutes.

39. Adoption Agency.

A copy of the report, marked 'Agenda Item {item}', is filed with these minutes.
"""


def test_minutes_agenda_item_marks_keep_one_offset():
    assert run_rules(pack_from_markdown(MINUTES.format(item=12)), ["reference-minutes-item"]) == []
    findings = run_rules(pack_from_markdown(MINUTES.format(item=14)), ["reference-minutes-item"])
    assert [(f.expected, f.found) for f in findings] == [("Agenda Item 12", "Agenda Item 14")]


# ---------------------------------------------------------------- the sample pack

SAMPLE_MD = {
    ("reference-appendix", 356): "'Less proposed savings (Appendix B)': Appendix B is Growth, savings are Appendix C",
    ("reference-contents", 1243): "contents '4. Our Local Area SEND Development Plan': that heading is numbered 5",
    ("reference-contents", 1244): "contents '5. Our strategy for ... places': that heading is numbered 4",
}


def test_sample_pack_findings_pinned(pack_md):
    got = {(f.rule, f.location.line) for f in run_rules(pack_md, ["reference"])}
    assert got == set(SAMPLE_MD)
    # the minutes' 'Agenda Item 8..13' marks follow the minute numbers 35..40 and are not flagged


def test_sample_pack_other_forms(pack_docx, pack_pdf):
    for pack in (pack_docx, pack_pdf):
        assert sorted(f.rule for f in run_rules(pack, ["reference"])) == sorted(r for r, _ in SAMPLE_MD)


def test_table_below_must_be_there():
    text = """**CABINET – 3 MARCH 2025**

**HOUSING REPORT**

**REPORT OF THE DIRECTOR OF HOUSING**

1. The table below summarises the budget.

| | 2025/26 £000 |
|---|---|
| Repairs | 3,218 |

2. The costs are {where}.

3. The views of the Committee are sought.

### Background papers

None.
"""
    assert run_rules(pack_from_markdown(text.format(where="set out in the table above")), ["reference-table"]) == []
    findings = run_rules(pack_from_markdown(text.format(where="summarised in the table below")), ["reference-table"])
    assert [f.found for f in findings] == ["no table nearby"]


def test_a_listed_section_whose_heading_lost_its_number_is_there():
    unnumbered = STRATEGY.format(section="Section 4", third="What our families tell us?").replace(
        "# 2. Local context", "# Local context")
    missing = unnumbered.replace("# Local context", "# Our finances")
    assert run_rules(pack_from_markdown(unnumbered), ["reference-contents"]) == []
    assert [f.found for f in run_rules(pack_from_markdown(missing), ["reference-contents"])] == ["none"]


def test_a_minute_number_misread_is_not_blamed_on_the_item():
    misread = MINUTES.format(item=12).replace("36. Sufficiency Statement.", "27. Sufficiency Statement.")
    assert run_rules(pack_from_markdown(misread), ["reference-minutes-item"]) == []
