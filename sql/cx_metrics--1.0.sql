-- cx_metrics 1.0: customer-experience metrics as parallel-safe aggregates.
--
-- Every object is created with plain CREATE and every reference is qualified
-- (@extschema@ or pg_catalog), so a hostile search_path cannot capture the
-- script (CVE-2022-2625, CVE-2023-39417).

\echo Use "CREATE EXTENSION cx_metrics" to load this file. \quit

-- ===================================================================
-- score_summary: exact distribution of integer answers 0..100
-- ===================================================================

CREATE TYPE @extschema@.score_summary;

CREATE FUNCTION @extschema@.score_summary_in(pg_catalog.cstring)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.score_summary_out(@extschema@.score_summary)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'score_summary_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.score_summary_recv(pg_catalog.internal)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.score_summary_send(@extschema@.score_summary)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'score_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.score_summary (
    INPUT = @extschema@.score_summary_in,
    OUTPUT = @extschema@.score_summary_out,
    RECEIVE = @extschema@.score_summary_recv,
    SEND = @extschema@.score_summary_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.score_summary IS
'Exact distribution of integer answers 0..100 (a count per value); text form {value:count,...}';

-- ===================================================================
-- csi_state: partial state of component-level weighted_csi
-- ===================================================================

CREATE TYPE @extschema@.csi_state;

CREATE FUNCTION @extschema@.csi_state_in(pg_catalog.cstring)
RETURNS @extschema@.csi_state
AS 'MODULE_PATHNAME', 'csi_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csi_state_out(@extschema@.csi_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'csi_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csi_state_recv(pg_catalog.internal)
RETURNS @extschema@.csi_state
AS 'MODULE_PATHNAME', 'csi_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csi_state_send(@extschema@.csi_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'csi_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.csi_state (
    INPUT = @extschema@.csi_state_in,
    OUTPUT = @extschema@.csi_state_out,
    RECEIVE = @extschema@.csi_state_recv,
    SEND = @extschema@.csi_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.csi_state IS
'Per-component rating counts and sums: the partial state of weighted_csi(component, satisfaction, importance)';

-- ===================================================================
-- Scalar accessors on score_summary
-- ===================================================================

CREATE FUNCTION @extschema@.nps(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps(@extschema@.score_summary) IS
'Net Promoter Score (-100..100) of a 0..10 summary: promoters 9-10, detractors 0-6';

CREATE FUNCTION @extschema@.nps(@extschema@.score_summary, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_thresholds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Net Promoter Score with custom buckets: promoters >= promoter_min, detractors <= detractor_max';

CREATE FUNCTION @extschema@.csat(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat(@extschema@.score_summary) IS
'CSAT: percent of ratings 4-5 of a 1..5 summary';

CREATE FUNCTION @extschema@.csat(@extschema@.score_summary, satisfied_min pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_threshold' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat(@extschema@.score_summary, pg_catalog.int4) IS
'CSAT: percent of ratings >= satisfied_min';

CREATE FUNCTION @extschema@.ces(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_ces' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces(@extschema@.score_summary) IS
'Customer Effort Score: mean of a 1..7 summary';

CREATE FUNCTION @extschema@.mean(@extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean(@extschema@.score_summary) IS
'Mean answer of a summary';

CREATE FUNCTION @extschema@.share(@extschema@.score_summary, lo pg_catalog.int4, hi pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_share' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.share(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Percent of answers between lo and hi inclusive';

CREATE FUNCTION @extschema@.responses(@extschema@.score_summary)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'score_summary_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.responses(@extschema@.score_summary) IS
'Number of answers in a summary';

-- ===================================================================
-- score_summary(answer) and rollup(score_summary)
-- ===================================================================

CREATE FUNCTION @extschema@.score_summary_trans(@extschema@.score_summary, pg_catalog.int4)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.score_summary_merge(@extschema@.score_summary, @extschema@.score_summary)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_merge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_merge(@extschema@.score_summary, @extschema@.score_summary) IS
'Exact merge of two summaries';

CREATE FUNCTION @extschema@.score_summary_final(@extschema@.score_summary)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.score_summary_moving_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'score_summary_moving_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.score_summary_moving_inv_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'score_summary_moving_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rollup_moving_trans(pg_catalog.int8[], @extschema@.score_summary)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'rollup_moving_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.rollup_moving_inv_trans(pg_catalog.int8[], @extschema@.score_summary)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'rollup_moving_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.score_summary_moving_final(pg_catalog.int8[])
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_moving_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.score_summary(pg_catalog.int4) (
    SFUNC = @extschema@.score_summary_trans,
    STYPE = @extschema@.score_summary,
    INITCOND = '{}',
    FINALFUNC = @extschema@.score_summary_final,
    COMBINEFUNC = @extschema@.score_summary_merge,
    MSFUNC = @extschema@.score_summary_moving_trans,
    MINVFUNC = @extschema@.score_summary_moving_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}',
    MFINALFUNC = @extschema@.score_summary_moving_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.score_summary(pg_catalog.int4) IS
'Exact distribution of the answers (0..100); NULL for a group without answers';

CREATE AGGREGATE @extschema@.rollup(@extschema@.score_summary) (
    SFUNC = @extschema@.score_summary_merge,
    STYPE = @extschema@.score_summary,
    INITCOND = '{}',
    FINALFUNC = @extschema@.score_summary_final,
    COMBINEFUNC = @extschema@.score_summary_merge,
    MSFUNC = @extschema@.rollup_moving_trans,
    MINVFUNC = @extschema@.rollup_moving_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}',
    MFINALFUNC = @extschema@.score_summary_moving_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.score_summary) IS
'Exact merge of stored summaries; NULL for a group without answers';

-- ===================================================================
-- Shared support of the counter-based aggregates (bigint[] states)
-- ===================================================================

CREATE FUNCTION @extschema@.cx_combine_3_0(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'cx_combine_3_0' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.cx_combine_3_2(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'cx_combine_3_2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.cx_combine_2_0(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'cx_combine_2_0' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.cx_combine_2_1(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'cx_combine_2_1' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.percent_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'percent_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- ===================================================================
-- nps
-- ===================================================================

CREATE FUNCTION @extschema@.nps_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps_inv_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps_thresholds_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4, pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_thresholds_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps_thresholds_inv_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4, pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_thresholds_inv_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'nps_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.nps(answer pg_catalog.int4) (
    SFUNC = @extschema@.nps_trans,
    STYPE = pg_catalog.int8[],
    INITCOND = '{0,0,0}',
    FINALFUNC = @extschema@.nps_final,
    COMBINEFUNC = @extschema@.cx_combine_3_0,
    MSFUNC = @extschema@.nps_trans,
    MINVFUNC = @extschema@.nps_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0,0}',
    MFINALFUNC = @extschema@.nps_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(pg_catalog.int4) IS
'Net Promoter Score (-100..100) of 0..10 answers: promoters 9-10, detractors 0-6';

CREATE AGGREGATE @extschema@.nps(answer pg_catalog.int4, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4) (
    SFUNC = @extschema@.nps_thresholds_trans,
    STYPE = pg_catalog.int8[],
    INITCOND = '{0,0,0,-1,-1}',
    FINALFUNC = @extschema@.nps_final,
    COMBINEFUNC = @extschema@.cx_combine_3_2,
    MSFUNC = @extschema@.nps_thresholds_trans,
    MINVFUNC = @extschema@.nps_thresholds_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0,0,-1,-1}',
    MFINALFUNC = @extschema@.nps_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.nps(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
'Net Promoter Score with custom buckets: promoters >= promoter_min, detractors <= detractor_max';

-- ===================================================================
-- csat
-- ===================================================================

CREATE FUNCTION @extschema@.csat_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'csat_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_inv_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'csat_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_threshold_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'csat_threshold_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_threshold_inv_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'csat_threshold_inv_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE @extschema@.csat(rating pg_catalog.int4) (
    SFUNC = @extschema@.csat_trans,
    STYPE = pg_catalog.int8[],
    INITCOND = '{0,0}',
    FINALFUNC = @extschema@.percent_final,
    COMBINEFUNC = @extschema@.cx_combine_2_0,
    MSFUNC = @extschema@.csat_trans,
    MINVFUNC = @extschema@.csat_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0}',
    MFINALFUNC = @extschema@.percent_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(pg_catalog.int4) IS
'CSAT: percent of 1..5 ratings that are 4 or 5';

CREATE AGGREGATE @extschema@.csat(rating pg_catalog.int4, satisfied_min pg_catalog.int4) (
    SFUNC = @extschema@.csat_threshold_trans,
    STYPE = pg_catalog.int8[],
    INITCOND = '{0,0,-1}',
    FINALFUNC = @extschema@.percent_final,
    COMBINEFUNC = @extschema@.cx_combine_2_1,
    MSFUNC = @extschema@.csat_threshold_trans,
    MINVFUNC = @extschema@.csat_threshold_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0,-1}',
    MFINALFUNC = @extschema@.percent_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(pg_catalog.int4, pg_catalog.int4) IS
'CSAT: percent of ratings (0..100) >= satisfied_min';

-- ===================================================================
-- ces
-- ===================================================================

CREATE FUNCTION @extschema@.ces_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'ces_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ces_inv_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'ces_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.mean_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'mean_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.ces(effort pg_catalog.int4) (
    SFUNC = @extschema@.ces_trans,
    STYPE = pg_catalog.int8[],
    INITCOND = '{0,0}',
    FINALFUNC = @extschema@.mean_final,
    COMBINEFUNC = @extschema@.cx_combine_2_0,
    MSFUNC = @extschema@.ces_trans,
    MINVFUNC = @extschema@.ces_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0}',
    MFINALFUNC = @extschema@.mean_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.ces(pg_catalog.int4) IS
'Customer Effort Score: mean of 1..7 answers';

-- ===================================================================
-- weighted_csi
-- ===================================================================

CREATE FUNCTION @extschema@.weighted_csi_trans(pg_catalog.float8[], pg_catalog.float8, pg_catalog.float8)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'weighted_csi_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.weighted_csi_combine(pg_catalog.float8[], pg_catalog.float8[])
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'weighted_csi_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.weighted_csi_final(pg_catalog.float8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'weighted_csi_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.weighted_csi(satisfaction pg_catalog.float8, importance pg_catalog.float8) (
    SFUNC = @extschema@.weighted_csi_trans,
    STYPE = pg_catalog.float8[],
    INITCOND = '{0,0}',
    FINALFUNC = @extschema@.weighted_csi_final,
    COMBINEFUNC = @extschema@.weighted_csi_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.weighted_csi(pg_catalog.float8, pg_catalog.float8) IS
'Importance-weighted satisfaction, row level: sum(importance * satisfaction) / sum(importance)';

CREATE FUNCTION @extschema@.weighted_csi_component_trans(@extschema@.csi_state, pg_catalog.text, pg_catalog.float8, pg_catalog.float8)
RETURNS @extschema@.csi_state
AS 'MODULE_PATHNAME', 'weighted_csi_component_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csi_state_combine(@extschema@.csi_state, @extschema@.csi_state)
RETURNS @extschema@.csi_state
AS 'MODULE_PATHNAME', 'csi_state_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.weighted_csi_component_final(@extschema@.csi_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'weighted_csi_component_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.weighted_csi(component pg_catalog.text, satisfaction pg_catalog.float8, importance pg_catalog.float8) (
    SFUNC = @extschema@.weighted_csi_component_trans,
    STYPE = @extschema@.csi_state,
    INITCOND = '{}',
    FINALFUNC = @extschema@.weighted_csi_component_final,
    COMBINEFUNC = @extschema@.csi_state_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.weighted_csi(pg_catalog.text, pg_catalog.float8, pg_catalog.float8) IS
'Importance-weighted satisfaction, component level: sum_c(mean importance * mean satisfaction) / sum_c(mean importance)';

-- ===================================================================
-- churn_rate
-- ===================================================================

CREATE FUNCTION @extschema@.churn_flag_trans(pg_catalog.int8[], pg_catalog.bool)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_flag_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_flag_inv_trans(pg_catalog.int8[], pg_catalog.bool)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_flag_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.churn_rate(churned pg_catalog.bool) (
    SFUNC = @extschema@.churn_flag_trans,
    STYPE = pg_catalog.int8[],
    INITCOND = '{0,0}',
    FINALFUNC = @extschema@.percent_final,
    COMBINEFUNC = @extschema@.cx_combine_2_0,
    MSFUNC = @extschema@.churn_flag_trans,
    MINVFUNC = @extschema@.churn_flag_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0}',
    MFINALFUNC = @extschema@.percent_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.bool) IS
'Percent of customers flagged as churned';

CREATE FUNCTION @extschema@.churn_tstz_trans(pg_catalog.int8[], pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_tstz_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_tstz_trans(pg_catalog.int8[], pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange, pg_catalog.text)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_tstz_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_date_trans(pg_catalog.int8[], pg_catalog.date, pg_catalog.date, pg_catalog.daterange)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_date_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_date_trans(pg_catalog.int8[], pg_catalog.date, pg_catalog.date, pg_catalog.daterange, pg_catalog.text)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_date_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.churn_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'churn_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period pg_catalog.tstzrange) (
    SFUNC = @extschema@.churn_tstz_trans,
    STYPE = pg_catalog.int8[],
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period pg_catalog.tstzrange, basis pg_catalog.text) (
    SFUNC = @extschema@.churn_tstz_trans,
    STYPE = pg_catalog.int8[],
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period pg_catalog.daterange) (
    SFUNC = @extschema@.churn_date_trans,
    STYPE = pg_catalog.int8[],
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period pg_catalog.daterange, basis pg_catalog.text) (
    SFUNC = @extschema@.churn_date_trans,
    STYPE = pg_catalog.int8[],
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange) IS
'Churn rate (percent) over a period, basis start: lost among those active at its start';
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange, pg_catalog.text) IS
'Churn rate (percent) over a period; basis start, average or new';
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.date, pg_catalog.date, pg_catalog.daterange) IS
'Churn rate (percent) over a period, basis start: lost among those active at its start';
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.date, pg_catalog.date, pg_catalog.daterange, pg_catalog.text) IS
'Churn rate (percent) over a period; basis start, average or new';
