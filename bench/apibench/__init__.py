"""The REST API benchmark: seed a year of data, start a real server, measure latency and throughput."""
