"""GET /metrics: this process's figures in Prometheus's text format, for a bearer token.

Notes:
Off by default. With ``PUNCHCLOCK_METRICS_TOKEN`` unset the route is not registered, so /metrics is a
404 like any unknown path and no request is counted. With it set, a scrape must send
``Authorization: Bearer <token>`` (Prometheus's ``authorization.credentials``); anything else is a
401 in the app's error shape. The token is compared in constant time. It is a separate shared secret
rather than an API token: a scraper needs no account and no scopes, and the figures (routes, pool,
outbox) describe the server, not any user's data. The endpoint sits outside /api/v1 and the OpenAPI
document, where Prometheus looks for it by default.

Each process counts for itself: with ``punchclock serve --workers N`` the workers share one port and
a scrape reaches whichever worker accepts it, so counters seem to jump between workers. Scrape each
instance, and run one worker per instance (scale with instances) where accurate counters matter;
the gauges read from the database (outbox) are the same whichever worker answers.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response

from punchclock.errors import Unauthorized
from punchclock.metrics import service
from punchclock.metrics.exposition import CONTENT_TYPE

router = APIRouter(include_in_schema=False)


def _authorized(header: str | None, token: str) -> bool:
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    """This process's metrics in Prometheus's text format."""
    state = request.app.state
    if not _authorized(request.headers.get("authorization"), state.settings.metrics_token):
        error = Unauthorized("Send the metrics token as a bearer token", code="invalid_metrics_token")
        error.headers = {"WWW-Authenticate": 'Bearer realm="metrics"'}
        raise error
    text = await service.scrape(state.metrics, state.db, state.hub, state.counters)
    return Response(text, media_type=CONTENT_TYPE)
