#!/bin/bash
# Scheduled refresh with pg_cron, end to end, in a throwaway cluster (pg_virtualenv -t):
#   - the cluster gets the postgresql.conf settings of the section "Scheduled refresh
#     with pg_cron" (its ```ini pg_cron block: pg_cron preloaded, cron.database_name,
#     background workers), plus timezone = Pacific/Auckland, so that a day cut in the
#     session's time zone instead of UTC would show;
#   - loads the sample data into the database named by cron.database_name and runs
#     test/cron/recipe.sql (the section's recipe block, checked to be the same text):
#     a materialized view of daily score_summary per channel, its unique index, and a
#     pg_cron job that runs REFRESH MATERIALIZED VIEW CONCURRENTLY every minute;
#   - inserts responses (a new month, and a late day of an existing one), checks that the
#     view is now stale, then waits until cron.job_run_details shows a succeeded run of
#     the job that started after the insert (pg_cron 1.4: one run a minute, so up to ~60 s);
#   - checks that nps(rollup(...)), csat(rollup(...)) and responses(rollup(...)) per channel
#     and month equal the raw numbers recomputed with plain count(*) FILTER formulas;
#   - runs the section's other sql blocks (job status, view age, unschedule).
# Installs nothing. Needs the Debian packages postgresql-15, postgresql-15-cron and
# postgresql-common (pg_virtualenv), and cx_metrics built and installed (make install).
#
# Usage: bash test/cron/run.sh [--timeout SECONDS]     (wait for the job, default 100)
# Exit status: 0 passed, 1 failed, 2 a prerequisite is missing.
set -euo pipefail

CX_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PY=/usr/bin/python3
JOB=refresh-daily-answers

if [ -z "${CX_CRON_IN_CLUSTER:-}" ]; then
    timeout=100
    while [ $# -gt 0 ]; do
        case $1 in
            --timeout) timeout=$2; shift 2 ;;
            *) echo "usage: $0 [--timeout SECONDS]" >&2; exit 2 ;;
        esac
    done
    [[ $timeout =~ ^[0-9]+$ ]] || { echo "--timeout: not a number of seconds: $timeout" >&2; exit 2; }

    missing=()
    command -v pg_virtualenv >/dev/null || missing+=("pg_virtualenv (Debian package postgresql-common)")
    command -v pg_config >/dev/null || missing+=("pg_config (postgresql-server-dev-15 or libpq-dev)")
    if command -v pg_config >/dev/null; then
        [ -f "$(pg_config --pkglibdir)/pg_cron.so" ] ||
            missing+=("pg_cron (Debian package postgresql-15-cron: apt-get install postgresql-15-cron)")
        [ -f "$(pg_config --sharedir)/extension/cx_metrics.control" ] ||
            missing+=("cx_metrics installed (make && make install)")
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        printf 'test/cron/run.sh: missing: %s\n' "${missing[@]}" >&2
        exit 2
    fi

    doc=docs/summaries.md   # its section "Scheduled refresh with pg_cron"
    cd "$CX_ROOT"
    settings=$($PY test/cron/doc.py settings "$doc")
    db=$(sed -n 's/^cron\.database_name=//p' <<<"$settings")
    [ -n "$db" ] || { echo "$doc: the settings name no cron.database_name" >&2; exit 1; }
    opts=()
    while IFS= read -r s; do opts+=(-o "$s"); done <<<"$settings"
    opts+=(-o timezone=Pacific/Auckland)

    echo "==> pg_cron test: settings from $doc:"
    sed 's/^/      /' <<<"$settings"
    start=$SECONDS
    status=0
    CX_CRON_IN_CLUSTER=1 CX_CRON_DOC=$doc CX_CRON_DB=$db CX_CRON_TIMEOUT=$timeout \
        bash "$CX_ROOT/test/pg_virtualenv.sh" -t "${opts[@]}" bash "$CX_ROOT/test/cron/run.sh" || status=$?
    echo "==> pg_cron test: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
    exit $status
fi

