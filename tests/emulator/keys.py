# -*- coding: utf-8 -*-
"""The emulator's identity: the one place its test keys, password, security token and project ids are written.

The emulator accepts these and nothing else; tests, fakes and the fault matrix import them from here (never paste
them). None of them is a real secret. People read them in tests/emulator/README.md and docs/DEV-CONTRACT.md; the
demo (scripts/demo.sh), the README's walkthroughs and molecule's scenario export them as a user would.
Tokens (X-Auth-Token) are issued at run time by the emulator's IAM: `EmulatorControl.issue_token()`.
"""

DOMAIN_NAME = "emulator-domain"
DOMAIN_ID = "d0000000000000000000000000000001"
USER_NAME = "emulator-user"
USER_ID = "u0000000000000000000000000000001"
USER_PASSWORD = "emulator-password"
ACCESS_KEY = "EMULATORAK0000000001"
SECRET_KEY = "emulatorSecretKey000000000000000000000001"
TEMP_ACCESS_KEY = "EMULATORTMPAK0000001"
TEMP_SECRET_KEY = "emulatorTmpSecretKey00000000000000000001"
SECURITY_TOKEN = "emulator-security-token-0001"
DEFAULT_REGION = "cn-north-4"
PROJECTS = {
    "cn-north-4": "0123456789abcdef0123456789abcdef",
    "cn-south-1": "fedcba9876543210fedcba9876543210",
    "ap-southeast-1": "11111111111111111111111111111111",
}
# The default region's project id, the one most tests send.
PROJECT_ID = PROJECTS[DEFAULT_REGION]
