"""Release hygiene: the built tarball (what it holds and leaves out), installing it, the changelog and docs linters."""

import glob
import os
import shutil
import subprocess
import tarfile

import pytest
import yaml

from tests.helpers import BIN, ROOT, ansible_env, identity_secrets, run_module

# Caches, venvs and outputs a checkout gathers while people work and test in it; none may reach the tarball.
DECOYS = (
    ".venv/bin/python", ".venv/lib/python3.11/site-packages/decoy.py", ".build/logs/integration.log",
    ".build/collections/ansible_collections/hwcloud/jobs/decoy.txt", ".pytest_cache/v/cache/nodeids",
    "tests/integration/.pytest_cache/README.md", "tests/unit/__pycache__/test_decoy.cpython-311.pyc",
    "plugins/modules/__pycache__/decoy.cpython-311.pyc", "plugins/module_utils/decoy.pyc", ".hypothesis/examples/decoy",
    "tests/unit/.hypothesis/examples/decoy", "benchmarks/results/run-decoy.json", "tests/output/junit/decoy.xml",
    ".ansible/collections/decoy.txt", "extensions/.ansible/tmp/decoy.txt", "hwcloud-jobs-0.0.1.tar.gz",
    ".git/HEAD", ".mypy_cache/decoy.json", ".ruff_cache/decoy",
    # Reports the role README's CI example and the filters' examples write (issue 18: they once reached the tarball).
    "reports/cloud-jobs.json", "reports/cloud-jobs.xml", "reports/cloud-jobs.html", "playbooks/reports/jobs.xml",
    "cloud-jobs-decoy.html", "roles/job_gate/cloud-jobs.xml",
)
FORBIDDEN_PARTS = {".venv", ".build", ".pytest_cache", "__pycache__", ".hypothesis", ".ansible", ".git", ".mypy_cache",
                   ".ruff_cache", "output", "reports"}
EXPECTED = ("MANIFEST.json", "FILES.json", "meta/runtime.yml", "meta/execution-environment.yml", "requirements.txt",
            "roles/job_gate/meta/argument_specs.yml", "roles/job_gate/tasks/main.yml", "roles/job_gate/README.md",
            "playbooks/job_gate.yml", "playbooks/cph_batch_output.yml", "playbooks/workspace_failed_desktops.yml",
            "playbooks/cfw_many_jobs.yml", "playbooks/demo.yml", "docs/awx-credential-type.yml",
            "changelogs/changelog.yaml", "plugins/modules/cfw_job_info.py", "plugins/action/wait_for_job.py",
            "plugins/modules/job_info.py", "plugins/plugin_utils/waiter.py", "plugins/plugin_utils/wait.py",
            "plugins/filter/job_reports.py", "plugins/filter/job_summary.yml", "plugins/filter/junit_xml.yml",
            "plugins/filter/job_report.yml", "plugins/filter/job_report_html.py", "plugins/filter/job_report_html.yml",
            "plugins/plugin_utils/job_report_html.html.j2", "plugins/plugin_utils/report.py",
            "meta/extensions.yml", "extensions/eda/plugins/event_source/job_status.py",
            "extensions/eda/rulebooks/workspace_failed_desktop.yml", "playbooks/infrastructure_jobs.yml", "playbooks/first_wait.yml")


