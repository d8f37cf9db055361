# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection and auth settings of a task: checked before anything is sent, and where each value came from.

``ENV_VARIABLES`` is the one table of the environment variables each option falls back to: the argument spec
(common.py), the event source and the tests' environment scrub read it; the doc fragment is tested against it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import os
import re

from urllib.parse import urlsplit

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.redaction import without_userinfo
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import DEFAULT_CLOUD, SERVICES

# option -> the environment variables it falls back to, the first one set winning (the vendor's tools' names).
ENV_VARIABLES = {
    "region": ("HW_REGION_NAME", "HUAWEICLOUD_SDK_REGION"),
    "project_id": ("HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"),
    "cloud": ("HW_CLOUD",),
    "endpoint": ("HWCLOUD_JOBS_ENDPOINT",),
    "endpoints": ("HWCLOUD_JOBS_ENDPOINTS",),
    "iam_endpoint": ("HWCLOUD_JOBS_IAM_ENDPOINT", "HUAWEICLOUD_SDK_IAM_ENDPOINT", "HW_AUTH_URL"),
    "auth_token": ("HW_AUTH_TOKEN",),
    "access_key": ("HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY"),
    "secret_key": ("HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY"),
    "security_token": ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN"),
    "username": ("HW_USER_NAME",),
    "password": ("HW_USER_PASSWORD",),
    "domain_name": ("HW_DOMAIN_NAME",),
    "ca_path": ("HWCLOUD_JOBS_CA_PATH",),
    "domain_id": ("HUAWEICLOUD_SDK_DOMAIN_ID",),
}
# Without ca_path, the CA bundle requests itself would read.
CA_BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
# The variables requests reads a proxy from, in the order it prefers them (lower case first, as urllib does).
PROXY_VARIABLES = ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY")
PROXY_SCHEMES = ("http", "https", "socks4", "socks4a", "socks5", "socks5h")
PEM_CERTIFICATE = b"-----BEGIN CERTIFICATE-----"

