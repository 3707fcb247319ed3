# Production image for the web, worker and beat services of docker-compose.yml.

# Natural Earth's country shapes for the map (npm's world-atlas, pinned in package.json).
FROM node:22-slim AS atlas
WORKDIR /atlas
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim

# curl is for the compose healthcheck and gettext for compilemessages; no other system
# library is needed because psycopg[binary] ships its own libpq.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl gettext \
    && rm -rf /var/lib/apt/lists/*

# The same uv as the Makefile's UV_VERSION, so the lock file is read the same way.
RUN pip install --no-cache-dir uv==0.13.8

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=kb.settings.production

WORKDIR /app

# Dependencies before the code, so a code change reuses this layer.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-cache

COPY . .
COPY --from=atlas /atlas/node_modules/world-atlas/countries-50m.json search/static/search/atlas/
# Production settings refuse an empty SECRET_KEY; collectstatic needs none of
# the real secrets, so a throwaway value only for this step.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
# The FreeDict dictionaries the search translates words with, and their lookup file.
RUN sh scripts/install-dictionaries.sh && rm -rf /var/lib/apt/lists/* \
    && python -m search.dictionaries
# The .mo catalogues are git-ignored build output, compiled from the committed .po files.
RUN SECRET_KEY=compilemessages-only python manage.py compilemessages --ignore=.venv --ignore=node_modules

# The code stays root-owned and read-only for the app; only media is writable.
# The folder exists in the image so that a fresh named volume inherits its owner.
RUN useradd --system --user-group --home-dir /app --no-create-home app \
    && mkdir -p /app/media \
    && chown app:app /app/media
USER app

EXPOSE 8000
CMD ["gunicorn", "kb.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
