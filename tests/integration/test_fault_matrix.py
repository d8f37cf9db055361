"""The fault matrix (tests/fault_matrix.py): every cell has its expected outcome, and docs/fault-matrix.md shows them.

The page is written by `python -m tests.fault_matrix`, never by a test: this one fails when the committed page
no longer shows what the cells do (a cell added, renamed, or its outcome changed). Every cell runs on a clock of
its own that moves only when the code sleeps, so no outcome depends on the machine's speed.
"""

from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES as TABLE

from tests.emulator.state import VOCABULARY
from tests.fault_matrix import DOC, FAULTS, SERVICES, WAIT_TIMEOUT, problems_of, render, run_matrix


def test_fault_matrix(emu):
    # BSS orders have no job vocabulary in the emulator (orders.py): the matrix skips them (tests/fault_matrix.py).
    served = [name for name in TABLE if TABLE[name].id_kinds and name in VOCABULARY]
    assert list(SERVICES) == served, "the matrix covers every service of the table with a job call the emulator serves as jobs"
    rows = run_matrix(emu)
    assert len(rows) == len(FAULTS) * len(SERVICES)
    table = render(rows)
    problems = problems_of(rows)
    assert not problems, "\n".join(problems) + "\n" + table
    # The deadline passed on the cells' clocks: every wait that timed out reports exactly its timeout.
    timed_out = [cells["wait"][2] for dummy_name, dummy_service, cells in rows if cells["wait"][0] == "timeout"]
    assert timed_out and all(result["elapsed"] == WAIT_TIMEOUT for result in timed_out)
    with open(DOC, encoding="utf-8") as handle:
        committed = handle.read()
    assert committed == table, "docs/fault-matrix.md is not current: run `python -m tests.fault_matrix`\n" + table
