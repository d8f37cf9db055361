# -*- coding: utf-8 -*-
"""Prepaid orders (BSS), the resources an order made, the IAM domain lookup, and the ECS server list.

BSS is global: one host per cloud, domain-level credentials (the SDK's GlobalCredentials: `X-Domain-Id` under AK/SK,
no project). The answers are the models of `huaweicloudsdkbss` (no example body is published):
`ShowCustomerOrderDetailsResponse` {total_count, order_info: CustomerOrderV3, order_line_items} and
`ListPayPerUseCustomerResourcesResponse` {total_count, data: [OrderInstanceV2]}.

An order lives on the emulator's clock (or its polls) as jobs do: phases of raw `status` values (CustomerOrderV3: 1
pending review, 2 pending refund, 3 processing, 4 cancelled, 5 completed, 6 pending payment, 9-13 the shipping ones).
Once completed, the resources query lists its resources, after `resources_after_polls` queries that list none.

`App` takes the handlers as a mixin (route name = method name), as starts.py's; the routes are added to server.py's.
"""

import uuid

from . import state as st

ROUTES = [
    ("GET", r"/v2/orders/customer-orders/details/(?P<order_id>[^/]+)", "bss_order", "bss"),
    ("POST", r"/v2/orders/suscriptions/resources/query", "bss_order_resources", "bss"),  # the vendor's spelling
    ("GET", r"/v3/auth/domains", "iam_domains", "iam"),
    ("GET", r"/v1/(?P<project_id>[^/]+)/cloudservers/detail", "ecs_list_servers", "ecs"),
]
CONTROL_ROUTES = [
    ("GET", r"orders", "list_orders"),
    ("POST", r"orders", "add_orders"),
    ("GET", r"order-plans", "list_order_plans"),
    ("POST", r"order-plans", "add_order_plans"),
]
ORDER_STATUSES = (1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13)
COMPLETED, CANCELLED, PROCESSING, PENDING_PAYMENT = 5, 4, 3, 6
ORDER_KEYS = frozenset(["order_id", "phases", "resources", "resources_after_polls", "project_id", "service_type_code", "fields"])
PLAN_KEYS = frozenset(["phases", "resources_after_polls"])
# The emulator's not-found answer (the vendor publishes no code for it).
ORDER_NOT_FOUND = (404, "CBC.99003651", "The order does not exist.")
ECS_TYPES = {"service_type_code": "hws.service.type.ec2", "service_type_name": "Elastic Cloud Server",
             "resource_type_code": "hws.resource.type.vm", "resource_type_name": "ECS"}


def new_order_id():
    return "CS%s" % uuid.uuid4().hex[:14].upper()


def _phases(raw):
    if not isinstance(raw, list) or not raw:
        raise st.SpecError("phases must be a non-empty list of {status, for_seconds | for_polls}")
    phases = []
    for position, item in enumerate(raw):
        if not isinstance(item, dict) or item.get("status") not in ORDER_STATUSES or isinstance(item.get("status"), bool):
            raise st.SpecError("phase %d needs a status, one of %s" % (position, list(ORDER_STATUSES)))
        unknown = set(item) - {"status", "for_seconds", "for_polls"}
        if unknown:
            raise st.SpecError("phase %d: unknown keys %s" % (position, sorted(unknown)))
        phase = st.Phase(item["status"], st._number(item, "for_seconds"), st._number(item, "for_polls"))  # pylint: disable=protected-access
        if not phase.bounded and position < len(raw) - 1:
            raise st.SpecError("phase %d needs for_seconds or for_polls (only the last phase lasts forever)" % position)
        phases.append(phase)
    return phases


def autopay_phases(seconds):
    """An order paid at once (isAutoPay): pending payment, processing, completed, over ``seconds``."""
    return [{"status": PENDING_PAYMENT, "for_seconds": seconds / 3.0}, {"status": PROCESSING, "for_seconds": seconds * 2 / 3.0},
            {"status": COMPLETED}]


