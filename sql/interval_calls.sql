-- Interval functions: the confidence is always the second argument, a fraction
-- in (0, 1); thresholds follow it or go by name.  Every call in which a user
-- could mistake a threshold for a confidence (or the 1.x argument order) is
-- an error whose hint shows the intended call; none returns a number.
CREATE TEMP TABLE s AS SELECT '{1:2,2:1,3:3,4:7,5:9}'::score_summary AS s, '{0:3,5:2,7:4,9:6,10:7}'::score_summary AS n;

-- The mistaken calls, one by one.
SELECT csat_low(s, 95) FROM s;
SELECT csat_high(s, 95) FROM s;
SELECT csat_low(s, 1) FROM s;
SELECT csat_low(s, 0) FROM s;
SELECT csat_low(s, 5, 0.9) FROM s;          -- 1.x order: satisfied_min, confidence
SELECT csat_high(s, 4, 0.99) FROM s;
SELECT nps_low(n, 9, 6) FROM s;
SELECT nps_high(n, 9, 6) FROM s;
SELECT nps_moe(n, 9, 6) FROM s;
SELECT nps_moe(n, 95) FROM s;
SELECT nps_low(n, 90) FROM s;
SELECT nps_low(n, 5, 3, 0.9) FROM s;        -- 1.x order: thresholds, then confidence
SELECT nps_moe(n, 1) FROM s;
SELECT mean_low(s, 95) FROM s;
SELECT mean_high(s, 1) FROM s;
SELECT nps_low(n, method => 'wald') FROM s;

-- The intended calls work, and named and positional notation agree.
SELECT csat_low(s) = csat_low(s, 0.95) AS default_is_95,
       csat_low(s, satisfied_min => 5) = csat_low(s, 0.95, 5) AS named_threshold,
       csat_low(s, satisfied_min => 5, confidence => 0.9) = csat_low(s, 0.9, 5) AS any_order,
       csat_high(s, confidence => 0.99) = csat_high(s, 0.99, 4) AS default_threshold_is_4
FROM s;
SELECT nps_low(n) = nps_low(n, 0.95, 9, 6) AS defaults,
       nps_low(n, promoter_min => 5, detractor_max => 3) = nps_low(n, 0.95, 5, 3) AS named_thresholds,
       nps_high(n, detractor_max => 3, promoter_min => 5, confidence => 0.9) = nps_high(n, 0.9, 5, 3) AS any_order,
       nps_moe(n, promoter_min => 8, detractor_max => 6) = nps_moe(n, 0.95, 8, 6) AS moe_named,
       nps_low(n, '0.9') = nps_low(n, 0.9) AS quoted_confidence,
       nps_low(n, method => 'adjusted-wald') = nps_low(n) AS default_method
FROM s;
-- Thresholds change the answer (so they are read): 5 promoters/3 detractors
-- on 0..10 is not the standard bucketing.
SELECT nps_low(n, promoter_min => 5, detractor_max => 3) <> nps_low(n) AS thresholds_used,
       csat_low(s, satisfied_min => 5) < csat_low(s) AS satisfied_min_used
FROM s;
-- With the standard thresholds the summary must be on the standard scale, as
-- for nps(s) and csat(s); with others any 0..100 summary is read.
SELECT nps_low('{50:1,95:3}'::score_summary);
SELECT round(nps_low('{50:1,95:3}'::score_summary, promoter_min => 90, detractor_max => 60)::numeric, 4) AS nps_low_0_100;
SELECT csat_low('{7:1}'::score_summary);
SELECT csat_low('{7:1,2:1}'::score_summary, satisfied_min => 6) > 0 AS csat_low_1_7;
