#!/bin/bash
# Hardening: concurrent load (issue "hardening"): "pgbench with at least 8
# clients for a bounded time running the aggregates, inserts into the
# responses table and REFRESH MATERIALIZED VIEW CONCURRENTLY of a summary
# view, with no errors and, after the run, summaries that equal a
# recomputation from the raw rows."
#
# Run inside a cluster given by the PG* variables, as a superuser:
#   pg_virtualenv -t bash test/hardening/concurrency.sh [SECONDS]
# SECONDS is the pgbench duration (default 20). Environment: CX_CLIENTS
# (default 8, at least 8), CX_JOBS (pgbench threads, default 2). Needs pgbench
# (postgresql-client-15). Exits non-zero on any failure.
#
# Set-up: a database with the sample data (test/data/sample.sql); responses
# gets a weight column (multiples of 1/4, so sums are exact in any order) and a
# sequence for new ids; daily_mv is a materialized view of daily summaries per
# channel (score_summary of answer, rating, effort, weighted answer, row count)
# with a unique index.
# pgbench runs CLIENTS clients for SECONDS with five weighted scripts:
#   insert.sql @10     one new response (NULL answers and ratings included)
#   aggregates.sql @4  every aggregate over a random month of raw rows, and
#                      rollups with the 1.1 intervals over daily_mv
#   consistency.sql @3 in one statement (one snapshot): nps, nps(a, 9, 5),
#                      csat, ces, score_summary (as text), weighted NPS,
#                      weighted_csi and churn_rate against plain-SQL formulas
#                      over the same rows; a mismatch raises an error
#   parallel.sql @3    the same check with parallel query forced
#                      (max_parallel_workers_per_gather = 2, parallel_setup_cost
#                      = parallel_tuple_cost = 0, min_parallel_table_scan_size
#                      = 0): partial aggregates and combine functions under load
#   refresh.sql @1     REFRESH MATERIALIZED VIEW CONCURRENTLY daily_mv
# Checks: the forced plan is parallel and launches workers; pgbench exits 0,
# reports 0 failed transactions and no aborted client, every script ran; the
# rows inserted equal the insert transactions pgbench counted; after one more
# REFRESH ... CONCURRENTLY, every daily_mv row equals a recomputation from the
# raw rows (text of all four summaries built with string_agg and equal to
# score_summary() recomputed; responses, nps, csat, ces, mean, share, weighted
# NPS and effective responses from formulas; row counts), with no missing or
# extra day/channel; rollup over daily_mv per channel and per month equals the
# raw rows.

set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SAMPLE="$ROOT/test/data/sample.sql"
DURATION=${1:-20}
CLIENTS=${CX_CLIENTS:-8}
JOBS=${CX_JOBS:-2}
START=$(date +%s)
WORK=$(mktemp -d /tmp/cx_concurrency.XXXXXX)
DB="cx_concurrency_$$"

source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

