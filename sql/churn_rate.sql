-- churn_rate(boolean) and churn_rate(started_at, ended_at, period [, basis]).
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers

-- Flags: percent of true among non-NULL.
SELECT churn_rate(c) FROM unnest(ARRAY[true, false, NULL, true]) c;   -- 2/3 -> 66.67
SELECT churn_rate(c) FROM unnest(ARRAY[NULL]::bool[]) c;             -- NULL
SELECT churn_rate(c) FROM unnest(ARRAY[false, false]) c;             -- 0

-- Every boundary of the period Q1 = [2025-01-01, 2025-04-01).  Active at t:
-- started_at <= t and (ended_at IS NULL or ended_at > t).
CREATE TABLE customers (id int, segment text, started_at date, ended_at date, note text);
INSERT INTO customers VALUES
    (1,  'x', '2024-06-01', NULL,         'S E'),
    (2,  'x', '2024-06-01', '2024-12-31', 'gone before the period'),
    (3,  'x', '2024-06-01', '2025-01-01', 'ended at lo: lost, not in S'),
    (4,  'x', '2024-06-01', '2025-02-15', 'S, lost'),
    (5,  'y', '2024-06-01', '2025-04-01', 'ended at hi: S, not active at hi, lost from S'),
    (6,  'y', '2024-06-01', '2025-04-02', 'S E'),
    (7,  'y', '2025-01-01', NULL,         'started at lo: S E N'),
    (8,  'y', '2025-02-01', '2025-03-01', 'N, lost'),
    (9,  'z', '2025-03-31', NULL,         'N E'),
    (10, 'z', '2025-04-01', NULL,         'started at hi: E only'),
    (11, 'z', '2025-05-01', NULL,         'after the period'),
    (12, 'z', NULL,         '2025-02-01', 'no start: skipped');
-- S = {1,4,5,6,7} = 5; lost from S = {4,5} = 2; E = {1,6,7,9,10} = 5;
-- N = {7,8,9} = 3; lost = ended in [lo, hi) = {3,4,8} = 3.
-- start: 100 * 2 / 5 = 40; average: 100 * 3 / ((5 + 5) / 2) = 60; new: 100 * 3 / 3 = 100.
SELECT churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01')) AS default_start,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'start') AS start,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'average') AS average,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'new') AS new
FROM customers;
-- Retention = 100 - churn on the start basis = share of S still active at hi: 3/5.
SELECT 100 - churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01')) AS retention,
       100.0 * count(*) FILTER (WHERE started_at <= '2025-01-01' AND coalesce(ended_at > '2025-04-01', true))
             / count(*) FILTER (WHERE started_at <= '2025-01-01' AND coalesce(ended_at > '2025-01-01', true)) AS retained_share
FROM customers;

-- Per segment: x: S = {1,4}, lost from S {4} -> 50; E = {1}; lost {3,4}: average 200/1.5 = 133.3; N 0 -> new NULL.
-- y: S = {5,6,7}, lost from S {5} -> 33.3; E = {6,7}; lost {8}; average 100/((3+2)/2) = 40; N {7,8} -> 50.
-- z: S = {} -> NULL; E = {9,10}; average 0; N {9} -> new 0.
SELECT segment,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01')) AS start,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'average') AS average,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'new') AS new
FROM customers GROUP BY segment ORDER BY segment;

-- Periods from a column, one per group, through the same aggregate (the
-- parsed period is cached between rows; it must follow each group's period).
-- Q2 = [2025-04-01, 2025-07-01): S = {1,6,7,9,10} (10 started at lo); lost
-- from S = {6} -> 20.  Q1 as above: 40.
SELECT q, churn_rate(started_at, ended_at, p) AS start
FROM customers,
     (VALUES ('Q1', daterange('2025-01-01', '2025-04-01')), ('Q2', daterange('2025-04-01', '2025-07-01'))) v(q, p)
GROUP BY q ORDER BY q;

-- timestamptz: the same customers at midnight UTC give the same rates, and
-- every bound inclusivity is converted exactly ([lo, hi) in microseconds).
SET TimeZone = 'UTC';
CREATE TABLE customers_ts AS
    SELECT id, started_at::timestamptz AS started_at, ended_at::timestamptz AS ended_at FROM customers;
SELECT p AS period,
       churn_rate(started_at, ended_at, p) AS start,
       churn_rate(started_at, ended_at, p, 'average') AS average,
       churn_rate(started_at, ended_at, p, 'new') AS new
FROM customers_ts,
     (VALUES (tstzrange('2025-01-01', '2025-04-01', '[)')),
             (tstzrange('2025-01-01', '2025-03-31 23:59:59.999999', '[]')),
             (tstzrange('2024-12-31 23:59:59.999999', '2025-04-01', '()'))) v(p)
GROUP BY p ORDER BY p;
-- One microsecond more at the top moves customer 10 (started at hi) into N.
SELECT churn_rate(started_at, ended_at, tstzrange('2025-01-01', '2025-04-01', '[]'), 'new') AS new_with_hi_included
FROM customers_ts;   -- N = {7,8,9,10} = 4; lost = {3,4,5,8} = 4 (5 ended at hi, now inside) -> 100
RESET TimeZone;

-- No rows, or an empty denominator -> NULL.
SELECT churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01')) FROM customers WHERE false;
SELECT churn_rate(started_at, ended_at, daterange('2030-01-01', '2030-04-01'), 'new') FROM customers;  -- N = 0

-- Errors, all 22023.
SELECT pg_temp.expect_error($$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01')) FROM (VALUES ('2025-02-01'::date, '2025-01-01'::date)) v(s, e)$$);
SELECT pg_temp.expect_error($$SELECT churn_rate(started_at, ended_at, daterange('2025-01-01', NULL)) FROM customers$$);
SELECT pg_temp.expect_error($$SELECT churn_rate(started_at, ended_at, daterange(NULL, '2025-01-01')) FROM customers$$);
SELECT pg_temp.expect_error($$SELECT churn_rate(started_at, ended_at, 'empty'::daterange) FROM customers$$);
SELECT pg_temp.expect_error($$SELECT churn_rate(started_at, ended_at, daterange('2025-01-01', 'infinity')) FROM customers$$);
SELECT pg_temp.expect_error($$SELECT churn_rate(started_at, ended_at, tstzrange('2025-01-01', 'infinity')) FROM customers_ts$$);
SELECT pg_temp.expect_error($$SELECT churn_rate(started_at, ended_at, NULL::daterange) FROM customers$$);
SELECT pg_temp.expect_error($$SELECT churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'Start') FROM customers$$);
SELECT pg_temp.expect_error($$SELECT churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), NULL) FROM customers$$);
SELECT pg_temp.expect_error($$SELECT churn_rate(started_at, ended_at, daterange('2025-01-01', CASE WHEN id < 5 THEN '2025-04-01' ELSE '2025-04-02' END::date)) FROM customers$$);
SELECT pg_temp.expect_error($$SELECT churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), CASE WHEN id < 5 THEN 'start' ELSE 'new' END) FROM customers$$);
