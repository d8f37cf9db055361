"""Everything that lists the services agrees with the table: a new entry that misses one of them fails here.

The emulator's services, the modules' `choices`, the README's table of services (names, ids, statuses, sub-jobs),
galaxy.yml's description and the fault matrix's services are compared with `SERVICES` (the emulator, the README's
table and galaxy.yml with the services that have job calls: a service of resources only, such as vpc, is listed in the
README's "Resources").
"""

import os
import re

import yaml

from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED
from ansible_collections.hwcloud.jobs.plugins.doc_fragments import id_options
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.modules import job_info, wait_for_job

from tests.emulator import state as emulator_state
from tests.helpers import ROOT as REPO


def read(path):
    with open(os.path.join(REPO, path), encoding="utf-8") as handle:
        return handle.read()


JOB_SERVICES = dict((name, service) for name, service in SERVICES.items() if service.id_kinds)


def test_the_emulator_serves_every_service_of_the_table_and_no_other():
    assert sorted(emulator_state.SERVICES) == sorted(JOB_SERVICES)
    assert sorted(emulator_state.SUB_JOB_SERVICES) == sorted(name for name, s in SERVICES.items() if s.job.sub_jobs)


def test_the_modules_choices_are_the_tables():
    """Their services are the table's, and every id kind of the table is an option (written once, in id_options)."""
    kinds = [kind for service in SERVICES.values() for kind in service.every_id_kind]
    assert set(kinds) <= set(yaml.safe_load(id_options.ModuleDocFragment.DOCUMENTATION)["options"])
    for module in (job_info, wait_for_job):
        doc = yaml.safe_load(module.DOCUMENTATION)
        assert doc["options"]["service"]["choices"] == sorted(SERVICES), module.__name__
        assert "hwcloud.jobs.id_options" in doc["extends_documentation_fragment"], module.__name__


def readme_services_table():
    text = read("README.md")
    section = text.split("## Services and their ids", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")][1:]  # the header names the columns
    table = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        name = cells[0].strip("`")
        table[name] = dict(ids=re.findall(r"`([^`]+)`", cells[2]), running=re.findall(r"`([^`]+)`", cells[3]),
                           succeeded=re.findall(r"`([^`]+)`", cells[4]), failed=re.findall(r"`([^`]+)`", cells[5]),
                           sub_jobs=cells[6])
    return table


def test_the_readme_table_of_services_says_what_the_table_says():
    table = readme_services_table()
    assert sorted(table) == sorted(JOB_SERVICES)
    for name, service in JOB_SERVICES.items():
        row = table[name]
        assert row["ids"] == service.id_kinds, name
        for state in (RUNNING, SUCCEEDED, FAILED):
            assert sorted(row[state]) == sorted(str(v) for v in service.job.statuses[state]), (name, state)
        assert bool(row["sub_jobs"]) == bool(service.job.sub_jobs), name


def test_galaxy_description_names_every_service():
    description = yaml.safe_load(read("galaxy.yml"))["description"]
    for name, service in JOB_SERVICES.items():
        short = re.findall(r"\(([A-Z]+)\)", service.title)
        names = [service.title.split(" (")[0]] + short
        assert any(n in description for n in names), (name, names, description)
    assert len(re.findall(r"[A-Z][\w ]*?(?:,|\))", description.split("(", 1)[1].split(")", 1)[0] + ")")) == len(JOB_SERVICES)