[[ $DURATION =~ ^[0-9]+$ ]] && [ "$DURATION" -gt 0 ] || die "duration must be a positive number of seconds"
[ "$CLIENTS" -ge 8 ] || die "CX_CLIENTS must be at least 8"
PGBENCH=$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)
[ -x "$PGBENCH" ] || die "pgbench not found (Debian package postgresql-client-15)"

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
q() { PGDATABASE=$DB "${PSQL[@]}" -At "$@"; }
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" || die "create database"
cleanup() {
    [ "${CX_KEEP:-0}" = 1 ] && { echo "kept $WORK and $DB"; return; }
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------
# Set-up
# ---------------------------------------------------------------------------
q -c "CREATE EXTENSION cx_metrics" && q -f "$SAMPLE" >/dev/null || die "set-up failed"
q <<'SQL' || die "set-up failed"
ALTER TABLE responses ADD COLUMN weight float8;
UPDATE responses SET weight = 0.25 * (1 + response_id % 8);
CREATE SEQUENCE responses_id_seq OWNED BY responses.response_id;
DO $$ BEGIN PERFORM setval('responses_id_seq', (SELECT max(response_id) FROM responses)); END $$;
ALTER TABLE responses ALTER COLUMN response_id SET DEFAULT nextval('responses_id_seq');

CREATE MATERIALIZED VIEW daily_mv AS
SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel,
       score_summary(answer) AS answers, score_summary(rating) AS ratings, score_summary(effort) AS efforts,
       score_summary(answer, weight) AS weighted, count(*) AS rows
FROM responses GROUP BY 1, 2;
CREATE UNIQUE INDEX daily_mv_key ON daily_mv (day, channel);

-- Raises unless ok; PARALLEL RESTRICTED so that it does not forbid a parallel
-- plan below it (it runs in the leader, above the Gather).
CREATE FUNCTION check_ok(ok boolean, what text) RETURNS integer
LANGUAGE plpgsql PARALLEL RESTRICTED AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION 'consistency check failed: %', what;
    END IF;
    RETURN 1;
END $$;

ANALYZE;
SQL

# The in-flight check: extension results and plain-SQL formulas over the same
# rows of one statement (one snapshot). Returns 1 or raises.
CHECK_SQL=$(cat <<'SQL'
WITH x AS (
    SELECT channel,
           nps(answer) AS nps, nps(answer, 9, 5) AS nps95, csat(rating) AS csat, ces(effort) AS ces,
           score_summary(answer)::text AS answers, nps(score_summary(answer, weight)) AS wnps,
           count(answer) AS n, count(*) FILTER (WHERE answer >= 9) AS p, count(*) FILTER (WHERE answer <= 6) AS d,
           count(*) FILTER (WHERE answer <= 5) AS d5, count(rating) AS nr, count(*) FILTER (WHERE rating >= 4) AS sat,
           count(effort) AS ne, sum(effort) AS se,
           sum(weight) FILTER (WHERE answer IS NOT NULL) AS w, sum(weight) FILTER (WHERE answer >= 9) AS wp,
           sum(weight) FILTER (WHERE answer <= 6) AS wd
    FROM responses GROUP BY channel),
t AS (
    SELECT channel, '{' || string_agg(answer || ':' || c, ',' ORDER BY answer) || '}' AS answers
    FROM (SELECT channel, answer, count(*) AS c FROM responses WHERE answer IS NOT NULL GROUP BY 1, 2) v GROUP BY channel),
c AS (
    SELECT weighted_csi(satisfaction, importance) AS csi, sum(satisfaction * importance)::float8 / sum(importance) AS csi_f
    FROM component_ratings),
k AS (
    SELECT churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-07-01')) AS churn,
           100.0 * count(*) FILTER (WHERE started_at < '2025-01-01' AND ended_at >= '2025-01-01' AND ended_at < '2025-07-01')
                 / count(*) FILTER (WHERE started_at < '2025-01-01' AND (ended_at IS NULL OR ended_at >= '2025-01-01')) AS churn_f
    FROM customers)
SELECT check_ok(bool_and(abs(x.nps - 100.0 * (x.p - x.d) / x.n) < 1e-9
                         AND abs(x.nps95 - 100.0 * (x.p - x.d5) / x.n) < 1e-9
                         AND abs(x.csat - 100.0 * x.sat / x.nr) < 1e-9
                         AND abs(x.ces - x.se::float8 / x.ne) < 1e-9
                         AND x.answers = t.answers
                         AND abs(x.wnps - 100.0 * (x.wp - x.wd) / x.w) < 1e-9)
                AND bool_and(abs(c.csi - c.csi_f) < 1e-9) AND bool_and(abs(k.churn - k.churn_f) < 1e-9)
                AND count(*) = 5,
                string_agg(x.channel || ' nps ' || x.nps || ' vs ' || (100.0 * (x.p - x.d) / x.n) || ' ' || x.answers || ' vs ' || t.answers, '; '))
FROM x JOIN t USING (channel), c, k;
SQL
)
PARALLEL_SETTINGS="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"

# ---------------------------------------------------------------------------
# pgbench scripts
# ---------------------------------------------------------------------------
cat > "$WORK/insert.sql" <<'EOF'
\set cid random(1, 1200)
\set d random(0, 364)
\set s random(0, 86399)
\set ch random(1, 5)
\set a random(-1, 10)
\set r random(0, 5)
\set e random(0, 7)
\set w random(1, 8)
INSERT INTO responses (customer_id, responded_at, channel, answer, rating, effort, weight)
VALUES (:cid, timestamptz '2025-01-01 00:00+00' + :d * interval '1 day' + :s * interval '1 second',
        (ARRAY['app', 'web', 'phone', 'email', 'store'])[:ch], nullif(:a, -1), nullif(:r, 0), nullif(:e, 0), 0.25 * :w);
EOF
cat > "$WORK/aggregates.sql" <<'EOF'
\set m random(1, 12)
SELECT channel, nps(answer), nps(answer, 9, 5), csat(rating), csat(rating, 5), ces(effort),
       score_summary(answer), score_summary(answer, weight), responses(score_summary(rating))
FROM responses
WHERE responded_at >= make_timestamptz(2025, :m, 1, 0, 0, 0, 'UTC')
  AND responded_at < make_timestamptz(2025, :m, 1, 0, 0, 0, 'UTC') + interval '1 month'
GROUP BY channel;
SELECT channel, nps(rollup(answers)), csat(rollup(ratings)), ces(rollup(efforts)), responses(rollup(answers)),
       nps_low(rollup(answers)), nps_high(rollup(answers)), effective_responses(rollup(weighted))
FROM daily_mv WHERE day >= make_date(2025, :m, 1) GROUP BY channel;
SELECT segment, churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'average'), churn_rate(ended_at IS NOT NULL)
FROM customers GROUP BY segment;
SELECT r.channel, weighted_csi(c.satisfaction, c.importance), weighted_csi(c.component, c.satisfaction, c.importance)
FROM component_ratings c JOIN responses r USING (response_id) GROUP BY r.channel;
EOF
printf '%s\n' "${CHECK_SQL//$'\n'/ }" > "$WORK/consistency.sql"
printf '%s\n' "$PARALLEL_SETTINGS" "${CHECK_SQL//$'\n'/ }" > "$WORK/parallel.sql"
printf '%s\n' "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_mv;" > "$WORK/refresh.sql"

