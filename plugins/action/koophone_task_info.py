# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""koophone_task_info: the jobs of koophone, read in-process on the controller; the module itself elsewhere (plugin_utils/info_action.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.hwcloud.jobs.plugins.plugin_utils.info_action import InfoAction


class ActionModule(InfoAction):

    SERVICE = "koophone"
