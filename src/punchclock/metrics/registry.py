"""This process's request counts and latencies: plain dicts updated once per request.

Notes:
The app answers thousands of requests a second, so the per-request work is a handful of dict
operations in the request middleware's ``finally`` (after the response has gone out): one counter
keyed by (method, route, status) and one histogram row keyed by (method, route), a list of bucket
counts and the sum. Nothing is formatted, locked or allocated per request beyond the first request
of a key; the text format is written only at scrape time. The middleware and its observer run on the
event loop's thread only, so no lock is needed.

Labels stay few, whatever clients send. ``route`` is the template of the route that answered
(``/api/v1/projects/{project_id}``, never ``/api/v1/projects/42``), as FastAPI or Starlette left
it in the scope; for the TimeTagger API, mounted at a prefix, the mount's part of ``root_path`` is
put in front. A request that no route took is ``unmatched``, except the lean
routes (punchclock.lean), which answer before routing and are known by their fixed paths. A method
outside the standard ones is ``OTHER``.

Login failures and 429s are read off the same observation: a 401 or 403 from a sign-in route is a
refused sign-in (TimeTagger's bootstrap answers 403), a 429 from one is the login throttle, and any
other 429 is the per-token rate limit. That costs one comparison per request and keeps the auth code
free of metrics.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import Any

from punchclock.metrics.exposition import Text

# Seconds. Most API answers take a few milliseconds; reports and exports take up to seconds.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"
LOGIN_ROUTES = frozenset(
    {"/api/v1/auth/login", "/api/v1/auth/session", "/timetagger/api/v2/bootstrap_authentication"}
)
_INF = len(BUCKETS)  # index of the +Inf bucket; the sum follows it


class HttpMetrics:
    def __init__(self, fixed_routes: Iterable[tuple[str, str]] = ()) -> None:
        self.fixed = frozenset(fixed_routes)  # (method, path) answered before routing
        self.requests: dict[tuple[str, str, int], int] = {}
        self.latency: dict[tuple[str, str], list[float]] = {}
        self.login_failures: dict[str, int] = {}
        self.rate_limited: dict[str, int] = {}

    def route_of(self, scope: Mapping[str, Any]) -> str:
        route = scope.get("route")
        if route is None:
            return scope["path"] if (scope["method"], scope["path"]) in self.fixed else UNMATCHED
        # FastAPI keeps an included router's routes with their own paths (``/projects/{project_id}``)
        # and leaves the full template, prefix included, in its effective route context.
        context = (scope.get("fastapi") or {}).get("effective_route_context")
        template: str | None = getattr(context, "path_format", None)
        if template is not None:
            return template
        template = getattr(route, "path_format", UNMATCHED)
        root = scope.get("root_path", "")
        app_root = scope.get("app_root_path", root)
        if root == app_root or hasattr(route, "routes"):  # top-level route, or a mount nothing inside took
            return template
        return root[len(app_root) :] + template

    def observe(self, scope: Mapping[str, Any], status: int, seconds: float) -> None:
        method = scope["method"]
        if method not in METHODS:
            method = "OTHER"
        route = self.route_of(scope)
        key = (method, route, status)
        self.requests[key] = self.requests.get(key, 0) + 1
        row = self.latency.get((method, route))
        if row is None:
            row = self.latency[(method, route)] = [0.0] * (len(BUCKETS) + 2)
        row[bisect_left(BUCKETS, seconds)] += 1
        row[-1] += seconds
        if 401 <= status <= 403 or status == 429:
            self._refused(route, status)

    def _refused(self, route: str, status: int) -> None:
        if route in LOGIN_ROUTES:
            reason = "throttled" if status == 429 else "bad_credentials"
            self.login_failures[reason] = self.login_failures.get(reason, 0) + 1
        if status == 429:
            reason = "login_throttle" if route in LOGIN_ROUTES else "api_rate_limit"
            self.rate_limited[reason] = self.rate_limited.get(reason, 0) + 1

    def write(self, out: Text) -> None:
        name = "punchclock_http_requests_total"
        out.family(name, "counter", "HTTP requests answered, by method, route template and status code.")
        for (method, route, status), count in sorted(self.requests.items()):
            out.sample(name, count, {"method": method, "route": route, "status": str(status)})
        name = "punchclock_http_request_duration_seconds"
        out.family(name, "histogram", "Time from receiving a request to its end, by method and route.")
        for (method, route), row in sorted(self.latency.items()):
            labels = {"method": method, "route": route}
            running = 0
            for bound, hits in zip((*BUCKETS, float("inf")), row[: _INF + 1], strict=True):
                running += int(hits)
                out.sample(f"{name}_bucket", running, {**labels, "le": _le(bound)})
            out.sample(f"{name}_sum", row[-1], labels)
            out.sample(f"{name}_count", running, labels)
        name = "punchclock_login_failures_total"
        out.family(name, "counter", "Refused sign-ins (REST and TimeTagger): bad_credentials or throttled.")
        out.samples(name, _by(self.login_failures, ("bad_credentials", "throttled")))
        name = "punchclock_rate_limited_total"
        out.family(name, "counter", "Requests refused with 429, by reason: login_throttle or api_rate_limit.")
        out.samples(name, _by(self.rate_limited, ("login_throttle", "api_rate_limit")))


def _le(bound: float) -> str:
    return "+Inf" if bound == float("inf") else repr(bound)


def _by(counts: dict[str, int], reasons: tuple[str, ...]) -> list[tuple[dict[str, str], float]]:
    # Every reason from the start, at 0: rate() and increase() need a series before its first event.
    return [({"reason": reason}, counts.get(reason, 0)) for reason in reasons]
