# -*- coding: utf-8 -*-
"""python -m tests.emulator: serve until SIGTERM/SIGINT, printing EMULATOR_URL=... first.

Exits 0 when stopped, 2 when a port cannot be bound (one line on stderr says which and why) or the arguments are wrong.
"""

import argparse
import json
import os
import signal
import sys
import threading

from .server import EmulatorServer, ListenError


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.emulator", description="Local emulator of the Huawei Cloud job-status APIs.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one (default)")
    parser.add_argument("--pid-file", help="write the process id here; removed at exit")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument("--config", help='initial config as JSON, e.g. \'{"batch_job_seconds": 1}\'')
    parser.add_argument("--tls-cert", help="PEM certificate (chain) of an extra HTTPS listener; prints EMULATOR_TLS_URL=... second")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    parser.add_argument("--parent-pid", type=int, help="exit when this process (e.g. the test runner) is gone")
    return parser.parse_args(argv)


def _parent_gone(parent_pid, first_ppid):
    if parent_pid is None:
        return False
    if parent_pid == first_ppid and os.getppid() != first_ppid:
        return True
    try:
        os.kill(parent_pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def main(argv=None):
    args = parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        sys.stderr.write("--tls-cert and --tls-key go together\n")
        return 2
    stop = threading.Event()

    def on_signal(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        server = EmulatorServer(args.host, args.port, verbose=args.verbose, tls=(args.tls_cert, args.tls_key) if args.tls_cert else None)
    except ListenError as exc:
        sys.stderr.write("emulator: %s\n" % exc)
        return 2
    if args.config:
        server.app.state.set_config(json.loads(args.config))
        server.app.state.base_config = dict(server.app.state.config)
    if args.pid_file:
        with open(args.pid_file, "w", encoding="utf-8") as handle:
            handle.write("%d\n" % os.getpid())
    thread = threading.Thread(target=server.serve_forever, name="hwcloud-emulator", daemon=True)
    thread.start()
    sys.stdout.write("EMULATOR_URL=%s\n" % server.url)
    if server.tls_url:
        sys.stdout.write("EMULATOR_TLS_URL=%s\n" % server.tls_url)
    sys.stdout.flush()
    first_ppid = os.getppid()
    while not stop.wait(0.5):
        if _parent_gone(args.parent_pid, first_ppid):
            break
    server.shutdown()  # at once: the serving thread is woken, not polled
    server.server_close()
    thread.join(5)
    if args.pid_file:
        try:
            os.remove(args.pid_file)
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    CODE = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Every socket is closed and the pid file gone: skip the interpreter's own teardown of the ~400 modules the
    # SDK's signer brings (0.1-0.2 s of CPU), so that a stop is over as soon as the emulator has stopped.
    os._exit(CODE)  # pylint: disable=protected-access
