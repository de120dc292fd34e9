"""Issue 15: bounded resources and one clear line on hostile input.

Word zip bombs and deep XML, rule files that are numbers, alias bombs or nested 100,000 deep,
catastrophic user regexes, duplicate rule ids, deeply nested baselines and configs.
"""
from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from auditor.errors import AuditorError, InputError, RuleFileError
from auditor.regex_safety import regex_hazard
from auditor.rules import load_rules

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DOCX = REPO / "fixtures" / "leics-cfs-scrutiny-2025-01-21.docx"
SAMPLE_MD = REPO / "fixtures" / "leics-cfs-scrutiny-2025-01-21.md"


def run_cli(*args, limit_memory: int | None = None, timeout: float = 120):
    """The installed CLI in a fresh process (optionally under an address-space limit)."""
    preexec = None
    if limit_memory:
        def preexec():
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (limit_memory, limit_memory))
    return subprocess.run([sys.executable, "-c", "from auditor.cli import run; run()", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, preexec_fn=preexec, cwd=REPO)


def one_line_error(proc) -> str:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


# ---------------------------------------------------------------- Word: zip bombs and deep XML

def _docx_with_body(path: Path, body_xml_chunks, level: int = 1) -> Path:
    """The sample .docx with extra XML streamed into its body (compressed as it is written)."""
    with zipfile.ZipFile(SAMPLE_DOCX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                               compresslevel=level) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != "word/document.xml":
                out.writestr(info, data)
                continue
            cut = data.index(b"<w:body>") + len(b"<w:body>")
            with out.open("word/document.xml", "w", force_zip64=True) as fh:
                fh.write(data[:cut])
                for chunk in body_xml_chunks:
                    fh.write(chunk)
                fh.write(data[cut:])
    return path


def test_word_zip_bomb_is_refused_fast_in_one_line_under_a_memory_limit(tmp_path):
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    megabyte = paragraph * (2**20 // len(paragraph))
    bomb = _docx_with_body(tmp_path / "bomb.docx", (megabyte for _ in range(400)))
    assert bomb.stat().st_size < 5 * 2**20  # 400 MB of XML in a few MB
    started = time.monotonic()
    proc = run_cli("check", bomb, "-q", limit_memory=2**30)
    message = one_line_error(proc)
    assert time.monotonic() - started < 20
    assert "unpacks to 4" in message and "200 MB limit" in message


def test_a_real_word_pack_is_far_below_the_unpacked_limit():
    from auditor.ingest.docx import MAX_UNPACKED_BYTES

    with zipfile.ZipFile(SAMPLE_DOCX) as z:
        assert sum(i.file_size for i in z.infolist()) < MAX_UNPACKED_BYTES / 20


def test_word_xml_nested_thousands_deep_is_one_line(tmp_path):
    from auditor.ingest.docx import ingest_docx

    deep = _docx_with_body(tmp_path / "deep.docx", [b"<w:p>" + b"<w:sdt>" * 100_000 + b"</w:sdt>" * 100_000 + b"</w:p>"])
    with pytest.raises(InputError, match="nested deeper than 256 levels"):
        ingest_docx(str(deep))


def test_word_xml_nested_a_little_is_read(tmp_path):
    from auditor.ingest.docx import ingest_docx

    nested = b"<w:p>" + b"<w:smartTag>" * 20 + b"<w:r><w:t>Nested text</w:t></w:r>" + b"</w:smartTag>" * 20 + b"</w:p>"
    raw = ingest_docx(str(_docx_with_body(tmp_path / "ok.docx", [nested])))
    assert raw.blocks[0].text == "Nested text"


# ---------------------------------------------------------------- rule files

RULE = "rules:\n  - id: {id}\n    kind: draft-text\n    severity: warning\n    description: d\n"


def _rule_with_pattern(pattern_yaml: str, rule_id: str = "house-x") -> str:
    return RULE.format(id=rule_id) + f"    patterns:\n      - pattern: {pattern_yaml}\n        message: m\n"


def test_a_pattern_that_is_a_number_is_one_line(tmp_path):
    (tmp_path / "r.yaml").write_text(_rule_with_pattern("123"))
    message = one_line_error(run_cli("check", SAMPLE_MD, "--rules", tmp_path, "-q"))
    assert "r.yaml: rule 'house-x'" in message and "pattern must be text in quotes, not '123'" in message


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n" + RULE.format(id="bomb") + f"    empty_link_targets: *a{levels}\n"


def test_a_yaml_alias_bomb_is_refused_fast_in_one_line(tmp_path):
    (tmp_path / "bomb.yaml").write_text(_alias_bomb())
    started = time.monotonic()
    message = one_line_error(run_cli("check", SAMPLE_MD, "--rules", tmp_path, "-q", limit_memory=2**30))
    assert time.monotonic() - started < 20
    assert "bomb.yaml: line" in message and "aliases are expanded" in message


def test_yaml_anchors_of_a_real_size_are_read(tmp_path):
    (tmp_path / "anchors.yaml").write_text(
        "targets: &targets ['', '#']\n" + RULE.format(id="house-a") + "    empty_link_targets: *targets\n"
        + RULE.format(id="house-b").replace("rules:\n", "") + "    empty_link_targets: *targets\n")
    rules = {r.id: r for r in load_rules([str(tmp_path)])}
    assert rules["house-a"].params["empty_link_targets"] == ["", "#"] == rules["house-b"].params["empty_link_targets"]


@pytest.mark.parametrize("body", [
    "rules: " + "[" * 100_000 + "]" * 100_000 + "\n",  # flow style: libyaml refuses, Python's parser would recurse
    "rules:\n  " + "- " * 100_000 + "x\n",  # block style, all on one line
    "rules: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
])
def test_rule_file_nested_100000_deep_is_one_line(tmp_path, body):
    (tmp_path / "deep.yaml").write_text(body)
    with pytest.raises(RuleFileError, match=r"deep.yaml: line \d refused \(nested more than 64 levels deep\)"):
        load_rules([str(tmp_path)])
    assert "nested more than 64" in one_line_error(run_cli("rules", "--rules", tmp_path))


def test_a_rule_file_of_megabytes_is_refused(tmp_path):
    (tmp_path / "big.yaml").write_text(RULE.format(id="big") + "#" + "x" * 2_000_000 + "\n")
    with pytest.raises(RuleFileError, match="more than the 1,000,000 allowed"):
        load_rules([str(tmp_path)])


def test_a_syntax_error_still_names_its_line(tmp_path):
    (tmp_path / "bad.yaml").write_text(RULE.format(id="x") + "    patterns: [unclosed\n")
    with pytest.raises(RuleFileError, match=r"bad.yaml: line \d+ not valid YAML"):
        load_rules([str(tmp_path)])


def test_waivers_alias_bomb_is_one_line(tmp_path):
    (tmp_path / "waivers.yaml").write_text(_alias_bomb().replace("rules:", "ignored:"))
    message = one_line_error(run_cli("check", SAMPLE_MD, "--waivers", tmp_path / "waivers.yaml", "-q"))
    assert "waivers.yaml: line" in message and "refused" in message


def test_baseline_nested_100000_deep_is_one_line(tmp_path):
    (tmp_path / "base.json").write_text("[" * 100_000 + "]" * 100_000)
    message = one_line_error(run_cli("check", SAMPLE_MD, "--baseline", tmp_path / "base.json", "-q"))
    assert message == f"auditor: error: {tmp_path / 'base.json'}: not a baseline file (nested too deeply to read)"


def test_config_nested_100000_deep_is_one_line(tmp_path):
    (tmp_path / "auditor.toml").write_text("rules = " + "[" * 100_000 + "]" * 100_000 + "\n")
    message = one_line_error(run_cli("check", SAMPLE_MD, "--config", tmp_path / "auditor.toml", "-q"))
    assert "auditor.toml: not valid TOML (nested too deeply)" in message


# ---------------------------------------------------------------- duplicate rule ids

def test_duplicate_rule_ids_in_two_user_files_warn_naming_both(tmp_path):
    (tmp_path / "a.yaml").write_text(_rule_with_pattern("'first'", "house-dup"))
    (tmp_path / "b.yaml").write_text(_rule_with_pattern("'second'", "house-dup"))
    warnings: list[str] = []
    rules = [r for r in load_rules([str(tmp_path)], warn=warnings.append) if r.id == "house-dup"]
    assert len(rules) == 1 and rules[0].params["patterns"][0]["pattern"] == "second"
    assert warnings == [f"rule id 'house-dup' is defined twice, in {tmp_path / 'a.yaml'} and in "
                        f"{tmp_path / 'b.yaml'}; the one in {tmp_path / 'b.yaml'} is used"]


def test_duplicate_rule_id_in_one_file_warns(tmp_path):
    (tmp_path / "a.yaml").write_text(_rule_with_pattern("'first'", "house-dup")
                                     + _rule_with_pattern("'second'", "house-dup").replace("rules:\n", ""))
    warnings: list[str] = []
    load_rules([str(tmp_path)], warn=warnings.append)
    assert warnings == [f"rule id 'house-dup' is defined twice in {tmp_path / 'a.yaml'}; the later one is used"]


def test_retuning_a_shipped_rule_is_quiet_but_retuning_it_twice_warns(tmp_path):
    tuned = "rules:\n  - id: table-total\n    kind: table-total\n    severity: error\n    description: t\n"
    (tmp_path / "a.yaml").write_text(tuned + "    slack_units: 2\n")
    warnings: list[str] = []
    rules = {r.id: r for r in load_rules([str(tmp_path)], warn=warnings.append)}
    assert rules["table-total"].params == {"slack_units": 2} and warnings == []
    (tmp_path / "b.yaml").write_text(tuned + "    slack_units: 3\n")
    rules = {r.id: r for r in load_rules([str(tmp_path)], warn=warnings.append)}
    assert rules["table-total"].params == {"slack_units": 3}
    assert len(warnings) == 1 and "a.yaml" in warnings[0] and "b.yaml" in warnings[0]


def test_the_same_folder_given_twice_is_not_a_duplicate(tmp_path):
    (tmp_path / "a.yaml").write_text(_rule_with_pattern("'x'", "house-once"))
    warnings: list[str] = []
    load_rules([str(tmp_path), str(tmp_path / "a.yaml")], warn=warnings.append)
    assert warnings == []


def test_duplicate_warning_reaches_the_cli(tmp_path):
    (tmp_path / "a.yaml").write_text(_rule_with_pattern("'zzqqxx'", "house-dup"))
    (tmp_path / "b.yaml").write_text(_rule_with_pattern("'zzqqyy'", "house-dup"))
    proc = run_cli("check", SAMPLE_MD, "--rules", tmp_path, "-f", "json")
    assert "auditor: warning: rule id 'house-dup' is defined twice" in proc.stderr


# ---------------------------------------------------------------- catastrophic user patterns

@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a*)*b", r"(\w+\s?)+$", r"((ab)+)+x", r"(\d{1,3})+!",
                                     r"(?:x|y+)+z", r"(?=(a+)+b)"])
