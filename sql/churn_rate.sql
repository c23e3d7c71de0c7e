-- churn_rate(boolean) and churn_rate(started_at, ended_at, period [, basis]).
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers

-- Flags: percent of true among non-NULL.
SELECT churn_rate(c) FROM unnest(ARRAY[true, false, NULL, true]) c;   -- 2/3 -> 66.67
SELECT churn_rate(c) FROM unnest(ARRAY[NULL]::bool[]) c;             -- NULL
SELECT churn_rate(c) FROM unnest(ARRAY[false, false]) c;             -- 0

-- Every boundary of the period Q1 = [2025-01-01, 2025-04-01).  Populations
-- are counted just before the bounds, and each start or end is booked in the
-- period that contains it:
--   S = started_at < lo AND (ended_at IS NULL OR ended_at >= lo)
--   E = started_at < hi AND (ended_at IS NULL OR ended_at >= hi)
--   N = started_at in [lo, hi)    L = ended_at in [lo, hi)
CREATE TABLE customers (id int, segment text, started_at date, ended_at date, note text);
INSERT INTO customers VALUES
    (1,  'x', '2024-06-01', NULL,         'S E'),
    (2,  'x', '2024-06-01', '2024-12-31', 'gone before the period'),
    (3,  'x', '2024-06-01', '2025-01-01', 'ended at lo: S, lost (L)'),
    (4,  'x', '2024-06-01', '2025-02-15', 'S, lost'),
    (5,  'y', '2024-06-01', '2025-04-01', 'ended at hi: S E, lost in Q2'),
    (6,  'y', '2024-06-01', '2025-04-02', 'S E'),
    (7,  'y', '2025-01-01', NULL,         'started at lo: N E, not S'),
    (8,  'y', '2025-02-01', '2025-03-01', 'N, lost'),
    (9,  'z', '2025-03-31', NULL,         'N E'),
    (10, 'z', '2025-04-01', NULL,         'started at hi: new in Q2'),
    (11, 'z', '2025-05-01', NULL,         'after the period'),
    (12, 'z', NULL,         '2025-02-01', 'no start: skipped');
-- S = {1,3,4,5,6} = 5; S and L = {3,4} = 2; E = {1,5,6,7,9} = 5;
-- N = {7,8,9} = 3; L = {3,4,8} = 3; E = S + N - L = 5 + 3 - 3.
-- start: 100 * 2 / 5 = 40; average: 100 * 3 / ((5 + 5) / 2) = 60; new: 100 * 3 / 3 = 100.
SELECT churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01')) AS default_start,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'start') AS start,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'average') AS average,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'new') AS new
FROM customers;
-- Retention = 100 - churn on the start basis = share of S still a customer
-- at the end (S and E = {1,5,6}): 3/5.
SELECT 100 - churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01')) AS retention,
       100.0 * count(*) FILTER (WHERE started_at < '2025-01-01' AND coalesce(ended_at >= '2025-04-01', true))
             / count(*) FILTER (WHERE started_at < '2025-01-01' AND coalesce(ended_at >= '2025-01-01', true)) AS retained_share
FROM customers;

-- Per segment:
-- x: S = {1,3,4} = 3, S and L = {3,4}: 200/3 = 66.67; E = {1}; L = {3,4}:
--    average 200/((3+1)/2) = 100; N = 0: new NULL.  E = 3 + 0 - 2.
-- y: S = {5,6}, S and L = {}: 0; E = {5,6,7}; L = {8}: average 100/((2+3)/2) = 40;
--    N = {7,8}: new 50.  E = 2 + 2 - 1.
-- z: S = {}: NULL; E = {9}; L = {}: average 0; N = {9}: new 0.  E = 0 + 1 - 0.
SELECT segment,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01')) AS start,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'average') AS average,
       churn_rate(started_at, ended_at, daterange('2025-01-01', '2025-04-01'), 'new') AS new
