#!/bin/bash
# Client tests on the sample data: the Python notebook path, the Jupyter
# notebook run headless and the psycopg adapter (test_python_clients.py), JDBC
# (jdbc/run.sh), ODBC with the Unicode and ANSI drivers (odbc_check.py), R
# (r_check.R), and the python/java examples of README.md and docs/*.md
# (doc_examples.py).
#
# Inside a pg_virtualenv cluster (the PG* variables point at it), as
# test/sql-suites.sh runs:
#     pg_virtualenv -t bash test/clients/run.sh
# Without PGHOST/PGPORT set, it starts such a throwaway cluster itself.
# cx_metrics must be installed (make install).  It creates the database
# ${CX_CLIENTS_DB:-cx_clients} (dropping an old one of that name), loads
# test/data/sample.sql into it, and exits non-zero if any check failed.
#
#   --keep-png PATH   also keep the chart examples/cx_charts.py draws
#
# Debian packages: CLIENT_PACKAGES in test/setup.sh.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

if [ -z "${PGHOST:-}" ] && [ -z "${PGPORT:-}" ]; then
    exec bash "$root/test/pg_virtualenv.sh" -t bash "${BASH_SOURCE[0]}" "$@"
fi

keep_png=()
while [ $# -gt 0 ]; do
    case $1 in
        --keep-png) keep_png=(--keep-png "$2"); shift 2 ;;
        *) echo "usage: $0 [--keep-png PATH]" >&2; exit 2 ;;
    esac
done

db=${CX_CLIENTS_DB:-cx_clients}
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
started=$SECONDS

echo "--> database $db with cx_metrics and test/data/sample.sql"
PGOPTIONS="-c client_min_messages=warning" psql_q -d postgres -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\"" >/dev/null &&
    PGDATABASE=$db psql_q -c "CREATE EXTENSION cx_metrics" >/dev/null &&
    PGDATABASE=$db psql_q -f "$root/test/data/sample.sql" >/dev/null || exit 1
export PGDATABASE=$db
# Java resolves "localhost" to ::1 first where /etc/hosts lists it, and does not
# fall back to 127.0.0.1 when the server (as on hosts without IPv6) listens
# on IPv4 only; libpq tries both.  pg_virtualenv's pg_hba accepts 127.0.0.1.
if [ "${PGHOST:-}" = localhost ]; then
    export PGHOST=127.0.0.1
fi

status=0
echo "--> Python: examples/cx_charts.py, examples/nps_report.ipynb (nbclient), cx_psycopg.py"
/usr/bin/python3 "$here/test_python_clients.py" "${keep_png[@]}" || status=1
echo "--> JDBC: jdbc/CxJdbcCheck.java (pgjdbc)"
bash "$here/jdbc/run.sh" || status=1
echo "--> ODBC: odbc_check.py (psqlODBC Unicode and ANSI, pyodbc)"
/usr/bin/python3 "$here/odbc_check.py" || status=1
echo "--> R: r_check.R (DBI, RPostgreSQL, ggplot2)"
# R reads and writes non-ASCII text only in a UTF-8 locale (docs/clients.md);
# a fresh root login has none, so the check says which one it uses.
LANG=C.UTF-8 LC_ALL=C.UTF-8 Rscript --vanilla "$here/r_check.R" || status=1
echo "--> python and java examples of README.md and docs/*.md"
/usr/bin/python3 "$here/doc_examples.py" "$root/README.md" "$root"/docs/*.md || status=1

echo "clients: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - started)) s"
exit $status
