-- Key-driver analysis: driver_summary(outcome, attributes) and its accessors.
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers
\set ECHO none
\set reference :abs_srcdir '/sql/include/driver_reference.sql'
\i :reference
\set ECHO all

-- Equal within 1e-9 (relative above 1, absolute below), NULL matching NULL.
CREATE FUNCTION pg_temp.close(a float8, b float8) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN a IS NULL OR b IS NULL THEN a IS NULL AND b IS NULL
                ELSE abs(a - b) <= 1e-9 * greatest(1, abs(b)) END
$$;
CREATE FUNCTION pg_temp.close(a float8[], b float8[]) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN a IS NULL OR b IS NULL THEN a IS NULL AND b IS NULL
                ELSE cardinality(a) = cardinality(b) AND
                     (SELECT bool_and(pg_temp.close(x, y)) FROM unnest(a, b) u(x, y)) END
$$;

-- 1. Every accessor against the independent numpy/statsmodels reference
-- (test/drivers/reference.py), on random survey-like and continuous data
-- sets of 1 to 2000 rows and 1 to 12 attributes, the published mtcars
-- example and the degenerate cases.
CREATE TEMP TABLE driver_sets AS
SELECT set_name, driver_summary(y, x) AS ds FROM driver_data GROUP BY set_name;
SELECT e.set_name, e.k, responses(ds) = e.n AS responses,
       pg_temp.close(outcome_mean(ds), e.outcome_mean) AS outcome_mean,
       pg_temp.close(driver_means(ds), e.means) AS means,
       pg_temp.close(driver_correlations(ds), e.correlations) AS correlations,
       pg_temp.close(driver_r2(ds), e.r2) AS r2,
       pg_temp.close(driver_betas(ds), e.betas) AS betas,
       pg_temp.close(relative_weights(ds), e.weights) AS weights
FROM driver_expected e JOIN driver_sets USING (set_name)
ORDER BY e.set_name;

-- Relative weights are >= 0 and sum to R^2; importance_pct sums to 100.
SELECT set_name,
       (SELECT bool_and(w >= 0) FROM unnest(relative_weights(ds)) w) AS non_negative,
       abs((SELECT sum(w) FROM unnest(relative_weights(ds)) w) - driver_r2(ds)) < 1e-12 AS sum_is_r2,
       round((SELECT sum(importance_pct) FROM driver_table(ds, array_fill('a'::text, ARRAY[(SELECT k FROM driver_expected e WHERE e.set_name = s.set_name)])))::numeric, 9) AS pct_total
FROM driver_sets s ORDER BY set_name;

-- 2. The published example (rwa R package, mtcars): the raw weights
-- 0.2096904 0.1883043 0.1799590 0.2706812 and the rescaled weights
-- 24.70914 22.18908 21.20570 31.89607 are reproduced at their precision.
SELECT attribute, round(performance::numeric, 4) AS performance,
       round(correlation::numeric, 7) AS correlation, round(beta::numeric, 7) AS beta,
       round(relative_weight::numeric, 7) AS relative_weight,
       round(importance_pct::numeric, 5) AS importance_pct
FROM driver_sets, driver_table(ds, ARRAY['cyl', 'disp', 'hp', 'wt'])
WHERE set_name = 'mtcars';
SELECT round(driver_r2(ds)::numeric, 7) AS mtcars_r2 FROM driver_sets WHERE set_name = 'mtcars';

-- 3. Degenerate data has defined results.  A constant attribute: NULL
-- correlation, beta 0, weight 0, the others as without it.
SELECT attribute, correlation IS NULL AS no_correlation, round(beta::numeric, 9) AS beta,
       round(relative_weight::numeric, 9) AS weight, round(importance_pct::numeric, 6) AS pct
FROM driver_sets, driver_table(ds, ARRAY['a', 'constant', 'c', 'd'])
WHERE set_name = 'constant_attribute';
SELECT pg_temp.close(driver_r2(a.ds), driver_r2(b.ds)) AS r2_as_if_absent,
       pg_temp.close((SELECT array_agg(w ORDER BY o) FROM unnest(relative_weights(a.ds)) WITH ORDINALITY u(w, o) WHERE o <> 2), relative_weights(b.ds)) AS weights_as_if_absent,
       pg_temp.close((SELECT array_agg(w ORDER BY o) FROM unnest(driver_betas(a.ds)) WITH ORDINALITY u(w, o) WHERE o <> 2), driver_betas(b.ds)) AS betas_as_if_absent