class Order:
    def __init__(self, spec, now):
        unknown = set(spec) - ORDER_KEYS
        if unknown:
            raise st.SpecError("unknown order keys %s (allowed: %s)" % (sorted(unknown), sorted(ORDER_KEYS)))
        self.order_id = spec.get("order_id") or new_order_id()
        self.life = st.Life(_phases(spec.get("phases") or [{"status": COMPLETED}]), now)
        self.created = now
        self.paid_at = None
        self.project_id = st.region_project(spec.get("project_id") or st.DEFAULT_REGION)
        if self.project_id is None:
            raise st.SpecError("project_id must be a region or a project id of the domain")
        resources = spec.get("resources") or []
        if not isinstance(resources, list) or not all(isinstance(r, (str, dict)) for r in resources):
            raise st.SpecError("resources must be a list of resource ids or {resource_id, is_main_resource, ...}")
        self.resources = [r if isinstance(r, dict) else {"resource_id": r, "is_main_resource": 1} for r in resources]
        self.resources_after_polls = int(st._number(spec, "resources_after_polls") or 0)  # pylint: disable=protected-access
        self.resource_polls = 0
        self.types = dict(ECS_TYPES, service_type_code=spec.get("service_type_code") or ECS_TYPES["service_type_code"])
        self.statuses_shown = []
        # Fields of CustomerOrderV3 to set ("__absent__" drops one), over what the phases give: the fault matrix's
        # status missing, null, outside the vocabulary or of the wrong type.
        self.fields = st._dict_or_none(spec, "fields") or {}  # pylint: disable=protected-access

    def status(self, now):
        status = self.life.advance(now).status
        if status != PENDING_PAYMENT and self.paid_at is None and status not in (CANCELLED,):
            self.paid_at = now
        return status

    def poll(self, now):
        status = self.status(now)
        self.life.poll(now)
        self.statuses_shown.append(status)
        return status

    def order_info(self, now, status):
        """CustomerOrderV3."""
        info = {
            "order_id": self.order_id, "customer_id": st.DOMAIN_ID, "service_type_code": self.types["service_type_code"],
            "service_type_name": self.types["service_type_name"], "source_type": 1, "status": status, "order_type": 1,
            "amount_after_discount": 0.0, "official_amount": 0.0, "measure_id": 1,
            "create_time": st.format_time(self.created, "iso"), "payment_time": st.format_time(self.paid_at, "iso"),
            "currency": "CNY", "contract_id": "", "user_name": st.DOMAIN_NAME,
        }
        if status == PENDING_PAYMENT:
            info["pending_payment_end_time"] = st.format_time(self.created + 7 * 86400, "iso")
        return st.merged(info, self.fields)

    def instances(self, now, only_main):
        """OrderInstanceV2 of each resource the completed order made (none before, or for resources_after_polls)."""
        if self.status(now) != COMPLETED:
            return []
        self.resource_polls += 1
        if self.resource_polls <= self.resources_after_polls:
            return []
        made = []
        for position, resource in enumerate(self.resources):
            main = resource.get("is_main_resource", 1)
            if only_main and main != 1:
                continue
            made.append({
                "id": "%s-%d" % (self.order_id, position), "resource_id": resource["resource_id"],
                "resource_name": resource.get("resource_name", resource["resource_id"]),
                "region_code": st.project_name(self.project_id) or st.DEFAULT_REGION,
                "service_type_code": self.types["service_type_code"], "service_type_name": self.types["service_type_name"],
                "resource_type_code": resource.get("resource_type_code", self.types["resource_type_code"]),
                "resource_type_name": resource.get("resource_type_name", self.types["resource_type_name"]),
                "project_id": self.project_id, "is_main_resource": main, "status": 2,
                "effective_time": st.format_time(self.paid_at or now, "iso"),
                "expire_time": st.format_time((self.paid_at or now) + 30 * 86400, "iso"), "expire_policy": 0,
                "update_time": st.format_time(now, "iso"),
            })
        return made

    def summary(self, now):
        return {"order_id": self.order_id, "status": self.status(now), "statuses_shown": list(self.statuses_shown),
                "resources": [r["resource_id"] for r in self.resources], "resource_polls": self.resource_polls,
                "project_id": self.project_id}


class Orders:
    """The orders, the plans the next prepaid starts take, and the servers made (for the list by name)."""

    def __init__(self):
        self.orders = {}
        self.plans = []
        self.servers = []

    def clear(self):
        self.orders.clear()
        del self.plans[:]
        del self.servers[:]


