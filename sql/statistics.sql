-- Margins of error, intervals, tests, survey weights (cx_metrics 1.1).
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers
\set ECHO none
\set reference :abs_srcdir '/sql/include/statistics_reference.sql'
\i :reference
\set ECHO all

-- 1. Every value of the independent scipy reference (test/stats/make_expected.py)
-- is reproduced to 1e-9, relative (absolute near 0).  Mismatches are listed.
CREATE FUNCTION pg_temp.evaluate(expression text, a score_summary, b score_summary)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    result float8;
BEGIN
    EXECUTE format('SELECT %s FROM (SELECT $1 AS a, $2 AS b) x', expression) INTO result USING a, b;
    RETURN result;
END
$$;
CREATE TEMP TABLE checked AS
SELECT r.a_name, r.b_name, r.expression, r.expected,
       pg_temp.evaluate(r.expression, sa.summary::score_summary, sb.summary::score_summary) AS actual
FROM reference_value r
JOIN reference_summary sa ON sa.name = r.a_name
LEFT JOIN reference_summary sb ON sb.name = r.b_name;
SELECT count(*) AS reference_values,
       count(*) FILTER (WHERE expected IS NULL) AS of_which_null
FROM checked;
SELECT a_name, b_name, expression, expected, actual FROM checked
WHERE (expected IS NULL) <> (actual IS NULL)
   OR abs(actual - expected) > 1e-9 * greatest(1.0, abs(expected))
ORDER BY 1, 2, 3;

-- A few of them in full, checked by hand:
-- n12 (9 promoters, 1 detractor of 12): p = 0.75, d = 1/12, v = 0.75 + 1/12 - (2/3)^2
-- = 0.38889; Wald MOE = 100 * 1.959964 * sqrt(0.38889 / 12) = 35.28 points.
SELECT round(nps(s)::numeric, 2) AS nps, round(nps_moe(s)::numeric, 2) AS moe,
       round(nps_low(s)::numeric, 2) AS low, round(nps_high(s)::numeric, 2) AS high
FROM (SELECT '{3:1,7:1,8:1,9:4,10:5}'::score_summary AS s) x;
-- All promoters: the adjusted-Wald interval stays inside [-100, 100].
SELECT nps_low(s) >= -100 AND nps_high(s) <= 100 AS inside, nps_high(s) AS high, nps_moe(s) AS wald_moe_is_0
FROM (SELECT '{10:50}'::score_summary AS s) x;
-- Wider at 99 % than at 90 %.
SELECT nps_low(s, 0.99) < nps_low(s, 0.90) AND nps_high(s, 0.99) > nps_high(s, 0.90) AS wider
FROM (SELECT '{0:3,7:2,10:6}'::score_summary AS s) x;
-- Same NPS in two samples: p-value 1; clearly different: p-value < 0.001.
SELECT nps_test('{0:5,10:5}', '{0:50,10:50}') AS same_nps,
       nps_test('{10:50}', '{0:50}') < 0.001 AS different;

-- 2. Survey weights.
CREATE TABLE weighted_rows (answer int, rating int, weight float8);
INSERT INTO weighted_rows VALUES (10, 5, 2), (9, 4, 1), (7, 3, 0.5), (3, 2, 1.5), (0, 1, 1), (NULL, 3, 1), (8, NULL, NULL);
-- Rows with a NULL answer or weight are skipped: 5 answers, sum w = 6,
-- sum w^2 = 4 + 1 + 0.25 + 2.25 + 1 = 8.5, n_eff = 36 / 8.5 = 4.235294...
-- NPS = 100 * (3 - 2.5) / 6 = 8.333...
SELECT score_summary(answer, weight) AS summary, responses(score_summary(answer, weight)) AS n,
       effective_responses(score_summary(answer, weight)) AS n_eff,
       nps(score_summary(answer, weight)) AS nps
