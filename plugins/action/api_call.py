# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""api_call: one signed call to a Huawei Cloud API on the controller; its started jobs, waited on in the same session."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.hwcloud.jobs.plugins.plugin_utils.api_call import argument_spec, run_api_call
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.task_env import environment_applied, task_environment

display = Display()


def _show_request(request):
    """-vvv: the method and URL; -vvvv: the query and the body, secrets masked."""
    display.vvv("api_call %s %s" % (request["method"], request["url"]))
    display.vvvv("api_call query %s body %s" % (json.dumps(request["query"]), json.dumps(request["body"], ensure_ascii=False)))


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        with environment_applied(task_environment(self._task, self._templar)):
            dummy, args = self.validate_argument_spec(argument_spec=argument_spec())
            result.update(run_api_call(args, check_mode=bool(self._task.check_mode), on_request=_show_request,
                                       on_progress=lambda line: display.display("api_call %s" % line), on_warning=display.warning))
        return result
