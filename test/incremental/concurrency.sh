#!/bin/bash
# Summaries kept by maintain_summary under concurrent writers.
#
# Run inside a cluster given by the PG* variables, as a superuser:
#   pg_virtualenv -t bash test/incremental/concurrency.sh [SECONDS]
# SECONDS is the READ COMMITTED pgbench phase (default 30); CX_RR_SECONDS (default 10, 0 to
# skip) a second phase with default_transaction_isolation = 'repeatable read'.
# Environment: CX_CLIENTS (default 8, at least 8), CX_JOBS (pgbench threads, default 2).
# Needs pgbench (postgresql-client-15) and the extension installed. Exits non-zero on any failure.
#
# Set-up: a UTF-8 database; responses(id, responded_at, channel, answer, weight, day) with day a
# stored generated column, 20,000 rows over 30 days and five channels (non-ASCII and hostile
# names among them), weights multiples of 1/4 (every sum exact in any order); three summaries:
# daily (day x channel, 150 rows), daily_weighted (the same with the weight) and by_channel
# (5 rows: every writer contends for them).
# pgbench, CLIENTS clients, --max-tries 20 (deadlocks and serialization failures are retried,
# as an application must), scripts:
#   insert.sql @6      three new rows in random groups, one statement (NULL answers included)
#   answer.sql @4      UPDATE of one row's answer (to NULL sometimes) and weight
#   move.sql @4        UPDATE of one row's channel and day: it moves between groups
#   delete.sql @3      DELETE of one random row
#   range.sql @1       UPDATE then DELETE of up to 40 consecutive ids (many groups per statement)
#   mixed.sql @1       BEGIN; insert; move; delete; COMMIT
#   rollback.sql @1    BEGIN; insert; delete; update; ROLLBACK
#   check.sql @2       in one statement (one snapshot): by_channel equals the recomputation from
#                      the rows; raises otherwise
# Checks: pgbench exit 0, no aborted client, no failed transaction after retries at READ
# COMMITTED (at REPEATABLE READ, serialization failures that outlast 20 tries are reported), every
# script ran; after each phase every row of the three summaries equals the recomputation from the rows
# (summary text against string_agg of plain counts and weight sums), no missing or extra group.

set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${1:-30}
RR_DURATION=${CX_RR_SECONDS:-10}
CLIENTS=${CX_CLIENTS:-8}
JOBS=${CX_JOBS:-2}
START=$(date +%s)
WORK=$(mktemp -d /tmp/cx_incremental.XXXXXX)
DB="cx_incremental_$$"

source "$ROOT/test/hardening/checks.sh"

