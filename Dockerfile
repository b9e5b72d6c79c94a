# Punchclock: one stateless app image. See README "PostgreSQL, Redis and several instances".
FROM python:3.11-slim

# DejaVu Sans: the timesheet PDF's font for Greek, Cyrillic and more (punchclock/export/pdf.py).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 punchclock
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir . && rm -rf /app/src

USER punchclock
ENV PUNCHCLOCK_HOST=0.0.0.0 \
    PUNCHCLOCK_PORT=8080 \
    PUNCHCLOCK_DATA_DIR=/home/punchclock/data
EXPOSE 8080
# Readiness, not liveness: 503 while the database is unreachable. The start period covers migrations.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/api/v1/ready', timeout=4)"
CMD ["punchclock", "serve"]
