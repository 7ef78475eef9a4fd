#!/bin/sh
# First start of the db container (empty volume) only: the two roles of docs/operations.md
# ("Database roles") and the database, owned by the owner role. The image's POSTGRES_USER is
# the cluster's administrator; the app never connects as it.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v owner_password="$FOERDERLOTSE_OWNER_PASSWORD" \
    -v app_password="$FOERDERLOTSE_APP_PASSWORD" <<'SQL'
CREATE ROLE foerderlotse_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE foerderlotse_app LOGIN PASSWORD :'app_password';
CREATE DATABASE foerderlotse OWNER foerderlotse_owner;
SQL
