# Raqib: comment moderation service.  Build: docker build -t raqib .
# Run:   docker run -p 8000:8000 -e RAQIB_SECRET_KEY=... -v raqib-data:/data raqib
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    RAQIB_ENV=production \
    RAQIB_INSTANCE_PATH=/data \
    PORT=8000

RUN groupadd --system raqib && useradd --system --gid raqib --home-dir /app raqib \
    && mkdir -p /app /data && chown raqib:raqib /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY model ./model
COPY training ./training
RUN pip install --upgrade pip && pip install .

USER raqib
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os,urllib.request,sys; sys.exit(0 if urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"8000\")}/healthz', timeout=4).status == 200 else 1)"

# Migrate (idempotent), then serve on all interfaces of the container.
CMD ["sh", "-c", "raqib db upgrade && exec raqib serve --host 0.0.0.0 --port ${PORT}"]
