"""Batch runs: a folder of packs, in parallel processes or in order, gives the same findings."""
import io
import shutil

import pytest

from auditor.batch import PackFailure, progress_wanted, run_audits
from auditor.rules import load_rules, select_rules

from conftest import FIXTURES, SAMPLE_STEM

SMALL = ("# Report of the Director\n\n## Budget\n\n| Service | 2024/25 £000 |\n|---|---|\n| Alpha | 100 |\n"
         "| Beta | 200 |\n| Total | {total} |\n\nThe saving is {saving}.\n")


def _folder(tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    shutil.copy(FIXTURES / f"{SAMPLE_STEM}.md", folder / "a-sample.md")
    (folder / "b.md").write_text(SMALL.format(total=310, saving="[insert figure]"))
    (folder / "c.txt").write_text(SMALL.format(total=300, saving="£2m"))
    (folder / "d.md").write_text(SMALL.format(total=290, saving="[insert figure]"))
    return sorted(str(p) for p in folder.iterdir())


def _as_json(outcomes):
    return [[f.to_json() for f in o.findings] for o in outcomes]


def test_jobs_2_gives_the_same_findings_as_sequential(tmp_path):
    paths = _folder(tmp_path)
    rules = select_rules(load_rules())
    sequential = run_audits(paths, rules, {}, jobs=1)
    parallel = run_audits(paths, rules, {}, jobs=2)
    assert not any(isinstance(o, PackFailure) for o in sequential + parallel)
    assert [o.pack.source for o in parallel] == paths  # in the order asked, not the order finished
    assert _as_json(parallel) == _as_json(sequential)
    assert sum(len(o.findings) for o in sequential) > 3
    assert [f.found for f in sequential[1].findings if f.rule.startswith("draft")] == ["[insert figure]"]


def test_an_unreadable_pack_is_reported_and_the_rest_audited(tmp_path):
    good = tmp_path / "good.md"
    good.write_text(SMALL.format(total=310, saving="[insert figure]"))
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    outcomes = run_audits([str(bad), str(good)], select_rules(load_rules(), ["draft-"]), {}, jobs=2)
    assert isinstance(outcomes[0], PackFailure) and "bad.pdf" in outcomes[0].message
    assert [f.found for f in outcomes[1].findings] == ["[insert figure]"]


class _Stream(io.StringIO):
    def __init__(self, tty):
        super().__init__()
        self.tty = tty

    def isatty(self):
        return self.tty


def test_progress_only_for_a_person_at_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert progress_wanted(False, False, _Stream(True))
    assert not progress_wanted(False, False, _Stream(False))
    assert not progress_wanted(True, False, _Stream(True))  # --quiet
    assert not progress_wanted(False, True, _Stream(True))  # machine format on stdout
    monkeypatch.setenv("CI", "true")
    assert not progress_wanted(False, False, _Stream(True))


def test_progress_callback_reports_parse_and_each_check(tmp_path):
    from auditor.pipeline import audit

    pack = tmp_path / "p.md"
    pack.write_text(SMALL.format(total=300, saving="£2m"))
    rules = select_rules(load_rules(), ["draft-"])
    calls = []
    audit(str(pack), rules, progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert calls[0][0] == "parsed"
    assert calls[1:] == [("checks", n, len(rules)) for n in range(1, len(rules) + 1)]


def test_progress_bar_runs_in_order_and_in_parallel(tmp_path):
    paths = []
    for name in ("x.md", "y.md"):
        (tmp_path / name).write_text(SMALL.format(total=310, saving="[insert figure]"))
        paths.append(str(tmp_path / name))
    rules = select_rules(load_rules(), ["draft-"])
    for jobs in (1, 2):
        outcomes = run_audits(paths, rules, {}, jobs=jobs, show_progress=True)
        assert [len(o.findings) for o in outcomes] == [1, 1]


@pytest.mark.parametrize("n_pages", [3, 30])  # 30: read by two worker processes, reported per chunk
def test_progress_reports_the_pages_of_a_pdf_as_they_are_read_then_each_check(tmp_path, n_pages):
    from _pdfmake import PdfMaker

    from auditor.pipeline import audit

    maker = PdfMaker()
    for n in range(1, n_pages + 1):
        maker.new_page().text(72, 72, f"Report of the Director, page {n}", bold=True).text(
            72, 110, "The figures for the year are set out in the table below.")
    pdf = maker.save(tmp_path / "p.pdf")
    rules = select_rules(load_rules(), ["draft-"])
    calls = []
    audit(pdf, rules, progress=lambda stage, done, total: calls.append((stage, done, total)))
    pages = [c for c in calls if c[0] == "pages"]
    assert pages and pages[-1] == ("pages", n_pages, n_pages)
    assert [d for _, d, _ in pages] == sorted(d for _, d, _ in pages) and all(t == n_pages for *_, t in pages)
    stages = [c[0] for c in calls]
    assert stages == ["pages"] * len(pages) + ["parsed"] + ["checks"] * len(rules)
    assert calls[len(pages)] == ("parsed", n_pages, n_pages)


def test_the_bar_shows_pages_then_checks(tmp_path):
    from io import StringIO

    from rich.console import Console
    from rich.progress import Progress

    from _pdfmake import PdfMaker

    from auditor.batch import _audit_with_bar

    maker = PdfMaker()
    for n in range(2):
        maker.new_page().text(72, 72, f"Report of the Director, page {n}")
    pdf = maker.save(tmp_path / "p.pdf")
    rules = select_rules(load_rules(), ["draft-"])
    seen = []
    with Progress(console=Console(file=StringIO())) as bar:
        update = bar.update

        def spy(task, **kw):
            update(task, **kw)
            t = bar.tasks[0]
            seen.append((t.description, t.completed, t.total))
        bar.update = spy
        _audit_with_bar(pdf, rules, {}, None, bar)
    assert ("p.pdf: reading pages", 2, 2) in seen
    assert ("p.pdf: checks", len(rules), len(rules)) in seen
