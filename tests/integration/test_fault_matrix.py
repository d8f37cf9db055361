"""The fault matrix (tests/fault_matrix.py): every cell has its expected outcome, and docs/fault-matrix.md shows them.

The page is written by `python -m tests.fault_matrix`, never by a test: this one fails when the committed page
no longer shows what the cells do (a cell added, renamed, or its outcome changed).
"""

from tests.fault_matrix import DOC, FAULTS, SERVICES, problems_of, render, run_matrix


def test_fault_matrix(emu):
    rows = run_matrix(emu)
    assert len(rows) == len(FAULTS) * len(SERVICES)
    table = render(rows)
    problems = problems_of(rows)
    assert not problems, "\n".join(problems) + "\n" + table
    with open(DOC, encoding="utf-8") as handle:
        committed = handle.read()
    assert committed == table, "docs/fault-matrix.md is not current: run `python -m tests.fault_matrix`\n" + table
