"""The checks split over two processes give exactly what one process gives."""
from __future__ import annotations

import copy
import os

import pytest

from auditor import check_split
from auditor.checks import KINDS, _needs_of, load_kinds, register, run_checks
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
    assert check_split.worth_splitting(pack_md, rules, _needs_of)  # 43 pages, rules of both halves
    serial = _findings_and_warnings(pack_md, rules, split=False, monkeypatch=monkeypatch)
    split = _findings_and_warnings(pack_md, rules, split=True, monkeypatch=monkeypatch)
    assert split == serial
    assert len(serial[0]) > 30  # the sample's findings, not an empty run


def test_not_split_when_small_disabled_or_one_sided(pack_md, monkeypatch):
    rules = load_rules()
    monkeypatch.delenv("AUDITOR_CHECK_PROCESSES", raising=False)
    small = pack_from_markdown("# Report\n\nThe meeting is on 21 January 2025.\n")
    assert not check_split.worth_splitting(small, rules, _needs_of)
    dates_only = [r for r in rules if r.kind.startswith("date-")]
    assert dates_only and not check_split.worth_splitting(pack_md, dates_only, _needs_of)  # nothing left for the parent
    monkeypatch.setenv("AUDITOR_CHECK_PROCESSES", "1")
    assert not check_split.worth_splitting(pack_md, rules, _needs_of)


# Kinds written for these tests: one needing a family of the child (dates), one needing none (the parent).
def _rule(rule_id: str, kind: str) -> Rule:
    return Rule(id=rule_id, kind=kind, severity="warning", description="", example="", enabled=True,
                params={}, source="test")


@pytest.fixture
def test_kinds(monkeypatch):
    added = []

    def add(name, family, func):
        register(name, needs=(family,) if family else ())(func)
        added.append(name)

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
    assert check_split.worth_splitting(pack, rules, _needs_of)
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


def test_the_split_follows_the_declared_needs(test_kinds):
    """Where a rule runs follows from its kind's declared fact families: no list of kinds to edit."""
    nothing = lambda pack, rule, params, ctx: []  # noqa: E731
    test_kinds("test-split-reads-claims", "claims", nothing)
    test_kinds("test-split-reads-sentences", "sentences", nothing)  # the claims are built from the sentences
    test_kinds("test-split-reads-dates", "dates", nothing)
    test_kinds("test-split-reads-fact-index", "fact_index", nothing)
    test_kinds("test-split-reads-nothing", None, nothing)
    rules = load_rules()
    kinds = ["test-split-reads-claims", "test-split-reads-sentences", "test-split-reads-dates",
             "test-split-reads-fact-index", "test-split-reads-nothing"]
    rules = rules + [_rule(kind + "-rule", kind) for kind in kinds]
    placed = check_split.placement(rules, _needs_of)
    in_child = {rules[i].kind for i in placed.child}
    assert {"test-split-reads-dates", "date-tense", "order"} <= in_child  # the kinds sharing their needs
    assert len(placed.groups) == 1  # the claims, and the sentences they are read from: one queued group
    queued = {rules[i].kind for i in placed.groups[0]}
    assert {"test-split-reads-claims", "test-split-reads-sentences", "prose-parts", "restated-sentence"} <= queued
    in_parent = {rules[i].kind for i in placed.parent}
    assert {"test-split-reads-fact-index", "fact-conflict", "count-check", "table-total"} <= in_parent
    assert not (in_child | queued | in_parent) & {"test-split-reads-nothing", "consistency"}
    assert {rules[i].kind for i in placed.shared} >= {"test-split-reads-nothing", "consistency"}
    alone = [_rule("s", "test-split-reads-sentences"), _rule("n", "test-split-reads-nothing")]
    assert check_split.placement(alone, _needs_of).groups == [[0]]  # the sentences go with the claims built from them


def test_a_kind_needing_two_families_joins_them():
    """A kind reading the dates and the fact index must see each built once: both groups go together."""
    rules = [_rule("d", "date-tense"), _rule("f", "fact-conflict"), _rule("c", "consistency")]
    load_kinds()
    assert [rules[i].id for i in check_split.child_rules(rules, _needs_of)] == ["d"]
    needs = {"date-tense": ("dates",), "fact-conflict": ("fact_index",), "consistency": (),
             "both": ("dates", "fact_index")}
    rules.append(_rule("b", "both"))
    assert [rules[i].id for i in check_split.child_rules(rules, needs.__getitem__)] == ["d", "f", "b"]


def test_an_unknown_fact_family_is_refused():
    with pytest.raises(ValueError, match="unknown fact families"):
        register("test-split-bad-needs", needs=("dates", "tables_of_contents"))


def test_each_fact_family_is_built_once_per_pack_and_on_first_use_only(pack_md):
    """The facts of a pack are built when a kind first reads them, and kept for the next kinds."""
    from auditor.checks import Context

    ctx = Context()
    facts = ctx.facts_of(pack_md)
    assert facts._built == {}
    claims = facts.claims
    assert set(facts._built) == {"sentences", "claims"}  # the claims are read from the sentences
    assert ctx.facts_of(pack_md).claims is claims and ctx.facts_of(pack_md) is facts
    block = next(b for _, b, _ in pack_md.tables())
    assert facts.table_view(block) is facts.table_view(block)