def test_nested_variable_repeats_are_found(pattern):
    assert regex_hazard(pattern)


@pytest.mark.parametrize("pattern", [r"\bTBC\b", r"(?:\s+\w+)*", r"(?:,\d{3})+", r"(\d{3})+", r"(a++)+$",
                                     r"(?:[A-Z][a-z]+\s?)+", r"\[\s*insert[^\]]*\]", r"a{2,}b"])
def test_linear_patterns_are_accepted(pattern):
    assert regex_hazard(pattern) is None


def test_every_shipped_pattern_passes_the_hazard_check():
    assert load_rules()  # compile_pattern refuses a hazard while the shipped files are read


def test_a_catastrophic_user_pattern_is_refused_in_one_line_before_any_pack_is_read(tmp_path):
    (tmp_path / "r.yaml").write_text(_rule_with_pattern("'(a+)+$'"))
    pack = tmp_path / "pack.md"
    pack.write_text("# Report\n\n" + "a" * 40 + "!\n")
    started = time.monotonic()
    message = one_line_error(run_cli("check", pack, "--rules", tmp_path, "-q", timeout=60))
    assert time.monotonic() - started < 20
    assert "pattern '(a+)+$' has a repeat inside a repeat" in message


def test_a_backtracking_pattern_the_static_check_misses_is_stopped_by_the_time_limit(tmp_path):
    # '(a|aa)+$' has no repeat inside a repeat, yet takes exponential time on a run of a's
    assert regex_hazard(r"(a|aa)+$") is None
    (tmp_path / "r.yaml").write_text(_rule_with_pattern("'(a|aa)+$'"))
    pack = tmp_path / "pack.md"
    pack.write_text("# Report\n\n" + "a" * 200 + "!\n")
    started = time.monotonic()
    message = one_line_error(run_cli("check", pack, "--rules", tmp_path, "-q", timeout=60))
    assert time.monotonic() - started < 20
    assert "pattern '(a|aa)+$' took more than 2 s" in message and "201 characters" in message


