# -*- coding: utf-8 -*-
"""A local emulator of the Huawei Cloud job-status APIs (CPH, KooPhone, Workspace, CFW, ECS, EVS, IMS, BMS, DCS, CCE, RDS) and IAM.

Run it with ``python -m tests.emulator --port 0`` from the repository root; see README.md.
"""
