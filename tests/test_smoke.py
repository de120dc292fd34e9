from auditor.pipeline import load_pack


def test_markdown_sample_meeting(sample_md):
    pack = load_pack(sample_md)
    m = pack.meeting
    assert (m.committee, m.date, m.time) == ("Children and Families Overview and Scrutiny Committee", "2025-01-21", "14:00")
    assert m.venue == "Sparkenhoe Committee Room"
