# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""wait_for_job: poll jobs in-process on the controller, one kept-alive session for the task."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.hwcloud.jobs.plugins.plugin_utils.task_env import environment_applied, task_environment
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import argument_spec, run_wait

display = Display()


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        # The task's `environment:` reaches the options' environment fallbacks (and proxies), as it reaches
        # a module's, for this task only.
        with environment_applied(task_environment(self._task, self._templar)):
            dummy, args = self.validate_argument_spec(argument_spec=argument_spec())
            result.update(run_wait(args, on_progress=lambda line: display.display("wait_for_job %s" % line), on_warning=display.warning))
        return result
