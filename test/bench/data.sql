-- Reproducible benchmark data set for cx_metrics (run by test/bench/bench.py).
--
-- psql variables: rows (survey responses), customers, window_rows (rows of the
-- moving-window table, at most rows).
--
-- Every value comes from hashint4extended(i, seed), PostgreSQL's portable
-- 64-bit hash of an integer: the same rows on every machine and every run,
-- unlike random().  Distinct seeds give independent columns.

\set ON_ERROR_STOP 1
SET client_min_messages = warning;

DROP MATERIALIZED VIEW IF EXISTS daily_summary, daily_channel_summary;
DROP TABLE IF EXISTS responses, responses_window, responses_tiny, customers, driver_ratings;

-- One transaction: with wal_level = minimal (run.sh) the new tables skip WAL.
BEGIN;

-- A non-negative pseudo-random bigint for row i and stream seed.  An SQL
-- function this simple is inlined by the planner.
CREATE OR REPLACE FUNCTION bench_h(i int, seed bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.hashint4extended(i, seed) & 9223372036854775807 $$;

-- Survey responses: answer 0..10 (NPS), rating 1..5 (CSAT), effort 1..7 (CES),
-- satisfaction and importance 1..5 (weighted CSI, stored as double precision,
-- the type weighted_csi takes), channel among 50, day over 2 years
-- (2024-01-01 .. 2025-12-31), customer among :customers.  Answers are skewed
-- like real surveys so that the metrics are not trivial; no NULLs, so the
-- plain-SQL formulas may use count(*) exactly as users write them.
CREATE TABLE responses (
    id           integer NOT NULL,
    customer_id  integer NOT NULL,
    channel      text    NOT NULL,
    day          date    NOT NULL,
    answer       integer NOT NULL,
    rating       integer NOT NULL,
    effort       integer NOT NULL,
    satisfaction double precision NOT NULL,
    importance   double precision NOT NULL
);

INSERT INTO responses
SELECT i,
       1 + (bench_h(i, 1) % :customers)::int,
       'channel_' || lpad((1 + bench_h(i, 2) % 50)::text, 2, '0'),
       date '2024-01-01' + (bench_h(i, 3) % 731)::int,
       ('{0,1,2,3,4,5,5,6,6,7,7,7,8,8,8,8,9,9,9,9,9,10,10,10}'::int[])[1 + bench_h(i, 4) % 24],
       ('{1,2,2,3,3,3,4,4,4,4,4,5,5,5,5}'::int[])[1 + bench_h(i, 5) % 15],
       ('{1,2,3,3,4,4,5,5,5,6,6,6,7,7}'::int[])[1 + bench_h(i, 6) % 14],
       (1 + bench_h(i, 7) % 5)::float8,
       (1 + bench_h(i, 8) % 5)::float8
FROM generate_series(1, :rows) AS i;

-- Customers with start and end dates: starts over 2021..2025, 45 % ended
-- between 1 and 1,200 days after their start; the others are still customers.
CREATE TABLE customers (
    customer_id  integer NOT NULL,
    started_at   date    NOT NULL,
    ended_at     date
);

INSERT INTO customers
SELECT c,
       date '2021-01-01' + (bench_h(c, 11) % 1826)::int,
       CASE WHEN bench_h(c, 12) % 100 < 45
            THEN date '2021-01-01' + (bench_h(c, 11) % 1826)::int + 1 + (bench_h(c, 13) % 1200)::int
       END
FROM generate_series(1, :customers) AS c;

-- The first :window_rows responses, stored in (day, id) order with an index on
-- it, so the moving-window queries read them in window order without a sort
-- that would dominate both sides equally.
CREATE TABLE responses_window AS
SELECT * FROM responses WHERE id <= :window_rows ORDER BY day, id;
CREATE UNIQUE INDEX responses_window_day_id ON responses_window (day, id);

-- 1,000 responses, to warm a fresh session up (load the library, fill the
-- catalog caches) before its peak memory is read.
CREATE TABLE responses_tiny AS SELECT * FROM responses WHERE id <= 1000;

-- Key-driver data: :driver_rows answers of an overall score y (0..10) and five
-- attribute ratings x1..x5 (1..10); x1 and x3 drive y, the others are noise
-- around a shared halo.
CREATE TABLE driver_ratings AS
SELECT i,
       least(10, greatest(0, round(0.5 * x1 + 0.3 * x3 + (bench_h(i, 29) % 5)::float8 - 2)))::float8 AS y,
       x1, x2, x3, x4, x5
FROM (SELECT i,
             (1 + (bench_h(i, 21) % 10))::float8 AS x1,
             (1 + (bench_h(i, 22) % 10))::float8 AS x2,
             (1 + (bench_h(i, 23) % 10))::float8 AS x3,
             (1 + (bench_h(i, 24) % 10))::float8 AS x4,
             (1 + (bench_h(i, 25) % 10))::float8 AS x5
      FROM generate_series(1, :driver_rows) AS i) r;

-- Daily summaries, as in the README recipe: one per day, and one per day and
-- channel.
CREATE MATERIALIZED VIEW daily_summary AS
SELECT day, score_summary(answer) AS answers
FROM responses GROUP BY day;
CREATE UNIQUE INDEX ON daily_summary (day);

CREATE MATERIALIZED VIEW daily_channel_summary AS
SELECT day, channel, score_summary(answer) AS answers
FROM responses GROUP BY day, channel;
CREATE UNIQUE INDEX ON daily_channel_summary (day, channel);

COMMIT;

-- Set hint bits and the visibility map now, so that no timed run pays for them.
VACUUM (FREEZE, ANALYZE) responses, responses_window, responses_tiny, customers, driver_ratings,
    daily_summary, daily_channel_summary;