FROM driver_sets a,
     (SELECT driver_summary(y, ARRAY[x[1], x[3], x[4]]) AS ds FROM driver_data WHERE set_name = 'constant_attribute') b
WHERE a.set_name = 'constant_attribute';
-- Identical attributes split their share equally; collinear ones get the
-- minimum-norm betas; every figure finite.
SELECT attribute, round(beta::numeric, 9) AS beta, round(relative_weight::numeric, 9) AS weight
FROM driver_sets, driver_table(ds, ARRAY['x', 'x again'])
WHERE set_name = 'identical_pair';
SELECT set_name, driver_r2(ds) IS NULL AS r2_null, driver_correlations(ds) IS NULL AS correlations_null,
       driver_betas(ds) IS NULL AS betas_null, relative_weights(ds) IS NULL AS weights_null,
       round(outcome_mean(ds)::numeric, 9) AS outcome_mean,
       (SELECT array_agg(round(m::numeric, 9)) FROM unnest(driver_means(ds)) m) AS means
FROM driver_sets WHERE set_name IN ('constant_outcome', 'one_row') ORDER BY set_name;
SELECT t.attribute, round(t.performance::numeric, 9) AS performance, t.correlation, t.beta,
       t.relative_weight, t.importance_pct
FROM driver_sets, driver_table(ds, ARRAY['a', 'b', 'c']) t WHERE set_name = 'constant_outcome';
-- All attributes constant: R^2 0, betas and weights 0, importance_pct NULL.
SELECT driver_r2(ds), driver_betas(ds), relative_weights(ds), driver_correlations(ds),
       (SELECT array_agg(importance_pct) FROM driver_table(ds, '{a,b}')) AS pct
FROM (SELECT driver_summary(y, ARRAY[1, 2]) AS ds FROM driver_data WHERE set_name = 'mtcars') s;

-- 4. NULLs: rows with a NULL outcome, array or element are skipped
-- (listwise); a group without such rows gives a NULL summary.
SELECT driver_summary(y, x)::text = (SELECT driver_summary(y, x)::text FROM driver_data WHERE set_name = 'survey_n60_k3') AS listwise
FROM (SELECT y, x FROM driver_data WHERE set_name = 'survey_n60_k3'
      UNION ALL VALUES (NULL::float8, '{1,2,3}'::float8[]), (5, NULL), (5, '{1,NULL,3}'),
                       (NULL, '{NaN,2,3}')) d;
SELECT driver_summary(y, x) IS NULL AS no_rows FROM driver_data WHERE false;
SELECT driver_summary(y, x) IS NULL AS only_null_rows
FROM (VALUES (NULL::float8, '{1}'::float8[]), (1, '{NULL}')) v(y, x);
SELECT rollup(ds) IS NULL AS rollup_of_nothing FROM driver_sets WHERE false;

-- 5. Text and binary round trips keep every accessor's value bit for bit.
CREATE TEMP TABLE driver_texts AS
SELECT set_name, ds, ds::text::driver_summary AS back FROM driver_sets;
SELECT count(*) AS sets,
       count(*) FILTER (WHERE ds::text = back::text
           AND row(responses(ds), outcome_mean(ds), driver_means(ds), driver_correlations(ds),
                   driver_r2(ds), driver_betas(ds), relative_weights(ds))::text
             = row(responses(back), outcome_mean(back), driver_means(back), driver_correlations(back),
                   driver_r2(back), driver_betas(back), relative_weights(back))::text
           AND float8send(driver_r2(ds)) IS NOT DISTINCT FROM float8send(driver_r2(back))) AS text_exact
FROM driver_texts;
CREATE TABLE driver_states AS SELECT set_name, ds FROM driver_sets;
COPY driver_states TO '/tmp/cx_metrics_regress_drivers.bin' (FORMAT binary);
CREATE TABLE driver_states_back (LIKE driver_states);
COPY driver_states_back FROM '/tmp/cx_metrics_regress_drivers.bin' (FORMAT binary);
SELECT count(*) AS sets,
       count(*) FILTER (WHERE a.ds::text = b.ds::text
           AND row(driver_r2(a.ds), driver_betas(a.ds), relative_weights(a.ds), driver_correlations(a.ds))::text
             = row(driver_r2(b.ds), driver_betas(b.ds), relative_weights(b.ds), driver_correlations(b.ds))::text) AS binary_exact