def test_a_rule_pattern_matches_as_python_re_does():
    from auditor.checks import compile_pattern

    pattern = compile_pattern(r"\bTBC\b|\[\s*insert[^\]]*\]", "here")
    assert [m.group(0) for m in pattern.finditer("Date: TBC. [Insert name] and tbc")] == ["TBC", "[Insert name]", "tbc"]
    assert compile_pattern("TBC", "here", ignore_case=False).search("tbc") is None


def test_the_shipped_patterns_go_without_the_time_limit_and_a_users_copy_of_one_too():
    import re

    from auditor.checks import RulePattern, compile_pattern

    shipped = next(p["pattern"] for r in load_rules() if r.kind == "draft-text" for p in r.params["patterns"])
    assert isinstance(compile_pattern(shipped, "here"), re.Pattern)  # the same text is the same behaviour
    assert isinstance(compile_pattern(shipped + "|\\bTBA\\b", "here"), RulePattern)


def test_compile_pattern_refuses_a_hazard_and_a_number():
    from auditor.checks import compile_pattern

    with pytest.raises(RuleFileError, match="exponential time"):
        compile_pattern(r"(x+)+y", "here")
    with pytest.raises(RuleFileError, match="text in quotes"):
        compile_pattern(123, "here")
    assert compile_pattern(r"x+y", "here").search("xxy")