# ---- inside the throwaway cluster (PG* variables set by pg_virtualenv) ----
cd "$CX_ROOT"
doc=$CX_CRON_DOC
timeout=$CX_CRON_TIMEOUT
export PGDATABASE=$CX_CRON_DB
psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
value() { psql -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }
fail() {
    echo "FAIL: $*" >&2
    echo "--- cron.job:" >&2
    psql -X -c "SELECT jobid, jobname, schedule, command, database, username, active FROM cron.job" >&2 || true
    echo "--- cron.job_run_details:" >&2
    psql -X -c "SELECT runid, jobid, status, start_time, end_time, return_message
                FROM cron.job_run_details ORDER BY runid" >&2 || true
    exit 1   # pg_virtualenv then prints the end of the server log
}

$PY test/cron/doc.py check-recipe "$doc" test/cron/recipe.sql
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$PGDATABASE\"" ||
    fail "cannot create database $PGDATABASE"
psql_q -c 'CREATE EXTENSION cx_metrics' || fail "CREATE EXTENSION cx_metrics"
psql_q -f test/data/sample.sql >/dev/null || fail "loading test/data/sample.sql"
psql_q -f test/cron/recipe.sql >/dev/null || fail "test/cron/recipe.sql"
echo "pg_cron $(value "SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'")" \
     "(package $(dpkg-query -W -f='${Version}' postgresql-15-cron 2>/dev/null || echo '?')), server" \
     "TimeZone $(value 'SHOW TimeZone'), job: $(value "SELECT format('%s %L: %s', jobid, schedule, command)
                                                       FROM cron.job WHERE jobname = '$JOB'")"

# Per month (of UTC days) and channel: the rolled-up numbers of the view and the raw ones,
# recomputed from the rows with plain counts (no cx_metrics function); rows that differ.
mismatches_sql="
WITH rolled AS (
    SELECT to_char(day, 'YYYY-MM') AS month, channel,
           coalesce(responses(rollup(nps_answers)), 0) AS n_answers, nps(rollup(nps_answers)) AS nps,
           coalesce(responses(rollup(ratings)), 0) AS n_ratings, csat(rollup(ratings)) AS csat
    FROM daily_answers GROUP BY 1, 2),