FROM weighted_rows;
-- Hand-made n_eff: weights 1, 1, 2 -> 4^2 / 6 = 2.666...
SELECT effective_responses(score_summary(a, w)) FROM (VALUES (1, 1.0), (2, 1.0), (3, 2.0)) v(a, w);
-- Weight 0 contributes nothing to shares: {10 (w 0), 5, 9} = one promoter, one detractor.
SELECT nps(score_summary(a, w)) AS nps_0, responses(score_summary(a, w)) AS raw_count_3
FROM (VALUES (10, 0.0), (5, 2.0), (9, 2.0)) v(a, w);
-- Only zero weights: nothing to measure.
SELECT nps(s), csat(s, 1), mean(s), nps_low(s), effective_responses(s)
FROM (SELECT score_summary(a, 0) AS s FROM generate_series(1, 5) a) x;

-- Weights all 1 give exactly the unweighted results.
CREATE TABLE stat_rows AS
SELECT i % 3 AS g, (hashint4(i) & 2147483647) % 11 AS answer, 1 + (hashint4(i + 9) & 2147483647) % 5 AS rating
FROM generate_series(1, 3000) i;
SELECT g,
       nps(score_summary(answer, 1)) = nps(answer) AS nps,
       nps_low(score_summary(answer, 1)) = nps_low(score_summary(answer)) AS nps_low,
       nps_moe(score_summary(answer, 1), 0.9) = nps_moe(score_summary(answer), 0.9) AS nps_moe,
       csat_high(score_summary(rating, 1)) = csat_high(score_summary(rating)) AS csat_high,
       mean_low(score_summary(answer, 1)) = mean_low(score_summary(answer)) AS mean_low,
       effective_responses(score_summary(answer, 1)) = count(answer) AS n_eff
FROM stat_rows GROUP BY g ORDER BY g;
-- Duplicating each row equals weight 2 for the point estimates.
SELECT nps(d.s) = nps(w.s) AS nps, csat(d.r) = csat(w.r) AS csat, mean(d.s) = mean(w.s) AS mean
FROM (SELECT score_summary(answer) s, score_summary(rating) r FROM stat_rows, generate_series(1, 2)) d,
     (SELECT score_summary(answer, 2) s, score_summary(rating, 2) r FROM stat_rows) w;

-- Weighted summaries: text and binary forms round trip; rollup merges them
-- with unweighted ones (an unweighted answer has weight 1).
SELECT '{3:1:1.5:2.25,10:2:3:4.5}'::score_summary AS weighted_text;
CREATE TABLE weighted_store (id int, s score_summary);
INSERT INTO weighted_store VALUES (1, '{3:1:1.5:2.25,10:2:3:4.5}'), (2, '{5:3:0.1:0.01}'), (3, '{}');
COPY weighted_store TO '/tmp/cx_metrics_regress_weighted.bin' (FORMAT binary);
CREATE TABLE weighted_back (id int, s score_summary);
COPY weighted_back FROM '/tmp/cx_metrics_regress_weighted.bin' (FORMAT binary);
SELECT a.id, a.s::text = b.s::text AS binary_round_trip, b.s::text::score_summary::text = b.s::text AS text_round_trip
FROM weighted_store a JOIN weighted_back b USING (id) ORDER BY id;
SELECT score_summary_send('{3:1:1.5:2.25}') AS version_2_wire;
SELECT rollup(s) FROM (VALUES ('{3:1:1.5:2.25}'::score_summary), ('{3:2,9:1}')) v(s);
-- Sliding frames of weighted summaries are refused, unbounded frames work.
SELECT pg_temp.expect_error($$SELECT rollup(s) OVER (ORDER BY id ROWS 1 PRECEDING) FROM weighted_store$$);
SELECT id, rollup(s) OVER (ORDER BY id) FROM weighted_store ORDER BY id;

-- A value stored in the version-1 binary format (the 1.0 release) still reads.
CREATE TABLE wire_bytes (b bytea);
INSERT INTO wire_bytes VALUES ('\x0100000000020300000000000000010a0000000000000102');
COPY wire_bytes TO '/tmp/cx_metrics_regress_wire.bin' (FORMAT binary);
CREATE TABLE stored_v1 (s score_summary);
COPY stored_v1 FROM '/tmp/cx_metrics_regress_wire.bin' (FORMAT binary);
SELECT s, responses(s), nps(s), effective_responses(s) FROM stored_v1;