def test_errors_are_auditor_errors():
    assert issubclass(RuleFileError, AuditorError) and issubclass(InputError, AuditorError)


# ---------------------------------------------------------------- reports: XML-safe JUnit, failed packs

CONTROL_PACK = ("# Report to Cabinet\n\n## Budget\n\nThe date\vof the review is TBC\f and the NUL\x00 and "
                "bell\x07 stay out of XML.\n")


def _run_of(text: str, failures=()):
    from auditor.pipeline import PackResult
    from auditor.report import RunReport
    from auditor.rules import select_rules
    from conftest import pack_from_markdown

    from auditor.checks import run_checks

    rules = select_rules(load_rules(), ["draft-"])
    pack = pack_from_markdown(text, "controls.md")
    result = PackResult(pack=pack, findings=run_checks(pack, rules, {}), path="controls.md")
    return RunReport([result], rules=rules, fail_on="info", failures=list(failures))


def test_junit_with_vertical_tab_form_feed_and_nul_is_valid_xml():
    import xml.etree.ElementTree as ET

    from auditor.report.junit import render_junit

    run = _run_of(CONTROL_PACK)
    assert any("\v" in f.excerpt for r in run.results for f in r.findings)  # the slip's excerpt holds them
    xml = render_junit(run)
    root = ET.fromstring(xml.encode("utf-8"))  # raises on any character XML 1.0 forbids
    failure = root.find(".//failure")
    assert failure is not None and "TBC" in failure.text
    assert "The date\nof the review is TBC\n and the NUL and bell stay" in failure.text
    assert not any(ch in xml for ch in "\v\f\x00\x07")


