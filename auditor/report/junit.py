"""JUnit XML: a test suite per pack, a test case per rule and document.

A test case fails when it has findings at or above --fail-on; findings below it are
listed in the case's system-out so the CI page still shows them.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from auditor.report import RunReport, also_lines, as_run, fails, values_text


def render_junit(run_or_results) -> str:
    run = as_run(run_or_results)
    root = ET.Element("testsuites", name="auditor")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    suites = [_suite(result, run) for result in run.results]
    suites += [_failed_pack_suite(failure) for failure in run.failures]
    for suite in suites:
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key))
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    _make_xml_safe(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _failed_pack_suite(failure) -> ET.Element:
    """A pack that could not be read: a suite with one test case in error, so CI shows it."""
    suite = ET.Element("testsuite", name=failure.path, tests="1", failures="0", errors="1", skipped="0")
    case = ET.SubElement(suite, "testcase", name="read the pack", classname="auditor.unreadable")
    ET.SubElement(case, "error", type="unreadable", message=failure.message).text = failure.message
    return suite


# Characters XML 1.0 does not allow anywhere, even escaped: C0 controls other than tab, line feed and
# carriage return (Word's manual line break is \v, its page break \f), lone surrogates, U+FFFE/U+FFFF.
# One of them makes the whole report unreadable to a CI server.
_LINE_BREAK_CONTROLS = re.compile(r"[\v\f]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", _LINE_BREAK_CONTROLS.sub("\n", text))


def _make_xml_safe(root: ET.Element) -> None:
    for element in root.iter():
        if element.text:
            element.text = xml_safe(element.text)
        if element.tail:
            element.tail = xml_safe(element.tail)
        for key, value in element.attrib.items():
            element.attrib[key] = xml_safe(value)


def _suite(result, run: RunReport) -> ET.Element:
    by_case = defaultdict(list)
    merged_into = defaultdict(list)  # (rule, document) -> findings of other rules that hold its finding
    for f in result.findings:
        by_case[(f.rule, f.document)].append(f)
        for other in f.also:
            merged_into[(other.rule, other.document)].append(f)
    accepted = defaultdict(list)
    for acc in result.accepted:
        accepted[(acc.finding.rule, acc.finding.document)].append(acc)
    rule_ids = [r.id for r in run.rules] or sorted({rule for rule, _ in by_case})
    documents = [d.title for d in result.pack.documents]
    for rule, doc in list(by_case) + list(accepted) + list(merged_into):  # findings on a document the pack does not list
        if doc not in documents:
            documents.append(doc)
        if rule not in rule_ids:
            rule_ids.append(rule)
    suite = ET.Element("testsuite", name=result.pack.source)
    failures = tests = 0
    for rule in rule_ids:
        for doc in documents:
            tests += 1
            case = ET.SubElement(suite, "testcase", name=f"{rule} [{doc}]", classname=_classname(doc))
            findings = by_case.get((rule, doc), [])
            failing = [f for f in findings if fails(f, run.fail_on)]
            if failing:
                failures += 1
                worst = failing[0].severity
                failure = ET.SubElement(case, "failure", type=worst,
                                        message=f"{len(failing)} finding(s): {failing[0].message}")
                failure.text = "\n\n".join(_finding_text(f) for f in failing)
            rest = [f for f in findings if f not in failing]
            lines = [_finding_text(f) for f in rest]
            lines += [f"ACCEPTED by {a.waiver.by}: {a.waiver.reason}\n{_finding_text(a.finding)}"
                      for a in accepted.get((rule, doc), [])]
            lines += [f"SAME SLIP, reported under {f.rule} [{f.document}]: {f.message}"
                      for f in merged_into.get((rule, doc), [])]
            if lines:
                ET.SubElement(case, "system-out").text = "\n\n".join(lines)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    warnings = list(result.pack.warnings)
    if warnings:
        ET.SubElement(suite, "system-err").text = "\n".join(f"reading note: {w}" for w in warnings)
    return suite


def _classname(document: str) -> str:
    return "auditor." + "".join(ch if ch.isalnum() else "_" for ch in document).strip("_")[:80]


def _finding_text(f) -> str:
    lines = [f"{f.severity}: {f.message}", f"at {f.document}, {f.location.describe()}"]
    if f.excerpt:
        lines.append(f"excerpt: {f.excerpt}")
    values = values_text(f)
    if values:
        lines.append(values)
    for r in f.related:
        lines.append(f"see also {r.document}, {r.location.describe()}: {r.excerpt[:200]}")
    lines += also_lines(f)
    return "\n".join(lines)
