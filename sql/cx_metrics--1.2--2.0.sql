-- cx_metrics 1.2 -> 2.0.
--
-- 1. The interval functions take the confidence second and the thresholds
--    after it, with defaults: the 1.x overloads, where the same position held
--    a confidence in one and a threshold in another, are dropped.  A view or
--    other object that uses one of them stops the update with a message that
--    names it and the 2.0 call to use instead.
-- 2. Support functions are named after the aggregate they serve; every
--    aggregate is redefined with CREATE OR REPLACE AGGREGATE, which keeps its
--    OID and so every view, materialized view and stored summary that uses it.
-- 3. Every function has a parameter name where a user passes the argument,
--    and a comment.
-- The catalog after this update equals a fresh install of 2.0
-- (test/hardening/upgrade.sh compares them).

\echo Use "ALTER EXTENSION cx_metrics UPDATE TO '2.0'" to load this file. \quit

-- ===================================================================
-- 1. The 1.x interval overloads and support functions: refuse to drop one
--    that is in use
-- ===================================================================

DO $$
DECLARE
    found pg_catalog.text := '';
    r record;
BEGIN
    FOR r IN
        SELECT pg_catalog.regexp_replace(pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid), '^rule _RETURN on ', '') AS dependent,
               p.oid::pg_catalog.regprocedure::pg_catalog.text AS used,
               CASE
                   -- support functions: a hand-written aggregate may use them
                   WHEN p.proname OPERATOR(pg_catalog.=) 'cx_combine_3_0' THEN 'nps_combine (the same function under its 2.0 name)'
                   WHEN p.proname OPERATOR(pg_catalog.=) 'cx_combine_3_2' THEN 'nps_thresholds_combine (the same function under its 2.0 name)'
                   WHEN p.proname OPERATOR(pg_catalog.=) 'cx_combine_2_0' THEN 'csat_combine, ces_combine or churn_flag_combine (the same function under its 2.0 names)'
                   WHEN p.proname OPERATOR(pg_catalog.=) 'cx_combine_2_1' THEN 'csat_threshold_combine (the same function under its 2.0 name)'
                   WHEN p.proname OPERATOR(pg_catalog.=) 'percent_final' THEN 'csat_final or churn_flag_final (the same function under its 2.0 names)'
                   WHEN p.proname OPERATOR(pg_catalog.=) 'mean_final' THEN 'ces_final (the same function under its 2.0 name)'
                   WHEN p.pronargs OPERATOR(pg_catalog.=) 1 THEN
                       p.proname OPERATOR(pg_catalog.||) '(s) (the same call: recreate the object after the update)'
                   WHEN p.pronargs OPERATOR(pg_catalog.=) 2
                        AND p.proargtypes[1] OPERATOR(pg_catalog.=) 'pg_catalog.float8'::pg_catalog.regtype THEN
                       p.proname OPERATOR(pg_catalog.||) '(s, confidence) (the same call: recreate the object after the update)'
                   WHEN p.proname OPERATOR(pg_catalog.~~) 'nps%' AND p.pronargs OPERATOR(pg_catalog.=) 3 THEN
                       p.proname OPERATOR(pg_catalog.||) '(s, promoter_min => p, detractor_max => d)'
                   WHEN p.proname OPERATOR(pg_catalog.~~) 'nps%' THEN
                       p.proname OPERATOR(pg_catalog.||) '(s, confidence, p, d) or '
                       OPERATOR(pg_catalog.||) p.proname
                       OPERATOR(pg_catalog.||) '(s, confidence => c, promoter_min => p, detractor_max => d)'
                   WHEN p.pronargs OPERATOR(pg_catalog.=) 2 THEN
                       p.proname OPERATOR(pg_catalog.||) '(s, satisfied_min => m)'
                   ELSE
                       p.proname OPERATOR(pg_catalog.||) '(s, confidence, m) or '
                       OPERATOR(pg_catalog.||) p.proname
                       OPERATOR(pg_catalog.||) '(s, confidence => c, satisfied_min => m)'
               END AS replacement
        FROM pg_catalog.pg_depend m
        JOIN pg_catalog.pg_extension x ON x.oid OPERATOR(pg_catalog.=) m.refobjid
        JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) m.objid
        JOIN pg_catalog.pg_depend d ON d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                                   AND d.refobjid OPERATOR(pg_catalog.=) p.oid
        WHERE x.extname OPERATOR(pg_catalog.=) 'cx_metrics'
          AND m.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
          AND m.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
          AND m.deptype OPERATOR(pg_catalog.=) 'e'
          -- the extension's own aggregates use the support functions until they are re-pointed
          AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend own
                          WHERE own.classid OPERATOR(pg_catalog.=) d.classid AND own.objid OPERATOR(pg_catalog.=) d.objid
                            AND own.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                            AND own.refobjid OPERATOR(pg_catalog.=) x.oid
                            AND own.deptype OPERATOR(pg_catalog.=) 'e')
          AND p.proname OPERATOR(pg_catalog.=) ANY (ARRAY['nps_moe', 'nps_low', 'nps_high', 'csat_low', 'csat_high',
                                                          'cx_combine_3_0', 'cx_combine_3_2', 'cx_combine_2_0', 'cx_combine_2_1',
                                                          'percent_final', 'mean_final']::pg_catalog.name[])
        ORDER BY 1, 2
    LOOP
        found := found OPERATOR(pg_catalog.||) pg_catalog.format(E'\n  %s uses %s; in 2.0 write %s',
                                                                r.dependent, r.used, r.replacement);
    END LOOP;
    IF found OPERATOR(pg_catalog.<>) '' THEN
        RAISE EXCEPTION 'cx_metrics 2.0 changes the arguments of nps_moe, nps_low, nps_high, csat_low and csat_high and renames the support functions of the aggregates, and these objects use the 1.x forms:%', found
            USING ERRCODE = 'dependent_objects_still_exist',
                  HINT = 'Drop these objects, run ALTER EXTENSION cx_metrics UPDATE, then create them again with the 2.0 calls. In 2.0 the confidence is always the second argument (a fraction such as 0.95) and thresholds follow it or go by name.';
    END IF;
