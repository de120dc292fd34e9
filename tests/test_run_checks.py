"""run_checks: a failing check costs its own findings and leaves a warning, not the report."""
from auditor.checks import KINDS, Kind, run_checks
from auditor.rules import Rule
from conftest import pack_from_markdown


def test_a_crashing_rule_becomes_a_warning_and_others_still_report():
    def broken(pack, rule, params, ctx):
        raise ZeroDivisionError("bug")

    KINDS["test-broken"] = Kind("test-broken", broken, {})
    try:
        pack = pack_from_markdown("The total is TBC.\n")
        rules = [Rule("broken-rule", "test-broken", "error", "d"),
                 Rule("tbc", "draft-text", "warning", "d", params={"patterns": [{"pattern": "TBC"}]})]
        findings = run_checks(pack, rules)
    finally:
        del KINDS["test-broken"]
    assert [f.rule for f in findings] == ["tbc"]
    assert any("broken-rule could not run (ZeroDivisionError: bug)" in w for w in pack.warnings)


def test_the_checks_run_with_fewer_collections_and_put_the_thresholds_back():
    """The collector's thresholds are raised while the checks build their facts (full collections of
    a big pack's facts were a quarter of the check time), and the caller's are restored after, also
    when a check fails; a threshold of 0 (collection off) is left alone."""
    import gc

    from auditor.checks import CHECK_GC_THRESHOLD

    seen = []

    def record(pack, rule, params, ctx):
        seen.append(gc.get_threshold())
        if rule.id == "fails":
            raise KeyboardInterrupt
        return []

    KINDS["test-gc"] = Kind("test-gc", record, {})
    before = gc.get_threshold()
    try:
        pack = pack_from_markdown("Some text.\n")
        run_checks(pack, [Rule("gc", "test-gc", "warning", "d")])
        assert seen[-1] == tuple(max(a, b) for a, b in zip(before, CHECK_GC_THRESHOLD)) != before
        assert gc.get_threshold() == before
        try:
            run_checks(pack, [Rule("fails", "test-gc", "warning", "d")])
        except KeyboardInterrupt:
            pass
        assert gc.get_threshold() == before
        gc.set_threshold(0)
        run_checks(pack, [Rule("gc", "test-gc", "warning", "d")])
        assert seen[-1][0] == 0 and gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
        del KINDS["test-gc"]


def test_a_pack_is_read_with_fewer_collections_and_the_thresholds_put_back(tmp_path, monkeypatch):
    """Reading a long pack makes as many lasting objects as checking it: the same raised thresholds."""
    import gc

    from auditor import pipeline
    from auditor.resources import CHECK_GC_THRESHOLD

    seen = []
    real_segment = pipeline.segment
    monkeypatch.setattr(pipeline, "segment", lambda raw: seen.append(gc.get_threshold()) or real_segment(raw))
    path = tmp_path / "pack.md"
    path.write_text("# Report\n\n1. Some text.\n")
    before = gc.get_threshold()
    pipeline.load_pack(str(path))
    assert seen == [tuple(max(a, b) for a, b in zip(before, CHECK_GC_THRESHOLD))] != [before]
    assert gc.get_threshold() == before