def call(cmd, cwd, extra_env=None, timeout=180):
    proc = subprocess.run(cmd, cwd=str(cwd), env=ansible_env(extra_env or {}), capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, "%s\n%s%s" % (" ".join(map(str, cmd)), proc.stdout[-3000:], proc.stderr[-3000:])
    return proc


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """The checkout's files as git sees them (tracked, and untracked but not ignored): what a fresh clone holds.

    Linters that copy the whole collection (antsibull-docs) run on this copy rather than on a checkout with a venv.
    """
    dest = str(tmp_path_factory.mktemp("release") / "hwcloud.jobs")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode == 0 and listed.stdout:
        for rel in listed.stdout.decode().split("\0"):
            if rel and os.path.isfile(os.path.join(ROOT, rel)):
                os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
                shutil.copy2(os.path.join(ROOT, rel), os.path.join(dest, rel))
    else:  # not a git checkout (an unpacked source tarball)
        shutil.copytree(ROOT, dest, symlinks=True, ignore=shutil.ignore_patterns(*sorted(FORBIDDEN_PARTS)))
    return dest


def test_tarball_leaves_out_caches_and_installs_into_an_empty_path(emu, checkout, tmp_path):
    source = tmp_path / "src"
    shutil.copytree(checkout, str(source))
    for rel in DECOYS:
        os.makedirs(os.path.dirname(str(source / rel)), exist_ok=True)
        (source / rel).write_text("decoy\n")
    call([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(tmp_path / "dist"), str(source)], tmp_path)
    tarball = glob.glob(str(tmp_path / "dist" / "hwcloud-jobs-*.tar.gz"))
    assert len(tarball) == 1
    with tarfile.open(tarball[0]) as archive:
        members = [m.name for m in archive.getmembers()]
        manifest = yaml.safe_load(archive.extractfile("MANIFEST.json"))
    leaked = [m for m in members if FORBIDDEN_PARTS & set(m.split("/")) or m.endswith((".pyc", ".tar.gz"))
              or m.startswith("benchmarks/results") or "decoy" in m or "cloud-jobs" in m]
    assert leaked == []
    assert set(EXPECTED) <= set(members)
    assert manifest["collection_info"]["namespace"] == "hwcloud" and manifest["collection_info"]["name"] == "jobs"
    assert os.path.getsize(tarball[0]) < 2 * 1024 * 1024

    # Install into an empty path, then use only that copy: ansible-doc names its file, a module and the
    # collection's own playbook (by FQCN, with the role) run from it against the emulator.
    installed = tmp_path / "collections"
    only_installed = {"ANSIBLE_COLLECTIONS_PATH": str(installed), "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false"}
    call([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", "-p", str(installed), tarball[0]], tmp_path,
         only_installed)
    copy = installed / "ansible_collections" / "hwcloud" / "jobs"
    doc = call([os.path.join(BIN, "ansible-doc"), "hwcloud.jobs.cfw_job_info"], tmp_path, only_installed)
    assert str(copy / "plugins" / "modules" / "cfw_job_info.py") in doc.stdout
    role_doc = call([os.path.join(BIN, "ansible-doc"), "-t", "role", "hwcloud.jobs.job_gate"], tmp_path, only_installed)
    assert "job_gate_jobs" in role_doc.stdout

    emu.control.add_job(service="cfw", job_id="release-cfw-1", state="running", then="succeeded", after_polls=1)
    env = dict(emu.env("aksk"), **only_installed)
    module = run_module("cfw_job_info", {"job_id": "release-cfw-1"}, env)
    assert module.result and not module.result["failed"] and module.result["jobs"][0]["job_id"] == "release-cfw-1", module.output
    gate = call([os.path.join(BIN, "ansible-playbook"), "-i", str(copy / "playbooks" / "inventory.yml"), "hwcloud.jobs.job_gate",
                 "-e", '{"job_gate_jobs": [{"service": "cfw", "job_id": "release-cfw-1"}], "job_gate_poll_interval": 0.2}'],
                tmp_path, env)
    assert "1 job: 1 succeeded, 0 failed" in gate.stdout
    assert not any(secret in gate.stdout + module.output for secret in identity_secrets(emu.control))


def test_changelog_lints_clean_and_has_fragments():
    proc = call([os.path.join(BIN, "antsibull-changelog"), "lint"], ROOT)
    assert proc.stdout.strip() == "" and proc.stderr.strip() == ""
    text = ""
    for path in glob.glob(os.path.join(ROOT, "changelogs", "fragments", "*.yml")):
        with open(path, encoding="utf-8") as handle:
            text += handle.read()
    # a fragment for each user-visible change of the collection
    for topic in ("job_gate", "playbooks/", "execution-environment.yml", "credential type"):
        assert topic in text, topic


def test_collection_docs_lint_clean(checkout):
    proc = call([os.path.join(BIN, "antsibull-docs"), "lint-collection-docs", "--plugin-docs", "."], checkout, timeout=300)
    assert proc.stdout.strip() == "", proc.stdout
