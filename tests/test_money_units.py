"""money-unit: £ amounts that lost their 'm', on sentences written here and on the sample pack."""
from conftest import pack_from_markdown, run_rules

HEAD = """**CABINET – 3 MARCH 2025**

**SCHOOLS FUNDING REPORT**

**REPORT OF THE DIRECTOR OF CHILDREN'S SERVICES**

"""


def _found(text):
    return [(f.found, f.expected) for f in run_rules(pack_from_markdown(HEAD + text), ["money-unit"])]


def test_three_decimals_without_a_unit_is_flagged():
    assert _found("1. The Schools Block settlement is £561.885, an increase of 8.1%.\n") == \
        [("£561.885", "£561.885m (or £561.885bn)")]
    assert _found("1. Previously reported -£10.921.\n") == [("-£10.921", "£10.921m (or £10.921bn)")]


def test_the_unit_written_elsewhere_in_the_pack_is_the_one_expected():
    text = "1. The grant is £2.4bn nationally.\n\n2. Our share of the £2.4 is small.\n"
    assert _found(text) == [("£2.4", "£2.4bn")]


def test_pounds_and_pence_units_prices_and_scaled_amounts_are_quiet():
    text = ("1. The fee rises from £1.50 to £2.25 per hour, and the settlement is £561.885m.\n\n"
            "2. Fuel is costed at £1.429 per litre and mileage at £0.45 a mile.\n\n"
            "3. The contract is £530,000.000 and the levy £4.4 a day.\n\n"
            "4. A rate of £5.5 is used where no million-pound figure of that size appears.\n")
    assert _found(text) == []


def test_sample_pack(pack_md, pack_pdf, pack_docx):
    # MTFS para 87: 'The 2025/26 Schools Block DSG settlement is £561.885' - the DSG table has £561.885m
    md = run_rules(pack_md, ["money-unit"])
    assert [(f.found, f.location.line) for f in md] == [("£561.885", 615)]
    assert md[0].expected == "£561.885m"
    assert [f.found for f in run_rules(pack_pdf, ["money-unit"])] == ["£561.885"]
    assert [f.found for f in run_rules(pack_docx, ["money-unit"])] == ["£561.885"]


def test_thousands_given_to_the_pound_are_millions_with_k_for_m():
    """'a forecasted overspend of £1.966k' (Anglesey), 'additional funding of £1.420k' from a 2.99% council tax
    rise (Cheshire Fire): thousands to the pound are written £1,966, so three decimals are £m."""
    from conftest import pack_from_markdown, run_rules

    found = run_rules(pack_from_markdown("# Report\n\nThe position shows a forecasted overspend of £1.966k at year end.\n"),
                      ["money-unit"])
    assert [(f.found, f.expected) for f in found] == [("£1.966k", "£1.966m")]
    quiet = "# Report\n\nSmall grants of £1.5k and £12.35k were paid, and £1.966m was spent.\n"
    assert run_rules(pack_from_markdown(quiet), ["money-unit"]) == []
