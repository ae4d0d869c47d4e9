#!/usr/bin/python3
"""Counts the tests written against the tests CTest ran, from ctest's JUnit report.

  check_counts.py SOURCE_ROOT JUNIT_XML [--with-slow] [--without-cli]

Written: every TEST_CASE( in tests/unit/*.cpp (those tagged "[.slow]" are hidden from discovery
and run by "unit: slow"), and every tests/cli/*.sh but lib.bash. Ran: the report's "unit:..."
entries that ran and passed, the test cases Catch says "unit: slow" ran (--with-slow, when that
label was run), and the "cli: ..." entries. Exits 1, saying which, unless every written test ran
exactly once and passed; a test that CTest discovered but that matched no Catch test case fails
on its own (-w NoTests).
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET


def main():
    root, junit = sys.argv[1], sys.argv[2]
    with_slow = "--with-slow" in sys.argv[3:]
    with_cli = "--without-cli" not in sys.argv[3:]
    written = hidden = 0
    for path in glob.glob(os.path.join(root, "tests/unit/*.cpp")):
        for m in re.finditer(r'^\s*TEST_CASE\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*"([^"]*)"', open(path).read(), re.M):
            written += 1
            hidden += "[." in m.group(2)
    cli_written = len([p for p in glob.glob(os.path.join(root, "tests/cli/*.sh"))
                       if not p.endswith("lib.bash")])

    cases = ET.parse(junit).getroot().iter("testcase")
    unit_ran = unit_seen = cli_ran = cli_seen = slow_ran = 0
    problems = []
    for c in cases:
        name, status = c.get("name"), c.get("status")
        ok = status == "run" and c.find("failure") is None
        if name == "unit: slow":
            out = (c.findtext("system-out") or "")
            m = re.search(r"in (\d+) test cases?\)", out)
            slow_ran = int(m.group(1)) if m and ok else 0
        elif name.startswith("unit:"):
            unit_seen += 1
            unit_ran += ok
        elif name.startswith("cli: "):
            cli_seen += 1
            cli_ran += ok
    expect_unit = written - hidden
    if unit_seen != expect_unit:
        problems.append("%d unit test cases written, %d of them hidden ([.slow]): CTest should "
                        "have %d, it has %d" % (written, hidden, expect_unit, unit_seen))
    if unit_ran != unit_seen:
        problems.append("%d of %d unit tests did not run and pass" % (unit_seen - unit_ran, unit_seen))
    if with_slow and slow_ran != hidden:
        problems.append("%d slow test cases written, 'unit: slow' ran %d" % (hidden, slow_ran))
    if with_cli and (cli_seen != cli_written or cli_ran != cli_written):
        problems.append("%d CLI scripts written, %d in CTest, %d ran and passed"
                        % (cli_written, cli_seen, cli_ran))
    print("test count: unit test cases written %d (%d slow), discovered %d%s, run and passed %d%s;"
          " CLI scripts written %d, run and passed %d"
          % (written, hidden, unit_seen, " + %d slow" % hidden if with_slow else "", unit_ran,
             " + %d slow" % slow_ran if with_slow else "", cli_written, cli_ran))
    for p in problems:
        print("test count: FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
