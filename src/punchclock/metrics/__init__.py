"""Prometheus metrics at GET /metrics: request counts and latencies, pool, outbox, sockets, Redis."""
