-- cx_metrics 2.0: customer-experience metrics as parallel-safe aggregates.
--
-- The full install script of version 2.0 (a fresh install runs only this
-- file; cx_metrics--1.2--2.0.sql brings a 1.x database to the same catalog).
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
COMMENT ON FUNCTION @extschema@.score_summary_in(pg_catalog.cstring) IS
'Text input of score_summary: {value:count,...} or {value:count:sum_w:sum_w2,...}';

CREATE FUNCTION @extschema@.score_summary_out(@extschema@.score_summary)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'score_summary_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_out(@extschema@.score_summary) IS
'Text output of score_summary';

CREATE FUNCTION @extschema@.score_summary_recv(pg_catalog.internal)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_recv(pg_catalog.internal) IS
'Binary input of score_summary (COPY BINARY, drivers)';

CREATE FUNCTION @extschema@.score_summary_send(@extschema@.score_summary)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'score_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_send(@extschema@.score_summary) IS
'Binary output of score_summary (COPY BINARY, drivers)';

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
COMMENT ON FUNCTION @extschema@.csi_state_in(pg_catalog.cstring) IS
'Text input of csi_state';

CREATE FUNCTION @extschema@.csi_state_out(@extschema@.csi_state)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'csi_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csi_state_out(@extschema@.csi_state) IS
'Text output of csi_state';

CREATE FUNCTION @extschema@.csi_state_recv(pg_catalog.internal)
RETURNS @extschema@.csi_state
AS 'MODULE_PATHNAME', 'csi_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csi_state_recv(pg_catalog.internal) IS
'Binary input of csi_state';

CREATE FUNCTION @extschema@.csi_state_send(@extschema@.csi_state)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'csi_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csi_state_send(@extschema@.csi_state) IS
'Binary output of csi_state';

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

