# Production image for the web, worker and beat services of docker-compose.yml.

# Natural Earth's country shapes for the map (npm's world-atlas, pinned in package.json).
FROM node:22-slim AS atlas
WORKDIR /atlas
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Debian 12, as the development and CI machines, so that its packages are the same.
FROM python:3.11-slim-bookworm

# The Debian packages the application needs: the list the local set-up installs
# (scripts/debian-packages.txt). No other system library is needed because
# psycopg[binary] ships its own libpq.
COPY scripts/debian-packages.txt scripts/install-app-packages.sh /tmp/setup/
RUN sh /tmp/setup/install-app-packages.sh && rm -rf /var/lib/apt/lists/* /tmp/setup

# The uv of .uv-version, the one the Makefile installs, so the lock file is read the same way.
COPY .uv-version /tmp/setup/
RUN pip install --no-cache-dir "uv==$(cat /tmp/setup/.uv-version)" && rm -rf /tmp/setup

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=kb.settings.production \
    DATA_CACHE_DIR=/var/cache/kb

WORKDIR /app

# Dependencies before the code, so a code change reuses this layer.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-cache

COPY . .
COPY --from=atlas /atlas/node_modules/world-atlas/countries-50m.json search/static/search/atlas/
# Production settings refuse an empty SECRET_KEY; collectstatic needs none of
# the real secrets, so a throwaway value only for this step.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
# The lookup file of the FreeDict dictionaries (installed above), built now: the search
# translates query words with it. Caches go to DATA_CACHE_DIR, writable by the app, never
# into the read-only code tree.
RUN mkdir -p "$DATA_CACHE_DIR" \
    && SECRET_KEY=dictionaries-only python -m search.dictionaries
# The .mo catalogues are git-ignored build output, compiled from the committed .po files.
RUN SECRET_KEY=compilemessages-only python manage.py compilemessages --ignore=.venv --ignore=node_modules

# The code stays root-owned and read-only for the app; only media and the caches are
# writable. The folders exist in the image so that a fresh named volume inherits its owner.
RUN useradd --system --user-group --home-dir /app --no-create-home app \
    && mkdir -p /app/media \
    && chown app:app /app/media \
    && chown -R app:app "$DATA_CACHE_DIR"
USER app

EXPOSE 8000
CMD ["gunicorn", "kb.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
