"""JUnit XML: one ``<testcase>`` per linted file, one ``<failure>`` per finding.

CI systems (Jenkins, GitLab ``reports:junit``, Azure) show a file with findings as a failed test
and each finding as its failure. Built with ElementTree, which escapes markup; characters XML 1.0
cannot hold at all (most control characters, lone surrogates) are replaced by visible escapes
first, so a file name or copy can neither inject elements nor make the report unparsable.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from ._common import report_path, safe_text
from .text import one_line, shown_path

TYPE_CHECKING = False  # not typing's: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import IO, Any


def junit_tree(report: Any) -> ET.Element:
    by_path: dict[str, list] = defaultdict(list)
    for f in report.findings:
        by_path[f.path].append(f)
    paths = sorted({r.path for r in report.files} | set(by_path))
    failing = sum(1 for p in paths if by_path.get(p))
    total = len(report.findings)
    root = ET.Element(
        "testsuites",
        name="outreach-lint",
        tests=str(len(paths)),
        failures=str(failing),
        errors="0",
    )
    suite = ET.SubElement(
        root,
        "testsuite",
        name="outreach-lint",
        tests=str(len(paths)),
        failures=str(failing),
        errors="0",
        skipped="0",
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="findings", value=str(total))
    for path in paths:
        shown = safe_text(report_path(path))
        case = ET.SubElement(suite, "testcase", name=shown, classname="outreach-lint", file=shown)
        for f in by_path.get(path, ()):
            where = f"{shown_path(report_path(path))}:{f.line}:{f.column}"
            failure = ET.SubElement(
                case,
                "failure",
                message=safe_text(f"{f.code} {f.message}"),
                type=f"{f.code} {f.name}",
            )
            # one line each: a message may quote a file name, which may hold a line break
            body = [f"{where}: {f.code} [{f.severity.value}] {one_line(f.message)}"]
            if f.suggestion:
                body.append(f"help: {one_line(f.suggestion)}")
            failure.text = safe_text("\n".join(body))
    return root


def format_junit(report: Any, stream: IO[str], options: Any) -> None:
    root = junit_tree(report)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
