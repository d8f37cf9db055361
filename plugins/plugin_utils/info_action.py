# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the info modules' action plugins share: run the module's own code in-process on the controller, as
wait_for_job does, and the module itself everywhere else.

A module run costs a process, a zip of the collection and an interpreter's start-up: most of a one-task
playbook's time. When the task runs on the controller (a local connection: hosts: localhost, or delegate_to
localhost), without become or async, the action plugin validates the task's args with the module's argument spec
(module_defaults already merged into them by ansible-core, the task's ``environment:`` applied for the fallbacks)
and calls the same read_jobs the module calls. Elsewhere it runs the module (``_execute_module``). The result is
the same either way: the module's keys, its warnings, ``invocation`` with the no_log values masked.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash

from ansible_collections.hwcloud.jobs.plugins.module_utils.common import (
    job_info_argument_spec, job_info_ids, named_info_ids, named_info_spec, read_jobs,
)
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.task_env import environment_applied, task_environment

LOCAL_CONNECTIONS = frozenset(["local", "ansible.builtin.local", "ansible.legacy.local"])


def on_controller(connection, play_context, task):
    """True when the task would run its module on the controller as the user running ansible: a local connection,
    no become, no async."""
    transport = getattr(connection, "transport", None) or getattr(play_context, "connection", None)
    return transport in LOCAL_CONNECTIONS and not getattr(play_context, "become", False) and not task.async_val


class InfoAction(ActionBase):
    """The action plugin of an info module: ``SERVICE`` names a named module's service; None is job_info."""

    SERVICE = None
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = True

    def spec(self):
        """(argument_spec, mutually_exclusive, required_one_of) of the module."""
        if self.SERVICE is None:
            return job_info_argument_spec(), None, None
        return named_info_spec(self.SERVICE)

    def given(self, params):
        """The module's service and its (id kind, id) pairs."""
        if self.SERVICE is None:
            return params["service"], job_info_ids(params)
        return self.SERVICE, named_info_ids(self.SERVICE, params)

    def run(self, tmp=None, task_vars=None):
        result = super(InfoAction, self).run(tmp, task_vars)
        if not on_controller(self._connection, self._play_context, self._task):
            return self._as_module(result, task_vars)
        warnings = []
        with environment_applied(task_environment(self._task, self._templar)):
            spec, exclusive, one_of = self.spec()
            validation, args = self.validate_argument_spec(argument_spec=spec, mutually_exclusive=exclusive, required_one_of=one_of)
            params = validation.validated_parameters
            service, given = self.given(params)
            ok, answer = read_jobs(params, service, given, warnings.append)
        if not ok:
            answer["failed"] = True
        answer["invocation"] = dict(module_args=params)
        if warnings:
            answer["warnings"] = warnings
        # As a module's exit_json does: every no_log value masked wherever it appears in the result.
        result.update(remove_values(answer, validation._no_log_values))
        return result

    def _as_module(self, result, task_vars):
        """The module itself, on the host (as the normal action plugin runs it)."""
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = merge_hash(result, self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