def test_json_with_control_characters_stays_valid():
    import json

    from auditor.report.json_report import render_json

    run = _run_of(CONTROL_PACK)
    data = json.loads(render_json(run.results, run=run))
    excerpt = data["packs"][0]["findings"][0]["excerpt"]
    assert "\v" in excerpt and "\f" in excerpt  # kept, escaped as \u000b / \u000c


def test_failed_packs_are_error_entries_in_json_and_junit():
    import json
    import xml.etree.ElementTree as ET

    from auditor.batch import PackFailure
    from auditor.report.json_report import render_json
    from auditor.report.junit import render_junit

    failed = PackFailure("minutes.pdf", "minutes.pdf: not a readable PDF (damaged or truncated)")
    run = _run_of(CONTROL_PACK, failures=[failed])
    data = json.loads(render_json(run.results, run=run))
    assert data["errors"] == [{"source": "minutes.pdf", "message": "minutes.pdf: not a readable PDF (damaged or truncated)"}]
    assert [p["source"] for p in data["packs"]] == ["controls.md"]
    root = ET.fromstring(render_junit(run))
    assert root.get("errors") == "1"
    suite = next(s for s in root.iter("testsuite") if s.get("name") == "minutes.pdf")
    error = suite.find("testcase/error")
    assert suite.get("errors") == "1" and error.get("message") == failed.message
    assert [s.get("errors") for s in root.iter("testsuite")] == ["0", "1"]


def test_a_run_without_failures_has_no_errors_key():
    import json

    from auditor.report.json_report import render_json

    run = _run_of("# Report\n\nAll done.\n")
    assert "errors" not in json.loads(render_json(run.results, run=run))


# ---------------------------------------------------------------- text packs: stray NULs, UTF-32

TEXT_PACK = "# Report to Cabinet\n\n## Budget\n\nThe total is £1,234 and the review date is TBC.\n"


def _draft_findings(path: Path):
    from auditor.batch import audit_path
    from auditor.rules import select_rules

    return audit_path(str(path), select_rules(load_rules(), ["draft-"]), {})


def test_a_few_stray_nuls_are_removed_with_a_warning(tmp_path):
    data = (TEXT_PACK * 3).encode("utf-8")
    cut = data.index(b"review")
    path = tmp_path / "nuls.md"
    path.write_bytes(data[:cut] + b"\x00" + data[cut:] + b"\x00")
    result = _draft_findings(path)
    assert [f.found for f in result.findings] == ["TBC"] * 3
    assert "The total is £1,234 and the review date is TBC." in [b.text for b in result.pack.blocks]
    assert "2 stray NUL characters removed (lines 5, 16)" in result.pack.warnings