raw AS (
    SELECT to_char(responded_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, channel,
           count(answer) AS n_answers,
           100.0::float8 * (count(*) FILTER (WHERE answer >= 9) - count(*) FILTER (WHERE answer <= 6))::float8
               / nullif(count(answer), 0)::float8 AS nps,
           count(rating) AS n_ratings,
           100.0::float8 * (count(*) FILTER (WHERE rating >= 4))::float8
               / nullif(count(rating), 0)::float8 AS csat
    FROM responses GROUP BY 1, 2)
SELECT month, channel, r.n_answers AS view_n, w.n_answers AS raw_n, r.nps AS view_nps, w.nps AS raw_nps,
       r.n_ratings AS view_n_ratings, w.n_ratings AS raw_n_ratings, r.csat AS view_csat, w.csat AS raw_csat
FROM rolled r FULL JOIN raw w USING (month, channel)
WHERE (r.n_answers, r.nps, r.n_ratings, r.csat) IS DISTINCT FROM (w.n_answers, w.nps, w.n_ratings, w.csat)
ORDER BY 1, 2"

n=$(value "SELECT count(*) FROM ($mismatches_sql) m")
[ "$n" = 0 ] || { psql -X -c "$mismatches_sql" >&2; fail "the view differs from the raw rows right after CREATE"; }
echo "view as created: $(value "SELECT count(*) FROM daily_answers") day-channel rows," \
     "$(value "SELECT count(DISTINCT to_char(day, 'YYYY-MM') || channel) FROM daily_answers") month-channel groups equal to the raw rows"

# New responses: a month that is not in the view yet (new view rows) and 40 answers on the
# last UTC day of 2025 (existing rows change; in Pacific/Auckland that is already 2026).
psql_q -c "
INSERT INTO responses (response_id, customer_id, responded_at, channel, answer, rating, effort)
SELECT 100000 + i, 1 + i % 1200, timestamptz '2026-01-01 00:00+00' + i * interval '37 minutes',
       (ARRAY['app', 'web', 'phone', 'email', 'store'])[1 + i % 5],
       CASE WHEN i % 13 = 0 THEN NULL ELSE (i * 7) % 11 END, 1 + (i / 5) % 5, 1 + i % 7
FROM generate_series(1, 300) i
UNION ALL
SELECT 100300 + i, 1 + i, timestamptz '2025-12-31 23:30+00' + i * interval '1 second', 'phone',
       10, 5, 7
FROM generate_series(1, 40) i" || fail "inserting responses"
# After the insert has committed (psql -c runs its statements in one transaction): a run
# created from now on, with a greater runid, sees the new rows.
IFS='|' read -r t0 maxrun <<<"$(value "SELECT clock_timestamp(), coalesce(max(runid), 0) FROM cron.job_run_details")"
echo "inserted 340 responses at $t0 (last run id before: $maxrun)"

ran_after() {  # statuses of the job's runs created after the insert
    value "SELECT coalesce(string_agg(d.status, ',' ORDER BY d.runid), '')
           FROM cron.job_run_details d JOIN cron.job j USING (jobid)
           WHERE j.jobname = '$JOB' AND d.runid > $maxrun"
}
stale=$(value "SELECT count(*) FROM ($mismatches_sql) m")
if [ "$stale" -gt 0 ]; then
    echo "view is stale: $stale month-channel groups differ from the raw rows"
elif [[ $(ran_after) == *succeeded* ]]; then
    echo "view already refreshed (a run started right after the insert)"
else
    fail "the view matches the raw rows before any refresh: the inserted rows changed nothing"
fi

# Wait for a succeeded run created after the insert: it saw the inserted rows.
wait_start=$SECONDS
deadline=$((SECONDS + timeout))
while :; do
    runs=$(ran_after)
    case ",$runs," in
        *,succeeded,*) break ;;
        *,failed,*) fail "job $JOB failed: $(value "SELECT string_agg(return_message, '; ')
                          FROM cron.job_run_details WHERE runid > $maxrun AND status = 'failed'")" ;;
    esac
    if [ $SECONDS -ge $deadline ]; then
        fail "no succeeded run of pg_cron job $JOB within $timeout s of the insert" \
             "(runs since: '${runs:-none}'). Is pg_cron preloaded, cron.database_name = '$PGDATABASE'," \
             "and a background worker slot free (max_worker_processes)?"
    fi
    sleep 1
done
echo "job ran: $(value "SELECT format('run %s %s, started %s after the insert, took %s',
                                      runid, status, start_time - '$t0', end_time - start_time)
                      FROM cron.job_run_details WHERE runid > $maxrun AND status = 'succeeded'
                      ORDER BY runid LIMIT 1") (waited $((SECONDS - wait_start)) s)"

n=$(value "SELECT count(*) FROM ($mismatches_sql) m")
if [ "$n" != 0 ]; then
    psql -X -c "$mismatches_sql" >&2
    fail "$n month-channel groups of the refreshed view differ from the raw rows"
fi
groups=$(value "SELECT count(*) FROM (SELECT 1 FROM responses
                GROUP BY to_char(responded_at AT TIME ZONE 'UTC', 'YYYY-MM'), channel) g")
echo "after the refresh: all $groups month-channel groups equal the raw rows (nps, csat, responses)"
psql -X -c "
SELECT to_char(day, 'YYYY-MM') AS month, channel, responses(rollup(nps_answers)) AS responses,
       round(nps(rollup(nps_answers))::numeric, 1) AS nps, round(csat(rollup(ratings))::numeric, 1) AS csat
FROM daily_answers WHERE day >= date '2025-12-01' AND channel IN ('phone', 'app')
GROUP BY 1, 2 ORDER BY 1, 2"
echo "total: $(value "SELECT format('view %s answers, raw %s', (SELECT responses(rollup(nps_answers)) FROM daily_answers),
                                    (SELECT count(answer) FROM responses))")"

echo "--> the other sql pg_cron blocks of $doc"
$PY test/cron/doc.py examples "$doc" | psql -X -q -f - || fail "an example of $doc failed"
left=$(value "SELECT count(*) FROM cron.job")
[ "$left" = 0 ] || fail "$left pg_cron jobs left after the section's unschedule examples"
echo "pg_cron test: OK"