CREATE FUNCTION @extschema@.nps(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps(@extschema@.score_summary) IS
'Net Promoter Score (-100..100) of a 0..10 summary: promoters 9-10, detractors 0-6';

CREATE FUNCTION @extschema@.nps(summary @extschema@.score_summary, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_thresholds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Net Promoter Score with custom buckets: promoters >= promoter_min, detractors <= detractor_max';

CREATE FUNCTION @extschema@.csat(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat(@extschema@.score_summary) IS
'CSAT: percent of ratings 4-5 of a 1..5 summary';

CREATE FUNCTION @extschema@.csat(summary @extschema@.score_summary, satisfied_min pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_threshold' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat(@extschema@.score_summary, pg_catalog.int4) IS
'CSAT: percent of ratings >= satisfied_min';

CREATE FUNCTION @extschema@.ces(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_ces' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces(@extschema@.score_summary) IS
'Customer Effort Score: mean of a 1..7 summary';

CREATE FUNCTION @extschema@.mean(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean(@extschema@.score_summary) IS
'Mean answer of a summary';

CREATE FUNCTION @extschema@.share(summary @extschema@.score_summary, lo pg_catalog.int4, hi pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_share' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.share(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Percent of answers between lo and hi inclusive';

CREATE FUNCTION @extschema@.responses(summary @extschema@.score_summary)
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
COMMENT ON FUNCTION @extschema@.score_summary_trans(@extschema@.score_summary, pg_catalog.int4) IS
'Transition function of score_summary(answer)';

CREATE FUNCTION @extschema@.score_summary_merge(@extschema@.score_summary, @extschema@.score_summary)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_merge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_merge(@extschema@.score_summary, @extschema@.score_summary) IS
'Exact merge of two summaries';

CREATE FUNCTION @extschema@.score_summary_final(@extschema@.score_summary)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_final(@extschema@.score_summary) IS
'Final function of score_summary and rollup: NULL for a group without answers';

CREATE FUNCTION @extschema@.score_summary_moving_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'score_summary_moving_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_moving_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Moving-window transition function of score_summary(answer)';

CREATE FUNCTION @extschema@.score_summary_moving_inv_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'score_summary_moving_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_moving_inv_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Moving-window inverse transition function of score_summary(answer)';

CREATE FUNCTION @extschema@.rollup_moving_trans(pg_catalog.int8[], @extschema@.score_summary)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'rollup_moving_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rollup_moving_trans(pg_catalog.int8[], @extschema@.score_summary) IS
'Moving-window transition function of rollup(score_summary)';

CREATE FUNCTION @extschema@.rollup_moving_inv_trans(pg_catalog.int8[], @extschema@.score_summary)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'rollup_moving_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rollup_moving_inv_trans(pg_catalog.int8[], @extschema@.score_summary) IS
'Moving-window inverse transition function of rollup(score_summary)';

CREATE FUNCTION @extschema@.score_summary_moving_final(pg_catalog.int8[])
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_moving_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_moving_final(pg_catalog.int8[]) IS
'Moving-window final function of score_summary and rollup';

CREATE AGGREGATE @extschema@.score_summary(answer pg_catalog.int4) (
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
    SSPACE = 112,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.score_summary(pg_catalog.int4) IS
'Exact distribution of the answers (0..100); NULL for a group without answers';

CREATE AGGREGATE @extschema@.rollup(summary @extschema@.score_summary) (
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
    SSPACE = 112,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.score_summary) IS
'Exact merge of stored summaries; NULL for a group without answers';

-- ===================================================================
-- ===================================================================
-- nps
--
-- Transition space (SSPACE): the planner sizes a hash aggregate's groups as
-- MAXALIGN(SSPACE) + 32 bytes; the values below were measured at one million
-- groups (test/hardening/memory.sh): 48 for bigint[] and double precision[]
-- counters, 112 for churn over a period and for a 0..10 score_summary, 200
-- for a weighted score_summary, 240 for component CSI of about five components.
-- ===================================================================

CREATE FUNCTION @extschema@.nps_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Transition function of nps(answer): counts answers, promoters and detractors';

CREATE FUNCTION @extschema@.nps_inv_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_inv_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Moving-window inverse transition function of nps(answer)';

CREATE FUNCTION @extschema@.nps_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of nps(answer): adds the counters of two partial states';

CREATE FUNCTION @extschema@.nps_thresholds_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4, pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_thresholds_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_thresholds_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
'Transition function of nps(answer, promoter_min, detractor_max)';

CREATE FUNCTION @extschema@.nps_thresholds_inv_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4, pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_thresholds_inv_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_thresholds_inv_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
'Moving-window inverse transition function of nps(answer, promoter_min, detractor_max)';

CREATE FUNCTION @extschema@.nps_thresholds_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_thresholds_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_thresholds_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of nps(answer, promoter_min, detractor_max): adds counters, checks the thresholds agree';

CREATE FUNCTION @extschema@.nps_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'nps_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_final(pg_catalog.int8[]) IS
'Final function of both nps aggregates: NULL for a group without answers';

CREATE AGGREGATE @extschema@.nps(answer pg_catalog.int4) (
    SFUNC = @extschema@.nps_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 48,
    INITCOND = '{0,0,0}',
    FINALFUNC = @extschema@.nps_final,
    COMBINEFUNC = @extschema@.nps_combine,
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
    SSPACE = 48,
    INITCOND = '{0,0,0,-1,-1}',
    FINALFUNC = @extschema@.nps_final,
    COMBINEFUNC = @extschema@.nps_thresholds_combine,
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
COMMENT ON FUNCTION @extschema@.csat_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Transition function of csat(rating): counts ratings and satisfied ratings';

CREATE FUNCTION @extschema@.csat_inv_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'csat_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_inv_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Moving-window inverse transition function of csat(rating)';

CREATE FUNCTION @extschema@.csat_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'csat_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of csat(rating): adds the counters of two partial states';

CREATE FUNCTION @extschema@.csat_threshold_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'csat_threshold_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_threshold_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4) IS
'Transition function of csat(rating, satisfied_min)';

CREATE FUNCTION @extschema@.csat_threshold_inv_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'csat_threshold_inv_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_threshold_inv_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4) IS
'Moving-window inverse transition function of csat(rating, satisfied_min)';

CREATE FUNCTION @extschema@.csat_threshold_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'csat_threshold_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_threshold_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of csat(rating, satisfied_min): adds counters, checks the thresholds agree';

CREATE FUNCTION @extschema@.csat_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'csat_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_final(pg_catalog.int8[]) IS
'Final function of both csat aggregates: percent satisfied, NULL for a group without ratings';

CREATE AGGREGATE @extschema@.csat(rating pg_catalog.int4) (
    SFUNC = @extschema@.csat_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 48,
    INITCOND = '{0,0}',
    FINALFUNC = @extschema@.csat_final,
    COMBINEFUNC = @extschema@.csat_combine,
    MSFUNC = @extschema@.csat_trans,
    MINVFUNC = @extschema@.csat_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0}',
    MFINALFUNC = @extschema@.csat_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.csat(pg_catalog.int4) IS
'CSAT: percent of 1..5 ratings that are 4 or 5';

CREATE AGGREGATE @extschema@.csat(rating pg_catalog.int4, satisfied_min pg_catalog.int4) (
    SFUNC = @extschema@.csat_threshold_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 48,
    INITCOND = '{0,0,-1}',
    FINALFUNC = @extschema@.csat_final,
    COMBINEFUNC = @extschema@.csat_threshold_combine,
    MSFUNC = @extschema@.csat_threshold_trans,
    MINVFUNC = @extschema@.csat_threshold_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0,-1}',
    MFINALFUNC = @extschema@.csat_final,
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
COMMENT ON FUNCTION @extschema@.ces_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Transition function of ces(effort): counts answers and sums them';

CREATE FUNCTION @extschema@.ces_inv_trans(pg_catalog.int8[], pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'ces_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces_inv_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Moving-window inverse transition function of ces(effort)';

CREATE FUNCTION @extschema@.ces_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'ces_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of ces(effort): adds the counters of two partial states';

CREATE FUNCTION @extschema@.ces_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'ces_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ces_final(pg_catalog.int8[]) IS
'Final function of ces(effort): the mean answer, NULL for a group without answers';

CREATE AGGREGATE @extschema@.ces(effort pg_catalog.int4) (
    SFUNC = @extschema@.ces_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 48,
    INITCOND = '{0,0}',
    FINALFUNC = @extschema@.ces_final,
    COMBINEFUNC = @extschema@.ces_combine,
    MSFUNC = @extschema@.ces_trans,
    MINVFUNC = @extschema@.ces_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0}',
    MFINALFUNC = @extschema@.ces_final,
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
COMMENT ON FUNCTION @extschema@.weighted_csi_trans(pg_catalog.float8[], pg_catalog.float8, pg_catalog.float8) IS
'Transition function of weighted_csi(satisfaction, importance)';

CREATE FUNCTION @extschema@.weighted_csi_combine(pg_catalog.float8[], pg_catalog.float8[])
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'weighted_csi_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_csi_combine(pg_catalog.float8[], pg_catalog.float8[]) IS
'Combine function of weighted_csi(satisfaction, importance)';

CREATE FUNCTION @extschema@.weighted_csi_final(pg_catalog.float8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'weighted_csi_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_csi_final(pg_catalog.float8[]) IS
'Final function of weighted_csi(satisfaction, importance): NULL when the importances sum to 0';

CREATE AGGREGATE @extschema@.weighted_csi(satisfaction pg_catalog.float8, importance pg_catalog.float8) (
    SFUNC = @extschema@.weighted_csi_trans,
    STYPE = pg_catalog.float8[],
    SSPACE = 48,
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
COMMENT ON FUNCTION @extschema@.weighted_csi_component_trans(@extschema@.csi_state, pg_catalog.text, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of weighted_csi(component, satisfaction, importance)';

CREATE FUNCTION @extschema@.csi_state_combine(@extschema@.csi_state, @extschema@.csi_state)
RETURNS @extschema@.csi_state
AS 'MODULE_PATHNAME', 'csi_state_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csi_state_combine(@extschema@.csi_state, @extschema@.csi_state) IS
'Combine function of weighted_csi(component, satisfaction, importance): merges per-component sums';

CREATE FUNCTION @extschema@.weighted_csi_component_final(@extschema@.csi_state)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'weighted_csi_component_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.weighted_csi_component_final(@extschema@.csi_state) IS
'Final function of weighted_csi(component, satisfaction, importance)';

CREATE AGGREGATE @extschema@.weighted_csi(component pg_catalog.text, satisfaction pg_catalog.float8, importance pg_catalog.float8) (
    SFUNC = @extschema@.weighted_csi_component_trans,
    STYPE = @extschema@.csi_state,
    SSPACE = 240,
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
COMMENT ON FUNCTION @extschema@.churn_flag_trans(pg_catalog.int8[], pg_catalog.bool) IS
'Transition function of churn_rate(churned): counts customers and churned ones';

CREATE FUNCTION @extschema@.churn_flag_inv_trans(pg_catalog.int8[], pg_catalog.bool)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_flag_inv_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_flag_inv_trans(pg_catalog.int8[], pg_catalog.bool) IS
'Moving-window inverse transition function of churn_rate(churned)';

CREATE FUNCTION @extschema@.churn_flag_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_flag_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_flag_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of churn_rate(churned): adds the counters of two partial states';

CREATE FUNCTION @extschema@.churn_flag_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'churn_flag_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_flag_final(pg_catalog.int8[]) IS
'Final function of churn_rate(churned): percent churned, NULL for a group without flags';

CREATE AGGREGATE @extschema@.churn_rate(churned pg_catalog.bool) (
    SFUNC = @extschema@.churn_flag_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 48,
    INITCOND = '{0,0}',
    FINALFUNC = @extschema@.churn_flag_final,
    COMBINEFUNC = @extschema@.churn_flag_combine,
    MSFUNC = @extschema@.churn_flag_trans,
    MINVFUNC = @extschema@.churn_flag_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0}',
    MFINALFUNC = @extschema@.churn_flag_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.bool) IS
'Percent of customers flagged as churned';

CREATE FUNCTION @extschema@.churn_tstz_trans(pg_catalog.int8[], pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_tstz_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_tstz_trans(pg_catalog.int8[], pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange) IS
'Transition function of churn_rate(started_at, ended_at, period) for timestamps';

CREATE FUNCTION @extschema@.churn_tstz_trans(pg_catalog.int8[], pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange, pg_catalog.text)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_tstz_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_tstz_trans(pg_catalog.int8[], pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange, pg_catalog.text) IS
'Transition function of churn_rate(started_at, ended_at, period, basis) for timestamps';

CREATE FUNCTION @extschema@.churn_date_trans(pg_catalog.int8[], pg_catalog.date, pg_catalog.date, pg_catalog.daterange)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_date_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_date_trans(pg_catalog.int8[], pg_catalog.date, pg_catalog.date, pg_catalog.daterange) IS
'Transition function of churn_rate(started_at, ended_at, period) for dates';

CREATE FUNCTION @extschema@.churn_date_trans(pg_catalog.int8[], pg_catalog.date, pg_catalog.date, pg_catalog.daterange, pg_catalog.text)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_date_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_date_trans(pg_catalog.int8[], pg_catalog.date, pg_catalog.date, pg_catalog.daterange, pg_catalog.text) IS
'Transition function of churn_rate(started_at, ended_at, period, basis) for dates';

CREATE FUNCTION @extschema@.churn_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of churn_rate over a period: adds counters, checks period and basis agree';

CREATE FUNCTION @extschema@.churn_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'churn_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.churn_final(pg_catalog.int8[]) IS
'Final function of churn_rate over a period: the rate on the basis, NULL when its denominator is 0';

CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period pg_catalog.tstzrange) (
    SFUNC = @extschema@.churn_tstz_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 112,
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange) IS
'Churn rate (percent) over a period, basis start: lost among the customers at its start';

CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period pg_catalog.tstzrange, basis pg_catalog.text) (
    SFUNC = @extschema@.churn_tstz_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 112,
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange, pg_catalog.text) IS
'Churn rate (percent) over a period; basis start, average or new';

CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period pg_catalog.daterange) (
    SFUNC = @extschema@.churn_date_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 112,
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.date, pg_catalog.date, pg_catalog.daterange) IS
'Churn rate (percent) over a period, basis start: lost among the customers at its start';

CREATE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period pg_catalog.daterange, basis pg_catalog.text) (
    SFUNC = @extschema@.churn_date_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 112,
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.date, pg_catalog.date, pg_catalog.daterange, pg_catalog.text) IS
'Churn rate (percent) over a period; basis start, average or new';

-- ===================================================================
-- Survey weights
-- ===================================================================

CREATE FUNCTION @extschema@.score_summary_weighted_trans(@extschema@.score_summary, pg_catalog.int4, pg_catalog.float8)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_weighted_trans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_weighted_trans(@extschema@.score_summary, pg_catalog.int4, pg_catalog.float8) IS
'Transition function of score_summary(answer, weight)';

CREATE AGGREGATE @extschema@.score_summary(answer pg_catalog.int4, weight pg_catalog.float8) (
    SFUNC = @extschema@.score_summary_weighted_trans,
    STYPE = @extschema@.score_summary,
    SSPACE = 200,
    INITCOND = '{}',
    FINALFUNC = @extschema@.score_summary_final,
    COMBINEFUNC = @extschema@.score_summary_merge,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.score_summary(pg_catalog.int4, pg_catalog.float8) IS
'Weighted distribution of the answers: per value the count, the sum of weights and of squared weights';

CREATE FUNCTION @extschema@.effective_responses(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_effective_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.effective_responses(@extschema@.score_summary) IS
'Kish''s effective sample size (sum w)^2 / sum w^2; the number of answers when unweighted';

-- ===================================================================
-- Intervals.  The confidence is always the second argument, a fraction in
-- (0, 1); thresholds follow it with their standard values as defaults and
-- are best passed by name.  A confidence outside (0, 1) is an error whose
-- hint shows the intended call, so csat_low(s, 95) or nps_low(s, 9, 6)
-- cannot be read silently as something else.
-- ===================================================================

CREATE FUNCTION @extschema@.nps_moe(summary @extschema@.score_summary,
    confidence pg_catalog.float8 DEFAULT 0.95,
    promoter_min pg_catalog.int4 DEFAULT 9, detractor_max pg_catalog.int4 DEFAULT 6)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'nps_moe' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_moe(@extschema@.score_summary, pg_catalog.float8, pg_catalog.int4, pg_catalog.int4) IS
'Wald margin of error of the NPS in points: 100 z sqrt(v / n); NULL for an empty summary';

CREATE FUNCTION @extschema@.nps_low(summary @extschema@.score_summary,
    confidence pg_catalog.float8 DEFAULT 0.95,
    promoter_min pg_catalog.int4 DEFAULT 9, detractor_max pg_catalog.int4 DEFAULT 6,
    method pg_catalog.text DEFAULT 'adjusted-wald')
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'nps_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_low(@extschema@.score_summary, pg_catalog.float8, pg_catalog.int4, pg_catalog.int4, pg_catalog.text) IS
'Lower bound of the NPS interval (adjusted-Wald by default), clamped to -100; NULL for an empty summary';

CREATE FUNCTION @extschema@.nps_high(summary @extschema@.score_summary,
    confidence pg_catalog.float8 DEFAULT 0.95,
    promoter_min pg_catalog.int4 DEFAULT 9, detractor_max pg_catalog.int4 DEFAULT 6,
    method pg_catalog.text DEFAULT 'adjusted-wald')
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'nps_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_high(@extschema@.score_summary, pg_catalog.float8, pg_catalog.int4, pg_catalog.int4, pg_catalog.text) IS
'Upper bound of the NPS interval (adjusted-Wald by default), clamped to 100; NULL for an empty summary';

CREATE FUNCTION @extschema@.csat_low(summary @extschema@.score_summary,
    confidence pg_catalog.float8 DEFAULT 0.95, satisfied_min pg_catalog.int4 DEFAULT 4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'csat_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_low(@extschema@.score_summary, pg_catalog.float8, pg_catalog.int4) IS
'Lower bound of the Wilson interval of CSAT, percent; NULL for an empty summary';

CREATE FUNCTION @extschema@.csat_high(summary @extschema@.score_summary,
    confidence pg_catalog.float8 DEFAULT 0.95, satisfied_min pg_catalog.int4 DEFAULT 4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'csat_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_high(@extschema@.score_summary, pg_catalog.float8, pg_catalog.int4) IS
'Upper bound of the Wilson interval of CSAT, percent; NULL for an empty summary';

CREATE FUNCTION @extschema@.mean_low(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_low(@extschema@.score_summary) IS
'Lower bound of the normal interval of the mean answer (95 %)';

CREATE FUNCTION @extschema@.mean_low(summary @extschema@.score_summary, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_low(@extschema@.score_summary, pg_catalog.float8) IS
'Lower bound of the normal interval of the mean answer';

CREATE FUNCTION @extschema@.mean_high(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.mean_high(@extschema@.score_summary) IS
'Upper bound of the normal interval of the mean answer (95 %)';

CREATE FUNCTION @extschema@.mean_high(summary @extschema@.score_summary, confidence pg_catalog.float8)
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
