# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The collection's version (galaxy.yml's; a unit test keeps them equal) and the User-Agent it sends."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

COLLECTION_VERSION = "0.2.0"
USER_AGENT = "hwcloud.jobs/%s" % COLLECTION_VERSION
