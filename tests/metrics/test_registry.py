"""The per-request counters and the text they render, without an app."""

from __future__ import annotations

from types import SimpleNamespace

from punchclock.metrics.exposition import Text
from punchclock.metrics.registry import HttpMetrics
from tests.metrics.helpers import value


def _scope(path: str, method: str = "GET", route: object = None, **extra: object) -> dict:
    return {"type": "http", "method": method, "path": path, "route": route, **extra}


def _render(metrics: HttpMetrics) -> str:
    out = Text()
    metrics.write(out)
    return out.render()


def test_latency_buckets_are_cumulative_and_count_every_request():
    metrics = HttpMetrics()
    route = SimpleNamespace(path_format="/x/{id}")
    for seconds in (0.001, 0.005, 0.2, 30.0):
        metrics.observe(_scope("/x/1", route=route), 200, seconds)
    out = _render(metrics)
    bucket = "punchclock_http_request_duration_seconds_bucket"
    assert value(out, bucket, method="GET", route="/x/{id}", le="0.005") == 2  # le is inclusive
    assert value(out, bucket, method="GET", route="/x/{id}", le="0.1") == 2
    assert value(out, bucket, method="GET", route="/x/{id}", le="0.25") == 3
    assert value(out, bucket, method="GET", route="/x/{id}", le="10.0") == 3
    assert value(out, bucket, method="GET", route="/x/{id}", le="+Inf") == 4
    assert value(out, "punchclock_http_request_duration_seconds_count", method="GET", route="/x/{id}") == 4
    total = value(out, "punchclock_http_request_duration_seconds_sum", method="GET", route="/x/{id}")
    assert abs(total - 30.206) < 1e-9


def test_labels_stay_bounded_whatever_the_client_sends():
    metrics = HttpMetrics(fixed_routes=[("GET", "/lean")])
    metrics.observe(_scope("/a/very/random/path"), 404, 0.001)
    metrics.observe(_scope("/another/one"), 404, 0.001)
    metrics.observe(_scope("/x", method="BREW", route=SimpleNamespace(path_format="/x")), 405, 0.001)
    metrics.observe(_scope("/lean"), 200, 0.001)
    metrics.observe(_scope("/lean", method="POST"), 404, 0.001)
    assert metrics.requests == {
        ("GET", "unmatched", 404): 2,
        ("OTHER", "/x", 405): 1,
        ("GET", "/lean", 200): 1,  # a lean route, answered before routing: known by its fixed path
        ("POST", "unmatched", 404): 1,  # the same path with a method no lean route has
    }


def test_a_mounted_route_gets_its_mount_prefix():
    metrics = HttpMetrics()
    inner = SimpleNamespace(path_format="/records")
    scope = _scope("/tt/api/records", route=inner, root_path="/base/tt/api", app_root_path="/base")
    assert metrics.route_of(scope) == "/tt/api/records"
    mount = SimpleNamespace(path_format="/tt/api/{path}", routes=[])
    assert metrics.route_of(_scope("/tt/api/x", route=mount, root_path="/tt/api", app_root_path="")) == (
        "/tt/api/{path}"
    )


def test_label_values_are_escaped():
    out = Text().family("m", "gauge", "help").sample("m", 1.5, {"route": 'a"b\\c\nd'}).render()
    assert 'm{route="a\\"b\\\\c\\nd"} 1.5' in out
    assert value(out, "m", route='a\\"b\\\\c\\nd') == 1.5
