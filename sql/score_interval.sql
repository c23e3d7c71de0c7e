-- NPS score interval (Rocks 2016; Tango's score method): nps_low/nps_high with
-- method => 'score'.  Reference values: test/stats/score_interval.py, an
-- independent implementation in Python (scipy) that maximises the constrained
-- likelihood numerically, copied from test/unit/score_interval_reference.h.
-- The first row is the published example of Cavo et al. (2012):
-- -12.40 to -0.54.
CREATE TEMP TABLE score_reference (s score_summary, confidence float8, low float8, high float8);
INSERT INTO score_reference VALUES
    ('{0:16,8:139,10:6}', 0.95, -12.402343245890904, -0.5433395899130183),
    ('{0:1,8:2,10:9}', 0.95, 16.487568505855936, 88.35703100973313),
    ('{10:1}', 0.95, -58.69013712455252, 100.0),
    ('{8:1}', 0.95, -79.34506856227627, 79.34506856227627),
    ('{0:1}', 0.95, -100.0, 58.69013712455252),
    ('{8:10}', 0.95, -27.75327998628892, 27.75327998628892),
    ('{8:10}', 0.9, -21.2941970083407, 21.2941970083407),
    ('{10:25}', 0.95, 73.36154981219029, 100.0),
    ('{0:25}', 0.95, -100.0, -73.36154981219029),
    ('{0:5,10:5}', 0.95, -52.6813818974872, 52.6813818974872),
    ('{0:3,8:4,10:3}', 0.99, -55.04055686482641, 55.04055710773484),
    ('{0:25,8:35,10:40}', 0.95, -0.809286462637211, 29.991239043378364),
    ('{0:250,8:350,10:400}', 0.95, 10.052728042176971, 19.864292470719132),
    ('{0:1,8:98,10:1}', 0.95, -4.561818165147775, 4.561818155043642),
    ('{0:10,8:30,10:60}', 0.8, 40.85375560647451, 58.051967908199074),
    ('{8:1,10:2}', 0.95, -26.91617199552497, 93.85080552796038),
    ('{0:100,8:200,10:700}', 0.999, 52.592696205633594, 66.40751909712779);
-- Every bound within 1e-6 points of the reference (listed when not).
SELECT count(*) AS cases,
       count(*) FILTER (WHERE abs(nps_low(s, confidence, method => 'score') - low) <= 1e-6
                          AND abs(nps_high(s, confidence, method => 'score') - high) <= 1e-6) AS within_1e6
FROM score_reference;
SELECT s, confidence, low, nps_low(s, confidence, method => 'score') AS c_low,
       high, nps_high(s, confidence, method => 'score') AS c_high
FROM score_reference
WHERE NOT (abs(nps_low(s, confidence, method => 'score') - low) <= 1e-6
           AND abs(nps_high(s, confidence, method => 'score') - high) <= 1e-6);
-- The published example, rounded as published.
SELECT round(nps_low('{0:16,8:139,10:6}', method => 'score')::numeric, 2) AS low,
       round(nps_high('{0:16,8:139,10:6}', method => 'score')::numeric, 2) AS high;
-- The point estimate lies inside; all promoters reach exactly 100; the
-- default method is still adjusted-Wald (different numbers).
SELECT bool_and(nps_low(s, confidence, method => 'score') <= nps(s)
                AND nps(s) <= nps_high(s, confidence, method => 'score')) AS estimate_inside,
       bool_and(nps_low(s, confidence, method => 'score') >= -100
                AND nps_high(s, confidence, method => 'score') <= 100) AS within_range
FROM score_reference;
SELECT nps_high('{10:25}', method => 'score') = 100 AS all_promoters_100,
       nps_low('{0:25}', method => 'score') = -100 AS all_detractors_minus_100,
       nps_low('{0:16,8:139,10:6}', method => 'score') <> nps_low('{0:16,8:139,10:6}') AS differs_from_adjusted_wald;
-- Thresholds and the confidence are read as for the other method: the same
-- summary on a 1..5 scale with promoters 5, detractors 1..3.
SELECT nps_low('{1:16,4:139,5:6}', promoter_min => 5, detractor_max => 3, method => 'score')
       = nps_low('{0:16,8:139,10:6}', method => 'score') AS thresholds_read;
-- Weighted summaries use the effective sample size: weights all 2 give the
-- unweighted interval.
SELECT nps_low(score_summary(a, 2), method => 'score') = nps_low(score_summary(a), method => 'score') AS weights_2_same
FROM unnest(ARRAY[0, 0, 3, 7, 8, 9, 10, 10, 10]) a;
-- Empty summary: NULL; unknown method: 22023.
SELECT nps_low('{}', method => 'score') IS NULL AS empty_null;
SELECT nps_low('{10:1}', method => 'Score');
