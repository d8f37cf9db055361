# -*- coding: utf-8 -*-
"""pytest fixtures: `emulator` (one subprocess per session) and `emu` (reset per test).

The emulator runs as `sys.executable -m tests.emulator --port 0` from the
repository root; teardown ends that one process and nothing else. Set
HWCLOUD_JOBS_EMULATOR_URL to use an emulator you started yourself instead.
"""

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from . import state as st
from .control import EmulatorControl

REPO_ROOT = Path(__file__).resolve().parents[2]
try:
    from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import env_names
except ImportError:  # the checkout as a collection: scripts/setup.sh links it under .build/collections
    sys.path.insert(0, str(REPO_ROOT / ".build" / "collections"))
    from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import env_names
STARTUP_TIMEOUT = 20
URL_PREFIX = "EMULATOR_URL="
TLS_URL_PREFIX = "EMULATOR_TLS_URL="
EXTERNAL_URL_ENV = "HWCLOUD_JOBS_EMULATOR_URL"

# Every variable through which the collection may pick up credentials or endpoints: the collection's own table.
ALL_ENV_NAMES = env_names()
AUTH_METHODS = ("aksk", "temp_aksk", "token", "password")


class EmulatorProcess:
    """A running emulator: `url`, `endpoints` (service -> its own listener's URL), `pid` (None when external), `control`, `env()`."""

    def __init__(self, log_path=None, extra_args=None):
        self.log_path = log_path
        self.extra_args = list(extra_args or [])
        self.process = None
        self.url = None
        self.tls_url = None  # with extra_args --tls-cert/--tls-key: the HTTPS listener's URL
        self.pid = None
        self.control = None
        self.endpoints = {}
        self._log = None
        self._reader = None

    def start(self):
        external = os.environ.get(EXTERNAL_URL_ENV)
        if external:
            self._ready(external.rstrip("/"))
            return self
        command = [sys.executable, "-m", "tests.emulator", "--port", "0", "--parent-pid", str(os.getpid())] + self.extra_args
        self._log = open(self.log_path, "w", encoding="utf-8") if self.log_path else None  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            command, cwd=str(REPO_ROOT), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._log or subprocess.DEVNULL,
            universal_newlines=True)
        self.pid = self.process.pid
        lines = queue.Queue()
        self._reader = threading.Thread(target=_pump, args=(self.process.stdout, lines), name="emulator-stdout", daemon=True)
        self._reader.start()
        try:
            first = lines.get(timeout=STARTUP_TIMEOUT)
        except queue.Empty:
            first = None
        if not first or not first.startswith(URL_PREFIX):
            self.stop()
            raise RuntimeError("the emulator did not start (first line %r); its log:\n%s" % (first, self._log_text()))
        if "--tls-cert" in self.extra_args:
            second = lines.get(timeout=STARTUP_TIMEOUT)
            if not second or not second.startswith(TLS_URL_PREFIX):
                self.stop()
                raise RuntimeError("the emulator printed no TLS URL (second line %r)" % (second,))
            self.tls_url = second.strip()[len(TLS_URL_PREFIX):]
        self._ready(first.strip()[len(URL_PREFIX):])
        return self

    def _ready(self, url):
        self.url = url
        self.control = EmulatorControl(url)
        self.endpoints = self.control.endpoints()

    def _log_text(self):
        if not self.log_path or not os.path.exists(str(self.log_path)):
            return "(no log)"
        with open(str(self.log_path), encoding="utf-8", errors="replace") as handle:
            return handle.read()[-4000:]

    def stop(self):
        """Terminate our own process (by its pid only), kill it if it lingers."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._reader is not None:
            self._reader.join(5)
            self._reader = None
        if process is not None and process.stdout:
            process.stdout.close()
        if self._log is not None:
            self._log.close()
        self._log = None

    def env(self, method="aksk", style="sdk", region=st.DEFAULT_REGION, project_id=False):
        """Environment variables a playbook needs to reach the emulator with one auth method.

        method: aksk | temp_aksk | token | password; style: "sdk" (HUAWEICLOUD_SDK_*)
        or "terraform" (HW_*) names for keys; project_id: also send the region's project id.
        """
        if method not in AUTH_METHODS:
            raise ValueError("method must be one of %s" % (AUTH_METHODS,))
        if style not in ("sdk", "terraform"):
            raise ValueError("style must be sdk or terraform")
        sdk = style == "sdk"
        env = {"HWCLOUD_JOBS_ENDPOINT": self.url, "HWCLOUD_JOBS_IAM_ENDPOINT": self.url, "HW_REGION_NAME": region}
        if method in ("aksk", "temp_aksk"):
            temporary = method == "temp_aksk"
            env["HUAWEICLOUD_SDK_AK" if sdk else "HW_ACCESS_KEY"] = st.TEMP_ACCESS_KEY if temporary else st.ACCESS_KEY
            env["HUAWEICLOUD_SDK_SK" if sdk else "HW_SECRET_KEY"] = st.TEMP_SECRET_KEY if temporary else st.SECRET_KEY
            if temporary:
                env["HUAWEICLOUD_SDK_SECURITY_TOKEN" if sdk else "HW_SECURITY_TOKEN"] = st.SECURITY_TOKEN
        elif method == "token":
            env["HW_AUTH_TOKEN"] = self.control.issue_token(project=region)
        else:
            env.update({"HW_USER_NAME": st.USER_NAME, "HW_USER_PASSWORD": st.USER_PASSWORD, "HW_DOMAIN_NAME": st.DOMAIN_NAME})
        if project_id:
            env["HUAWEICLOUD_SDK_PROJECT_ID" if sdk else "HW_PROJECT_ID"] = st.PROJECTS[region]
        return env

    def process_env(self, method="aksk", **kwargs):
        """os.environ without any inherited cloud variable, plus env(method)."""
        env = scrub_environment()
        env.update(self.env(method, **kwargs))
        return env


# The families of names through which the collection or the vendor's SDK may reach a cloud; ALL_ENV_NAMES lists the
# collection's own, the prefixes catch every other (the SDK's, the Terraform provider's, a future one of ours).
CLOUD_PREFIXES = ("HW_", "HUAWEICLOUD_", "HWCLOUD_")


def scrub_environment(monkeypatch=None, environ=None, also=()):
    """The environment scrub every test uses, so that the user's real credentials and endpoints never leak in.

    Returns a copy of `environ` (os.environ by default) without any variable named in ALL_ENV_NAMES or starting
    with a CLOUD_PREFIXES prefix (or one of `also`, such as "ANSIBLE_"): the base of a subprocess's environment.
    With `monkeypatch`, also unsets those variables in this process for the test.
    """
    source = os.environ if environ is None else environ
    prefixes = CLOUD_PREFIXES + tuple(also)
    dropped = set(name for name in source if name in ALL_ENV_NAMES or name.startswith(prefixes))
    if monkeypatch is not None:
        for name in sorted(dropped | set(ALL_ENV_NAMES)):
            monkeypatch.delenv(name, raising=False)
    return dict((key, value) for key, value in source.items() if key not in dropped)


def _pump(stream, lines):
    """Hand lines to the queue forever, so the child never blocks on a full pipe."""
    for line in iter(stream.readline, ""):
        lines.put(line)
    lines.put(None)


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    """One emulator subprocess for the whole session."""
    handle = EmulatorProcess(log_path=tmp_path_factory.mktemp("emulator") / "emulator.log")
    handle.start()
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def emu(emulator):  # pylint: disable=redefined-outer-name
    """The session emulator, reset (jobs, tokens, request log, config) before the test."""
    emulator.control.reset()
    return emulator