def test_many_nuls_are_still_a_binary_file(tmp_path):
    from auditor.pipeline import load_pack

    path = tmp_path / "binary.md"
    path.write_bytes((TEXT_PACK * 4).encode("utf-8").replace(b" ", b"\x00"))
    with pytest.raises(InputError, match="binary"):
        load_pack(str(path))


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be", "utf-16", "utf-16-be"])
def test_utf32_and_utf16_are_read_by_their_bom(tmp_path, codec):
    bom = {"utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    path = tmp_path / "wide.md"
    path.write_bytes(bom + TEXT_PACK.replace("\n", "\r\n").encode(codec))
    result = _draft_findings(path)
    assert [f.found for f in result.findings] == ["TBC"]
    assert "The total is £1,234 and the review date is TBC." in [b.text for b in result.pack.blocks]
    assert result.pack.warnings == []


# ---------------------------------------------------------------- linear-time rewrites give the same answers

def _periods_by_scanning(text: str) -> list[str]:
    """single_year_periods as it was written before it looked spans up by bisection."""
    from auditor.facts.index import FY_RE, QUARTER_RE, YEAR_RE, _year4, normalise_fy

    found, taken = [], []
    for m in QUARTER_RE.finditer(text):
        fy = m.group(2)
        found.append((m.start(), f"Q{m.group(1)}" + (f" {normalise_fy(fy)}" if fy else "")))
        taken.append(m.span())
    for m in FY_RE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        start = int(m.group(1))
        end = _year4(m.group(2), start)
        if end == start + 1:
            found.append((m.start(), f"{start}/{str(end)[2:]}"))
            taken.append(m.span())
    for m in YEAR_RE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append((m.start(), m.group(1)))
    return [label for _, label in sorted(found)]


PERIOD_PIECES = ["Q2 ", "Quarter 3 ", "2024/25", "2023-24", "2024/2025", "2021", "2019 ", "/", "-", " ", "in ",
                 "Q4 2022/23", "20", "25", "1999/00", "(2026)", "2027%"]


def test_single_year_periods_by_bisection_matches_the_scan():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from auditor.facts.index import single_year_periods

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(PERIOD_PIECES), max_size=30))
    def same(pieces):
        text = "".join(pieces)
        assert single_year_periods(text) == _periods_by_scanning(text)

    same()


@pytest.mark.parametrize("text, pos, inside", [
    ("(see £1m) and £2m", 5, True), ("(see £1m) and £2m", 14, False), ("no brackets £3m", 12, False),
    ("(" + "x" * 198 + "£4m", 199, True), ("(" + "x" * 199 + "£4m", 200, False), ("((a) £5m", 5, False),
])
def test_in_parens_looks_back_200_characters_only(text, pos, inside):
    from auditor.facts.prose_numbers import _in_parens

    assert _in_parens(text, pos) is inside


# ---------------------------------------------------------------- steps that were quadratic (bench/adversarial.py)
# Each ran for minutes at these sizes; linear, each is well under a second. The limits are loose.

def _seconds(call, *args) -> float:
    started = time.perf_counter()
    call(*args)
    return time.perf_counter() - started


@pytest.mark.parametrize("token", ["1,", "£1,", "£1.2m ", "January 2025 "])
def test_figure_and_mask_patterns_are_linear_on_repeats(token):
    from auditor.facts.index import FIGURE_RE
    from auditor.facts.prose_numbers import mask_non_quantities

    text = token * 50_000
    assert _seconds(lambda: list(FIGURE_RE.finditer(text))) < 2
    assert _seconds(mask_non_quantities, text) < 5


def test_front_sheet_of_20000_lines_is_read_in_linear_time(tmp_path):
    from auditor.pipeline import load_pack

    path = tmp_path / "lines.txt"
    path.write_text("".join(f"Line {n}.\n" for n in range(1, 20_001)))
    assert _seconds(load_pack, str(path)) < 10


def test_sentences_of_a_long_text_take_their_own_mentions():
    from auditor.facts.prose_numbers import sentences_of

    text = "".join(f"Item {n} costs £{n}. " for n in range(1, 20_001))
    started = time.perf_counter()
    sentences = sentences_of(text)
    assert time.perf_counter() - started < 10
    assert len(sentences) == 20_000
    assert [m.figure.text for m in sentences[41].mentions] == ["£42"]  # "Item 42" is a label


def test_periods_of_a_long_text_are_found_in_linear_time():
    from auditor.facts.index import single_year_periods

    text = "In 2024/25 and Q2 2023/24 and 2022. " * 10_000
    started = time.perf_counter()
    periods = single_year_periods(text)
    assert time.perf_counter() - started < 5
    assert periods[:3] == ["2024/25", "Q2 2023/24", "2022"] and len(periods) == 30_000
