"""Every file the tool writes: never over an input, never half-written, every failure one line with exit 2."""
import os
import stat
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from auditor.annotate import annotate_file
from auditor.errors import AuditorError
from auditor.output import safe_write, safe_write_with

runner = CliRunner()
PACK = "# Report\n\nThe total is 5.\n\nThe figure is [insert figure].\n"


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pack.md").write_text(PACK)
    return tmp_path


@pytest.fixture()
def draft(folder):
    document = docx.Document()
    document.add_heading("Report", 1)
    document.add_paragraph("The figure is [insert figure].")
    document.save(folder / "draft.docx")
    return folder / "draft.docx"


def invoke(*args):
    from auditor.cli import app

    return runner.invoke(app, [*args, "--no-config"] if args[0] != "init" else list(args))


def assert_one_line_error(result, message=""):
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("auditor: error: ") and message in lines[0], result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["check", "pack.md", "-f", "json"], ["baseline", "pack.md"]])
def test_output_onto_its_own_pack_is_refused(folder, command):
    result = invoke(*command, "-o", "pack.md")
    assert_one_line_error(result, "must not overwrite the input pack.md")
    assert (folder / "pack.md").read_text() == PACK


@pytest.mark.parametrize("link", [os.link, os.symlink])
def test_check_output_onto_a_link_to_its_pack_is_refused(folder, link):
    link(folder / "pack.md", folder / "other-name.md")
    assert_one_line_error(invoke("check", "pack.md", "-o", "other-name.md"), "must not overwrite the input pack.md")
    assert (folder / "pack.md").read_text() == PACK


def test_check_output_onto_its_baseline_or_waivers_is_refused(folder):
    assert invoke("baseline", "pack.md", "-o", "known.json").exit_code == 0
    before = (folder / "known.json").read_text()
    result = invoke("check", "pack.md", "--baseline", "known.json", "-f", "json", "-o", "known.json")
    assert_one_line_error(result, "must not overwrite the input known.json")
    assert (folder / "known.json").read_text() == before


def test_annotate_output_onto_a_hard_link_to_the_draft_is_refused(draft):
    before = draft.read_bytes()
    os.link(draft, draft.with_name("copy.docx"))
    result = invoke("annotate", str(draft), "-o", str(draft.with_name("copy.docx")), "--force")
    assert_one_line_error(result, "must not overwrite the input")
    assert draft.read_bytes() == before


def test_output_dir_holding_a_pack_named_like_a_report_is_refused(folder):
    (folder / "packs").mkdir()
    (folder / "packs" / "auditor.md").write_text(PACK)
    # named on the command line: inside a folder, a file named like a report is taken for one and skipped
    result = invoke("check", "packs/auditor.md", "-f", "json", "-f", "markdown", "--output-dir", "packs")
    assert_one_line_error(result, "must not overwrite the input")
    assert (folder / "packs" / "auditor.md").read_text() == PACK
    assert not (folder / "packs" / "auditor.json").exists()  # nothing written before the clash was found


def test_annotate_keeps_an_existing_reviewed_copy_unless_forced(draft):
    reviewed = draft.with_name("draft.reviewed.docx")
    reviewed.write_bytes(b"the reviewer's own notes")
    assert_one_line_error(invoke("annotate", str(draft), "--select", "draft-"), "already exists (use --force")
    assert reviewed.read_bytes() == b"the reviewer's own notes"
    assert invoke("annotate", str(draft), "--select", "draft-", "--force").exit_code == 0
    assert len(docx.Document(reviewed).comments) == 1


def test_interrupted_write_keeps_the_previous_file_and_no_temp_file(tmp_path):
    target = tmp_path / "report.txt"
    target.write_bytes(b"previous report")

    def killed_halfway(fh):
        fh.write(b"new rep")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        safe_write_with(str(target), killed_halfway)
    assert target.read_bytes() == b"previous report"
    assert os.listdir(tmp_path) == ["report.txt"]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_interrupted_annotation_keeps_the_previous_copy(draft, sample_pdf, monkeypatch, kind):
    import pypdf

    source = draft if kind == "docx" else Path(sample_pdf)
    reviewed = draft.with_name(f"draft.reviewed.{kind}")
    reviewed.write_bytes(b"previous copy")

    def write_half(self, fh):
        fh.write(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(docx.document.Document, "save", write_half)
    monkeypatch.setattr(pypdf.PdfWriter, "write", write_half)
    with pytest.raises(KeyboardInterrupt):
        annotate_file(str(source), str(reviewed), [], overwrite=True)
    assert reviewed.read_bytes() == b"previous copy"
    assert sorted(os.listdir(draft.parent)) == sorted(["draft.docx", reviewed.name, "pack.md"])


WRITERS = [["check", "pack.md", "-o"], ["baseline", "pack.md", "-o"], ["init"]]


@pytest.mark.parametrize("command", WRITERS + [["annotate", "draft.docx", "-o"]])
@pytest.mark.parametrize("target, message", [
    ("missing/out.txt", "the folder missing does not exist"),
    (".", "it is a folder"),
    ("/dev/full", "No space left on device"),
])
def test_write_errors_are_one_line_with_exit_2(draft, command, target, message):
    force = [] if command[0] in ("check", "baseline") else ["--force"]
    assert_one_line_error(invoke(*command, target, *force), message)


@pytest.mark.parametrize("command", WRITERS)
def test_read_only_folder_is_one_line_with_exit_2(folder, command):
    locked = folder / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        assert_one_line_error(invoke(*command, "locked/out.txt"), "cannot write locked/out.txt")
        assert os.listdir(locked) == []
    finally:
        locked.chmod(0o755)


def test_output_dir_that_is_a_file_is_one_line_with_exit_2(folder):
    assert_one_line_error(invoke("check", "pack.md", "--output-dir", "pack.md"), "it is a file, not a folder")
    assert (folder / "pack.md").read_text() == PACK


def test_rewritten_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old")
    target.chmod(0o640)
    safe_write(str(target), "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_symlinked_output_updates_the_file_it_points_to(tmp_path):
    (tmp_path / "real.txt").write_text("old")
    (tmp_path / "link.txt").symlink_to("real.txt")
    safe_write(str(tmp_path / "link.txt"), "new")
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "real.txt").read_text() == "new"


def test_input_refusal_is_an_auditor_error(tmp_path):
    pack = tmp_path / "pack.md"
    pack.write_text(PACK)
    with pytest.raises(AuditorError, match="must not overwrite"):
        safe_write(str(pack), "report", inputs=[str(pack)])
    assert pack.read_text() == PACK


def run_auditor(*args):
    auditor = Path(sys.executable).with_name("auditor")
    return subprocess.run([str(auditor), *args, "--no-config"], capture_output=True, text=True)


def test_special_files_are_written_directly(draft):
    done = run_auditor("check", "pack.md", "-f", "json", "-o", "/dev/stdout", "-q")
    assert done.returncode == 1 and done.stdout.lstrip().startswith("{") and done.stderr == ""
    for command in (["check", "pack.md"], ["annotate", "draft.docx", "--force"]):
        done = run_auditor(*command, "-o", "/dev/full")  # a real process: nothing more on stderr at exit either
        assert done.returncode == 2
        assert done.stderr == "auditor: error: cannot write /dev/full: No space left on device\n"
