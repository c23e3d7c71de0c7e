#!/bin/bash
# README command 1: install what is missing, build and install cx_metrics,
# start a throwaway PostgreSQL 15 cluster, load the bundled sample survey data
# and print a metrics report from it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

install_packages "${BUILD_PACKAGES[@]}"
build_and_install
echo "==> starting a throwaway cluster (pg_virtualenv) and loading test/data/sample.sql"
pg_virtualenv -t bash -c '
    set -euo pipefail
    psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION cx_metrics" >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -f "$CX_ROOT/test/data/sample.sql" >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -f "$CX_ROOT/test/demo/report.sql"
'
