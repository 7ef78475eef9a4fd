#!/bin/sh
# Container entrypoint.
#
# `web` (the image's default command): apply migrations, then replace this shell with gunicorn
# (exec), so gunicorn becomes PID 1 and receives `docker stop`'s SIGTERM for a graceful stop.
# Migrating here keeps "new image, old schema" impossible; `set -e` stops the start when a
# migration fails instead of serving against a half-migrated database.
#
# `worker`: the background worker (procrastinate) for mail, reminders and other jobs; it does
# not migrate either, and stops gracefully on SIGTERM (running jobs finish first).
#
# Anything else runs as given and does NOT migrate, so only the web service ever migrates
# (two containers migrating at once can collide):
#   docker compose run --rm web python manage.py createsuperuser
set -eu

if [ "$#" -eq 0 ] || [ "$1" = "web" ]; then
    python manage.py migrate --no-input
    # Worker count and other tuning come from GUNICORN_CMD_ARGS (set in the Dockerfile).
    exec gunicorn backend.wsgi --bind 0.0.0.0:8000
fi

if [ "$1" = "worker" ]; then
    exec python manage.py procrastinate worker
fi

exec "$@"
