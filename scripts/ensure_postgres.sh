#!/usr/bin/env bash
# Make the local PostgreSQL server reachable for the store tests (127.0.0.1:5432), if it is installed.
# Prints what it did; never fails the build: the PostgreSQL test cases skip when the server is down.
set -u
if ! command -v pg_isready >/dev/null 2>&1; then
  echo "ensure_postgres: pg_isready not installed; PostgreSQL store tests will be skipped"
  exit 0
fi
if pg_isready -q -h 127.0.0.1; then
  echo "ensure_postgres: PostgreSQL is accepting connections on 127.0.0.1"
  exit 0
fi
version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$version" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "ensure_postgres: PostgreSQL is not running and no cluster to start; its store tests will be skipped"
  exit 0
fi
echo "ensure_postgres: starting cluster $version/main"
pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>&1 || echo "ensure_postgres: could not start it"
for _ in 1 2 3 4 5 6 7 8 9 10; do
  if pg_isready -q -h 127.0.0.1; then
    echo "ensure_postgres: PostgreSQL is up"
    exit 0
  fi
  sleep 1
done
echo "ensure_postgres: PostgreSQL still not reachable; its store tests will be skipped"
exit 0