FROM driver_states a JOIN driver_states_back b USING (set_name);
-- The binary form: version 1, flags 0, reserved 0, k, n, then the doubles.
SELECT driver_summary_send('{"n":2,"k":1,"means":[1.5,2],"comoments":[0.5,1,2]}') AS wire;
SELECT '{ "n" : 3 , "k" : 1 , "means" : [ 2 , 1e0 ] , "comoments" : [ 2 , 0 , 0 ] }'::driver_summary AS spaces_accepted;

-- 6. Per-segment summaries rolled up equal one pass, to rounding.
CREATE TABLE segments AS
SELECT row_id % 17 AS segment, driver_summary(y, x) AS ds
FROM driver_data WHERE set_name = 'survey_n2000_k8' GROUP BY 1;
ANALYZE segments;
SELECT pg_temp.close(driver_r2(r), driver_r2(o)) AS r2, pg_temp.close(driver_betas(r), driver_betas(o)) AS betas,
       pg_temp.close(relative_weights(r), relative_weights(o)) AS weights,
       pg_temp.close(driver_means(r), driver_means(o)) AS means,
       pg_temp.close(driver_correlations(r), driver_correlations(o)) AS correlations,
       responses(r) = responses(o) AS responses
FROM (SELECT rollup(ds) AS r FROM segments) a,
     (SELECT ds AS o FROM driver_sets WHERE set_name = 'survey_n2000_k8') b;
-- How close: the largest difference of the dimensionless figures
-- (correlations, betas, weights, R^2) and the largest relative difference
-- of the means, both far below 1e-12.
SELECT (SELECT max(abs(a - b)) FROM unnest(driver_correlations(r) || driver_betas(r) || relative_weights(r) || driver_r2(r),
                                           driver_correlations(o) || driver_betas(o) || relative_weights(o) || driver_r2(o)) u(a, b)) < 1e-12 AS figures_within_1e_12,
       (SELECT max(abs(a - b) / abs(b)) FROM unnest(driver_means(r) || outcome_mean(r), driver_means(o) || outcome_mean(o)) u(a, b)) < 1e-12 AS means_within_1e_12
FROM (SELECT rollup(ds) AS r FROM segments) a,
     (SELECT ds AS o FROM driver_sets WHERE set_name = 'survey_n2000_k8') b;
-- rollup with an empty (n = 0) summary changes nothing
SELECT rollup(ds)::text = (SELECT ds::text FROM driver_sets WHERE set_name = 'mtcars') AS empty_is_neutral
FROM (SELECT ds FROM driver_sets WHERE set_name = 'mtcars'
      UNION ALL SELECT '{"n":0,"k":4,"means":[0,0,0,0,0],"comoments":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}') s;

