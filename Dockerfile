# trackii: one image for the web server, the Celery worker and beat, and the
# one-shot migrate job (see docker-compose.yml and docs/deployment.md).
FROM python:3.13-slim

ARG UV_VERSION=0.13.9

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=trackii.settings \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    PATH=/opt/venv/bin:$PATH \
    WEB_CONCURRENCY=3

# WeasyPrint (funder report PDFs) needs Pango, HarfBuzz's subsetter and fonts: DejaVu,
# and Noto (fonts-noto-core) for Arabic and Hebrew. gettext's msgfmt compiles the
# translation catalogs below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
       fonts-noto-core gettext \
    && rm -rf /var/lib/apt/lists/*

# uv from PyPI, pinned; no installer scripts fetched over curl.
RUN pip install --no-cache-dir "uv==${UV_VERSION}"

WORKDIR /app

# Dependencies first, from the lock file exactly, without the dev group, so
# this layer is rebuilt only when the lock changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
RUN uv sync --frozen --no-dev

# The translation catalogs are compiled here (.mo files are never committed).
# Settings refuse to import without SECRET_KEY and FIELD_ENCRYPTION_KEYS when DEBUG
# is off; these throwaway values exist for this one RUN line only and are not kept
# in the image (the key is 32 zero characters, base64: it never encrypts anything).
RUN SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    FIELD_ENCRYPTION_KEYS=MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA= \
    python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=data \
    && rm -f /tmp/build.sqlite3

# Run as an unprivileged user. The code and static files stay root-owned and
# read-only to it; ./data is only used in embedded mode (no DATABASE_URL).
RUN groupadd --system --gid 10001 trackii \
    && useradd --system --uid 10001 --gid trackii --create-home \
       --home-dir /home/trackii --shell /usr/sbin/nologin trackii \
    && mkdir -p /app/data \
    && chown trackii:trackii /app/data
USER trackii:trackii

EXPOSE 8000

# /healthz is exempt from the HTTPS redirect. Django checks the Host header
# against ALLOWED_HOSTS, so the probe sends the first concrete allowed host
# instead of 127.0.0.1. Any answer but 200 (503 when the database, cache or
# worker is down) fails the check.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; hosts = [h.strip().lstrip('.') for h in os.environ.get('ALLOWED_HOSTS', 'localhost').split(',') if h.strip() and '*' not in h]; req = u.Request('http://127.0.0.1:8000/healthz', headers={'Host': (hosts or ['localhost'])[0]}); u.build_opener(u.ProxyHandler({})).open(req, timeout=8)"]

# Worker count comes from WEB_CONCURRENCY and trusted proxy addresses from
# FORWARDED_ALLOW_IPS: gunicorn reads both from the environment.
CMD ["gunicorn", "trackii.wsgi:application", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm"]
