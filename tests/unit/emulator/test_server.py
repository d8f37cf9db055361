# -*- coding: utf-8 -*-
"""The emulator's sockets: a taken port, a stop, a restart on the same port (in process and as `python -m tests.emulator`)."""

import errno
import os
import signal
import socket
import subprocess
import sys
import threading

import pytest
import requests

from tests.emulator import server as srv
from tests.emulator.fixture import REPO_ROOT

START_TIMEOUT = 30


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(name="taken_port")
def fixture_taken_port():
    """A port some other process's socket listens on (as a still running emulator's would)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield sock.getsockname()[1]


def serve(server):
    thread = threading.Thread(target=server.serve_forever, name="test-emulator", daemon=True)
    thread.start()
    return thread


def health(url):
    return requests.get(url + "/_emulator/health", timeout=10).json()


# -- in process -------------------------------------------------------------------------


def test_a_taken_port_raises_one_line_naming_it(taken_port):
    with pytest.raises(srv.ListenError) as raised:
        srv.EmulatorServer("127.0.0.1", taken_port)
    assert str(raised.value) == "port 127.0.0.1:%d is taken (another emulator still running?)" % taken_port
    assert raised.value.errno == errno.EADDRINUSE and isinstance(raised.value, OSError)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_a_listener_that_cannot_bind_closes_every_listener_opened_before_it(monkeypatch):
    opened = []
    real_bind = srv.EmulatorServer.server_bind

    def bind(server):
        opened.append(server)
        if len(opened) == 4:  # the main listener and two service listeners are open by then
            raise OSError(errno.EADDRINUSE, "Address already in use")
        real_bind(server)

    monkeypatch.setattr(srv.EmulatorServer, "server_bind", bind)
    with pytest.raises(srv.ListenError) as raised:
        srv.EmulatorServer("127.0.0.1", 0)
    assert "is taken (another emulator still running?)" in str(raised.value)
    assert len(opened) == 4
    assert [server.socket.fileno() for server in opened] == [-1] * 4
    assert all(server._wake_read.fileno() == -1 for server in opened)  # pylint: disable=protected-access


def test_other_bind_errors_name_the_address_and_the_reason(monkeypatch):
    def bind(_server):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(srv.EmulatorServer, "server_bind", bind)
    with pytest.raises(srv.ListenError) as raised:
        srv.EmulatorServer("127.0.0.1", 80)
    assert str(raised.value) == "cannot listen on 127.0.0.1:80: Permission denied"


def test_shutdown_stops_every_listener_and_the_port_binds_again_at_once():
    server = srv.EmulatorServer("127.0.0.1", 0)
    port = server.server_address[1]
    thread = serve(server)
    assert health(server.url) == {"ok": True}
    cph = requests.get(server.endpoints["cph"] + "/v3/projects", timeout=10)
    assert cph.status_code == 401  # the service listeners serve from the same loop
    assert stop(server)
    thread.join(10)
    assert not thread.is_alive()
    server.server_close()
    assert server.socket.fileno() == -1 and all(listener.socket.fileno() == -1 for listener in server.listeners.values())
    again = srv.EmulatorServer("127.0.0.1", port)
    try:
        thread = serve(again)
        assert health(again.url) == {"ok": True}
    finally:
        assert stop(again)
        again.server_close()
        thread.join(10)


def stop(server):
    """server.shutdown() from another thread; whether it returned (a regression hangs no test run)."""
    thread = threading.Thread(target=server.shutdown, name="test-emulator-stop", daemon=True)
    thread.start()
    thread.join(10)
    return not thread.is_alive()


def test_shutdown_before_serving_returns_and_the_next_serve_forever_too():
    server = srv.EmulatorServer("127.0.0.1", 0, service_listeners=False)
    try:
        assert stop(server)
        thread = serve(server)
        thread.join(10)
        assert not thread.is_alive()
        thread = serve(server)  # a stop is a stop of one serve_forever, not of the server
        assert health(server.url) == {"ok": True}
        assert stop(server)
        thread.join(10)
        assert not thread.is_alive()
    finally:
        server.server_close()


# -- python -m tests.emulator -----------------------------------------------------------


class Emulators:
    """The emulator processes this test started, by pid; stops those and no other."""

    def __init__(self):
        self.started = []

    def start(self, port, *extra):
        command = [sys.executable, "-m", "tests.emulator", "--port", str(port), "--parent-pid", str(os.getpid())] + list(extra)
        process = subprocess.Popen(command, cwd=str(REPO_ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE,  # pylint: disable=consider-using-with
                                   stdin=subprocess.DEVNULL, universal_newlines=True)
        self.started.append(process)
        return process

    def start_serving(self, port, *extra):
        process = self.start(port, *extra)
        line = process.stdout.readline()
        assert line == "EMULATOR_URL=http://127.0.0.1:%d\n" % port, process.stderr.read() if not line else line
        return process

    def stop_all(self):
        for process in self.started:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            process.stdout.close()
            process.stderr.close()


@pytest.fixture(name="emulators")
def fixture_emulators():
    started = Emulators()
    try:
        yield started
    finally:
        started.stop_all()


def test_a_second_emulator_on_the_same_port_says_so_and_exits_2(emulators, tmp_path):
    port = free_port()
    first = emulators.start_serving(port)
    second = emulators.start(port, "--pid-file", str(tmp_path / "second.pid"))
    out, err = second.communicate(timeout=START_TIMEOUT)
    assert second.returncode == 2
    assert err == "emulator: port 127.0.0.1:%d is taken (another emulator still running?)\n" % port
    assert out == "" and "Traceback" not in err and "AttributeError" not in err
    assert not (tmp_path / "second.pid").exists()  # a pid file names a running emulator only
    assert health("http://127.0.0.1:%d" % port) == {"ok": True}  # the first one is untouched
    assert first.poll() is None


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_it_with_0_and_removes_its_pid_file(emulators, tmp_path, signum):
    pid_file = tmp_path / "emulator.pid"
    process = emulators.start_serving(free_port(), "--pid-file", str(pid_file))
    assert int(pid_file.read_text()) == process.pid
    os.kill(process.pid, signum)
    assert process.wait(timeout=START_TIMEOUT) == 0
    assert process.stderr.read() == ""
    assert not pid_file.exists()


def test_start_stop_start_on_the_same_port(emulators):
    port = free_port()
    url = "http://127.0.0.1:%d" % port
    for _round in range(2):
        process = emulators.start_serving(port)
        session = requests.Session()  # a kept-alive connection still open when it stops
        assert session.get(url + "/_emulator/health", timeout=10).json() == {"ok": True}
        os.kill(process.pid, signal.SIGTERM)
        assert process.wait(timeout=START_TIMEOUT) == 0
        session.close()