FROM customers GROUP BY segment ORDER BY segment;

-- Periods from a column, one per group, through the same aggregate (the
-- parsed period is cached between rows; it must follow each group's period).
-- Q1 as above: 40, 60, 100.
-- Q2 = [2025-04-01, 2025-07-01): S = {1,5,6,7,9} (5 ended at lo); L = S and L
-- = {5,6}: start 40; E = {1,7,9,10,11}; average 200/5 = 40; N = {10,11}:
-- new 100.  Customer 5 is lost in Q2 under every basis.
SELECT q, churn_rate(started_at, ended_at, p) AS start,
       churn_rate(started_at, ended_at, p, 'average') AS average,
       churn_rate(started_at, ended_at, p, 'new') AS new
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
-- One microsecond more at the top, [2025-01-01 00:00, 2025-04-01 00:00]:
-- customer 10 (started at that instant) is new, and customer 5 (ended at it)
-- is lost, in this period.  S = 5, S and L = {3,4,5} = 3: start 60;
-- E = {1,6,7,9,10} = 5, L = {3,4,5,8} = 4: average 400/5 = 80;
-- N = {7,8,9,10} = 4: new 100.  E = 5 + 4 - 4.
SELECT churn_rate(started_at, ended_at, tstzrange('2025-01-01', '2025-04-01', '[]')) AS start,
       churn_rate(started_at, ended_at, tstzrange('2025-01-01', '2025-04-01', '[]'), 'average') AS average,
       churn_rate(started_at, ended_at, tstzrange('2025-01-01', '2025-04-01', '[]'), 'new') AS new
FROM customers_ts;
RESET TimeZone;

-- Property tests over reproducible random customers, half of whose starts
-- and ends fall on (or one step from) a month boundary, and two sequences
-- of consecutive periods (5 quarters and 15 months from 2024-10-01), each
-- written with all four bound styles: see sql/include/churn_properties.sql.
CREATE FUNCTION pg_temp.same(a float8, b float8) RETURNS boolean LANGUAGE sql IMMUTABLE
AS $$ SELECT (a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-9 * greatest(1, abs(b)) $$;
SET TimeZone = 'UTC';
SELECT setseed(0.25);
CREATE TABLE periods AS
    SELECT 'quarter' AS seq, k, (date '2024-10-01' + make_interval(months => 3 * k))::date AS lo,
           (date '2024-10-01' + make_interval(months => 3 * k + 3))::date AS hi
    FROM generate_series(0, 4) k
    UNION ALL
    SELECT 'month', k, (date '2024-10-01' + make_interval(months => k))::date,
           (date '2024-10-01' + make_interval(months => k + 1))::date
    FROM generate_series(0, 14) k;

-- date / daterange.  (daterange canonicalizes all four bound styles to '[)'
-- before churn_rate sees them; tstzrange, below, keeps them as written.)
CREATE TABLE rnd_date AS
WITH u AS (
    SELECT i, random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5
    FROM generate_series(1, 400) i
), s AS (
    SELECT i, u3, u4, u5,
           CASE WHEN u1 < 0.4 THEN (date '2024-07-01' + make_interval(months => floor(u2 * 20)::int))::date
                ELSE date '2024-07-01' + floor(u2 * 600)::int END AS started_at
    FROM u
)
SELECT i AS id, started_at,
       CASE WHEN u3 < 0.25 THEN NULL
            WHEN u4 < 0.5 THEN greatest(started_at, (date '2024-08-01' + make_interval(months => floor(u5 * 20)::int))::date)
            ELSE started_at + floor(u5 * 300)::int END AS ended_at
FROM s;
INSERT INTO rnd_date VALUES (401, NULL, '2025-02-01'), (402, NULL, NULL);
CREATE TABLE date_periods AS
    SELECT seq, k, lo, hi, style,
           CASE style WHEN '[)' THEN daterange(lo, hi, '[)')
                      WHEN '[]' THEN daterange(lo, hi - 1, '[]')
                      WHEN '()' THEN daterange(lo - 1, hi, '()')
                      ELSE daterange(lo - 1, hi - 1, '(]') END AS p
    FROM periods, unnest(ARRAY['[)', '[]', '()', '(]']) style;
-- the data hits the bounds: starts and ends on one, and the day before
SELECT count(*) FILTER (WHERE started_at IN (SELECT lo FROM periods)) >= 10 AS starts_on_a_bound,
       count(*) FILTER (WHERE ended_at IN (SELECT lo FROM periods)) >= 10 AS ends_on_a_bound,
       count(*) FILTER (WHERE ended_at + 1 IN (SELECT lo FROM periods)) >= 3 AS ends_the_day_before,
       count(*) FILTER (WHERE started_at = ended_at) >= 3 AS zero_length
FROM rnd_date;
\set cust rnd_date
\set per date_periods
\set churn_props :abs_srcdir '/sql/include/churn_properties.sql'
\i :churn_props

-- timestamptz / tstzrange: instants to the microsecond, half of them on a
-- month boundary or one microsecond either side of it.
CREATE TABLE rnd_tstz AS
WITH u AS (
    SELECT i, random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5,
           random() AS u6, random() AS u7
    FROM generate_series(1, 400) i
), s AS (
    SELECT i, u3, u4, u5, u6,
           CASE WHEN u1 < 0.4
                THEN timestamptz '2024-07-01 00:00+00' + make_interval(months => floor(u2 * 20)::int)
                     + (floor(u7 * 3) - 1) * interval '1 microsecond'
                ELSE timestamptz '2024-07-01 00:00+00' + floor(u2 * 600 * 86400e6) * interval '1 microsecond'
           END AS started_at
    FROM u
)
SELECT i AS id, started_at,
       CASE WHEN u3 < 0.25 THEN NULL
            WHEN u4 < 0.5 THEN greatest(started_at, timestamptz '2024-08-01 00:00+00'
                                                    + make_interval(months => floor(u5 * 20)::int)
                                                    + (floor(u6 * 3) - 1) * interval '1 microsecond')
            ELSE started_at + floor(u5 * 300 * 86400e6) * interval '1 microsecond' END AS ended_at
FROM s;
INSERT INTO rnd_tstz VALUES (401, NULL, '2025-02-01 00:00+00'), (402, NULL, NULL);
CREATE TABLE tstz_periods AS
    SELECT seq, k, lo, hi, style,
           CASE style WHEN '[)' THEN tstzrange(lo, hi, '[)')
                      WHEN '[]' THEN tstzrange(lo, hi - interval '1 microsecond', '[]')
                      WHEN '()' THEN tstzrange(lo - interval '1 microsecond', hi, '()')
                      ELSE tstzrange(lo - interval '1 microsecond', hi - interval '1 microsecond', '(]') END AS p
    FROM (SELECT seq, k, lo::timestamp AT TIME ZONE 'UTC' AS lo, hi::timestamp AT TIME ZONE 'UTC' AS hi
          FROM periods) x,
         unnest(ARRAY['[)', '[]', '()', '(]']) style;
-- the data hits the bounds: starts and ends exactly on one, and one
-- microsecond before and after
SELECT count(*) FILTER (WHERE started_at IN (SELECT lo FROM tstz_periods)) >= 10 AS starts_on_a_bound,
       count(*) FILTER (WHERE ended_at IN (SELECT lo FROM tstz_periods)) >= 10 AS ends_on_a_bound,
       count(*) FILTER (WHERE ended_at + interval '1 microsecond' IN (SELECT lo FROM tstz_periods)) >= 10 AS ends_just_before,
       count(*) FILTER (WHERE ended_at - interval '1 microsecond' IN (SELECT lo FROM tstz_periods)) >= 10 AS ends_just_after
FROM rnd_tstz;
\set cust rnd_tstz
\set per tstz_periods
\i :churn_props
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
