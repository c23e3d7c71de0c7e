#!/bin/bash
# README command 1: install what is missing, build and install cx_metrics,
# start a throwaway PostgreSQL 15 cluster, load the bundled sample survey data,
# print a metrics report from it and draw the notebook's chart (NPS per month and
# channel with its interval, examples/cx_charts.py) as a PNG next to the report.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

install_packages "${BUILD_PACKAGES[@]}" "${NOTEBOOK_PACKAGES[@]}"
build_and_install
report_dir=${CX_REPORT_DIR:-$CX_ROOT/test/out}
mkdir -p "$report_dir"
CX_REPORT_DIR=$(cd "$report_dir" && pwd)
export CX_REPORT_DIR
echo "==> starting a throwaway cluster (pg_virtualenv) and loading test/data/sample.sql"
bash "$CX_ROOT/test/pg_virtualenv.sh" -t bash -c '
    set -euo pipefail
    psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION cx_metrics" >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -f "$CX_ROOT/test/data/sample.sql" >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -f "$CX_ROOT/test/demo/report.sql" | tee "$CX_REPORT_DIR/report.txt"
    /usr/bin/python3 "$CX_ROOT/examples/cx_charts.py" --out "$CX_REPORT_DIR/nps_by_month.png"
'
echo "==> report: $CX_REPORT_DIR/report.txt, chart: $CX_REPORT_DIR/nps_by_month.png"
