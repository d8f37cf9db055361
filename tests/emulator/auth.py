# -*- coding: utf-8 -*-
"""Gateway-style authentication: tokens, AK/SK signatures, IAM password login.

AK/SK signatures are verified with the vendor SDK's own signer
(huaweicloudsdkcore), never with the collection's: the emulator rebuilds the
request from what it received and signs it again.
"""

import datetime
import hmac
import re
from urllib.parse import parse_qsl

from . import state as st

try:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer
    HAS_SDK = True
except ImportError:
    HAS_SDK = False

SDK_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
AUTHORIZATION_RE = re.compile(
    r"^\s*(?P<algorithm>[A-Z0-9-]+)\s+Access=(?P<access>[^,\s]+)\s*,\s*SignedHeaders=(?P<signed>[^,\s]+)\s*,\s*Signature=(?P<signature>[0-9A-Fa-f]+)\s*$")

KEYS = {
    st.ACCESS_KEY: (st.SECRET_KEY, None),
    st.TEMP_ACCESS_KEY: (st.TEMP_SECRET_KEY, st.SECURITY_TOKEN),
}

MSG_IAM = "Incorrect IAM authentication information: "
MSG_FORBIDDEN = "The IAM user is not authorized to access the API: "


class AuthError(Exception):
    """A gateway rejection: HTTP status, APIGW code, message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class IamError(Exception):
    """An IAM rejection, answered in IAM's own {"error": {...}} shape."""

    TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden"}

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message

    def body(self):
        return {"error": {"code": self.status, "message": self.message, "title": self.TITLES.get(self.status, "Error")}}


class Principal:
    """Who called: kind is token, aksk or temp_aksk; project_id is the scope (None: any)."""

    def __init__(self, kind, project_id=None, domain_scoped=False, access_key=None):
        self.kind = kind
        self.project_id = project_id
        self.domain_scoped = domain_scoped
        self.access_key = access_key


def header(headers, name):
    """First value of a header, case-insensitive, from a list of (name, value)."""
    lowered = name.lower()
    for key, value in headers:
        if key.lower() == lowered:
            return value
    return None


def authenticate(state, method, raw_path, query, headers, body):
    """Return a Principal or raise AuthError, as the API gateway would."""
    token = header(headers, "X-Auth-Token")
    if token is not None:
        principal = _check_token(state, token)
    elif header(headers, "Authorization") is not None:
        principal = _check_signature(state, method, raw_path, query, headers, body)
    else:
        raise AuthError(401, "APIGW.0301", MSG_IAM + "no X-Auth-Token and no Authorization header.")
    project = header(headers, "X-Project-Id")
    if project is not None:
        if project not in st.PROJECTS.values():
            raise AuthError(401, "APIGW.0301", MSG_IAM + "X-Project-Id %s is not a project of the domain." % project)
        if principal.project_id is not None and principal.project_id != project:
            raise AuthError(403, "APIGW.0302", MSG_FORBIDDEN + "X-Project-Id does not match the token's project.")
        principal.project_id = project
    return principal


def authorize_project(principal, project_id):
    """Check that the caller may act in the project named in the URL path."""
    if project_id not in st.PROJECTS.values():
        raise AuthError(403, "APIGW.0302", MSG_FORBIDDEN + "project %s is not a project of the domain." % project_id)
    if principal.kind == "token" and principal.project_id is None:
        raise AuthError(403, "APIGW.0302", MSG_FORBIDDEN + "the token is not scoped to a project.")
    if principal.project_id is not None and principal.project_id != project_id:
        raise AuthError(403, "APIGW.0302", MSG_FORBIDDEN + "project %s in the path does not match the credentials' project %s."
                        % (project_id, principal.project_id))


def _check_token(state, token):
    record = state.token(token)
    if record is None:
        raise AuthError(401, "APIGW.0301", MSG_IAM + "the token is invalid.")
    if record["expires_at"] <= state.now():
        raise AuthError(401, "APIGW.0307", "The token must be updated.")
    return Principal("token", record["project_id"], record["domain_scoped"])


def _check_signature(state, method, raw_path, query, headers, body):
    match = AUTHORIZATION_RE.match(header(headers, "Authorization"))
    if not match:
        raise AuthError(401, "APIGW.0301", MSG_IAM + "the Authorization header is malformed.")
    if match.group("algorithm") != "SDK-HMAC-SHA256":
        raise AuthError(401, "APIGW.0301", MSG_IAM + "unsupported signing algorithm %s." % match.group("algorithm"))
    access = match.group("access")
    if access not in KEYS:
        raise AuthError(401, "APIGW.0301", MSG_IAM + "the access key %s is not found." % access)
    secret, security_token = KEYS[access]
    _check_date(state, header(headers, "X-Sdk-Date"))
    signed = match.group("signed").split(";")
    expected = _sdk_signature(method, raw_path, query, headers, body, signed, access, secret)
    if expected is None or not hmac.compare_digest(expected.encode("utf-8"), match.group("signature").lower().encode("utf-8")):
        raise AuthError(401, "APIGW.0301", MSG_IAM + "verify aksk signature fail.")
    if security_token is not None and header(headers, "X-Security-Token") != security_token:
        raise AuthError(401, "APIGW.0301", MSG_IAM + "a temporary access key needs its X-Security-Token.")
    return Principal("temp_aksk" if security_token else "aksk", access_key=access)


