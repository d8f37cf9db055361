# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""wait_for_job: poll jobs in-process on the controller, one kept-alive session for the task."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
from contextlib import contextmanager

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import argument_spec, run_wait

display = Display()


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


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        # The task's `environment:` reaches the options' environment fallbacks (and proxies), as it reaches
        # a module's, for this task only.
        with environment_applied(self._task_environment()):
            dummy, args = self.validate_argument_spec(argument_spec=argument_spec())
            result.update(run_wait(args, on_progress=lambda line: display.display("wait_for_job %s" % line), on_warning=display.warning))
        return result

    def _task_environment(self):
        """The task's `environment:` (play, block and task levels merged), templated, as strings."""
        merged = {}
        environments = self._task.environment or []
        for environment in environments if isinstance(environments, list) else [environments]:
            if not environment:
                continue
            values = self._templar.template(environment)
            if not isinstance(values, dict):
                raise AnsibleActionFail("environment must be a dictionary, got %s" % type(values).__name__)
            merged.update(values)
        return dict((str(k), str(v)) for k, v in merged.items() if v is not None)
