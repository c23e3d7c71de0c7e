#!/bin/bash
# Instructions per row of each aggregate, counted by valgrind's callgrind:
# reproducible on a noisy machine, unlike wall-clock time.  A single-user
# backend (postgres --single) runs each query over tables of 1M and 2M rows;
# (Ir(2M) - Ir(1M)) / 1M cancels start-up and planning.
# Usage (as root, extension installed): test/bench/callgrind.sh
set -euo pipefail
BIN=$(pg_config --bindir)
WORK=$(mktemp -d /tmp/cx_callgrind.XXXXXX)
chown postgres "$WORK"
trap 'rm -rf "$WORK"' EXIT
as_pg() { runuser -u postgres -- "$@"; }
as_pg "$BIN/initdb" -D "$WORK/data" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
single() { as_pg "$BIN/postgres" --single -D "$WORK/data" -c jit=off -c max_parallel_workers_per_gather=0 postgres >/dev/null; }
single <<'SQL'
CREATE EXTENSION cx_metrics;
CREATE TABLE r1 AS SELECT (hashint4(i) & 2147483647) % 11 AS answer, 1 + (hashint4(i + 1) & 2147483647) % 5 AS rating, 1 + (hashint4(i + 2) & 2147483647) % 7 AS effort, (1 + (hashint4(i + 3) & 2147483647) % 5)::float8 AS s, (1 + (hashint4(i + 4) & 2147483647) % 5)::float8 AS imp FROM generate_series(1, 1000000) i;
CREATE TABLE r2 AS SELECT * FROM r1 UNION ALL SELECT * FROM r1;
VACUUM (FREEZE, ANALYZE) r1;
VACUUM (FREEZE, ANALYZE) r2;
SQL
count_ir() {   # $1: query with TABLE as the table name
    local t total=()
    for t in r1 r2; do
        rm -f "$WORK"/cg.out
        echo "${1//TABLE/$t};" | as_pg valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" \
            "$BIN/postgres" --single -D "$WORK/data" -c jit=off -c max_parallel_workers_per_gather=0 postgres >/dev/null 2>&1
        total+=("$(grep -m1 '^summary:' "$WORK/cg.out" | awk '{print $2}')")
    done
    echo $(( (total[1] - total[0]) / 1000000 ))
}
printf '%-70s %s\n' "query" "instructions per row"
while IFS='|' read -r name query; do
    printf '%-70s %s\n' "$name" "$(count_ir "$query")"
done <<'QUERIES'
count(answer)|SELECT count(answer) FROM TABLE
nps(answer)|SELECT nps(answer) FROM TABLE
plain SQL nps formula|SELECT 100.0 * (count(*) FILTER (WHERE answer >= 9) - count(*) FILTER (WHERE answer <= 6)) / count(*) FROM TABLE
count(rating)|SELECT count(rating) FROM TABLE
csat(rating)|SELECT csat(rating) FROM TABLE
plain SQL csat formula|SELECT 100.0 * count(*) FILTER (WHERE rating >= 4) / count(*) FROM TABLE
count(effort)|SELECT count(effort) FROM TABLE
ces(effort)|SELECT ces(effort) FROM TABLE
avg(effort)|SELECT avg(effort) FROM TABLE
score_summary(answer)|SELECT score_summary(answer) FROM TABLE
weighted_csi(s, imp)|SELECT weighted_csi(s, imp) FROM TABLE
plain SQL csi formula|SELECT sum(s * imp) / sum(imp) FROM TABLE
QUERIES
