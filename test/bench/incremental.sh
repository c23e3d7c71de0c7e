#!/bin/bash
# Incremental upkeep of a daily x channel summary (maintain_summary) against
# REFRESH MATERIALIZED VIEW [CONCURRENTLY], in a throwaway cluster:
#
#   test/bench/incremental.sh [--rows N] [--append N] [--runs K] [--out FILE]
#
# Defaults: 10,000,000 responses, 10,000 appended per run, 9 runs.  Smoke run
# for the test suite: --rows 100000 --append 1000 --runs 3 (~20 s).
# Environment: CX_STAGE=DIR loads the extension from a staged install
# (make install DESTDIR=DIR) instead of the system one; CX_PORT=N picks the
# cluster's port.  Exit status: 0 whatever the timings, 1 when the summary
# table or the view differ from a recomputation, 2 on an error.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v pg_virtualenv >/dev/null || { echo "incremental.sh: pg_virtualenv not found (apt-get install postgresql-common)" >&2; exit 2; }
opts=()
[ -n "${CX_STAGE:-}" ] && opts+=(-o "extension_destdir=$CX_STAGE")
[ -n "${CX_PORT:-}" ] && opts+=(-c "-p $CX_PORT")
# Same throwaway-cluster settings as test/bench/run.sh (see there), with a
# smaller shared_buffers: the two 10M-row tables (~0.6 GB each) still fit.
exec pg_virtualenv -t "${opts[@]}" \
    -o shared_buffers=2GB \
    -o work_mem=256MB \
    -o jit=off \
    -o max_parallel_workers_per_gather=0 \
    -o autovacuum=off \
    -o wal_level=minimal \
    -o max_wal_senders=0 \
    -o synchronous_commit=off \
    -o full_page_writes=off \
    -o max_wal_size=20GB \
    -o checkpoint_timeout=1h \
    /usr/bin/python3 "$HERE/incremental.py" "$@"