def test_rules_needing_no_family_go_to_whichever_process_is_free(test_kinds, monkeypatch, tmp_path):
    """The parent's own group is slow: the child, its group done, takes the shared rules from the queue."""
    import time

    ran = tmp_path / "ran"

    def slow_parent_kind(pack, rule, params, ctx):
        time.sleep(1.0)
        return [_finding_on_first_block(pack, f"from {rule.id}")]

    def shared_kind(pack, rule, params, ctx):
        with open(ran, "a") as fh:
            fh.write(f"{rule.id} {os.getpid()}\n")
        ctx.warnings.append(f"warning from {rule.id}")
        return [_finding_on_first_block(pack, f"from {rule.id}")]

    test_kinds("test-split-slow-parent", "fact_index", slow_parent_kind)
    test_kinds("test-split-child-quick", "dates", lambda pack, rule, params, ctx: [])
    test_kinds("test-split-shared", None, shared_kind)
    monkeypatch.setattr(check_split, "MIN_TEXT_CHARS", 0)
    if check_split._usable_cpus() < 2:
        pytest.skip("one CPU: the checks are never split")
    pack = pack_from_markdown("# Report\n\nSome text.\n")
    rules = [_rule("s1", "test-split-shared"), _rule("slow", "test-split-slow-parent"),
             _rule("c", "test-split-child-quick"), _rule("s2", "test-split-shared"), _rule("s3", "test-split-shared")]
    assert check_split.shared_rules(rules, _needs_of) == [0, 3, 4]
    serial = _findings_and_warnings(pack, rules, split=False, monkeypatch=monkeypatch)
    ran.unlink()
    split = _findings_and_warnings(pack, rules, split=True, monkeypatch=monkeypatch)
    assert split == serial
    assert split[1] == ["warning from s1", "warning from s2", "warning from s3"]
    runs = dict(line.split() for line in ran.read_text().splitlines())
    assert sorted(runs) == ["s1", "s2", "s3"]  # each shared rule ran once
    assert str(os.getpid()) not in runs.values()  # all taken by the child while the parent's own rule ran


def test_a_queued_family_group_goes_whole_to_whichever_process_is_free(test_kinds, monkeypatch, tmp_path):
    """The child's own dates are slow: the parent, its own group done, takes the claims group, all of
    its rules (the sentences are read once, in one process), and the results are those of a serial run."""
    import time

    ran = tmp_path / "ran"

    def slow_dates_kind(pack, rule, params, ctx):
        time.sleep(1.0)
        return [_finding_on_first_block(pack, f"from {rule.id}")]

    def claims_kind(pack, rule, params, ctx):
        with open(ran, "a") as fh:
            fh.write(f"{rule.id} {os.getpid()}\n")
        ctx.warnings.append(f"warning from {rule.id}")
        return [_finding_on_first_block(pack, f"from {rule.id}")]

    test_kinds("test-split-slow-dates", "dates", slow_dates_kind)
    test_kinds("test-split-index-quick", "fact_index", lambda pack, rule, params, ctx: [])
    test_kinds("test-split-claims", "claims", claims_kind)
    test_kinds("test-split-sentences", "sentences", claims_kind)
    monkeypatch.setattr(check_split, "MIN_TEXT_CHARS", 0)
    if check_split._usable_cpus() < 2:
        pytest.skip("one CPU: the checks are never split")
    pack = pack_from_markdown("# Report\n\nSome text.\n")
    rules = [_rule("c1", "test-split-claims"), _rule("slow", "test-split-slow-dates"),
             _rule("f", "test-split-index-quick"), _rule("s1", "test-split-sentences"), _rule("c2", "test-split-claims")]
    placed = check_split.placement(rules, _needs_of)
    assert (placed.child, placed.parent, placed.groups, placed.shared) == ([1], [2], [[0, 3, 4]], [])
    assert check_split.worth_splitting(pack, rules, _needs_of)
    serial = _findings_and_warnings(pack, rules, split=False, monkeypatch=monkeypatch)
    ran.unlink()
    split = _findings_and_warnings(pack, rules, split=True, monkeypatch=monkeypatch)
    assert split == serial
    assert split[1] == ["warning from c1", "warning from s1", "warning from c2"]
    runs = dict(line.split() for line in ran.read_text().splitlines())
    assert sorted(runs) == ["c1", "c2", "s1"]  # each ran once
    assert set(runs.values()) == {str(os.getpid())}  # all in the parent, while the child read its dates


def test_not_split_when_one_queued_group_is_all_there_is(test_kinds, monkeypatch):
    test_kinds("test-split-claims-only", "claims", lambda pack, rule, params, ctx: [])
    monkeypatch.setattr(check_split, "MIN_TEXT_CHARS", 0)
    pack = pack_from_markdown("# Report\n\nSome text.\n")
    rules = [_rule("c1", "test-split-claims-only"), _rule("c2", "test-split-claims-only")]
    assert not check_split.worth_splitting(pack, rules, _needs_of)
