"""JUnit XML for CI dashboards: one test suite per policy file, one failing test case per finding."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from codecheck.model import Finding, Report

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry: control characters have no escape there, so they become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _case(suite: ET.Element, finding: Finding) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        name=xml_text(f"{finding.rule_id} {finding.path or finding.doc_id or 'file'} ({finding.line}:{finding.column})"),
        classname=xml_text(finding.file),
        file=xml_text(finding.file),
        line=str(finding.line),
    )
    if finding.gap:  # not a failure: the rule could not assess it
        ET.SubElement(case, "skipped", message=xml_text(finding.message)).text = xml_text(finding.fix)
        return
    if finding.suppression is not None:
        reason = f"suppressed: {finding.suppression.reason}"
        ET.SubElement(case, "skipped", message=xml_text(reason)).text = xml_text(finding.message)
        return
    failure = ET.SubElement(case, "failure", type=str(finding.severity), message=xml_text(finding.message))
    failure.text = xml_text(f"{finding.file}:{finding.line}:{finding.column}: {finding.message}\nFix: {finding.fix}")


def render(report: Report) -> str:
    root = ET.Element("testsuites", name="codecheck", tests=str(len(report.findings)))
    root.set("failures", str(len(report.failures)))
    for file, group in groupby(report.findings, key=lambda f: f.file):
        findings = list(group)
        failing = sum(1 for f in findings if f.suppression is None and not f.gap)
        suite = ET.SubElement(root, "testsuite", name=xml_text(file), tests=str(len(findings)), failures=str(failing))
        suite.set("skipped", str(len(findings) - failing))
        for finding in findings:
            _case(suite, finding)
    if not report.findings:
        suite = ET.SubElement(root, "testsuite", name="codecheck", tests="1", failures="0")
        ET.SubElement(suite, "testcase", name=f"{report.documents} documents in {report.files} files", classname="codecheck")
        root.set("tests", "1")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