END
$$;

DROP FUNCTION @extschema@.nps_moe(@extschema@.score_summary);
DROP FUNCTION @extschema@.nps_moe(@extschema@.score_summary, pg_catalog.float8);
DROP FUNCTION @extschema@.nps_moe(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4);
DROP FUNCTION @extschema@.nps_moe(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4, pg_catalog.float8);
DROP FUNCTION @extschema@.nps_low(@extschema@.score_summary);
DROP FUNCTION @extschema@.nps_low(@extschema@.score_summary, pg_catalog.float8);
DROP FUNCTION @extschema@.nps_low(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4);
DROP FUNCTION @extschema@.nps_low(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4, pg_catalog.float8);
DROP FUNCTION @extschema@.nps_high(@extschema@.score_summary);
DROP FUNCTION @extschema@.nps_high(@extschema@.score_summary, pg_catalog.float8);
DROP FUNCTION @extschema@.nps_high(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4);
DROP FUNCTION @extschema@.nps_high(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4, pg_catalog.float8);
DROP FUNCTION @extschema@.csat_low(@extschema@.score_summary);
DROP FUNCTION @extschema@.csat_low(@extschema@.score_summary, pg_catalog.float8);
DROP FUNCTION @extschema@.csat_low(@extschema@.score_summary, pg_catalog.int4);
DROP FUNCTION @extschema@.csat_low(@extschema@.score_summary, pg_catalog.int4, pg_catalog.float8);
DROP FUNCTION @extschema@.csat_high(@extschema@.score_summary);
DROP FUNCTION @extschema@.csat_high(@extschema@.score_summary, pg_catalog.float8);
DROP FUNCTION @extschema@.csat_high(@extschema@.score_summary, pg_catalog.int4);
DROP FUNCTION @extschema@.csat_high(@extschema@.score_summary, pg_catalog.int4, pg_catalog.float8);

-- ===================================================================
-- 2. The 2.0 interval functions
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

-- ===================================================================
-- 3. Support functions named after the aggregates they serve
-- ===================================================================

CREATE FUNCTION @extschema@.nps_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.nps_thresholds_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'nps_thresholds_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'csat_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_threshold_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'csat_threshold_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.csat_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'csat_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ces_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'ces_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.ces_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'ces_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.churn_flag_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'churn_flag_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.churn_flag_final(pg_catalog.int8[])
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'churn_flag_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE AGGREGATE @extschema@.score_summary(answer pg_catalog.int4) (
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

