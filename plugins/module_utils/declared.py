# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Shapes declared in the play: a ``jobs:`` entry that says where to read a status the table does not know.

``{service: nat, path: /v2/{project_id}/nat_gateways/{id}, id: ..., status: nat_gateway.status, succeeded: [ACTIVE],
failed: [ERROR]}`` becomes an entry of its own (a Service with one resource call), checked as strictly as the table's
and then signed, read and waited on like them. ``service`` is any host prefix of the cloud (a name of the table
reaches that service's host, endpoints included; any other ``https://{service}.{region}.{cloud}``), or ``url`` an
absolute URL to the cloud's hosts, those named in endpoint or endpoints, or loopback.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from urllib.parse import urlsplit

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES, Call, Resource, Service, check_id
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import check_url, is_loopback

# The keys that make a jobs: entry a declared one; service, id and until are shared with the table's entries.
SHAPE_KEYS = ("url", "path", "status", "succeeded", "failed", "running")
DECLARED_KEYS = ("service", "id", "until") + SHAPE_KEYS
ID_KIND = "id"

_HOST_LABEL = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
_PLACEHOLDERS = re.compile(r"\{([^{}]*)\}")
_STATUS_PATH = re.compile(r"^[A-Za-z0-9_$@:-]+(\.[A-Za-z0-9_$@:-]+)*$")


def is_declared(entry):
    return isinstance(entry, dict) and any(key in entry for key in SHAPE_KEYS)


class DeclaredService(Service):
    """A service built from a declared entry; with ``url``, its base URL is that URL's, checked against the settings."""

    def __init__(self, name, host, call, where, url_base=None, table=None):
        Service.__init__(
            self, name, "%s (declared in %s)" % (table.title if table else name, where), table.noun if table else "resource",
            host, calls=(), resources=(call,), envelope=None, hosts=table.hosts if table and not url_base else None,
            regions=table.regions if table and not url_base else None, needs_project="{project_id}" in call.path,
            not_found=table.not_found if table else None, headers=table.headers if table else None,
            retry_codes=table.retry_codes if table else (), starts=())
        self.where = where
        self.url_base = url_base

    def base_url(self, settings):
        if not self.url_base:
            return Service.base_url(self, settings)
        option = "%s.url" % self.where
        base = check_url(option, self.url_base, settings.allow_insecure_http)
        host = (urlsplit(base).hostname or "").lower()
        cloud = (getattr(settings, "cloud", None) or "").lower()
        named = [settings.endpoint, settings.iam_endpoint] + list((settings.endpoints or {}).values())
        named_hosts = [(urlsplit(u).hostname or "").lower() for u in named if u]
        if (cloud and (host == cloud or host.endswith("." + cloud))) or host in named_hosts or is_loopback(host):
            return base
        raise ConfigError("%s leaves the cloud's hosts: %s is neither under %s nor named in endpoint or endpoints (nor loopback)"
                          % (option, host, cloud or "the cloud's domain"))


def _statuses(entry, key, where, required=False):
    value = entry.get(key)
    if value in (None, "", []):
        if required:
            raise ConfigError("%s declares a shape but has no %s (the raw statuses that mean done)" % (where, key))
        return ()
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, (str, int)) and not isinstance(v, bool) and v != "" for v in values):
        raise ConfigError("%s.%s must be a list of raw statuses (strings or numbers), got %r" % (where, key, value))
    # Plain str and int: a status is matched by its type too, and Ansible 2.19 hands over tagged str subclasses.
    return tuple(str(v) if isinstance(v, str) else int(v) for v in values)


def _check_path(path, where, key="path"):
    """A path that stays on the host it is sent to, naming only {project_id} and {id}."""
    option = "%s.%s" % (where, key)
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        raise ConfigError("%s must be a path starting with a single '/' (it may not leave the service's host), got %r" % (option, path))
    if ".." in path or "://" in path or "\\" in path or "@" in path or any(c in path for c in "?# \t\r\n%"):
        raise ConfigError("%s %r may not hold '..', '://', '\\', '@', '?', '#', '%%' or whitespace: it must stay on the "
                          "service's host" % (option, path))
    names = _PLACEHOLDERS.findall(path)
    if "id" not in names or any(name not in ("id", "project_id") for name in names):
        raise ConfigError("%s must name {id} (and may name {project_id}), nothing else in braces, got %r" % (option, path))
    return path


def declared_service(entry, where):
    """The DeclaredService of a declared ``jobs:`` entry, refused (naming the key) where it is not well-formed."""
    unknown = sorted(str(k) for k in entry if k not in DECLARED_KEYS)
    if unknown:
        raise ConfigError("%s has unknown keys %s (a declared entry takes: %s)" % (where, ", ".join(unknown), ", ".join(DECLARED_KEYS)))
    status = entry.get("status")
    if status in (None, ""):
        raise ConfigError("%s declares a shape but has no status (the dotted path of the status in the answer, such as "
                          "nat_gateway.status)" % where)
    if not isinstance(status, str) or not _STATUS_PATH.match(status):
        raise ConfigError("%s.status must be a dotted path such as nat_gateway.status, got %r" % (where, status))
    succeeded = _statuses(entry, "succeeded", where, required=True)
    shape = Resource(status, _statuses(entry, "running", where), succeeded, _statuses(entry, "failed", where), id_field=None)
    name, url, path = entry.get("service"), entry.get("url"), entry.get("path")
    if entry.get(ID_KIND) in (None, "", []):
        raise ConfigError("%s declares a shape but has no id (the id put into {id} of its path)" % where)
    if url not in (None, ""):
        if name not in (None, ""):
            raise ConfigError("%s gives both service and url; give one (url is an absolute URL to the cloud's hosts)" % where)
        check_url("%s.url" % where, url, allow_insecure_http=True, base=False)
        parts = urlsplit(url)
        if parts.query or parts.fragment:
            raise ConfigError("%s.url must not hold a query or fragment" % where)
        full = _check_path(parts.path.rstrip("/") + (path or "") if path else parts.path, where, "path" if path else "url")
        base = "%s://%s" % (parts.scheme, parts.netloc)
        label = (parts.hostname or "").split(".")[0]
        return DeclaredService(label if _HOST_LABEL.match(label) else "declared", base, Call(full, shape=shape, one=True), where,
                               url_base=base)
    if name in (None, ""):
        raise ConfigError("%s declares a shape but has neither service (a host prefix of the cloud, such as nat) nor url" % where)
    if not isinstance(name, str) or not _HOST_LABEL.match(name):
        raise ConfigError("%s.service must be a host prefix of the cloud (lower-case letters, digits, '-'), got %r" % (where, name))
    if path in (None, ""):
        raise ConfigError("%s declares a shape but has no path (such as /v2/{project_id}/nat_gateways/{id})" % where)
    table = SERVICES.get(name)
    host = table.host if table else "https://%s.{region}.{cloud}" % name
    return DeclaredService(name, host, Call(_check_path(path, where), shape=shape, one=True), where, table=table)


def declared_ids(entry, where):
    """The ids of a declared entry's {id}, each checked as an id that may go into a URL."""
    values = entry[ID_KIND] if isinstance(entry[ID_KIND], list) else [entry[ID_KIND]]
    return [check_id("%s.id" % where, str(v) if isinstance(v, int) and not isinstance(v, bool) else v) for v in values]