# The check holds before the load, serially and in a parallel plan that launches workers.
if out=$(q -c "$CHECK_SQL" 2>&1) && [ "$out" = 1 ]; then
    pass "consistency check holds on the loaded data (serial)"
else
    fail "consistency check holds on the loaded data (serial)" "$out"
fi
plan=$(q -c "$PARALLEL_SETTINGS" -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $CHECK_SQL" 2>&1)
launched=$(grep -o 'Workers Launched: [0-9]*' <<<"$plan" | awk '{s += $3} END {print s + 0}')
if [[ $plan == *Gather* ]] && [[ $plan == *"Partial HashAggregate"* || $plan == *"Partial GroupAggregate"* || $plan == *"Partial Aggregate"* ]] && [ "$launched" -gt 0 ]; then
    pass "parallel.sql runs the aggregates in a parallel plan (Gather, partial aggregates, $launched workers launched)"
else
    fail "parallel.sql runs the aggregates in a parallel plan" "$(head -30 <<<"$plan" | tr '\n' ' ' | cut -c1-600)"
fi

# ---------------------------------------------------------------------------
# The load
# ---------------------------------------------------------------------------
rows_before=$(q -c "SELECT count(*) FROM responses")
echo "pgbench: $CLIENTS clients, $JOBS threads, $DURATION s"
PGDATABASE=$DB "$PGBENCH" -n -c "$CLIENTS" -j "$JOBS" -T "$DURATION" -P 5 \
    -f "$WORK/insert.sql@10" -f "$WORK/aggregates.sql@4" -f "$WORK/consistency.sql@3" \
    -f "$WORK/parallel.sql@3" -f "$WORK/refresh.sql@1" > "$WORK/pgbench.out" 2> "$WORK/pgbench.err"
rc=$?
grep -E '^(number of|latency|tps|SQL script|progress)' "$WORK/pgbench.out" "$WORK/pgbench.err" | sed 's/^[^:]*:/  /'
failed_tx=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$WORK/pgbench.out")
processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/pgbench.out")
if [ $rc -eq 0 ] && [ "$failed_tx" = 0 ] && [ -n "$processed" ] && [ "$processed" -gt 0 ] &&
   ! grep -qiE 'aborted|error' "$WORK/pgbench.err"; then
    pass "pgbench: exit 0, $processed transactions, 0 failed, no client aborted"
else
    fail "pgbench: exit 0, 0 failed transactions, no client aborted" "rc=$rc failed=$failed_tx processed=$processed $(grep -iE 'aborted|error' "$WORK/pgbench.err" | head -3 | tr '\n' ' ')"
fi
declare -A tx
while read -r name count; do tx[$name]=$count; done < <(
    awk '/^SQL script [0-9]+:/ {name = $4; sub(/.*\//, "", name)} /^ - [0-9]+ transactions/ {print name, $2}' "$WORK/pgbench.out")
all_ran=1
for s in insert.sql aggregates.sql consistency.sql parallel.sql refresh.sql; do
    [ "${tx[$s]:-0}" -gt 0 ] || all_ran=0
done
summary="insert ${tx[insert.sql]:-0}, aggregates ${tx[aggregates.sql]:-0}, consistency ${tx[consistency.sql]:-0}, parallel ${tx[parallel.sql]:-0}, refresh ${tx[refresh.sql]:-0}"
[ "$all_ran" = 1 ] && pass "every script ran: $summary transactions" || fail "every script ran" "$summary"

rows_after=$(q -c "SELECT count(*) FROM responses")
inserted=$((rows_after - rows_before))
if [ "$inserted" = "${tx[insert.sql]:-x}" ]; then
    pass "rows inserted ($inserted) = insert transactions counted by pgbench"
else
    fail "rows inserted = insert transactions counted by pgbench" "inserted $inserted, pgbench ${tx[insert.sql]:-?}"
fi

# ---------------------------------------------------------------------------
# After the load
# ---------------------------------------------------------------------------
if out=$(q -c "$CHECK_SQL" 2>&1) && [ "$out" = 1 ]; then
    pass "consistency check holds after the load"
else
    fail "consistency check holds after the load" "$out"
fi
q -c "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_mv" || fail "final REFRESH MATERIALIZED VIEW CONCURRENTLY"
res=$(q <<'SQL'
WITH raw AS (
    SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel, count(*) AS rows,
           count(answer) AS n, count(*) FILTER (WHERE answer >= 9) AS p, count(*) FILTER (WHERE answer <= 6) AS d,
           count(*) FILTER (WHERE answer >= 9) AS p10, avg(answer)::float8 AS mean_a, sum(answer) AS sa,
           count(rating) AS nr, count(*) FILTER (WHERE rating >= 4) AS sat, count(effort) AS ne, sum(effort) AS se,
           sum(weight) FILTER (WHERE answer IS NOT NULL) AS w, sum(weight ^ 2) FILTER (WHERE answer IS NOT NULL) AS w2,
           sum(weight) FILTER (WHERE answer >= 9) AS wp, sum(weight) FILTER (WHERE answer <= 6) AS wd,
           score_summary(answer)::text AS s_answers, score_summary(rating)::text AS s_ratings,
           score_summary(effort)::text AS s_efforts, score_summary(answer, weight)::text AS s_weighted
    FROM responses GROUP BY 1, 2),
txt AS (
    SELECT day, channel,
           '{' || string_agg(v || ':' || c, ',' ORDER BY v) FILTER (WHERE col = 'a') || '}' AS t_answers,
           '{' || string_agg(v || ':' || c, ',' ORDER BY v) FILTER (WHERE col = 'r') || '}' AS t_ratings,
           '{' || string_agg(v || ':' || c, ',' ORDER BY v) FILTER (WHERE col = 'e') || '}' AS t_efforts
    FROM (SELECT (responded_at AT TIME ZONE 'UTC')::date AS day, channel, col, v, count(*) AS c
          FROM responses, LATERAL (VALUES ('a', answer), ('r', rating), ('e', effort)) x(col, v)
          WHERE v IS NOT NULL GROUP BY 1, 2, 3, 4) u
    GROUP BY 1, 2),
cmp AS (
    SELECT m.day IS NOT NULL AND r.day IS NOT NULL AS both_sides,
           m.rows = r.rows AS rows_ok,
           m.answers::text IS NOT DISTINCT FROM t.t_answers AND m.answers::text IS NOT DISTINCT FROM r.s_answers AS answers_text,
           m.ratings::text IS NOT DISTINCT FROM t.t_ratings AND m.ratings::text IS NOT DISTINCT FROM r.s_ratings AS ratings_text,
           m.efforts::text IS NOT DISTINCT FROM t.t_efforts AND m.efforts::text IS NOT DISTINCT FROM r.s_efforts AS efforts_text,
           m.weighted::text IS NOT DISTINCT FROM r.s_weighted AS weighted_text,
           coalesce(responses(m.answers), 0) = r.n AS n_ok,
           (r.n = 0 OR (abs(nps(m.answers) - 100.0 * (r.p - r.d) / r.n) < 1e-9
                        AND abs(mean(m.answers) - r.sa::float8 / r.n) < 1e-9
                        AND abs(share(m.answers, 9, 10) - 100.0 * r.p10 / r.n) < 1e-9
                        AND abs(nps(m.weighted) - 100.0 * (coalesce(r.wp, 0) - coalesce(r.wd, 0)) / r.w) < 1e-9
                        AND abs(effective_responses(m.weighted) - r.w ^ 2 / r.w2) < 1e-9)) AS answer_metrics,
           (r.nr = 0 OR abs(csat(m.ratings) - 100.0 * r.sat / r.nr) < 1e-9) AS csat_ok,
           (r.ne = 0 OR abs(ces(m.efforts) - r.se::float8 / r.ne) < 1e-9) AS ces_ok
    FROM daily_mv m FULL JOIN raw r USING (day, channel) LEFT JOIN txt t USING (day, channel))
SELECT concat_ws(' ', count(*),
       count(*) FILTER (WHERE both_sides), count(*) FILTER (WHERE rows_ok), count(*) FILTER (WHERE answers_text),
       count(*) FILTER (WHERE ratings_text), count(*) FILTER (WHERE efforts_text), count(*) FILTER (WHERE weighted_text),
       count(*) FILTER (WHERE n_ok), count(*) FILTER (WHERE answer_metrics), count(*) FILTER (WHERE csat_ok),
       count(*) FILTER (WHERE ces_ok))
FROM cmp;
SQL
)
read -r total rest <<<"$res"
if [ -n "$total" ] && [ "$total" -gt 0 ] && [ "$(tr ' ' '\n' <<<"$rest" | sort -u)" = "$total" ]; then
    pass "after the load and a final REFRESH CONCURRENTLY, all $total daily_mv rows equal the raw rows (4 summaries as text vs string_agg and score_summary(), responses, nps, mean, share, weighted nps, n_eff, csat, ces, row counts; no missing or extra day/channel)"
else
    fail "daily_mv equals recomputation from raw rows" "total, both sides, rows, answers text, ratings text, efforts text, weighted text, n, answer metrics, csat, ces = $res"
fi
res=$(q <<'SQL'
SELECT (SELECT count(*) FILTER (WHERE m.s::text = r.s::text AND m.nps = r.nps AND m.n = r.n) || '/' || count(*)
        FROM (SELECT channel, rollup(answers) AS s, nps(rollup(answers)) AS nps, responses(rollup(answers)) AS n FROM daily_mv GROUP BY channel) m
        FULL JOIN (SELECT channel, score_summary(answer) AS s,
                          100.0 * (count(*) FILTER (WHERE answer >= 9) - count(*) FILTER (WHERE answer <= 6)) / count(answer) AS nps0,
                          nps(answer) AS nps, count(answer) AS n
                   FROM responses GROUP BY channel) r USING (channel)
        WHERE abs(r.nps - r.nps0) < 1e-9)
    || ' ' ||
       (SELECT count(*) FILTER (WHERE m.s::text = r.s::text) || '/' || count(*)
        FROM (SELECT date_trunc('month', day) AS month, rollup(answers) AS s FROM daily_mv GROUP BY 1) m
        FULL JOIN (SELECT date_trunc('month', (responded_at AT TIME ZONE 'UTC')::date) AS month, score_summary(answer) AS s
                   FROM responses GROUP BY 1) r USING (month));
SQL
)
read -r by_channel by_month <<<"$res"
if [ "${by_channel%/*}" = "${by_channel#*/}" ] && [ "${by_channel#*/}" = 5 ] && [ "${by_month%/*}" = "${by_month#*/}" ] && [ "${by_month#*/}" -ge 12 ]; then
    pass "rollup over daily_mv equals the raw rows per channel ($by_channel: summary, nps = formula, responses) and per month ($by_month)"
else
    fail "rollup over daily_mv equals the raw rows" "per channel $by_channel, per month $by_month"
fi

tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$WORK/pgbench.out")
echo "concurrency: $passed passed, $failed failed; pgbench ${tps:-?} tps, $processed transactions ($summary) in $DURATION s; $(( $(date +%s) - START )) s in all"
[ "$failed" -eq 0 ]