CREATE OR REPLACE AGGREGATE @extschema@.rollup(summary @extschema@.score_summary) (
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

CREATE OR REPLACE AGGREGATE @extschema@.nps(answer pg_catalog.int4) (
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

CREATE OR REPLACE AGGREGATE @extschema@.nps(answer pg_catalog.int4, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4) (
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

CREATE OR REPLACE AGGREGATE @extschema@.csat(rating pg_catalog.int4) (
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

CREATE OR REPLACE AGGREGATE @extschema@.csat(rating pg_catalog.int4, satisfied_min pg_catalog.int4) (
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

CREATE OR REPLACE AGGREGATE @extschema@.ces(effort pg_catalog.int4) (
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
    FINALFUNC = @extschema@.churn_flag_final,
    COMBINEFUNC = @extschema@.churn_flag_combine,
    MSFUNC = @extschema@.churn_flag_trans,
    MINVFUNC = @extschema@.churn_flag_inv_trans,
    MSTYPE = pg_catalog.int8[],
    MINITCOND = '{0,0}',
    MFINALFUNC = @extschema@.churn_flag_final,
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

DROP FUNCTION @extschema@.cx_combine_3_0(pg_catalog.int8[], pg_catalog.int8[]);
DROP FUNCTION @extschema@.cx_combine_3_2(pg_catalog.int8[], pg_catalog.int8[]);
DROP FUNCTION @extschema@.cx_combine_2_0(pg_catalog.int8[], pg_catalog.int8[]);
DROP FUNCTION @extschema@.cx_combine_2_1(pg_catalog.int8[], pg_catalog.int8[]);
DROP FUNCTION @extschema@.percent_final(pg_catalog.int8[]);
DROP FUNCTION @extschema@.mean_final(pg_catalog.int8[]);

-- ===================================================================
-- 4. Parameter names of the accessors (CREATE OR REPLACE may add names)
-- ===================================================================

CREATE OR REPLACE FUNCTION @extschema@.nps(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.nps(summary @extschema@.score_summary, promoter_min pg_catalog.int4, detractor_max pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_nps_thresholds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.csat(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.csat(summary @extschema@.score_summary, satisfied_min pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_csat_threshold' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.ces(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_ces' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.mean(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.share(summary @extschema@.score_summary, lo pg_catalog.int4, hi pg_catalog.int4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_share' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.responses(summary @extschema@.score_summary)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'score_summary_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.effective_responses(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_effective_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.mean_low(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.mean_low(summary @extschema@.score_summary, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.mean_high(summary @extschema@.score_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE OR REPLACE FUNCTION @extschema@.mean_high(summary @extschema@.score_summary, confidence pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'score_summary_mean_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;


-- ===================================================================
-- 5. Comments: every function and aggregate, as in a fresh install
-- ===================================================================

COMMENT ON FUNCTION @extschema@.score_summary_in(pg_catalog.cstring) IS
'Text input of score_summary: {value:count,...} or {value:count:sum_w:sum_w2,...}';
COMMENT ON FUNCTION @extschema@.score_summary_out(@extschema@.score_summary) IS
'Text output of score_summary';
COMMENT ON FUNCTION @extschema@.score_summary_recv(pg_catalog.internal) IS
'Binary input of score_summary (COPY BINARY, drivers)';
COMMENT ON FUNCTION @extschema@.score_summary_send(@extschema@.score_summary) IS
'Binary output of score_summary (COPY BINARY, drivers)';
COMMENT ON TYPE @extschema@.score_summary IS
'Exact distribution of integer answers 0..100 (a count per value); text form {value:count,...}';
COMMENT ON FUNCTION @extschema@.csi_state_in(pg_catalog.cstring) IS
'Text input of csi_state';
COMMENT ON FUNCTION @extschema@.csi_state_out(@extschema@.csi_state) IS
'Text output of csi_state';
COMMENT ON FUNCTION @extschema@.csi_state_recv(pg_catalog.internal) IS
'Binary input of csi_state';
COMMENT ON FUNCTION @extschema@.csi_state_send(@extschema@.csi_state) IS
'Binary output of csi_state';
COMMENT ON TYPE @extschema@.csi_state IS
'Per-component rating counts and sums: the partial state of weighted_csi(component, satisfaction, importance)';
COMMENT ON FUNCTION @extschema@.nps(@extschema@.score_summary) IS
'Net Promoter Score (-100..100) of a 0..10 summary: promoters 9-10, detractors 0-6';
COMMENT ON FUNCTION @extschema@.nps(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Net Promoter Score with custom buckets: promoters >= promoter_min, detractors <= detractor_max';
COMMENT ON FUNCTION @extschema@.csat(@extschema@.score_summary) IS
'CSAT: percent of ratings 4-5 of a 1..5 summary';
COMMENT ON FUNCTION @extschema@.csat(@extschema@.score_summary, pg_catalog.int4) IS
'CSAT: percent of ratings >= satisfied_min';
COMMENT ON FUNCTION @extschema@.ces(@extschema@.score_summary) IS
'Customer Effort Score: mean of a 1..7 summary';
COMMENT ON FUNCTION @extschema@.mean(@extschema@.score_summary) IS
'Mean answer of a summary';
COMMENT ON FUNCTION @extschema@.share(@extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Percent of answers between lo and hi inclusive';
COMMENT ON FUNCTION @extschema@.responses(@extschema@.score_summary) IS
'Number of answers in a summary';
COMMENT ON FUNCTION @extschema@.score_summary_trans(@extschema@.score_summary, pg_catalog.int4) IS
'Transition function of score_summary(answer)';
COMMENT ON FUNCTION @extschema@.score_summary_merge(@extschema@.score_summary, @extschema@.score_summary) IS
'Exact merge of two summaries';
COMMENT ON FUNCTION @extschema@.score_summary_final(@extschema@.score_summary) IS
'Final function of score_summary and rollup: NULL for a group without answers';
COMMENT ON FUNCTION @extschema@.score_summary_moving_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Moving-window transition function of score_summary(answer)';
COMMENT ON FUNCTION @extschema@.score_summary_moving_inv_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Moving-window inverse transition function of score_summary(answer)';
COMMENT ON FUNCTION @extschema@.rollup_moving_trans(pg_catalog.int8[], @extschema@.score_summary) IS
'Moving-window transition function of rollup(score_summary)';
COMMENT ON FUNCTION @extschema@.rollup_moving_inv_trans(pg_catalog.int8[], @extschema@.score_summary) IS
'Moving-window inverse transition function of rollup(score_summary)';
COMMENT ON FUNCTION @extschema@.score_summary_moving_final(pg_catalog.int8[]) IS
'Moving-window final function of score_summary and rollup';
COMMENT ON AGGREGATE @extschema@.score_summary(pg_catalog.int4) IS
'Exact distribution of the answers (0..100); NULL for a group without answers';
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.score_summary) IS
'Exact merge of stored summaries; NULL for a group without answers';
COMMENT ON FUNCTION @extschema@.nps_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Transition function of nps(answer): counts answers, promoters and detractors';
COMMENT ON FUNCTION @extschema@.nps_inv_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Moving-window inverse transition function of nps(answer)';
COMMENT ON FUNCTION @extschema@.nps_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of nps(answer): adds the counters of two partial states';
COMMENT ON FUNCTION @extschema@.nps_thresholds_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
'Transition function of nps(answer, promoter_min, detractor_max)';
COMMENT ON FUNCTION @extschema@.nps_thresholds_inv_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
'Moving-window inverse transition function of nps(answer, promoter_min, detractor_max)';
COMMENT ON FUNCTION @extschema@.nps_thresholds_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of nps(answer, promoter_min, detractor_max): adds counters, checks the thresholds agree';
COMMENT ON FUNCTION @extschema@.nps_final(pg_catalog.int8[]) IS
'Final function of both nps aggregates: NULL for a group without answers';
COMMENT ON AGGREGATE @extschema@.nps(pg_catalog.int4) IS
'Net Promoter Score (-100..100) of 0..10 answers: promoters 9-10, detractors 0-6';
COMMENT ON AGGREGATE @extschema@.nps(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
'Net Promoter Score with custom buckets: promoters >= promoter_min, detractors <= detractor_max';
COMMENT ON FUNCTION @extschema@.csat_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Transition function of csat(rating): counts ratings and satisfied ratings';
COMMENT ON FUNCTION @extschema@.csat_inv_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Moving-window inverse transition function of csat(rating)';
COMMENT ON FUNCTION @extschema@.csat_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of csat(rating): adds the counters of two partial states';
COMMENT ON FUNCTION @extschema@.csat_threshold_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4) IS
'Transition function of csat(rating, satisfied_min)';
COMMENT ON FUNCTION @extschema@.csat_threshold_inv_trans(pg_catalog.int8[], pg_catalog.int4, pg_catalog.int4) IS
'Moving-window inverse transition function of csat(rating, satisfied_min)';
COMMENT ON FUNCTION @extschema@.csat_threshold_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of csat(rating, satisfied_min): adds counters, checks the thresholds agree';
COMMENT ON FUNCTION @extschema@.csat_final(pg_catalog.int8[]) IS
'Final function of both csat aggregates: percent satisfied, NULL for a group without ratings';
COMMENT ON AGGREGATE @extschema@.csat(pg_catalog.int4) IS
'CSAT: percent of 1..5 ratings that are 4 or 5';
COMMENT ON AGGREGATE @extschema@.csat(pg_catalog.int4, pg_catalog.int4) IS
'CSAT: percent of ratings (0..100) >= satisfied_min';
COMMENT ON FUNCTION @extschema@.ces_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Transition function of ces(effort): counts answers and sums them';
COMMENT ON FUNCTION @extschema@.ces_inv_trans(pg_catalog.int8[], pg_catalog.int4) IS
'Moving-window inverse transition function of ces(effort)';
COMMENT ON FUNCTION @extschema@.ces_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of ces(effort): adds the counters of two partial states';
COMMENT ON FUNCTION @extschema@.ces_final(pg_catalog.int8[]) IS
'Final function of ces(effort): the mean answer, NULL for a group without answers';
COMMENT ON AGGREGATE @extschema@.ces(pg_catalog.int4) IS
'Customer Effort Score: mean of 1..7 answers';
COMMENT ON FUNCTION @extschema@.weighted_csi_trans(pg_catalog.float8[], pg_catalog.float8, pg_catalog.float8) IS
'Transition function of weighted_csi(satisfaction, importance)';
COMMENT ON FUNCTION @extschema@.weighted_csi_combine(pg_catalog.float8[], pg_catalog.float8[]) IS
'Combine function of weighted_csi(satisfaction, importance)';
COMMENT ON FUNCTION @extschema@.weighted_csi_final(pg_catalog.float8[]) IS
'Final function of weighted_csi(satisfaction, importance): NULL when the importances sum to 0';
COMMENT ON AGGREGATE @extschema@.weighted_csi(pg_catalog.float8, pg_catalog.float8) IS
'Importance-weighted satisfaction, row level: sum(importance * satisfaction) / sum(importance)';
COMMENT ON FUNCTION @extschema@.weighted_csi_component_trans(@extschema@.csi_state, pg_catalog.text, pg_catalog.float8, pg_catalog.float8) IS
'Transition function of weighted_csi(component, satisfaction, importance)';
COMMENT ON FUNCTION @extschema@.csi_state_combine(@extschema@.csi_state, @extschema@.csi_state) IS
'Combine function of weighted_csi(component, satisfaction, importance): merges per-component sums';
COMMENT ON FUNCTION @extschema@.weighted_csi_component_final(@extschema@.csi_state) IS
'Final function of weighted_csi(component, satisfaction, importance)';
COMMENT ON AGGREGATE @extschema@.weighted_csi(pg_catalog.text, pg_catalog.float8, pg_catalog.float8) IS
'Importance-weighted satisfaction, component level: sum_c(mean importance * mean satisfaction) / sum_c(mean importance)';
COMMENT ON FUNCTION @extschema@.churn_flag_trans(pg_catalog.int8[], pg_catalog.bool) IS
'Transition function of churn_rate(churned): counts customers and churned ones';
COMMENT ON FUNCTION @extschema@.churn_flag_inv_trans(pg_catalog.int8[], pg_catalog.bool) IS
'Moving-window inverse transition function of churn_rate(churned)';
COMMENT ON FUNCTION @extschema@.churn_flag_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of churn_rate(churned): adds the counters of two partial states';
COMMENT ON FUNCTION @extschema@.churn_flag_final(pg_catalog.int8[]) IS
'Final function of churn_rate(churned): percent churned, NULL for a group without flags';
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.bool) IS
'Percent of customers flagged as churned';
COMMENT ON FUNCTION @extschema@.churn_tstz_trans(pg_catalog.int8[], pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange) IS
'Transition function of churn_rate(started_at, ended_at, period) for timestamps';
COMMENT ON FUNCTION @extschema@.churn_tstz_trans(pg_catalog.int8[], pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange, pg_catalog.text) IS
'Transition function of churn_rate(started_at, ended_at, period, basis) for timestamps';
COMMENT ON FUNCTION @extschema@.churn_date_trans(pg_catalog.int8[], pg_catalog.date, pg_catalog.date, pg_catalog.daterange) IS
'Transition function of churn_rate(started_at, ended_at, period) for dates';
COMMENT ON FUNCTION @extschema@.churn_date_trans(pg_catalog.int8[], pg_catalog.date, pg_catalog.date, pg_catalog.daterange, pg_catalog.text) IS
'Transition function of churn_rate(started_at, ended_at, period, basis) for dates';
COMMENT ON FUNCTION @extschema@.churn_combine(pg_catalog.int8[], pg_catalog.int8[]) IS
'Combine function of churn_rate over a period: adds counters, checks period and basis agree';
COMMENT ON FUNCTION @extschema@.churn_final(pg_catalog.int8[]) IS
'Final function of churn_rate over a period: the rate on the basis, NULL when its denominator is 0';
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange) IS
'Churn rate (percent) over a period, basis start: lost among the customers at its start';
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.timestamptz, pg_catalog.timestamptz, pg_catalog.tstzrange, pg_catalog.text) IS
'Churn rate (percent) over a period; basis start, average or new';
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.date, pg_catalog.date, pg_catalog.daterange) IS
'Churn rate (percent) over a period, basis start: lost among the customers at its start';
COMMENT ON AGGREGATE @extschema@.churn_rate(pg_catalog.date, pg_catalog.date, pg_catalog.daterange, pg_catalog.text) IS
'Churn rate (percent) over a period; basis start, average or new';
COMMENT ON FUNCTION @extschema@.score_summary_weighted_trans(@extschema@.score_summary, pg_catalog.int4, pg_catalog.float8) IS
'Transition function of score_summary(answer, weight)';
COMMENT ON AGGREGATE @extschema@.score_summary(pg_catalog.int4, pg_catalog.float8) IS
'Weighted distribution of the answers: per value the count, the sum of weights and of squared weights';
COMMENT ON FUNCTION @extschema@.effective_responses(@extschema@.score_summary) IS
'Kish''s effective sample size (sum w)^2 / sum w^2; the number of answers when unweighted';
COMMENT ON FUNCTION @extschema@.nps_moe(@extschema@.score_summary, pg_catalog.float8, pg_catalog.int4, pg_catalog.int4) IS
'Wald margin of error of the NPS in points: 100 z sqrt(v / n); NULL for an empty summary';
COMMENT ON FUNCTION @extschema@.nps_low(@extschema@.score_summary, pg_catalog.float8, pg_catalog.int4, pg_catalog.int4, pg_catalog.text) IS
'Lower bound of the NPS interval (adjusted-Wald by default), clamped to -100; NULL for an empty summary';
COMMENT ON FUNCTION @extschema@.nps_high(@extschema@.score_summary, pg_catalog.float8, pg_catalog.int4, pg_catalog.int4, pg_catalog.text) IS
'Upper bound of the NPS interval (adjusted-Wald by default), clamped to 100; NULL for an empty summary';
COMMENT ON FUNCTION @extschema@.csat_low(@extschema@.score_summary, pg_catalog.float8, pg_catalog.int4) IS
'Lower bound of the Wilson interval of CSAT, percent; NULL for an empty summary';
COMMENT ON FUNCTION @extschema@.csat_high(@extschema@.score_summary, pg_catalog.float8, pg_catalog.int4) IS
'Upper bound of the Wilson interval of CSAT, percent; NULL for an empty summary';
COMMENT ON FUNCTION @extschema@.mean_low(@extschema@.score_summary) IS
'Lower bound of the normal interval of the mean answer (95 %)';
COMMENT ON FUNCTION @extschema@.mean_low(@extschema@.score_summary, pg_catalog.float8) IS
'Lower bound of the normal interval of the mean answer';
COMMENT ON FUNCTION @extschema@.mean_high(@extschema@.score_summary) IS
'Upper bound of the normal interval of the mean answer (95 %)';
COMMENT ON FUNCTION @extschema@.mean_high(@extschema@.score_summary, pg_catalog.float8) IS
'Upper bound of the normal interval of the mean answer';
COMMENT ON FUNCTION @extschema@.nps_test(@extschema@.score_summary, @extschema@.score_summary) IS
'Two-sided p-value that two NPS differ (adjusted-Wald z-test)';
COMMENT ON FUNCTION @extschema@.nps_test(@extschema@.score_summary, @extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Two-sided p-value that two NPS with custom buckets differ';
COMMENT ON FUNCTION @extschema@.csat_test(@extschema@.score_summary, @extschema@.score_summary) IS
'Two-sided p-value that two CSAT differ (pooled two-proportion z-test)';
COMMENT ON FUNCTION @extschema@.csat_test(@extschema@.score_summary, @extschema@.score_summary, pg_catalog.int4) IS
'Two-sided p-value that two CSAT with a custom threshold differ';
