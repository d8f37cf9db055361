# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one time parser: any time shape the APIs send, as ISO 8601 UTC text."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from datetime import datetime, timedelta, timezone

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?(?:\s+UTC)?$", re.IGNORECASE)
# IMS's older text, '04-Jun-2015 18:11:06:586' (UTC, milliseconds after a colon).
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4})[T ](\d{2}):(\d{2}):(\d{2})(?:[:.](\d{1,6}))?$")
_MONTHS = dict((name, number) for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1))


def parse_time(value):
    """ISO 8601 UTC text ('...Z') for any time shape the APIs send, or None.

    Shapes: 'YYYY-MM-DDTHH:MM:SSZ', with fractions, with '+0800' / '+08:00' / '+08'
    offsets (no zone means UTC, as the pages say), Go's '2018-08-02 08:12:40.67
    +0000 UTC' (CCE), IMS's older '04-Jun-2015 18:11:06:586' (UTC), and epoch
    milliseconds (or seconds) as numbers or digit strings.
    """
    return iso_text(parse_moment(value))


def iso_text(moment):
    """ISO 8601 UTC text ('...Z') of an aware datetime, or None."""
    if moment is None:
        return None
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += (".%06d" % moment.microsecond).rstrip("0")
    return text + "Z"


def parse_moment(value):
    """An aware UTC datetime from any time shape, or None (before 1970 or past 9999 too)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str) and re.match(r"^\d{9,14}$", value.strip()):
        value = int(value.strip())
    try:
        if isinstance(value, (int, float)):
            seconds = value / 1000.0 if abs(value) >= 1e11 else float(value)
            moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=seconds)
        elif isinstance(value, str):
            moment = _parse_iso(value.strip())
        else:
            return None
    except (ValueError, OverflowError):
        return None
    if moment is None or not 1970 <= moment.year <= 9999:
        return None  # before the epoch is no job time; and strftime would not give four year digits
    return moment


def _parse_iso(text):
    match = _ISO.match(text)
    if not match:
        return _parse_day_month_year(text)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=timezone.utc)
    if zone and zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        moment -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or "0"))
    return moment.astimezone(timezone.utc)


def _parse_day_month_year(text):
    match = _DAY_MONTH_YEAR.match(text)
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if not month:
        return None
    day, _name, year, hour, minute, second, fraction = match.groups()
    micro = int((fraction or "0").ljust(6, "0"))
    return datetime(int(year), month, int(day), int(hour), int(minute), int(second), micro, tzinfo=timezone.utc)
