"""What the TLS, proxy and unreachable-host tests share: a private CA made at run time, an emulator serving HTTPS
with a certificate of that CA, and a real HTTP proxy (Debian's tinyproxy) whose log counts the CONNECTs.

Keys are made in the test's temporary directory and never leave it. Every process started here is stopped by its
own pid.
"""

import datetime
import ipaddress
import os
import re
import shutil
import socket
import subprocess
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.emulator.fixture import EmulatorProcess

PROXY_VARIABLES = ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY")
CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "HWCLOUD_JOBS_CA_PATH")
TINYPROXY = shutil.which("tinyproxy") or ("/usr/bin/tinyproxy" if os.path.exists("/usr/bin/tinyproxy") else None)


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "hwcloud.jobs tests"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


class Pki:
    """A private CA (ca.pem) and a certificate it signed for 127.0.0.1 and localhost (server.pem, server-key.pem)."""

    def __init__(self, directory, name="hwcloud.jobs test CA"):
        directory = str(directory)
        os.makedirs(directory, exist_ok=True)
        now = datetime.datetime.now(datetime.timezone.utc)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_public = ca_key.public_key()
        ca_cert = (
            x509.CertificateBuilder().subject_name(_name(name)).issuer_name(_name(name)).public_key(ca_public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=7))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_public), critical=False)
            .sign(ca_key, hashes.SHA256()))
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=7))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_public), critical=False)
            .sign(ca_key, hashes.SHA256()))
        self.ca = os.path.join(directory, "ca.pem")
        self.cert = os.path.join(directory, "server.pem")
        self.key = os.path.join(directory, "server-key.pem")
        with open(self.ca, "wb") as handle:
            handle.write(ca_cert.public_bytes(serialization.Encoding.PEM))
        with open(self.cert, "wb") as handle:
            handle.write(cert.public_bytes(serialization.Encoding.PEM))
        with open(os.open(self.key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            handle.write(_pem_key(key))


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return Pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def tls_emulator(pki, tmp_path_factory):
    """An emulator of its own with an HTTPS listener (tls_url) whose certificate the test CA signed."""
    handle = EmulatorProcess(log_path=tmp_path_factory.mktemp("tls-emulator") / "emulator.log",
                             extra_args=["--tls-cert", pki.cert, "--tls-key", pki.key])
    handle.start()
    try:
        yield handle
    finally:
        handle.stop()


@pytest.fixture
def tls_emu(tls_emulator, monkeypatch):
    """The TLS emulator, reset; no proxy or CA variable inherited from the shell running the tests."""
    for name in PROXY_VARIABLES + CA_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    tls_emulator.control.reset()
    return tls_emulator


def cloud_calls(emu):
    return [r for r in emu.control.requests() if not r["path"].startswith("/_emulator/")]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port():
    """A loopback port nothing listens on (bound and released: the kernel refuses connections to it)."""
    return free_port()


class Tinyproxy:
    """tinyproxy in the foreground on a free loopback port, with Basic auth when ``user`` is given."""

    def __init__(self, directory, user=None, password=None):
        if TINYPROXY is None:
            raise RuntimeError("tinyproxy is not installed (scripts/setup.sh installs Debian's tinyproxy-bin)")
        self.directory = str(directory)
        self.log = os.path.join(self.directory, "tinyproxy.log")
        self.config = os.path.join(self.directory, "tinyproxy.conf")
        self.user, self.password = user, password
        self.process = None
        self.port = None

    def start(self):
        for dummy in range(5):  # a free port may be taken between picking and binding it
            self.port = free_port()
            lines = ["Port %d" % self.port, "Listen 127.0.0.1", "Timeout 60", 'LogFile "%s"' % self.log, "LogLevel Connect",
                     "MaxClients 100", "Allow 127.0.0.1"]
            if self.user:
                lines.append("BasicAuth %s %s" % (self.user, self.password))
            with open(self.config, "w", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")
            self.process = subprocess.Popen([TINYPROXY, "-d", "-c", self.config], stdin=subprocess.DEVNULL,  # pylint: disable=consider-using-with
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for dummy_wait in range(200):
                if self.process.poll() is not None:
                    break
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return self
                except OSError:
                    time.sleep(0.05)
            self.stop()
        raise RuntimeError("tinyproxy did not start; its log:\n%s" % self.log_text())

    def url(self, with_credentials=True):
        userinfo = "%s:%s@" % (self.user, self.password) if self.user and with_credentials else ""
        return "http://%s127.0.0.1:%d" % (userinfo, self.port)

    def log_text(self):
        if not os.path.exists(self.log):
            return ""
        with open(self.log, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def requests(self, method):
        """The targets of the requests the proxy received with this method ('CONNECT' or 'GET'), in order."""
        return re.findall(r"Request \(file descriptor \d+\): %s (\S+) HTTP/" % method, self.log_text())

    def stop(self):
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