-- 3. Bad input.
SELECT c, pg_temp.expect_error(format('SELECT nps_low(%L::score_summary, %s)', '{9:1}', c)) AS error
FROM (VALUES ('0'), ('1'), ('-0.5'), ('1.5'), ('''NaN''::float8'), ('''Infinity''::float8')) v(c);
SELECT pg_temp.expect_error($$SELECT csat_high('{4:1}', 0::float8)$$);
SELECT pg_temp.expect_error($$SELECT mean_low('{4:1,5:1}', 1.0)$$);
SELECT pg_temp.expect_error($$SELECT nps_moe('{4:1}', 1.0, 9, 6)$$);
-- NULL confidence or summary: NULL, as every scalar function.
SELECT nps_low('{9:1}', NULL::float8) IS NULL AS null_confidence, nps_test(NULL, '{9:1}') IS NULL AS null_summary;
SELECT w, pg_temp.expect_error(format('SELECT score_summary(5, %s)', w)) AS error
FROM (VALUES ('-1'), ('''NaN''::float8'), ('''Infinity''::float8'), ('''-Infinity''::float8'), ('1e-200')) v(w);
-- Huge weights stay finite: two answers of weight 1e154 (their squares sum
-- past DBL_MAX) have n_eff 2 and NPS 100 * (1 - 1) / 2 = 0.
SELECT effective_responses(s), nps(s) FROM (SELECT score_summary(a, 1e154) AS s FROM unnest(ARRAY[9, 0]) a) x;
SELECT pg_temp.expect_error($$SELECT score_summary(a, 1e300) FROM generate_series(1, 2) a$$);
SELECT pg_temp.expect_error($$SELECT nps_low('{11:1}')$$);
SELECT pg_temp.expect_error($$SELECT csat_low('{6:1}')$$);
SELECT pg_temp.expect_error($$SELECT nps_test('{9:1}', '{11:1}')$$);
SELECT pg_temp.expect_error($$SELECT nps_low('{9:1}', promoter_min => 6, detractor_max => 6)$$);
SELECT pg_temp.expect_error($$SELECT csat_test('{9:1}', '{9:1}', 101)$$);
SELECT input, pg_temp.expect_error(format('SELECT %L::score_summary', input)) AS error
FROM (VALUES ('{1:1:1:1,2:1}'), ('{1:1,2:1:1:1}'), ('{1:1:-1:1}'), ('{1:1:0:1}'), ('{1:1:1:0}'),
             ('{1:1:NaN:1}'), ('{1:1:1e999:1}'), ('{1:0:1:1}'), ('{1:1:1}'), ('{1:1:1:2}'), ('{1:2:4:4}'), ('{1:1:-0:-0}')) v(input);
-- Empty summaries: NULL.
SELECT nps_low('{}'), nps_moe('{}'), csat_high('{}'), mean_low('{}'), nps_test('{}', '{9:1}'), csat_test('{4:1}', '{}');
-- One answer has no sample variance: the mean interval is NULL.
SELECT mean_low('{4:1}') IS NULL AS one_answer, mean_low('{4:1,5:1}') AS two_answers;
-- Rounding in the weight sums grows with the number of answers: merging two
-- valid summaries with the same mean weight lands just past a fixed tolerance.
-- The merged value must read back (it did not: 22P02 "corrupt").
SELECT rollup(s)::text::score_summary AS merged,
       round(effective_responses(rollup(s))::numeric, 6) AS n_eff
FROM (VALUES ('{5:747:58.344032096288863:4.5569291537466663}'::score_summary),
             ('{5:4482:350.06419257773319:27.341574922479978}')) v(s);
-- Sums just inside the reading tolerance can put Kish's ratio below 1; the
-- effective sample stays in [1, n] (it was 0.99999992 and 0.5025).
SELECT effective_responses('{5:100000000:1:1.00000008}') AS just_below_one,
       effective_responses('{0:600000000000000:1:1.99}') AS huge_count;
