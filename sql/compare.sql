-- Comparing many groups: p_adjust, at_least, sample sizes.
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers
\set ECHO none
\set reference :abs_srcdir '/sql/include/compare_reference.sql'
\i :reference
\set ECHO all

-- 1. p_adjust equals the re-implementation of R's p.adjust
-- (test/stats/compare_reference.py, cross-checked with statsmodels) to
-- 1e-15 relative, NULLs included.  Mismatches are listed.
CREATE TEMP TABLE padjust_checked AS
SELECT r.*, p_adjust(r.p, r.method) OVER (PARTITION BY r.case_name, r.method) AS actual
FROM padjust_reference r;
SELECT count(*) AS values_checked, count(*) FILTER (WHERE expected IS NULL) AS of_which_null
FROM padjust_checked;
SELECT case_name, pos, method, p, expected, actual FROM padjust_checked
WHERE (expected IS NULL) <> (actual IS NULL)
   OR abs(expected - actual) > 1e-15 * greatest(abs(expected), 1e-300)
ORDER BY 1, 3, 2;

-- 2. The whole partition counts, whatever the ORDER BY and the frame.
SELECT r.case_name, r.method,
       bool_and(r.expected IS NOT DISTINCT FROM r.ordered) AS with_order_by,
       bool_and(r.expected IS NOT DISTINCT FROM r.one_row_frame) AS with_one_row_frame
FROM (SELECT case_name, method, expected,
             p_adjust(p, method) OVER (PARTITION BY case_name, method ORDER BY p DESC, pos) AS ordered,
             p_adjust(p, method) OVER (PARTITION BY case_name, method ORDER BY pos
                                       ROWS BETWEEN CURRENT ROW AND CURRENT ROW) AS one_row_frame
      FROM padjust_reference) r
WHERE r.case_name IN ('with_nulls', 'random20')
GROUP BY 1, 2 ORDER BY 1, 2;

-- A small table by hand: holm of 0.01, 0.04, 0.03 is 0.03, 0.06, 0.06;
-- BH is 0.03, 0.04, 0.04.
SELECT g, p, p_adjust(p, 'holm') OVER w AS holm, p_adjust(p, 'bh') OVER w AS bh
FROM (VALUES ('a', 0.01::float8), ('a', 0.04), ('a', 0.03), ('b', 0.5), ('b', NULL)) v(g, p)
WINDOW w AS (PARTITION BY g) ORDER BY g, p;

-- NULLs: a NULL p is NULL and not counted; a NULL method gives NULL.
SELECT p, p_adjust(p, 'bonferroni') OVER () AS bonferroni, p_adjust(p, NULL) OVER () AS no_method
FROM (VALUES (0.01::float8), (NULL), (0.2)) v(p) ORDER BY p;

-- Errors (22023): p outside [0, 1], NaN, an unknown method, methods that differ.
SELECT pg_temp.expect_error($$SELECT p_adjust(p, 'holm') OVER () FROM (VALUES (0.5::float8), (1.5)) v(p)$$);
SELECT pg_temp.expect_error($$SELECT p_adjust(p, 'holm') OVER () FROM (VALUES (-0.0001::float8)) v(p)$$);
SELECT pg_temp.expect_error($$SELECT p_adjust('NaN', 'holm') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT p_adjust(0.5, 'hochberg') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT p_adjust(0.5, 'Holm') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT p_adjust(p, m) OVER () FROM (VALUES (0.1::float8, 'holm'), (0.2, 'bh')) v(p, m)$$);

-- 3. at_least: s when responses(s) >= min_responses (raw rows, also weighted), else NULL.
SELECT at_least('{9:4,0:1}', 5) AS five, at_least('{9:4}', 5) AS four,
       at_least('{}', 0) AS empty_min_0, at_least('{}', 1) AS empty_min_1,
       nps(at_least('{9:4}', 5)) AS nps_hidden, nps_low(at_least('{9:4}', 5)) AS low_hidden,
       responses(at_least('{9:4}', 5)) AS responses_hidden;
-- weighted: 5 raw answers of total weight 0.5 are shown; 4 of weight 40 are not
SELECT at_least('{9:5:0.5:0.05}', 5) IS NOT NULL AS small_weights_shown,
       at_least('{9:4:40:400}', 5) IS NULL AS heavy_weights_hidden;
SELECT at_least(NULL, 5) IS NULL AS null_summary, at_least('{9:5}', NULL) IS NULL AS null_min;
SELECT pg_temp.expect_error($$SELECT at_least('{9:5}', -1)$$);

-- A reporting guard for a BI role: the view exposes only guarded metrics.
CREATE TABLE team_answers (team text, answer int);
INSERT INTO team_answers SELECT 't' || (i % 3), i % 11 FROM generate_series(1, 23) i
WHERE i % 3 <> 2 OR i < 6;
CREATE VIEW team_nps AS
SELECT team, responses(at_least(s, 5)) AS responses, round(nps(at_least(s, 5))::numeric, 1) AS nps
FROM (SELECT team, score_summary(answer) AS s FROM team_answers GROUP BY team) t;
SELECT team, (SELECT count(*) FROM team_answers a WHERE a.team = v.team) AS raw_rows, responses, nps
FROM team_nps v ORDER BY team;

-- 4. Sample sizes against scipy (test/stats/compare_reference.py).
CREATE FUNCTION pg_temp.eval_int(expression text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    result int;
BEGIN
    EXECUTE 'SELECT ' || expression INTO result;
    RETURN result;
END
$$;
SELECT expression, expected, pg_temp.eval_int(expression) AS actual,
       expected = pg_temp.eval_int(expression) AS same
FROM sample_size_reference ORDER BY expression;
-- NULL population means none; NULL elsewhere gives NULL.
SELECT nps_sample_size(5, population => NULL) AS no_population,
       nps_sample_size(NULL) IS NULL AS null_margin,
       csat_sample_size(5, NULL) IS NULL AS null_confidence,
       csat_sample_size(5, proportion => NULL) IS NULL AS null_proportion;
-- Errors: 22023 for bad parameters, 22003 when the answer does not fit an integer.
SELECT e, pg_temp.expect_error('SELECT ' || e) FROM (VALUES
    ('nps_sample_size(0)'), ('nps_sample_size(-5)'), ('nps_sample_size(''NaN'')'),
    ('nps_sample_size(''Infinity'')'), ('nps_sample_size(5, 1)'), ('nps_sample_size(5, 0)'),
    ('nps_sample_size(5, 1.5)'), ('nps_sample_size(5, variance => 0)'),
    ('nps_sample_size(5, variance => 1.01)'), ('nps_sample_size(5, variance => ''NaN'')'),
    ('nps_sample_size(5, population => 0)'), ('nps_sample_size(5, population => -10)'),
    ('csat_sample_size(0)'), ('csat_sample_size(5, -0.1)'), ('csat_sample_size(5, proportion => -0.01)'),
    ('csat_sample_size(5, proportion => 1.01)'), ('csat_sample_size(5, proportion => ''NaN'')'),
    ('csat_sample_size(5, population => 0)'),
    ('csat_sample_size(0.001)'), ('nps_sample_size(1e-10)')) v(e);

-- 5. Every new function is immutable and parallel safe; p_adjust is a window function.
SELECT p.oid::regprocedure AS function, p.prokind, p.provolatile, p.proparallel, p.proisstrict,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS has_comment
FROM pg_proc p
WHERE p.proname IN ('score_summary_subtract', 'at_least', 'p_adjust', 'nps_sample_size', 'csat_sample_size')
ORDER BY 1;
