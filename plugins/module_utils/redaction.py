# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Keeping secrets out of what the collection says: one mask, one redaction, and the secret-looking keys of a body."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

MASK = "********"
# A key naming a secret, at any depth of a body or an answer: its value is never shown.
SECRET_KEY = re.compile(r"pass(word|wd)|adminpass|secret|token|private_?key|credential|signature|user_?data|^sk$|^auth$",
                        re.IGNORECASE)


def redact(text, secrets, shortest=1):
    """``text`` with every one of ``secrets`` replaced by MASK, the longest first (one inside another is masked whole).

    Secrets shorter than ``shortest`` are left alone: masking one letter everywhere would garble a message, not
    protect it.
    """
    for secret in sorted(set(s for s in secrets if isinstance(s, str) and s and len(s) >= shortest), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def mask(value):
    """``value`` with every value under a secret-looking key replaced by MASK, at any depth."""
    if isinstance(value, dict):
        return dict((k, MASK if is_secret_key(k) and value[k] not in (None, "") else mask(value[k])) for k in value)
    if isinstance(value, list):
        return [mask(item) for item in value]
    return value


def is_secret_key(key):
    return isinstance(key, str) and bool(SECRET_KEY.search(key))


def secret_values(value, found=None):
    """The texts under secret-looking keys of a body, to strip from any message an answer echoes."""
    found = [] if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            if is_secret_key(key) and isinstance(item, (str, int, float)) and not isinstance(item, bool) and len(str(item)) >= 4:
                found.append(str(item))
            else:
                secret_values(item, found)
    elif isinstance(value, list):
        for item in value:
            secret_values(item, found)
    return found


def without_userinfo(value):
    """A URL without what comes before its last '@' (user:password), for a message that shows it."""
    if isinstance(value, str) and "@" in value:
        return value.rsplit("@", 1)[-1]
    return value