def _check_date(state, value):
    if value is None:
        raise AuthError(401, "APIGW.0303", "Incorrect app authentication information: X-Sdk-Date is missing.")
    try:
        signed_at = datetime.datetime.strptime(value, SDK_DATE_FORMAT).replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise AuthError(401, "APIGW.0303", "Incorrect app authentication information: X-Sdk-Date %r is not %s." % (value, SDK_DATE_FORMAT)) from None
    skew = abs(signed_at.timestamp() - state.real_now())
    if skew > state.config["max_clock_skew_seconds"]:
        raise AuthError(401, "APIGW.0303", "Incorrect app authentication information: X-Sdk-Date is %d seconds off." % skew)


def _sdk_signature(method, raw_path, query, headers, body, signed, access, secret):
    """Sign the request as received with huaweicloudsdkcore; None if it cannot be rebuilt."""
    if not HAS_SDK:
        raise AuthError(500, "EMULATOR.0500", "huaweicloudsdkcore is not installed: the emulator cannot verify AK/SK signatures.")
    header_params = {}
    for name in signed:
        value = header(headers, name)
        if value is None:
            return None
        header_params[name] = value
    request = SdkRequest(method=method, schema="http", host=header(headers, "Host"), resource_path=raw_path,
                         query_params=parse_qsl(query, keep_blank_values=True), header_params=header_params,
                         body=body or None)
    Signer(BasicCredentials(access, secret)).sign(request)
    match = AUTHORIZATION_RE.match(request.header_params["Authorization"])
    if match.group("signed") != ";".join(signed):
        return None
    return match.group("signature").lower()


def password_login(state, body):
    """IAM POST /v3/auth/tokens with the password method; returns (token record, token body)."""
    auth = body.get("auth") if isinstance(body, dict) else None
    identity = auth.get("identity") if isinstance(auth, dict) else None
    if not isinstance(identity, dict) or not isinstance(identity.get("methods"), list):
        raise IamError(400, "The request body is invalid: auth.identity.methods is required.")
    if "password" not in identity["methods"]:
        raise IamError(400, "The emulator supports only the password method.")
    user = (identity.get("password") or {}).get("user") if isinstance(identity.get("password"), dict) else None
    if not isinstance(user, dict):
        raise IamError(400, "The request body is invalid: auth.identity.password.user is required.")
    domain = user.get("domain") if isinstance(user.get("domain"), dict) else {}
    domain_ok = domain.get("name") == st.DOMAIN_NAME or domain.get("id") == st.DOMAIN_ID
    user_ok = user.get("name") == st.USER_NAME or user.get("id") == st.USER_ID
    if not (domain_ok and user_ok and user.get("password") == st.USER_PASSWORD):
        raise IamError(401, "The username or password is wrong.")
    project_id, domain_scoped = _scope(auth.get("scope"))
    record = state.issue_token(project_id=project_id, domain_scoped=domain_scoped, methods=("password",))
    return record, token_body(record)


def _scope(scope):
    if scope is None:
        return None, False
    if not isinstance(scope, dict):
        raise IamError(400, "The request body is invalid: auth.scope must be an object.")
    if isinstance(scope.get("project"), dict):
        project = scope["project"]
        project_id = st.region_project(project.get("id") or project.get("name"))
        if project_id is None or (project.get("id") and project.get("id") != project_id):
            raise IamError(400, "The project in auth.scope is not found in the domain.")
        return project_id, False
    if isinstance(scope.get("domain"), dict):
        domain = scope["domain"]
        if domain.get("name") != st.DOMAIN_NAME and domain.get("id") != st.DOMAIN_ID:
            raise IamError(400, "The domain in auth.scope is not found.")
        return None, True
    raise IamError(400, "The request body is invalid: auth.scope needs a project or a domain.")


def token_body(record):
    """The body IAM sends with a new token."""
    domain = {"id": st.DOMAIN_ID, "name": st.DOMAIN_NAME}
    token = {
        "expires_at": st.iam_time(record["expires_at"]),
        "issued_at": st.iam_time(record["issued_at"]),
        "methods": list(record["methods"]),
        "catalog": [],
        "roles": [{"id": "0", "name": "te_admin"}],
        "user": {"domain": dict(domain), "id": st.USER_ID, "name": st.USER_NAME, "password_expires_at": ""},
    }
    if record["project_id"]:
        token["project"] = {"id": record["project_id"], "name": st.project_name(record["project_id"]), "domain": dict(domain)}
    elif record["domain_scoped"]:
        token["domain"] = dict(domain)
    return {"token": token}
