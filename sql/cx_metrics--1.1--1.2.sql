/* cx_metrics 1.1 -> 1.2: transition-space estimates for the planner. */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION cx_metrics UPDATE TO '1.2'" to load this file. \quit

/*
 * Every aggregate keeps a pass-by-reference state that is not internal, so
 * without SSPACE the planner sizes a hash aggregate's groups from the state
 * type's average width, which is too small for every one of them (measured
 * at one million groups by test/hardening/memory.sh).  The planner's estimate
 * is MAXALIGN(sspace) + 32 bytes per group (chunk header and rounding), so:
 *   48   bigint[] / double precision[] counters (nps, csat, ces,
 *        churn_rate(boolean), row-level weighted_csi): 80 bytes measured;
 *   112  churn_rate over a period (8 counters + the period): 142 measured;
 *        score_summary and rollup of a full 0..10 distribution (120 bytes);
 *   200  weighted score_summary (24 bytes per value): 226 measured;
 *   240  component-level weighted_csi of about five components.
 * CREATE OR REPLACE AGGREGATE keeps each aggregate's OID, so the views that
 * use them stay; only SSPACE differs from the 1.1 definitions.  It changes
 * plans only, never results.
 */

CREATE OR REPLACE AGGREGATE @extschema@.score_summary(pg_catalog.int4) (
    SFUNC = @extschema@.score_summary_trans,
    STYPE = @extschema@.score_summary,
    SSPACE = 112,
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

CREATE OR REPLACE AGGREGATE @extschema@.rollup(@extschema@.score_summary) (
    SFUNC = @extschema@.score_summary_merge,
    STYPE = @extschema@.score_summary,
    SSPACE = 112,
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

CREATE OR REPLACE AGGREGATE @extschema@.nps(answer pg_catalog.int4) (
    SFUNC = @extschema@.nps_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 48,
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

CREATE OR REPLACE AGGREGATE @extschema@.nps(answer pg_catalog.int4, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4) (
    SFUNC = @extschema@.nps_thresholds_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 48,
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

CREATE OR REPLACE AGGREGATE @extschema@.csat(rating pg_catalog.int4) (
    SFUNC = @extschema@.csat_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 48,
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

CREATE OR REPLACE AGGREGATE @extschema@.csat(rating pg_catalog.int4, satisfied_min pg_catalog.int4) (
    SFUNC = @extschema@.csat_threshold_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 48,
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

CREATE OR REPLACE AGGREGATE @extschema@.ces(effort pg_catalog.int4) (
    SFUNC = @extschema@.ces_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 48,
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

CREATE OR REPLACE AGGREGATE @extschema@.weighted_csi(satisfaction pg_catalog.float8, importance pg_catalog.float8) (
    SFUNC = @extschema@.weighted_csi_trans,
    STYPE = pg_catalog.float8[],
    SSPACE = 48,
    INITCOND = '{0,0}',
    FINALFUNC = @extschema@.weighted_csi_final,
    COMBINEFUNC = @extschema@.weighted_csi_combine,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.weighted_csi(component pg_catalog.text, satisfaction pg_catalog.float8, importance pg_catalog.float8) (
    SFUNC = @extschema@.weighted_csi_component_trans,
    STYPE = @extschema@.csi_state,
    SSPACE = 240,
    INITCOND = '{}',
    FINALFUNC = @extschema@.weighted_csi_component_final,
    COMBINEFUNC = @extschema@.csi_state_combine,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.churn_rate(churned pg_catalog.bool) (
    SFUNC = @extschema@.churn_flag_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 48,
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

CREATE OR REPLACE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period pg_catalog.tstzrange) (
    SFUNC = @extschema@.churn_tstz_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 112,
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.timestamptz, ended_at pg_catalog.timestamptz, period pg_catalog.tstzrange, basis pg_catalog.text) (
    SFUNC = @extschema@.churn_tstz_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 112,
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period pg_catalog.daterange) (
    SFUNC = @extschema@.churn_date_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 112,
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.churn_rate(started_at pg_catalog.date, ended_at pg_catalog.date, period pg_catalog.daterange, basis pg_catalog.text) (
    SFUNC = @extschema@.churn_date_trans,
    STYPE = pg_catalog.int8[],
    SSPACE = 112,
    INITCOND = '{0,0,0,0,0,-1,0,0}',
    FINALFUNC = @extschema@.churn_final,
    COMBINEFUNC = @extschema@.churn_combine,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.score_summary(answer pg_catalog.int4, weight pg_catalog.float8) (
    SFUNC = @extschema@.score_summary_weighted_trans,
    STYPE = @extschema@.score_summary,
    SSPACE = 200,
    INITCOND = '{}',
    FINALFUNC = @extschema@.score_summary_final,
    COMBINEFUNC = @extschema@.score_summary_merge,
    PARALLEL = SAFE
);
