#!/bin/bash
# cx_metrics benchmark (issue 5): one command that starts a throwaway
# PostgreSQL 15 cluster (pg_virtualenv -t), creates the extension, generates
# the reproducible data set and times every query against its baseline.
#
#   test/bench/run.sh [--rows N] [--customers N] [--runs K] [--out FILE.csv]
#                     [--window-rows N] [--table-out FILE] [--plans-out FILE]
#
# Defaults: 10,000,000 responses, 1,000,000 customers, 7 runs, results in
# test/bench/results.csv (+ .txt: the printed table, + .plans.txt: EXPLAIN
# ANALYZE of every query).  CI smoke test:
#   test/bench/run.sh --rows 100000 --customers 10000 --runs 3
#
# Needs the extension installed (make install) and PostgreSQL 15 with
# postgresql-common (pg_virtualenv).  Exit status: 0 whatever the timings,
# 1 if a candidate returned a wrong result, 2 on an SQL error.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case " $* " in
    *" -h "*|*" --help "*) exec /usr/bin/python3 "$HERE/bench.py" --help ;;
esac

PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3
command -v pg_virtualenv >/dev/null || { echo "run.sh: pg_virtualenv not found (apt-get install postgresql-common)" >&2; exit 2; }

# Relative --out/--table-out/--plans-out paths are taken from the caller's
# directory: bench.py runs there.
#
# Server configuration for a 2-core / 24 GB machine:
#   shared_buffers = 4GB      the 10M-row table (~0.9 GB) stays under
#                             shared_buffers / 4, so sequential scans keep it in
#                             shared buffers instead of cycling a 256 kB ring
#                             through the OS cache: the benchmark measures CPU.
#   work_mem = 1GB            with hash_mem_multiplier = 2, the 1M-group hash
#                             aggregates stay in memory (no spill to disk).
#   jit = off                 JIT compile time would pollute the short queries.
#   max_parallel_workers_per_gather = 0
#                             single-threaded by default; the 2-worker rows
#                             set it per query.
#   autovacuum = off          the data is static and VACUUM (FREEZE, ANALYZE)d
#                             once; no background work during the timings.
#   wal_level = minimal, max_wal_senders = 0, fsync = off,
#   synchronous_commit = off, full_page_writes = off, max_wal_size = 20GB,
#   checkpoint_timeout = 1h   a throwaway cluster: fast load, no checkpoint
#                             during the timings.
exec bash "$HERE/../pg_virtualenv.sh" -t \
    -o shared_buffers=4GB \
    -o work_mem=1GB \
    -o hash_mem_multiplier=2.0 \
    -o jit=off \
    -o max_parallel_workers_per_gather=0 \
    -o max_worker_processes=8 \
    -o max_parallel_workers=8 \
    -o autovacuum=off \
    -o wal_level=minimal \
    -o max_wal_senders=0 \
    -o synchronous_commit=off \
    -o full_page_writes=off \
    -o max_wal_size=20GB \
    -o checkpoint_timeout=1h \
    "$PYTHON" "$HERE/bench.py" "$@"
