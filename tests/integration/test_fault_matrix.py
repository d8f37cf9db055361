"""The fault matrix (tests/fault_matrix.py): every cell has its expected outcome, and docs/fault-matrix.md shows them.

The page is written by `python -m tests.fault_matrix`, never by a test: this one fails when the committed page
no longer shows what the cells do (a cell added, renamed, or its outcome changed). Every cell runs on a clock of
its own that moves only when the code sleeps, so no outcome depends on the machine's speed.
"""

from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES as TABLE

from tests.fault_matrix import DOC, FAULTS, LEFT_OUT, ORDER, RESOURCE, SERVICES, WAIT_TIMEOUT, cell_count, problems_of, render, run_matrix


def test_fault_matrix(emu):
    assert list(SERVICES) == list(TABLE), "the matrix covers every service of the table"
    assert SERVICES["bss"].thing == ORDER and SERVICES["vpc"].thing == RESOURCE, "orders and a resource-only service are covered"
    faults = [name for name, dummy_spec, dummy_info, dummy_wait in FAULTS]
    assert all(service in SERVICES and fault in faults for service, fault in LEFT_OUT), "LEFT_OUT names cells of the matrix"
    rows = run_matrix(emu)
    assert len(rows) == cell_count() == len(FAULTS) * len(SERVICES) - len(LEFT_OUT)
    table = render(rows)
    problems = problems_of(rows)
    assert not problems, "\n".join(problems) + "\n" + table
    # The deadline passed on the cells' clocks: every wait that timed out reports exactly its timeout.
    timed_out = [cells["wait"][2] for dummy_name, dummy_service, cells in rows if cells["wait"][0] == "timeout"]
    assert timed_out and all(result["elapsed"] == WAIT_TIMEOUT for result in timed_out)
    # Orders and resources ran through the faults as jobs do: each to its true end where the fault passes.
    for service in ("bss", "vpc"):
        seen = dict((name, cells["wait"][0]) for name, where, cells in rows if where == service)
        assert seen["500 (x2)"] == seen["connection reset (x2)"] == "ok" and seen["status outside the table"] == "timeout"
    # A completed order is a success only once it names what it made (the cell's order made one resource).
    orders = [cells["wait"][2]["jobs"] for dummy_name, where, cells in rows if where == "bss" and cells["wait"][0] == "ok"]
    assert orders and all([job["resources"] for job in jobs] == [[jobs[0]["job_id"] + "-made"]] for jobs in orders)
    with open(DOC, encoding="utf-8") as handle:
        committed = handle.read()
    assert committed == table, "docs/fault-matrix.md is not current: run `python -m tests.fault_matrix`\n" + table
