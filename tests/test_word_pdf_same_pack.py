"""The sample pack printed by a word processor (.word.pdf: no ruling lines, no links where the targets were
left out) reads as the same pack: the meeting and the documents of its Markdown form, and the errors and
warnings of its ruled PDF form, the page numbers aside. Skipped where the shared packs are not beside
the repo (a fresh clone)."""
import re
from collections import Counter
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "packs"
STEM = SHARED / "leics-cfs-scrutiny-2025-01-21"
pytestmark = pytest.mark.skipif(not Path(f"{STEM}.word.pdf").is_file(),
                                reason=f"no sample pack forms in {SHARED} (they are in ../shared/packs, beside the repo)")


def _load(suffix):
    from auditor.pipeline import load_pack

    return load_pack(f"{STEM}{suffix}")


def _tree(pack):
    return [(d.kind, d.title, d.parent) for d in pack.documents]


def test_the_meeting_and_documents_are_those_of_the_markdown():
    md, printed = _load(".md"), _load(".word.pdf")
    meeting = lambda m: (m.committee, m.date, m.time, m.venue)  # noqa: E731
    assert meeting(printed.meeting) == meeting(md.meeting) == (
        "Children and Families Overview and Scrutiny Committee", "2025-01-21", "14:00", "Sparkenhoe Committee Room")
    assert _tree(printed) == _tree(md)


def _errors_and_warnings(pack) -> Counter:
    from auditor.checks import run_checks
    from auditor.rules import load_rules

    findings = run_checks(pack, load_rules())
    # where the same thing stands differs between the two prints: the pages, and one more mention of
    # a plan in a table the print without rules reads as text
    strip = lambda text: re.sub(r"page \d+|\(\d+ mentions?", "", text)  # noqa: E731
    return Counter((f.rule, strip(f.message)) for f in findings if f.severity in ("error", "warning"))


def test_the_errors_and_warnings_are_those_of_the_ruled_pdf():
    ruled, printed = _errors_and_warnings(_load(".pdf")), _errors_and_warnings(_load(".word.pdf"))
    assert sum(ruled.values()) >= 39
    assert list((ruled - printed).elements()) == [] and list((printed - ruled).elements()) == []
