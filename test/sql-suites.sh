#!/bin/bash
# Runs inside pg_virtualenv (PG* variables point at a throwaway cluster):
# pg_regress, then the cross-check and the report on the sample data.
set -uo pipefail
cd "$CX_ROOT"
status=0

echo "--> pg_regress (make installcheck)"
if ! make -s installcheck; then
    [ -f regression.diffs ] && cat regression.diffs
    status=1
fi

echo "--> cross-check on the sample data against test/crosscheck/reference.py"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE cx_sample" >/dev/null || status=1
export PGDATABASE=cx_sample
if psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION cx_metrics" >/dev/null &&
   psql -X -q -v ON_ERROR_STOP=1 -f test/data/sample.sql >/dev/null; then
    /usr/bin/python3 test/crosscheck/crosscheck.py > /tmp/cx_crosscheck.log || status=1
    grep -v '^PASS' /tmp/cx_crosscheck.log
else
    status=1
fi

echo "--> every sql example of README.md and docs/*.md, every relative link (in a database of its own)"
if psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE cx_readme" >/dev/null &&
   PGDATABASE=cx_readme psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION cx_metrics" >/dev/null &&
   PGDATABASE=cx_readme psql -X -q -v ON_ERROR_STOP=1 -f test/data/sample.sql >/dev/null; then
    PGDATABASE=cx_readme /usr/bin/python3 test/readme_examples.py || status=1
else
    status=1
fi

echo "--> quick-start report on the sample data"
if psql -X -q -v ON_ERROR_STOP=1 -f test/demo/report.sql > /tmp/cx_report.log; then
    sections=$(grep -c '^==' /tmp/cx_report.log)
    explained=$(grep -A1 '^==' /tmp/cx_report.log | grep -c '^   [A-Z]')
    echo "report: $sections sections printed, $explained with a line saying what the numbers mean"
    [ "$sections" -gt 0 ] && [ "$explained" -eq "$sections" ] || status=1
    # p-values below 0.0001 print as "< 0.0001", never as 0.0000
    if grep -q '0\.0000' /tmp/cx_report.log || ! grep -q '< 0\.0001' /tmp/cx_report.log; then
        echo "report: p-value printed as 0.0000 (or no '< 0.0001')"; status=1
    fi
else
    status=1
fi
exit $status
