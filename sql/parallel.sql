-- Parallel plans: every aggregate runs as Partial Aggregate in workers and
-- returns exactly what the serial plan returns.
CREATE TABLE par AS
SELECT i, i % 7 AS g,
       (hashint4(i) & 2147483647) % 11 AS answer,
       1 + (hashint4(i + 1) & 2147483647) % 5 AS rating,
       1 + (hashint4(i + 2) & 2147483647) % 7 AS effort,
       (1 + (hashint4(i + 3) & 2147483647) % 5)::float8 AS satisfaction,
       (1 + (hashint4(i + 4) & 2147483647) % 5)::float8 AS importance,
       'c' || (i % 4) AS component,
       date '2023-01-01' + (hashint4(i + 5) & 2147483647) % 900 AS started_at,
       CASE WHEN i % 3 = 0 THEN date '2024-01-01' + (hashint4(i + 6) & 2147483647) % 600 END AS ended_at
FROM generate_series(1, 200000) i;
UPDATE par SET ended_at = started_at WHERE ended_at < started_at;
ANALYZE par;

CREATE VIEW par_metrics AS
SELECT nps(answer) AS nps, nps(answer, 8, 5) AS nps_custom, csat(rating) AS csat,
       csat(rating, 5) AS csat_custom, ces(effort) AS ces,
       score_summary(answer)::text AS summary, nps(score_summary(answer)) AS nps_of_summary,
       round(weighted_csi(satisfaction, importance)::numeric, 10) AS csi_row,
       round(weighted_csi(component, satisfaction, importance)::numeric, 10) AS csi_component,
       churn_rate(ended_at IS NOT NULL) AS churn_flag,
       churn_rate(started_at, ended_at, daterange('2024-01-01', '2024-07-01')) AS churn_start,
       churn_rate(started_at, ended_at, daterange('2024-01-01', '2024-07-01'), 'average') AS churn_average,
       churn_rate(started_at::timestamptz, ended_at::timestamptz,
                  tstzrange('2024-01-01 00:00+00', '2024-07-01 00:00+00'), 'new') AS churn_new
FROM par;

CREATE VIEW par_grouped AS
SELECT g, nps(answer) AS nps, csat(rating) AS csat, ces(effort) AS ces,
       score_summary(answer)::text AS summary,
       churn_rate(started_at, ended_at, daterange('2024-01-01', '2024-07-01')) AS churn
FROM par GROUP BY 1;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_result AS SELECT * FROM par_metrics;
CREATE TEMP TABLE serial_grouped AS SELECT * FROM par_grouped;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

-- The plan: partial aggregation in the workers, combined above the Gather.
EXPLAIN (COSTS OFF) SELECT * FROM par_metrics;
CREATE TEMP TABLE parallel_result AS SELECT * FROM par_metrics;
SELECT (SELECT count(*) FROM serial_result) = 1 AS one_row,
       (SELECT row(s.*)::text FROM serial_result s) = (SELECT row(p.*)::text FROM parallel_result p) AS parallel_equals_serial;
-- rollup over stored summaries in parallel (a regular table: temporary
-- tables are never scanned by workers).
CREATE TABLE par_summaries AS SELECT i % 20000 AS g, score_summary(answer) AS s FROM par GROUP BY 1;
ANALYZE par_summaries;
EXPLAIN (COSTS OFF) SELECT rollup(s) FROM par_summaries;
SELECT rollup(s)::text = (SELECT summary FROM serial_result) AS parallel_rollup_exact FROM par_summaries;
-- GROUP BY in parallel: partial aggregation per group in each worker.
EXPLAIN (COSTS OFF) SELECT * FROM par_grouped;
SELECT count(*) AS groups, count(*) FILTER (WHERE row(p.*)::text = row(s.*)::text) AS groups_equal
FROM par_grouped p JOIN serial_grouped s USING (g);
RESET ALL;
-- The values themselves, checked against plain SQL in the serial plan.
SELECT nps = 100.0::float8 * ((SELECT count(*) FROM par WHERE answer >= 9) - (SELECT count(*) FROM par WHERE answer <= 6))
             / (SELECT count(*) FROM par) AS nps_matches_formula,
       csat = 100.0::float8 * (SELECT count(*) FROM par WHERE rating >= 4) / (SELECT count(*) FROM par) AS csat_matches_formula
FROM serial_result;