-- 7. Errors.
SELECT pg_temp.expect_error($$SELECT driver_summary('NaN', '{1,2}')$$);
SELECT pg_temp.expect_error($$SELECT driver_summary(1, '{1,Infinity}')$$);
SELECT pg_temp.expect_error($$SELECT driver_summary(1, '{}')$$);
SELECT pg_temp.expect_error($$SELECT driver_summary(1, '{{1,2},{3,4}}')$$);
SELECT pg_temp.expect_error($$SELECT driver_summary(1, array_fill(1::float8, ARRAY[65]))$$);
SELECT pg_temp.expect_error($$SELECT driver_summary(y, x) FROM (VALUES (1::float8, '{1,2}'::float8[]), (2, '{1,2,3}')) v(y, x)$$);
SELECT pg_temp.expect_error($$SELECT rollup(ds) FROM (SELECT driver_summary(1, '{1}') UNION ALL SELECT driver_summary(1, '{1,2}')) s(ds)$$);
SELECT pg_temp.expect_error($$SELECT t.* FROM (SELECT driver_summary(1, '{1,2}') AS ds) s, driver_table(ds, '{a}') t$$);
SELECT pg_temp.expect_error($$SELECT t.* FROM (SELECT driver_summary(1, '{1,2}') AS ds) s, driver_table(ds, '{{a,b},{c,d}}') t$$);
SELECT pg_temp.expect_error($$SELECT driver_summary(y, ARRAY[y]) FROM (VALUES (1e200::float8), (-1e200)) v(y)$$);
SELECT pg_temp.expect_error($$SELECT driver_summary(y, ARRAY[1]) FROM (VALUES (1.7e308::float8), (-1.7e308)) v(y)$$);
SELECT pg_temp.expect_error($$SELECT '{"n":2,"k":1}'::driver_summary$$);
SELECT pg_temp.expect_error($$SELECT '{"n":2,"k":0,"means":[1],"comoments":[1]}'::driver_summary$$);
SELECT pg_temp.expect_error($$SELECT '{"n":2,"k":1,"means":[1,2],"comoments":[1,0]}'::driver_summary$$);
SELECT pg_temp.expect_error($$SELECT '{"n":2,"k":1,"means":[1,NaN],"comoments":[1,0,1]}'::driver_summary$$);
SELECT pg_temp.expect_error($$SELECT '{"n":-2,"k":1,"means":[1,2],"comoments":[1,0,1]}'::driver_summary$$);
SELECT pg_temp.expect_error($$SELECT '{"n":2,"k":1,"means":[1,2],"comoments":[-1,0,1]}'::driver_summary$$);
SELECT pg_temp.expect_error($$SELECT '{"n":2,"k":1,"means":[1,2],"comoments":[1,2,1]}'::driver_summary$$);
SELECT pg_temp.expect_error($$SELECT '{"n":9,"k":2,"means":[0,0,0],"comoments":[1,0.9,0.9,1,0,1]}'::driver_summary$$);
SELECT pg_temp.expect_error($$SELECT '{"n":1,"k":1,"means":[1,2],"comoments":[1,0,0]}'::driver_summary$$);
SELECT pg_temp.expect_error($$SELECT '{"n":0,"k":1,"means":[1,0],"comoments":[0,0,0]}'::driver_summary$$);
SELECT pg_temp.expect_error($$SELECT '{"n":2,"k":1,"means":[1,2],"comoments":[1,0,0]} x'::driver_summary$$);

-- 8. Parallel plans: partial summaries in the workers, merged above the
-- Gather, give the serial figures (to rounding: the merge order differs).
CREATE TABLE driver_par AS
SELECT i, i % 5 AS g,
       (hashint4(i) & 2147483647) % 11 AS y0,
       ARRAY[1 + (hashint4(i + 1) & 2147483647) % 10, 1 + (hashint4(i + 2) & 2147483647) % 10,
             1 + (hashint4(i + 3) & 2147483647) % 10, 1 + (hashint4(i + 4) & 2147483647) % 10,
             1 + (hashint4(i + 5) & 2147483647) % 10]::float8[] AS x
FROM generate_series(1, 200000) i;
UPDATE driver_par SET y0 = least(10, (x[1] * 0.6 + x[3] * 0.3 + y0 * 0.2)::int);
ANALYZE driver_par;
CREATE VIEW driver_par_result AS
SELECT g, driver_summary(y0, x) AS ds FROM driver_par GROUP BY g;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE driver_serial AS SELECT * FROM driver_par_result;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT * FROM driver_par_result;
CREATE TEMP TABLE driver_parallel AS SELECT * FROM driver_par_result;
EXPLAIN (COSTS OFF) SELECT rollup(ds) FROM segments;
CREATE TEMP TABLE driver_parallel_rollup AS SELECT rollup(ds) AS ds FROM segments;
RESET ALL;
SELECT pg_temp.close(driver_r2(p.ds), driver_r2(s.ds)) AND pg_temp.close(relative_weights(p.ds), relative_weights(s.ds))
       AND pg_temp.close(driver_betas(p.ds), driver_betas(s.ds)) AS parallel_rollup_equals_serial
FROM driver_parallel_rollup p, (SELECT rollup(ds) AS ds FROM segments) s;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE responses(s.ds) = responses(p.ds)
           AND pg_temp.close(driver_means(s.ds), driver_means(p.ds))
           AND pg_temp.close(driver_r2(s.ds), driver_r2(p.ds))
           AND pg_temp.close(driver_betas(s.ds), driver_betas(p.ds))
           AND pg_temp.close(relative_weights(s.ds), relative_weights(p.ds))
           AND pg_temp.close(driver_correlations(s.ds), driver_correlations(p.ds))) AS parallel_equals_serial
FROM driver_serial s JOIN driver_parallel p USING (g);
DROP TABLE driver_par CASCADE;
DROP TABLE driver_states, driver_states_back, driver_data, driver_expected, segments;
