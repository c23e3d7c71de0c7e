-- nps_prob_greater, csat_prob_greater: posterior P(metric of a > metric of b).
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers
\set ECHO none
\set reference :abs_srcdir '/sql/include/prob_greater_reference.sql'
\i :reference
\set ECHO all

-- 1. Against test/stats/prob_greater.py (CSAT: exact rationals; NPS: nested
-- scipy quad of a different decomposition, checked by Monte Carlo), to 1e-9.
SELECT metric, a, b, expected,
       CASE metric WHEN 'nps' THEN nps_prob_greater(a::score_summary, b::score_summary)
                   ELSE csat_prob_greater(a::score_summary, b::score_summary) END AS actual
INTO TEMP prob_checked FROM prob_reference;
SELECT metric, count(*) AS checked,
       count(*) FILTER (WHERE abs(actual - expected) <= 1e-9) AS within_1e_9
FROM prob_checked GROUP BY metric ORDER BY metric;
SELECT * FROM prob_checked WHERE NOT abs(actual - expected) <= 1e-9;

-- 2. Identical summaries give 0.5; the two orders sum to 1.
SELECT nps_prob_greater('{0:2,8:3,10:5}', '{0:2,8:3,10:5}') AS nps_same,
       csat_prob_greater('{1:1,4:4}', '{1:1,4:4}') AS csat_same,
       nps_prob_greater('{9:2:1.5:1.25}', '{9:2:1.5:1.25}') AS weighted_same;
SELECT abs(nps_prob_greater(a, b) + nps_prob_greater(b, a) - 1) < 1e-15 AS nps_sum_1,
       abs(csat_prob_greater(c, d) + csat_prob_greater(d, c) - 1) < 1e-15 AS csat_sum_1
FROM (VALUES ('{0:3,7:4,9:6}'::score_summary, '{0:5,8:1,10:9}'::score_summary,
              '{1:3,3:2,4:6}'::score_summary, '{2:7,5:9}'::score_summary)) v(a, b, c, d);

-- 3. Thresholds: promoters 8..10 and detractors 0..3 on the same answers
-- moved to the default buckets (8 -> 9, 3 -> 5, 5 -> 7) give the same value.
SELECT nps_prob_greater('{2:1,3:2,5:3,8:4,10:1}', '{0:4,5:2,8:2}', promoter_min => 8, detractor_max => 3)
     = nps_prob_greater('{2:1,5:2,7:3,9:4,10:1}', '{0:4,7:2,9:2}') AS nps_thresholds,
       csat_prob_greater('{1:2,2:3,3:4}', '{1:5,3:1}', satisfied_min => 3)
     = csat_prob_greater('{1:2,2:3,4:4}', '{1:5,4:1}') AS csat_threshold;

-- 4. Weighted: equal weights change nothing (n_eff = n, same shares); a
-- weighted summary uses n_eff times its weighted shares.
SELECT abs(nps_prob_greater('{0:2:4:8,8:3:6:12,10:5:10:20}', '{0:4,10:4}')
         - nps_prob_greater('{0:2,8:3,10:5}', '{0:4,10:4}')) < 1e-12 AS nps_weights_of_2,
       abs(csat_prob_greater('{2:3:1.5:0.75,5:7:3.5:1.75}', '{2:5,5:5}')
         - csat_prob_greater('{2:3,5:7}', '{2:5,5:5}')) < 1e-12 AS csat_weights_of_half;

-- 5. NULLs: an empty summary (or one of weight 0) has no posterior; NULL arguments.
SELECT nps_prob_greater('{}', '{9:1}') IS NULL AS nps_empty,
       csat_prob_greater('{4:1}', '{}') IS NULL AS csat_empty,
       nps_prob_greater('{9:1:0:0}', '{9:1}') IS NULL AS zero_weight,
       nps_prob_greater(NULL, '{9:1}') IS NULL AS null_a,
       csat_prob_greater('{4:1}', '{4:1}', NULL) IS NULL AS null_threshold;

-- 6. Errors: answers outside the default scales (22003), bad thresholds (22023).
SELECT pg_temp.expect_error($$SELECT nps_prob_greater('{11:1}', '{9:1}')$$);
SELECT pg_temp.expect_error($$SELECT csat_prob_greater('{4:1}', '{0:1}')$$);
SELECT pg_temp.expect_error($$SELECT csat_prob_greater('{4:1}', '{6:1}')$$);
SELECT pg_temp.expect_error($$SELECT nps_prob_greater('{9:1}', '{9:1}', promoter_min => 5, detractor_max => 6)$$);
SELECT pg_temp.expect_error($$SELECT csat_prob_greater('{4:1}', '{4:1}', satisfied_min => 101)$$);
-- outside the default scale is fine with explicit thresholds (0..100 here)
SELECT nps_prob_greater('{90:3,10:1}', '{90:1,10:3}', 80, 20)
     = nps_prob_greater('{10:3,0:1}', '{10:1,0:3}') AS scale_0_100;

-- 7. Immutable, parallel safe, strict.
SELECT p.oid::regprocedure AS function, p.provolatile, p.proparallel, p.proisstrict,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS has_comment
FROM pg_proc p WHERE p.proname IN ('nps_prob_greater', 'csat_prob_greater') ORDER BY 1;

-- 8. Huge counts, up to 4e18 answers (test/stats/prob_greater.py: CSAT
-- exact, weighted CSAT and NPS by Gamma or normal limits), to 1e-6.
SELECT metric, a, b, expected,
       CASE metric WHEN 'nps' THEN nps_prob_greater(a::score_summary, b::score_summary)
                   ELSE csat_prob_greater(a::score_summary, b::score_summary) END AS actual
INTO TEMP prob_huge_checked FROM prob_huge_reference;
SELECT metric, count(*) AS checked,
       count(*) FILTER (WHERE abs(actual - expected) <= 1e-6) AS within_1e_6
FROM prob_huge_checked GROUP BY metric ORDER BY metric;
SELECT * FROM prob_huge_checked WHERE NOT abs(actual - expected) <= 1e-6;
-- never NaN: a posterior mean within an ulp of 1, on either side
SELECT round(nps_prob_greater('{10:4000000000000000000}', '{0:1,10:3999999999999999999}')::numeric, 4) AS nps_near_1,
       round(nps_prob_greater('{0:3999999999999999999,10:1}', '{0:4000000000000000000}')::numeric, 4) AS nps_near_minus_1,
       csat_prob_greater('{5:4000000000000000000:2000000000000000000.5:1000000000000000000}',
                         '{1:1,5:1000}') AS csat_weighted_far_apart,
       csat_prob_greater('{1:1000}', '{1:1:0.5:0.25,5:4000000000000000000:4000000000000000000:4000000000000000000}') AS csat_weighted_far_below;
