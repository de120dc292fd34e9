"""draft-text: placeholders, notes to self, empty links, unfilled comment requests."""
from conftest import pack_from_markdown, run_rules


def findings_for(text):
    return run_rules(pack_from_markdown(text), ["draft"])


def test_placeholders_are_found_with_their_line():
    text = "# Report\n\nThe saving of £Xm will be delivered by [insert date].\n\nThe total is TBC.\n"
    found = {(f.rule, f.location.line, f.found) for f in findings_for(text)}
    assert ("draft-placeholder", 3, "£Xm") in found
    assert ("draft-placeholder", 3, "[insert date]") in found
    assert ("draft-tbc", 5, "TBC") in found


def test_notes_to_self_and_comment_requests():
    text = ("Figures to follow. NB: check with finance before this goes out.\n\n"
            "| Team | Comments |\n|---|---|\n| Policy | Please set out comments from the Policy Team |\n")
    rules = {f.rule for f in findings_for(text)}
    assert {"draft-note", "draft-comment-request"} <= rules


def test_empty_links_but_not_real_ones():
    text = "See the [strategy](#) and the [plan](https://example.org/plan).\n"
    found = [f for f in findings_for(text) if f.rule == "draft-empty-link"]
    assert [f.message for f in found] == ["Link 'strategy' has no target"]


def test_clean_text_is_not_flagged():
    text = ("The Cabinet approved the budget (Appendix B) on 7 February 2025.\n\n"
            "Please note: this meeting will be filmed.\n\n"
            "Officers will check the figures each quarter. Taxi costs rose by 12%.\n\n"
            "The XXL contract and Box 10 remain. Comments from the public are set out in Appendix C.\n")
    assert findings_for(text) == []


def test_sample_pack_draft_findings(pack_md):
    found = {(f.rule, f.location.line) for f in run_rules(pack_md, ["draft"])}
    # the unfilled comment box in the equality impact assessment form
    assert ("draft-comment-request", 1915) in found
    # "published on the Local Offer [website](#)": a link with no target
    assert ("draft-empty-link", 1111) in found
    # notes to self in the draft strategy: "(add appropriate link ...)", "... can be added here ..."
    assert {("draft-note", 1512), ("draft-note", 1614)} <= found


def test_repeated_placeholder_in_one_table_is_one_finding():
    text = "| Saving | Lead | Amount |\n|---|---|---|\n| Review A | TBC | 0 |\n| Review B | TBC | -290 |\n"
    (finding,) = [f for f in findings_for(text) if f.rule == "draft-tbc"]
    assert finding.location.line == 3 and "2 cells" in finding.message
    assert [r.location.line for r in finding.related] == [4]


def test_form_guidance_followed_by_an_answer_is_not_an_unfilled_request():
    text = ("| Question | Answer |\n|---|---|\n"
            "| Consultation | Please include details of any completed engagement and consultation and how "
            "representative this had been. We held four drop-in sessions in June and an online survey "
            "answered by 1,240 residents, summarised in Appendix C. |\n"
            "| Policy team | Please set out comments from the Policy Team |\n")
    found = [f for f in findings_for(text) if f.rule == "draft-comment-request"]
    assert [f.found for f in found] == ["Please set out comments from the Policy Team"]


def test_instructions_to_add_content_are_drafting_notes():
    text = ("The pilot started in 2023 with ten areas (add appropriate link for more information).\n\n"
            "Recent case studies can be added here, e.g. from the summer roadshows\n\n"
            "Costs (including VAT) were added to the plan. Further sites will be added here in 2026 only if funded.\n")
    found = [(f.rule, f.location.line) for f in findings_for(text)]
    assert ("draft-note", 1) in found and ("draft-note", 3) in found
    assert not any(line == 5 for _, line in found)


def test_a_blank_date_under_a_report_but_not_under_minutes_or_a_contents_line():
    report = ("# Annual Report and Financial Statements\n\nWe have audited the financial statements.\n\n"
              "Statutory Auditors, Ipswich\n\nDate ………………………..\n\nContents\n\nDate of approval ........ 12\n")
    found = run_rules(pack_from_markdown(report), ["draft-blank-field"])
    assert [f.found for f in found] == ["Date ……………………….."]
    dated = report.replace("Date ………………………..", "Date 18 September 2015")
    assert run_rules(pack_from_markdown(dated), ["draft-blank-field"]) == []
    minutes = ("Minutes of a meeting of the Cabinet held at County Hall on Tuesday, 5 November 2024.\n\n"
               "28. Minutes of the previous meeting.\n\nThe minutes were confirmed.\n\n"
               "Signed ______________________ Chairman\n\nDate ………………………..\n")
    pack = pack_from_markdown(minutes)
    assert [d.kind for d in pack.documents] == ["minutes"]
    assert run_rules(pack, ["draft-blank-field"]) == []