[[ $DURATION =~ ^[0-9]+$ ]] && [ "$DURATION" -gt 0 ] || die "duration must be a positive number of seconds"
[[ $RR_DURATION =~ ^[0-9]+$ ]] || die "CX_RR_SECONDS must be a number of seconds"
[ "$CLIENTS" -ge 8 ] || die "CX_CLIENTS must be at least 8"
PGBENCH=$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)
[ -x "$PGBENCH" ] || die "pgbench not found (Debian package postgresql-client-15)"

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
q() { PGDATABASE=$DB "${PSQL[@]}" -At "$@"; }
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0" || die "create database"
cleanup() {
    [ "${CX_KEEP:-0}" = 1 ] && { echo "kept $WORK and $DB"; return; }
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------
# Set-up
# ---------------------------------------------------------------------------
q <<'SQL' || die "set-up failed"
CREATE EXTENSION cx_metrics;
CREATE TABLE responses (
    id bigserial PRIMARY KEY,
    responded_at timestamptz NOT NULL,
    channel text NOT NULL,
    answer smallint,
    weight float8,
    day date NOT NULL GENERATED ALWAYS AS ((responded_at AT TIME ZONE 'UTC')::date) STORED);
CREATE FUNCTION ch(i int) RETURNS text IMMUTABLE LANGUAGE sql
    AS $$ SELECT (ARRAY['app', 'web', 'téléphone', 'почта', 'store; "x" ''y'''])[1 + i % 5] $$;
INSERT INTO responses (responded_at, channel, answer, weight)
SELECT timestamptz '2025-06-01 00:00+00' + (i % 30) * interval '1 day' + (i % 997) * interval '1 minute',
       ch(i / 30), CASE WHEN i % 13 = 0 THEN NULL ELSE (i * 7) % 11 END, 0.25 * (1 + i % 8)
FROM generate_series(1, 20000) i;
SELECT maintain_summary('daily', 'responses', 'answer', ARRAY['day', 'channel']);
SELECT maintain_summary('daily_weighted', 'responses', 'answer', ARRAY['day', 'channel'], 'weight');
SELECT maintain_summary('by_channel', 'responses', 'answer', ARRAY['channel']);

-- Groups whose summary differs from the rows (text form built with plain counts and sums),
-- missing or extra on either side.
CREATE FUNCTION differ(summary text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    g text := CASE summary WHEN 'by_channel' THEN 'channel' ELSE 'day, channel' END;
    cell text := CASE summary WHEN 'daily_weighted' THEN $c$v || ':' || c || ':' || sw || ':' || sw2$c$
                              ELSE $c$v || ':' || c$c$ END;
    n bigint;
BEGIN
    EXECUTE format($q$
        WITH cells AS (SELECT %1$s, answer AS v, count(*) AS c, sum(weight) AS sw, sum(weight * weight) AS sw2
                       FROM responses WHERE answer IS NOT NULL GROUP BY %1$s, answer),
        truth AS (SELECT %1$s, '{' || string_agg(%2$s, ',' ORDER BY v) || '}' AS t FROM cells GROUP BY %1$s)
        SELECT count(*) FROM (SELECT %1$s, summary::text AS t FROM %3$I) k FULL JOIN truth USING (%1$s)
        WHERE k.t IS DISTINCT FROM truth.t$q$, g, cell, summary) INTO n;
    RETURN n;
END $$;
CREATE FUNCTION check_ok(ok boolean, what text) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION 'consistency check failed: %', what;
    END IF;
    RETURN 1;
END $$;
ANALYZE;
SQL

# ---------------------------------------------------------------------------
# pgbench scripts
# ---------------------------------------------------------------------------
cat > "$WORK/insert.sql" <<'EOF'
\set d1 random(0, 29)
\set d2 random(0, 29)
\set d3 random(0, 29)
\set c1 random(0, 4)
\set c2 random(0, 4)
\set c3 random(0, 4)
\set a random(-1, 10)
\set b random(0, 10)
\set w random(1, 8)
INSERT INTO responses (responded_at, channel, answer, weight) VALUES
  (timestamptz '2025-06-01 12:00+00' + :d1 * interval '1 day', ch(:c1), nullif(:a, -1), 0.25 * :w),
  (timestamptz '2025-06-01 12:00+00' + :d2 * interval '1 day', ch(:c2), :b, 0.5),
  (timestamptz '2025-06-01 12:00+00' + :d3 * interval '1 day', ch(:c3), NULL, 1);
EOF
cat > "$WORK/answer.sql" <<'EOF'
\set id random(1, 22000)
\set a random(-1, 10)
\set w random(1, 8)
UPDATE responses SET answer = nullif(:a, -1), weight = 0.25 * :w WHERE id = :id;
EOF
cat > "$WORK/move.sql" <<'EOF'
\set id random(1, 22000)
\set c random(0, 4)
\set d random(0, 29)
UPDATE responses SET channel = ch(:c), responded_at = timestamptz '2025-06-01 08:00+00' + :d * interval '1 day' WHERE id = :id;
EOF
cat > "$WORK/delete.sql" <<'EOF'
\set id random(1, 22000)
DELETE FROM responses WHERE id = :id;
EOF
cat > "$WORK/range.sql" <<'EOF'
\set id random(1, 22000)
\set a random(0, 10)
UPDATE responses SET answer = (answer + :a) % 11 WHERE id BETWEEN :id AND :id + 39;
DELETE FROM responses WHERE id BETWEEN :id AND :id + 39 AND id % 7 = 0;
EOF
cat > "$WORK/mixed.sql" <<'EOF'
\set id random(1, 22000)
\set c random(0, 4)
\set d random(0, 29)
BEGIN;
INSERT INTO responses (responded_at, channel, answer, weight)
VALUES (timestamptz '2025-06-01 09:00+00' + :d * interval '1 day', ch(:c), :c * 2, 0.75);
UPDATE responses SET channel = ch(:c + 1) WHERE id = :id;
DELETE FROM responses WHERE id = :id + 1;
COMMIT;
EOF
cat > "$WORK/rollback.sql" <<'EOF'
\set id random(1, 22000)
BEGIN;
INSERT INTO responses (responded_at, channel, answer, weight) VALUES (timestamptz '2025-06-02 09:00+00', ch(:id), 3, 1);
DELETE FROM responses WHERE id = :id;
UPDATE responses SET answer = 10 WHERE id = :id + 1;
ROLLBACK;
EOF
echo "SELECT check_ok(differ('by_channel') = 0, 'by_channel differs from the rows in one snapshot');" > "$WORK/check.sql"

scripts=(insert answer move delete range mixed rollback check)
weights=(6 4 4 3 1 1 1 2)

# One pgbench phase: $1 label, $2 seconds, $3 isolation level, $4 = 1 when transactions that
# still fail after every retry are allowed (REPEATABLE READ: on 5 hot rows a transaction can
# meet a serialization failure 20 times in a row; pgbench counts only serialization and
# deadlock failures as failed transactions, any other error aborts the client).
phase() {
    local label=$1 seconds=$2 iso=$3 allow=$4 args=() i
    for i in "${!scripts[@]}"; do args+=(-f "$WORK/${scripts[$i]}.sql@${weights[$i]}"); done
    echo "pgbench ($label): $CLIENTS clients, $JOBS threads, $seconds s, $iso"
    q -c "ALTER DATABASE $DB SET default_transaction_isolation = '$iso'" || die "setting the isolation level"
    PGDATABASE=$DB "$PGBENCH" -n -c "$CLIENTS" -j "$JOBS" \
        -T "$seconds" --max-tries=20 --failures-detailed "${args[@]}" > "$WORK/$label.out" 2> "$WORK/$label.err"
    local rc=$?
    grep -E '^(number of|latency|tps)' "$WORK/$label.out" | sed 's/^/  /'
    local failed_tx processed retried
    failed_tx=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$WORK/$label.out")
    processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/$label.out")
    retried=$(sed -n 's/^number of transactions retried: \([0-9]*\).*/\1/p' "$WORK/$label.out")
    if [ $rc -eq 0 ] && [ -n "$failed_tx" ] && { [ "$failed_tx" = 0 ] || [ "$allow" = 1 ]; } &&
       [ -n "$processed" ] && [ "$processed" -gt 0 ] && ! grep -qiE 'aborted|error' "$WORK/$label.err"; then
        pass "$label: pgbench exit 0, $processed transactions (${retried:-0} retried after a deadlock or serialization failure), $failed_tx failed after 20 tries, no client aborted"
    else
        fail "$label: pgbench exit 0, 0 failed transactions, no client aborted" \
             "rc=$rc failed=$failed_tx processed=$processed $(grep -iE 'aborted|error' "$WORK/$label.err" | head -3 | tr '\n' ' ')"
    fi
    local counts
    counts=$(awk '/^SQL script [0-9]+:/ {name = $4; sub(/.*\//, "", name); sub(/\.sql$/, "", name)}
                  /^ - [0-9]+ transactions/ {printf "%s %s, ", name, $2}' "$WORK/$label.out")
    if [ "$(grep -o ' 0,' <<<" $counts" | wc -l)" = 0 ] && [ "$(grep -o ',' <<<"$counts" | wc -l)" = "${#scripts[@]}" ]; then
        pass "$label: every script ran (${counts%, })"
    else
        fail "$label: every script ran" "$counts"
    fi
    local s n
    for s in daily daily_weighted by_channel; do
        n=$(q -c "SELECT differ('$s') || ' of ' || (SELECT count(*) FROM $s)")
        if [ "${n%% *}" = 0 ]; then
            pass "$label: $s equals the recomputation from the rows (0 of ${n##* } groups differ, none missing or extra)"
        else
            fail "$label: $s equals the recomputation from the rows" "$n groups differ"
        fi
    done
}

for s in daily daily_weighted by_channel; do
    n=$(q -c "SELECT differ('$s')")
    [ "$n" = 0 ] && pass "as created: $s equals the recomputation" || fail "as created: $s equals the recomputation" "$n differ"
done
phase "read committed" "$DURATION" "read committed" 0
if [ "$RR_DURATION" -gt 0 ]; then
    phase "repeatable read" "$RR_DURATION" "repeatable read" 1
fi
echo "rows now: $(q -c 'SELECT count(*) FROM responses'), answers: $(q -c 'SELECT count(answer) FROM responses'), by_channel responses: $(q -c 'SELECT sum(responses(summary)) FROM by_channel')"
echo "incremental concurrency: $passed passed, $failed failed; $(( $(date +%s) - START )) s in all"
[ "$failed" -eq 0 ]
