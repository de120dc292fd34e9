"""The checks split over two processes give exactly what one process gives."""
from __future__ import annotations

import copy
import os

import pytest

from auditor import check_split
from auditor.checks import KINDS, register, run_checks
from auditor.errors import AuditorError
from auditor.model import Finding
from auditor.rules import Rule, load_rules

from conftest import pack_from_markdown

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the split needs os.fork")


def _findings_and_warnings(pack, rules, split: bool, monkeypatch):
    pack = copy.deepcopy(pack)  # run_checks adds its warnings to the pack
    monkeypatch.setenv("AUDITOR_CHECK_PROCESSES", "2" if split else "1")
    findings = run_checks(pack, rules, {})
    return [f.to_json() for f in findings], list(pack.warnings)


def test_sample_pack_split_is_worth_it_and_identical_to_serial(pack_md, monkeypatch):
    rules = load_rules()
    monkeypatch.delenv("AUDITOR_CHECK_PROCESSES", raising=False)
    if check_split._usable_cpus() < 2:
        pytest.skip("one CPU: the checks are never split")
    assert check_split.worth_splitting(pack_md, rules)  # 43 pages, rules of both halves
    serial = _findings_and_warnings(pack_md, rules, split=False, monkeypatch=monkeypatch)
    split = _findings_and_warnings(pack_md, rules, split=True, monkeypatch=monkeypatch)
    assert split == serial
    assert len(serial[0]) > 30  # the sample's findings, not an empty run


def test_not_split_when_small_disabled_or_one_sided(pack_md, monkeypatch):
    rules = load_rules()
    monkeypatch.delenv("AUDITOR_CHECK_PROCESSES", raising=False)
    small = pack_from_markdown("# Report\n\nThe meeting is on 21 January 2025.\n")
    assert not check_split.worth_splitting(small, rules)
    dates_only = [r for r in rules if r.kind.startswith("date-")]
    assert dates_only and not check_split.worth_splitting(pack_md, dates_only)  # nothing left for the parent
    monkeypatch.setenv("AUDITOR_CHECK_PROCESSES", "1")
    assert not check_split.worth_splitting(pack_md, rules)


# Kinds written for these tests: one family in the child (dates), one in the parent.
def _rule(rule_id: str, kind: str) -> Rule:
    return Rule(id=rule_id, kind=kind, severity="warning", description="", example="", enabled=True,
                params={}, source="test")


@pytest.fixture
def test_kinds(monkeypatch):
    added = []

    def add(name, family, func):
        register(name)(func)
        added.append(name)
        monkeypatch.setitem(check_split.KIND_FAMILY, name, family)

    yield add
    for name in added:
        KINDS.pop(name, None)


def _finding_on_first_block(pack, message):
    doc = pack.documents[0]
    block = doc.blocks[0]
    return Finding(rule="", severity="", message=message, document=doc.title, location=block.location,
                   excerpt=block.text[:20])


def test_warnings_and_findings_merge_in_rule_order(test_kinds, monkeypatch):
    def child_kind(pack, rule, params, ctx):
        ctx.warnings.append(f"warning from {rule.id}")
        return [_finding_on_first_block(pack, f"from {rule.id}")]

    def parent_kind(pack, rule, params, ctx):
        ctx.warnings.append(f"warning from {rule.id}")
        ctx.warnings.append("said by several rules")
        return [_finding_on_first_block(pack, f"from {rule.id}")]

    test_kinds("test-split-child", "dates", child_kind)
    test_kinds("test-split-parent", None, parent_kind)
    monkeypatch.setattr(check_split, "MIN_TEXT_CHARS", 0)
    pack = pack_from_markdown("# Report\n\nSome text.\n")
    rules = [_rule("p1", "test-split-parent"), _rule("c1", "test-split-child"),
             _rule("p2", "test-split-parent"), _rule("c2", "test-split-child")]
    if check_split._usable_cpus() < 2:
        pytest.skip("one CPU: the checks are never split")
    assert check_split.worth_splitting(pack, rules)
    serial = _findings_and_warnings(pack, rules, split=False, monkeypatch=monkeypatch)
    split = _findings_and_warnings(pack, rules, split=True, monkeypatch=monkeypatch)
    assert split == serial
    assert [f["message"] for f in split[0]] == ["from c1", "from c2", "from p1", "from p2"]  # same place: by rule id
    assert split[1] == ["warning from p1", "said by several rules", "warning from c1", "warning from p2",
                        "warning from c2"]


def test_an_auditor_error_in_the_child_is_raised(test_kinds, monkeypatch):
    def failing(pack, rule, params, ctx):
        raise AuditorError("bad option for the child rule")

    test_kinds("test-split-child-fails", "dates", failing)
    test_kinds("test-split-parent-ok", None, lambda pack, rule, params, ctx: [])
    monkeypatch.setattr(check_split, "MIN_TEXT_CHARS", 0)
    monkeypatch.setenv("AUDITOR_CHECK_PROCESSES", "2")
    pack = pack_from_markdown("# Report\n\nSome text.\n")
    with pytest.raises(AuditorError, match="bad option for the child rule"):
        run_checks(pack, [_rule("p", "test-split-parent-ok"), _rule("c", "test-split-child-fails")], {})


def test_a_child_that_cannot_send_its_results_is_replaced_by_the_parent(test_kinds, monkeypatch):
    ran_in = []

    def child_kind(pack, rule, params, ctx):
        ran_in.append(os.getpid())  # only the parent's list is seen here
        return [_finding_on_first_block(pack, "child rule")]

    def broken_dumps(*args, **kwargs):
        raise RuntimeError("cannot pickle")

    test_kinds("test-split-child-unpicklable", "dates", child_kind)
    test_kinds("test-split-parent-plain", None, lambda pack, rule, params, ctx: [])
    monkeypatch.setattr(check_split, "MIN_TEXT_CHARS", 0)
    monkeypatch.setattr(check_split.pickle, "dumps", broken_dumps)
    monkeypatch.setenv("AUDITOR_CHECK_PROCESSES", "2")
    pack = pack_from_markdown("# Report\n\nSome text.\n")
    rules = [_rule("p", "test-split-parent-plain"), _rule("c", "test-split-child-unpicklable")]
    if check_split._usable_cpus() < 2:
        pytest.skip("one CPU: the checks are never split")
    findings = run_checks(pack, rules, {})
    assert [f.message for f in findings] == ["child rule"]
    assert ran_in == [os.getpid()]  # run again in the parent after the child failed


def _seen_as_worker() -> bool:
    return check_split._in_worker_process()


def test_never_split_inside_a_jobs_worker():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    assert not check_split._in_worker_process()
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert pool.submit(_seen_as_worker).result() is True
