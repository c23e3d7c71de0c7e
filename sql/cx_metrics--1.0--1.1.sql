-- cx_metrics 1.0 -> 1.1: uncertainty next to every number (margins of error,
-- intervals, significance tests) and survey weights.  Adds objects only; no
-- existing object is dropped or replaced.

\echo Use "ALTER EXTENSION cx_metrics UPDATE TO '1.1'" to load this file. \quit

-- ===================================================================
-- Survey weights
-- ===================================================================

CREATE FUNCTION @extschema@.score_summary_weighted_trans(@extschema@.score_summary, pg_catalog.int4, pg_catalog.float8)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_weighted_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.score_summary(answer pg_catalog.int4, weight pg_catalog.float8) (
    SFUNC = @extschema@.score_summary_weighted_trans,
    STYPE = @extschema@.score_summary,
    INITCOND = '{}',
    FINALFUNC = @extschema@.score_summary_final,
    COMBINEFUNC = @extschema@.score_summary_merge,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.score_summary(pg_catalog.int4, pg_catalog.float8) IS
'Weighted distribution of the answers: per value the count, the sum of weights and of squared weights';

CREATE FUNCTION @extschema@.effective_responses(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_effective_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.effective_responses(@extschema@.score_summary) IS
'Kish''s effective sample size (sum w)^2 / sum w^2; the number of answers when unweighted';

-- ===================================================================
-- NPS: Wald margin of error, adjusted-Wald interval (Rocks 2016)
-- ===================================================================

CREATE FUNCTION @extschema@.nps_moe(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_moe' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_moe(@extschema@.score_summary) IS
'Wald margin of error of the NPS in points: 100 z sqrt(v / n) (95 %)';

CREATE FUNCTION @extschema@.nps_moe(@extschema@.score_summary, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_moe' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_moe(@extschema@.score_summary, pg_catalog.float8) IS
'Wald margin of error of the NPS in points: 100 z sqrt(v / n)';

CREATE FUNCTION @extschema@.nps_moe(@extschema@.score_summary, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_moe' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_moe(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Wald margin of error of the NPS in points: 100 z sqrt(v / n), custom buckets (95 %)';

CREATE FUNCTION @extschema@.nps_moe(@extschema@.score_summary, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_moe' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_moe(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4, pg_catalog.float8) IS
'Wald margin of error of the NPS in points: 100 z sqrt(v / n), custom buckets';

CREATE FUNCTION @extschema@.nps_low(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_low(@extschema@.score_summary) IS
'Lower bound of the adjusted-Wald interval of the NPS, clamped to -100 (95 %)';

CREATE FUNCTION @extschema@.nps_low(@extschema@.score_summary, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_low(@extschema@.score_summary, pg_catalog.float8) IS
'Lower bound of the adjusted-Wald interval of the NPS, clamped to -100';

CREATE FUNCTION @extschema@.nps_low(@extschema@.score_summary, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_low(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Lower bound of the adjusted-Wald interval of the NPS, clamped to -100, custom buckets (95 %)';

CREATE FUNCTION @extschema@.nps_low(@extschema@.score_summary, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_low(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4, pg_catalog.float8) IS
'Lower bound of the adjusted-Wald interval of the NPS, clamped to -100, custom buckets';

CREATE FUNCTION @extschema@.nps_high(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_high(@extschema@.score_summary) IS
'Upper bound of the adjusted-Wald interval of the NPS, clamped to 100 (95 %)';

CREATE FUNCTION @extschema@.nps_high(@extschema@.score_summary, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_high(@extschema@.score_summary, pg_catalog.float8) IS
'Upper bound of the adjusted-Wald interval of the NPS, clamped to 100';

CREATE FUNCTION @extschema@.nps_high(@extschema@.score_summary, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_high(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Upper bound of the adjusted-Wald interval of the NPS, clamped to 100, custom buckets (95 %)';

CREATE FUNCTION @extschema@.nps_high(@extschema@.score_summary, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_high(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4, pg_catalog.float8) IS
'Upper bound of the adjusted-Wald interval of the NPS, clamped to 100, custom buckets';

-- ===================================================================
-- CSAT: Wilson score interval; mean: normal interval
-- ===================================================================

CREATE FUNCTION @extschema@.csat_low(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_low(@extschema@.score_summary) IS
'Lower bound of the Wilson interval of CSAT, percent (95 %)';

CREATE FUNCTION @extschema@.csat_low(@extschema@.score_summary, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_low(@extschema@.score_summary, pg_catalog.float8) IS
'Lower bound of the Wilson interval of CSAT, percent';

CREATE FUNCTION @extschema@.csat_low(@extschema@.score_summary, satisfied_min pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_min_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_low(@extschema@.score_summary, pg_catalog.int4) IS
'Lower bound of the Wilson interval of CSAT, percent, ratings >= satisfied_min (95 %)';

CREATE FUNCTION @extschema@.csat_low(@extschema@.score_summary, satisfied_min pg_catalog.int4, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_min_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_low(@extschema@.score_summary, pg_catalog.int4, pg_catalog.float8) IS
'Lower bound of the Wilson interval of CSAT, percent, ratings >= satisfied_min';

CREATE FUNCTION @extschema@.csat_high(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_high(@extschema@.score_summary) IS
'Upper bound of the Wilson interval of CSAT, percent (95 %)';

CREATE FUNCTION @extschema@.csat_high(@extschema@.score_summary, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_high(@extschema@.score_summary, pg_catalog.float8) IS
'Upper bound of the Wilson interval of CSAT, percent';

CREATE FUNCTION @extschema@.csat_high(@extschema@.score_summary, satisfied_min pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_min_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_high(@extschema@.score_summary, pg_catalog.int4) IS
'Upper bound of the Wilson interval of CSAT, percent, ratings >= satisfied_min (95 %)';

CREATE FUNCTION @extschema@.csat_high(@extschema@.score_summary, satisfied_min pg_catalog.int4, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_min_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_high(@extschema@.score_summary, pg_catalog.int4, pg_catalog.float8) IS
'Upper bound of the Wilson interval of CSAT, percent, ratings >= satisfied_min';

CREATE FUNCTION @extschema@.mean_low(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_low(@extschema@.score_summary) IS
'Lower bound of the normal interval of the mean answer (95 %)';

CREATE FUNCTION @extschema@.mean_low(@extschema@.score_summary, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_low(@extschema@.score_summary, pg_catalog.float8) IS
'Lower bound of the normal interval of the mean answer';

CREATE FUNCTION @extschema@.mean_high(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_high(@extschema@.score_summary) IS
'Upper bound of the normal interval of the mean answer (95 %)';

CREATE FUNCTION @extschema@.mean_high(@extschema@.score_summary, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_high(@extschema@.score_summary, pg_catalog.float8) IS
'Upper bound of the normal interval of the mean answer';

-- ===================================================================
-- Significance tests: two-sided p-values
-- ===================================================================

CREATE FUNCTION @extschema@.nps_test(a @extschema@.score_summary, b @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_test(@extschema@.score_summary, @extschema@.score_summary) IS
'Two-sided p-value that two NPS differ (adjusted-Wald z-test)';

CREATE FUNCTION @extschema@.nps_test(a @extschema@.score_summary, b @extschema@.score_summary, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_test(@extschema@.score_summary, @extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Two-sided p-value that two NPS with custom buckets differ';

CREATE FUNCTION @extschema@.csat_test(a @extschema@.score_summary, b @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_test(@extschema@.score_summary, @extschema@.score_summary) IS
'Two-sided p-value that two CSAT differ (pooled two-proportion z-test)';

CREATE FUNCTION @extschema@.csat_test(a @extschema@.score_summary, b @extschema@.score_summary, satisfied_min pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_test' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_test(@extschema@.score_summary, @extschema@.score_summary, pg_catalog.int4) IS
'Two-sided p-value that two CSAT with a custom threshold differ';
