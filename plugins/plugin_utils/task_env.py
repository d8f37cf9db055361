# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the collection's action plugins share: the task's `environment:` applied for the task alone."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
from contextlib import contextmanager

from ansible.errors import AnsibleActionFail


@contextmanager
def environment_applied(values):
    """os.environ with ``values`` set, put back as it was afterwards (a worker runs the next loop item too)."""
    saved = dict((name, os.environ.get(name)) for name in values)
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def task_environment(task, templar):
    """The task's `environment:` (play, block and task levels merged), templated, as strings.

    It reaches the options' environment fallbacks (and proxies) as it reaches a module's.
    """
    merged = {}
    environments = task.environment or []
    for environment in environments if isinstance(environments, list) else [environments]:
        if not environment:
            continue
        values = templar.template(environment)
        if not isinstance(values, dict):
            raise AnsibleActionFail("environment must be a dictionary, got %s" % type(values).__name__)
        merged.update(values)
    return dict((str(k), str(v)) for k, v in merged.items() if v is not None)
