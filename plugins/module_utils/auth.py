# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Who a call is from: the token (given, or from IAM with the password, renewed once when it expires), the AK/SK
signature headers, the project id (given, from the token's scope, or looked up from IAM by region) and, for a
domain-level service (BSS), the domain id (given, or looked up from IAM as the SDK's GlobalCredentials do)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading

from ansible_collections.hwcloud.jobs.plugins.module_utils import signer
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import DOMAIN_ID
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import IAM_TOKEN_PATH, PROJECT_ID_PATTERN
from ansible_collections.hwcloud.jobs.plugins.module_utils.transport import Request

IAM_PROJECTS_PATH = "/v3/projects"
IAM_DOMAINS_PATH = "/v3/auth/domains"  # the SDK's KEYSTONE_LIST_AUTH_DOMAINS_URI


class Auth:
    """The credentials of one client: sends its requests through ``transport`` with their auth headers."""

    def __init__(self, settings, transport):
        self.settings = settings
        self.transport = transport
        self.token = settings.auth_token
        self._project_id = settings.project_id
        self._domain_id = getattr(settings, "domain_id", None)
        self._lock = threading.RLock()

    def send(self, request, deadline=None):
        """(response, parsed body) of ``request``; a token that expired under password auth is renewed once."""
        renewed = False
        while True:
            token_used = self.ensure_token(deadline)
            try:
                return self.transport.send(request, deadline, self)
            except ApiError as err:
                if err.is_expired_token and self.settings.auth_method == "password" and not renewed:
                    renewed = True
                    with self._lock:
                        if self.token == token_used:
                            self._fetch_token(deadline)
                    continue
                raise

    def secrets(self):
        """The token in use, to mask in messages."""
        return [self.token] if self.token else []

    def headers(self, method, url, headers, body, with_project, deadline=None):
        """``headers`` with the auth ones: the AK/SK signature (and the project and security token), or X-Auth-Token."""
        s = self.settings
        headers = dict(headers)
        # A domain-level call (its entry's header holds DOMAIN_ID) carries the domain id under AK/SK and no project,
        # as the SDK's GlobalCredentials sign it; a token says who the caller is by itself.
        domain_headers = [name for name, value in headers.items() if value == DOMAIN_ID]
        for name in domain_headers:
            del headers[name]
            if s.auth_method == "aksk":
                headers[name] = self.domain_id(deadline)
        with_project = with_project and not domain_headers
        if with_project and self._project_id and s.auth_method == "aksk":
            headers["X-Project-Id"] = self._project_id
        if s.auth_method == "aksk":
            if s.security_token:
                headers["X-Security-Token"] = s.security_token
            headers["User-Agent"] = self.transport.session.headers["User-Agent"]
            return signer.sign_headers(method, url, headers, body, s.access_key, s.secret_key)
        headers["X-Auth-Token"] = self.ensure_token(deadline)
        return headers

    def ensure_token(self, deadline=None):
        if self.settings.auth_method == "password" and not self.token:
            with self._lock:
                if not self.token:
                    self._fetch_token(deadline)
        return self.token

    def project_id(self, deadline=None):
        """The project id: given, or from the IAM token's scope, or looked up from IAM by region."""
        with self._lock:
            if self._project_id:
                return self._project_id
            if self.settings.auth_method == "password":
                self._fetch_token(deadline)
            if not self._project_id:
                self._project_id = self._lookup_project(deadline)
            return self._project_id

    def domain_id(self, deadline=None):
        """The domain (account) id: given (domain_id), else looked up from IAM once (GET /v3/auth/domains, the SDK's
        GlobalCredentials auto domain id)."""
        with self._lock:
            if not self._domain_id:
                self._domain_id = getattr(self.settings, "domain_id", None) or self._lookup_domain(deadline)
            return self._domain_id

    def _lookup_domain(self, deadline):
        s = self.settings
        if not s.iam_endpoint and not s.region:
            raise ConfigError("%s is needed for %s under AK/SK, or %s or iam_endpoint to look it up from IAM"
                              % (s.or_variable("domain_id"), "a domain-level service (BSS)", s.or_variable("region")))
        request = Request("GET", s.iam_base() + IAM_DOMAINS_PATH, with_project=False)
        body = self.send(request, deadline)[1]
        domains = body.get("domains") if isinstance(body, dict) else None
        domain_id = domains[0].get("id") if isinstance(domains, list) and domains and isinstance(domains[0], dict) else None
        if not isinstance(domain_id, str) or not PROJECT_ID_PATTERN.match(domain_id):
            raise ConfigError("IAM gave no domain id for these credentials (GET %s needs the iam:users:getUser permission); "
                              "set %s" % (IAM_DOMAINS_PATH, s.or_variable("domain_id")))
        return domain_id

    def _lookup_project(self, deadline):
        s = self.settings
        if not s.region:
            raise ConfigError("neither project_id nor region is set: set %s to look the project up from IAM, or %s"
                              % (s.or_variable("region"), s.or_variable("project_id")))
        request = Request("GET", s.iam_base() + IAM_PROJECTS_PATH, {"name": s.region}, with_project=False)
        body = self.send(request, deadline)[1]
        projects = body.get("projects") if isinstance(body, dict) else None
        if not projects:
            raise ConfigError("IAM lists no project named %r for these credentials; set project_id" % s.region)
        if len(projects) > 1:
            raise ConfigError("IAM lists %d projects named %r; set project_id to one of: %s" % (
                len(projects), s.region, ", ".join(str(p.get("id")) for p in projects)))
        project_id = projects[0].get("id")
        if not isinstance(project_id, str) or not PROJECT_ID_PATTERN.match(project_id):
            raise ConfigError("IAM returned a project id of an unexpected shape for %r; set project_id" % s.region)
        return project_id

    def _fetch_token(self, deadline=None):
        """Exchange username/password for a project-scoped token (kept for the client's life)."""
        s = self.settings
        scope = {"project": {"id": self._project_id}} if self._project_id else {"project": {"name": s.region}}
        payload = {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": s.username, "password": s.password, "domain": {"name": s.domain_name}}}},
            "scope": scope,
        }}
        # Asking for a token changes nothing: it is sent again as a read is.
        request = Request("POST", s.iam_base() + IAM_TOKEN_PATH, headers={"Content-Type": "application/json;charset=utf8"},
                          body=json.dumps(payload).encode("utf-8"), auth=False, idempotent=True)
        response, body = self.transport.send(request, deadline, self)
        token = response.headers.get("X-Subject-Token")
        if not token:
            raise ApiError("POST", IAM_TOKEN_PATH, response.status_code, "IAM.NoToken",
                           "IAM answered without an X-Subject-Token header", response.headers.get("X-Request-Id"), transient=False)
        self.token = token
        project = ((body or {}).get("token") or {}).get("project") or {}
        if not self._project_id and isinstance(project.get("id"), str) and PROJECT_ID_PATTERN.match(project["id"]):
            self._project_id = project["id"]