class OrderCalls:
    """The BSS, IAM-domain and ECS-list handlers of App (a mixin: it uses App's state)."""

    @property
    def order_store(self):
        if not hasattr(self.state, "orders_store"):
            self.state.orders_store = Orders()
        return self.state.orders_store

    # -- used by the start calls --------------------------------------------

    def place_order(self, project_id, resources, auto_pay):
        """An order for a prepaid start: the next queued plan's life, else paid at once (isAutoPay) or waiting for payment."""
        with self.state.lock:
            store = self.order_store
            plan = store.plans.pop(0) if store.plans else {}
            phases = plan.get("phases") or (autopay_phases(self.state.config["batch_job_seconds"]) if auto_pay
                                            else [{"status": PENDING_PAYMENT}])
            order = Order({"phases": phases, "resources": resources, "project_id": project_id,
                           "resources_after_polls": plan.get("resources_after_polls", 0)}, self.state.now())
            store.orders[order.order_id] = order
            return order.order_id

    def record_servers(self, project_id, name, ids):
        with self.state.lock:
            now = self.state.now()
            count = len(ids)
            for position, server_id in enumerate(ids):
                shown = name if count == 1 else "%s-%04d" % (name, position + 1)
                self.order_store.servers.append({"id": server_id, "name": shown, "project_id": project_id, "created": now})

    # -- cloud ----------------------------------------------------------------

    def _domain_level(self, request):
        """None, or the gateway's answer to a signed call without the account's X-Domain-Id (GlobalCredentials)."""
        from .server import error
        if request.principal.kind in ("aksk", "temp_aksk") and request.header("X-Domain-Id") != st.DOMAIN_ID:
            return error(401, "APIGW.0301", "Incorrect IAM authentication information: a domain-level call needs "
                                            "X-Domain-Id, the account's domain id.")
        return None

    def bss_order(self, request):
        from .server import Response, error
        refused = self._domain_level(request)
        if refused is not None:
            return refused
        with self.state.lock:
            order = self.order_store.orders.get(request.params["order_id"])
            if order is None:
                return error(*ORDER_NOT_FOUND)
            now = self.state.now()
            status = order.poll(now)
            return Response(200, {"total_count": 0, "order_info": order.order_info(now, status), "order_line_items": []})

    def bss_order_resources(self, request):
        from .server import Response, _json_body, error
        refused = self._domain_level(request)
        if refused is not None:
            return refused
        body = _json_body(request)
        if not isinstance(body, dict) or not isinstance(body.get("order_id", ""), str):
            return error(400, "CBC.0100", "Invalid parameter: the body must be a QueryResourcesReq.")
        with self.state.lock:
            order = self.order_store.orders.get(body.get("order_id"))
            data = order.instances(self.state.now(), body.get("only_main_resource") == 1) if order else []
        offset, limit = body.get("offset", 0), body.get("limit", 10)
        if isinstance(offset, int) and isinstance(limit, int) and offset >= 0 and limit > 0:
            page = data[offset:offset + limit]
        else:
            page = data
        return Response(200, {"total_count": len(data), "data": page})

    def ecs_list_servers(self, request):
        """EcsClient.list_servers_details: {count, servers: [ServerDetail]}; `name` matches a part of the name."""
        from .server import Response
        name = request.query_values().get("name", [None])[0]
        project = request.params["project_id"]
        with self.state.lock:
            found = [s for s in self.order_store.servers if s["project_id"] == project and (not name or name in s["name"])]
        servers = [{"id": s["id"], "name": s["name"], "status": "ACTIVE", "tenant_id": project, "user_id": st.DOMAIN_ID,
                    "created": st.format_time(s["created"], "iso"), "updated": st.format_time(s["created"], "iso"),
                    "metadata": {}, "tags": [], "addresses": {}} for s in found]
        return Response(200, {"count": len(servers), "servers": servers})

    # -- control --------------------------------------------------------------

    def control_list_orders(self, _request):
        from .server import Response
        with self.state.lock:
            now = self.state.now()
            return Response(200, {"orders": [o.summary(now) for o in self.order_store.orders.values()]})

    def control_add_orders(self, request):
        from .server import Response, _json_body
        body = _json_body(request)
        specs = body.get("orders") if isinstance(body, dict) and "orders" in body else [body]
        if not isinstance(specs, list) or not all(isinstance(s, dict) for s in specs):
            raise st.SpecError("send an order spec or {\"orders\": [...]}")
        with self.state.lock:
            now = self.state.now()
            made = [Order(spec, now) for spec in specs]
            for order in made:
                self.order_store.orders[order.order_id] = order
            return Response(201, {"orders": [o.summary(now) for o in made]})

    def control_list_order_plans(self, _request):
        from .server import Response
        return Response(200, {"order_plans": list(self.order_store.plans)})

    def control_add_order_plans(self, request):
        from .server import Response, _json_body
        body = _json_body(request)
        specs = body.get("order_plans") if isinstance(body, dict) and "order_plans" in body else [body]
        for spec in specs if isinstance(specs, list) else [specs]:
            if not isinstance(spec, dict) or set(spec) - PLAN_KEYS:
                raise st.SpecError("an order plan is {phases, resources_after_polls}")
            _phases(spec.get("phases") or [{"status": COMPLETED}])
        with self.state.lock:
            self.order_store.plans.extend(specs if isinstance(specs, list) else [specs])
            return Response(201, {"order_plans": list(self.order_store.plans)})