PROJECT_ID_PATTERN = re.compile(r"^[0-9a-fA-F]{32}$")
REGION_PATTERN = re.compile(r"^[a-z]{2,}(-[a-z0-9]+){1,3}$")
CLOUD_PATTERN = re.compile(r"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
IAM_HOST = "https://iam.{region}.{cloud}"
IAM_TOKEN_PATH = "/v3/auth/tokens"


def env_names():
    """Every variable of ENV_VARIABLES, once each, in the table's order."""
    names = []
    for variables in ENV_VARIABLES.values():
        names.extend(name for name in variables if name not in names)
    return tuple(names)


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(option, value, allow_insecure_http=False, base=True):
    """An http(s) URL with a host and no credentials; plain http only to loopback (an emulator, a local proxy)
    unless the user opts in with allow_insecure_http.

    ``base``: a base URL (endpoint, endpoints.*, iam_endpoint), with nothing after the path, returned without a
    trailing '/'; else a full URL (api_call's ``url``), which may hold a query, returned as given.
    """
    shown = _shown(without_userinfo(value))
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except (TypeError, ValueError, AttributeError):
        parts, port_ok = None, False
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise ConfigError("%s must be an %s URL with a host, got %r" % (option, "http:// or https://" if base else "absolute https://", shown))
    if parts.username or parts.password:
        raise ConfigError("%s must not carry credentials (user:password@); use the auth options" % option)
    if base and (parts.query or parts.fragment):
        raise ConfigError("%s must be a base URL without a query or fragment, got %r" % (option, shown))
    if not base and (parts.fragment or "#" in value):
        raise ConfigError("%s must not hold a fragment ('#'), got %r" % (option, shown))
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback(parts.hostname):
        raise ConfigError("%s %r is plain http to a host that is not loopback: credentials and tokens would cross the network "
                          "unencrypted; use https, or set allow_insecure_http: true" % (option, shown))
    return value.rstrip("/") if base else value


def _shown(value):
    value = str(value)
    return value if len(value) <= 80 else value[:80] + "..."


class Settings:
    """Validated connection and auth settings, built from the module's params.

    ``sources``: option -> the environment variable its value came from (for messages: names, never values).
    """

    def __init__(self, params, sources=None):
        # An empty string (an environment variable set to nothing) counts as not set.
        params = dict((k, None if v == "" else v) for k, v in params.items())
        self.sources = dict(sources or {})
        self.region = params.get("region")
        self.endpoint = params.get("endpoint")
        self.endpoints = params.get("endpoints") or {}
        self.cloud = params.get("cloud") or DEFAULT_CLOUD
        self.iam_endpoint = params.get("iam_endpoint")
        self.project_id = params.get("project_id")
        self.auth_token = params.get("auth_token")
        self.access_key = params.get("access_key")
        self.secret_key = params.get("secret_key")
        self.security_token = params.get("security_token")
        self.username = params.get("username")
        self.password = params.get("password")
        self.domain_name = params.get("domain_name")
        self.domain_id = params.get("domain_id")
        self.validate_certs = params.get("validate_certs", True)
        self.http_timeout = float(30 if params.get("http_timeout") is None else params["http_timeout"])
        self.allow_insecure_http = bool(params.get("allow_insecure_http"))
        self.ca_path = params.get("ca_path")
        self.ca_source = None
        self.warnings = []
        self._check()
        self.auth_method = self._pick_auth()

    # ---- where a value came from, in words ----

    def described(self, option):
        """'auth_token' or 'auth_token (from HW_AUTH_TOKEN)': an option and where its value came from."""
        if option in self.sources:
            return "%s (from %s)" % (option, self.sources[option])
        return option

    @staticmethod
    def variable_of(option):
        """The first environment variable ``option`` falls back to."""
        return ENV_VARIABLES[option][0]

    def or_variable(self, option):
        """'region (or HW_REGION_NAME)': an option that is not set, and the variable that would set it."""
        return "%s (or %s)" % (option, self.variable_of(option))

    def credentials_note(self):
        """Which credentials a call used and where they came from (names, never values)."""
        methods = {
            "token": "the token in " + self.described("auth_token"),
            "aksk": "the access key pair in %s and %s" % (self.described("access_key"), self.described("secret_key")),
            "password": "the IAM password of the user in %s, %s and %s" % (
                self.described("username"), self.described("password"), self.described("domain_name")),
        }
        if self.auth_method == "aksk" and self.security_token:
            methods["aksk"] += " with the security token in " + self.described("security_token")
        note = "credentials used: " + methods[self.auth_method]
        also = []
        if self.auth_method == "token" and (self.access_key or self.secret_key):
            also.append(methods["aksk"])
        if self.auth_method in ("token", "aksk") and (self.username or self.password):
            also.append(methods["password"])
        if also:
            unset = self.sources.get("auth_token" if self.auth_method == "token" else "access_key")
            note += ", chosen over %s (%s takes precedence%s)" % (
                " and ".join(also), "a token" if self.auth_method == "token" else "a key pair",
                "; unset %s to use the others" % unset if unset else "")
        return note

    def options_for(self, url):
        """The options that chose this URL's host, for an error that says what to check."""
        base = url.split("?", 1)[0]
        for name, value in sorted(self.endpoints.items()):
            if base.startswith(value + "/"):
                return self.described("endpoints") if "endpoints" in self.sources else "endpoints.%s" % name
        for option in ("endpoint", "iam_endpoint"):
            value = getattr(self, option)
            if value and base.startswith(value + "/"):
                return self.described(option)
        return "%s, %s or endpoints" % (self.described("region"), self.described("cloud"))

    @staticmethod
    def proxy_origin(proxy):
        """(the proxy URL without its credentials and with the variable it came from, that variable or None)."""
        variable = proxy_variable(proxy)
        return proxy_shown(proxy) + (" (from %s)" % variable if variable else ""), variable

    # ---- checks ----

    def _check(self):
        if self.region is not None and not REGION_PATTERN.match(self.region):
            raise ConfigError("region %r is not a region name such as 'cn-north-4'" % self.region)
        if self.endpoint is not None:
            self.endpoint = check_url("endpoint", self.endpoint, self.allow_insecure_http)
        self.endpoints = self._check_endpoints(self.endpoints)
        if not isinstance(self.cloud, str) or not CLOUD_PATTERN.match(self.cloud):
            raise ConfigError("cloud must be a domain name such as 'myhuaweicloud.com', got %r" % (self.cloud,))
        if self.iam_endpoint is not None:
            iam = check_url("iam_endpoint", self.iam_endpoint, self.allow_insecure_http)
            for suffix in (IAM_TOKEN_PATH, "/v3"):
                if iam.endswith(suffix):
                    iam = iam[:-len(suffix)]
            self.iam_endpoint = iam
        if self.project_id is not None and not PROJECT_ID_PATTERN.match(self.project_id):
            raise ConfigError("project_id must be 32 hexadecimal characters, got a value of %d characters" % len(self.project_id)
                              if len(self.project_id) != 32 else "project_id must be 32 hexadecimal characters")
        if self.domain_id is not None and not PROJECT_ID_PATTERN.match(self.domain_id):
            raise ConfigError("domain_id must be 32 hexadecimal characters (the account id)")
        if not 0 < self.http_timeout <= 600:
            raise ConfigError("http_timeout must be more than 0 and at most 600 seconds, got %s" % self.http_timeout)
        self._check_ca()
        self.proxy_secrets = check_proxy_environment()
        if self.validate_certs is False:
            self.warnings.append("validate_certs is false: TLS certificates are not verified, so an impostor could receive "
                                 "the credentials; use it only against a host you control")

    def _check_ca(self):
        """ca_path, else REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE: a readable PEM file holding a certificate."""
        if self.ca_path is not None:
            self.ca_source = self.described("ca_path")
        else:
            for name in CA_BUNDLE_VARIABLES:
                if os.environ.get(name):
                    self.ca_path, self.ca_source = os.environ[name], name
                    break
        if self.ca_path is None or self.validate_certs is False:
            return
        self.ca_path = os.path.expanduser(self.ca_path)
        problem = _pem_problem(self.ca_path)
        if problem:
            raise ConfigError("%s %r %s; give the path of a PEM file holding the CA certificate(s) to trust"
                              % (self.ca_source, self.ca_path, problem))

    def _check_endpoints(self, endpoints):
        """endpoints: service name -> base URL, for services the table knows."""
        if not isinstance(endpoints, dict):
            raise ConfigError("endpoints must be a mapping of service name to base URL, got %s" % type(endpoints).__name__)
        checked = {}
        for name, url in endpoints.items():
            if name not in SERVICES:
                raise ConfigError("endpoints names %r, which is not a service of this collection (known: %s)"
                                  % (name, ", ".join(sorted(SERVICES))))
            if url in (None, ""):
                continue
            if not isinstance(url, str):
                raise ConfigError("endpoints.%s must be a URL string, got %s" % (name, type(url).__name__))
            checked[name] = check_url("endpoints.%s" % name, url, self.allow_insecure_http)
        return checked

    def _pick_auth(self):
        if self.auth_token:
            return "token"
        if self.access_key or self.secret_key:
            if not (self.access_key and self.secret_key):
                missing = "secret_key" if self.access_key else "access_key"
                raise ConfigError("access_key and secret_key go together: %s is missing (or set %s/%s)"
                                  % (missing, self.variable_of("access_key"), self.variable_of("secret_key")))
            return "aksk"
        if self.security_token:
            raise ConfigError("security_token needs access_key and secret_key (a temporary key)")
        if self.username or self.password:
            missing = [name for name in ("username", "password", "domain_name") if not getattr(self, name)]
            if missing:
                raise ConfigError("IAM password auth needs username, password and domain_name: %s missing" % ", ".join(missing))
            if not (self.region or self.iam_endpoint):
                raise ConfigError("IAM password auth needs %s or iam_endpoint to find IAM" % self.or_variable("region"))
            return "password"
        raise ConfigError("no credentials: set auth_token, or access_key and secret_key, or username, password and domain_name "
                          "(or their environment variables, e.g. %s and %s)"
                          % (ENV_VARIABLES["access_key"][-1], ENV_VARIABLES["secret_key"][-1]))

    @property
    def secrets(self):
        return [s for s in (self.secret_key, self.password, self.auth_token, self.security_token) if s] + self.proxy_secrets

    def iam_base(self):
        if self.iam_endpoint:
            return self.iam_endpoint
        if not self.region:
            raise ConfigError("%s or iam_endpoint is needed to reach IAM" % self.or_variable("region"))
        return IAM_HOST.format(region=self.region, cloud=self.cloud)


# ---- the proxy variables ----

def proxy_variable(proxy):
    """The name of the environment variable that holds this proxy URL, or None."""
    for name in PROXY_VARIABLES:
        if proxy and os.environ.get(name) == proxy:
            return name
    return None


def proxy_shown(proxy):
    """A proxy URL without its credentials: scheme://host:port."""
    try:
        parts = urlsplit(proxy)
        return "%s://%s%s" % (parts.scheme, parts.hostname, ":%d" % parts.port if parts.port else "")
    except ValueError:
        return "(a proxy URL that cannot be read)"


def check_proxy_environment():
    """Refuse a proxy variable that is not a URL with a scheme and a host, naming it; the passwords in them (to mask)."""
    secrets = []
    for name in PROXY_VARIABLES:
        value = os.environ.get(name)
        if not value:
            continue
        try:
            parts = urlsplit(value)
            ok = parts.scheme in PROXY_SCHEMES and bool(parts.hostname) and "://" in value
            password = parts.password
            dummy = parts.port
        except ValueError:
            ok, password = False, None
        if not ok:
            raise ConfigError("%s must be a proxy URL with a scheme and a host, such as http://proxy.example.com:3128, "
                              "got %r" % (name, without_userinfo(value)))
        if password:
            secrets.append(password)
            if "@" in value:
                secrets.append(value.split("://", 1)[-1].rsplit("@", 1)[0])
    return secrets


def _pem_problem(path):
    """Why this path cannot be a CA bundle, or None."""
    if not os.path.exists(path):
        return "does not exist"
    if not os.path.isfile(path):
        return "is not a file"
    try:
        with open(path, "rb") as handle:
            content = handle.read(10 * 1024 * 1024)
    except (IOError, OSError) as exc:
        return "cannot be read (%s)" % (exc.strerror or exc)
    if PEM_CERTIFICATE not in content:
        return "holds no PEM certificate"
    return None
