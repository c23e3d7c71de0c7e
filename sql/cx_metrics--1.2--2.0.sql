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

-- ===================================================================
-- 6. New in 2.0. Comparing groups: a segment against the rest, small groups, adjusted p-values,
-- P(A > B) and sample sizes
-- ===================================================================

-- Comparing many groups: a segment against the rest, small groups hidden,
-- adjusted p-values, the NPS score interval, P(A > B) and sample sizes.

CREATE FUNCTION @extschema@.score_summary_subtract(a @extschema@.score_summary, b @extschema@.score_summary)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_subtract' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_subtract(@extschema@.score_summary, @extschema@.score_summary) IS
'The answers of a without those of b ("this segment vs the rest": total minus segment); error 22023 when b is not part of a';

CREATE FUNCTION @extschema@.at_least(s @extschema@.score_summary, min_responses pg_catalog.int4)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_at_least' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.at_least(@extschema@.score_summary, pg_catalog.int4) IS
's when it has at least min_responses raw answers (also when weighted), else NULL: a reporting guard that hides small groups, not access control';

CREATE FUNCTION @extschema@.p_adjust(p pg_catalog.float8, method pg_catalog.text)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'p_adjust' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.p_adjust(pg_catalog.float8, pg_catalog.text) IS
'Window function: the p-value adjusted over its whole window partition by ''bonferroni'', ''holm'' or ''bh'' (''BH'', ''fdr''), as R''s p.adjust; NULL p-values stay NULL and are not counted';

CREATE FUNCTION @extschema@.nps_sample_size(margin pg_catalog.float8,
                                            confidence pg_catalog.float8 DEFAULT 0.95,
                                            variance pg_catalog.float8 DEFAULT 1,
                                            population pg_catalog.int8 DEFAULT NULL)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'nps_sample_size' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_sample_size(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.int8) IS
'Answers needed for an adjusted-Wald NPS interval of +/- margin points: z^2 V / (margin/100)^2 - 3, with the finite population correction when population is given, rounded up';

CREATE FUNCTION @extschema@.csat_sample_size(margin pg_catalog.float8,
                                             confidence pg_catalog.float8 DEFAULT 0.95,
                                             proportion pg_catalog.float8 DEFAULT 0.5,
                                             population pg_catalog.int8 DEFAULT NULL)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'csat_sample_size' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_sample_size(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.int8) IS
'Answers needed for a CSAT (a proportion) within +/- margin points: z^2 p (1 - p) / (margin/100)^2, with the finite population correction when population is given, rounded up';

CREATE FUNCTION @extschema@.nps_prob_greater(a @extschema@.score_summary, b @extschema@.score_summary,
                                             promoter_min pg_catalog.int4 DEFAULT 9,
                                             detractor_max pg_catalog.int4 DEFAULT 6)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'nps_prob_greater' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.nps_prob_greater(@extschema@.score_summary, @extschema@.score_summary, pg_catalog.int4, pg_catalog.int4) IS
'Posterior probability that the NPS of a exceeds that of b, under uniform Dirichlet(1,1,1) priors; numerical integration, accurate to 1e-4 or better; NULL for an empty summary';

CREATE FUNCTION @extschema@.csat_prob_greater(a @extschema@.score_summary, b @extschema@.score_summary,
                                              satisfied_min pg_catalog.int4 DEFAULT 4)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'csat_prob_greater' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.csat_prob_greater(@extschema@.score_summary, @extschema@.score_summary, pg_catalog.int4) IS
'Posterior probability that the CSAT of a exceeds that of b, under uniform Beta(1,1) priors (exact closed form for unweighted summaries); NULL for an empty summary';

-- ===================================================================
-- Summary tables kept up to date by statement triggers (maintain_summary)
-- ===================================================================

/*
 * maintain_summary keeps a table of score_summary per group equal to
 * SELECT <groups>, score_summary(<answer>[, <weight>]) FROM source GROUP BY
 * <groups> by merging in what each statement changed: per source table, one
 * generated PL/pgSQL trigger function and four statement-level triggers
 * (INSERT, UPDATE, DELETE with transition tables; TRUNCATE).  Everything is
 * created as the caller (SECURITY INVOKER), every identifier goes through
 * format('%I'), and the generated code names the extension's schema, the
 * group columns' equality operators and pg_catalog explicitly.  The
 * definition travels as the triggers' arguments (answer, weight or '', the
 * group columns), so resync_summary and unmaintain_summary need no registry
 * table, and pg_dump carries it along.
 */

CREATE FUNCTION @extschema@.resync_summary(summary_table pg_catalog.regclass)
RETURNS pg_catalog.void
LANGUAGE plpgsql VOLATILE STRICT SECURITY INVOKER PARALLEL UNSAFE
AS $fn$
DECLARE
    ext_schema pg_catalog.name;
    sum_schema pg_catalog.name;
    sum_name pg_catalog.name;
    fn_oid pg_catalog.oid;
    source pg_catalog.regclass;
    args pg_catalog.bytea;
    nargs pg_catalog.int2;
    parts pg_catalog.text[] := '{}';
    cut pg_catalog.int4;
    cols pg_catalog.text;
    agg pg_catalog.text;
BEGIN
    IF pg_catalog.current_setting('transaction_isolation') OPERATOR(pg_catalog.<>) 'read committed' THEN
        RAISE EXCEPTION 'resync_summary must run at the READ COMMITTED isolation level'
            USING ERRCODE = '0A000',
                  HINT = 'Under REPEATABLE READ or SERIALIZABLE the snapshot predates the lock on the source table.';
    END IF;
    SELECT n.nspname, c.relname INTO sum_schema, sum_name
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
    WHERE c.oid OPERATOR(pg_catalog.=) summary_table;
    SELECT p.oid INTO fn_oid
    FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) p.pronamespace
    WHERE n.nspname OPERATOR(pg_catalog.=) sum_schema
      AND p.proname OPERATOR(pg_catalog.=) ('cx_maintain_' OPERATOR(pg_catalog.||) sum_name)::pg_catalog.name
      AND p.prorettype OPERATOR(pg_catalog.=) 'pg_catalog.trigger'::pg_catalog.regtype;
    SELECT t.tgrelid, t.tgargs, t.tgnargs INTO source, args, nargs
    FROM pg_catalog.pg_trigger t WHERE t.tgfoid OPERATOR(pg_catalog.=) fn_oid
    ORDER BY t.oid LIMIT 1;
    IF source IS NULL THEN
        RAISE EXCEPTION '% is not maintained by maintain_summary', summary_table
            USING ERRCODE = '22023';
    END IF;
    -- tgargs: the arguments, each ended by a zero byte, in the database encoding.
    FOR i IN 1 .. nargs LOOP
        cut := pg_catalog.position(args, '\x00'::pg_catalog.bytea);
        parts := parts OPERATOR(pg_catalog.||) pg_catalog.convert_from(
            pg_catalog.substring(args, 1, cut OPERATOR(pg_catalog.-) 1), pg_catalog.getdatabaseencoding());
        args := pg_catalog.substring(args, cut OPERATOR(pg_catalog.+) 1);
    END LOOP;
    SELECT n.nspname INTO ext_schema
    FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace
    WHERE e.extname OPERATOR(pg_catalog.=) 'cx_metrics';
    SELECT pg_catalog.string_agg(pg_catalog.format('%I', g), ', ' ORDER BY o) INTO cols
    FROM pg_catalog.unnest(parts[3:]) WITH ORDINALITY AS u(g, o);
    agg := pg_catalog.format('%I.score_summary(%I%s)', ext_schema, parts[1],
                             CASE WHEN parts[2] OPERATOR(pg_catalog.=) '' THEN ''
                                  ELSE pg_catalog.format(', %I', parts[2]) END);
    -- Writers of the source wait (SHARE conflicts with ROW EXCLUSIVE); readers
    -- of the summary see the old rows until this transaction commits.
    EXECUTE pg_catalog.format('LOCK TABLE %s IN SHARE MODE', source);
    EXECUTE pg_catalog.format('DELETE FROM %I.%I', sum_schema, sum_name);
    EXECUTE pg_catalog.format(
        'INSERT INTO %I.%I (%s, summary) SELECT %s, summary FROM (SELECT %s, %s AS summary FROM %s GROUP BY %s) g WHERE summary IS NOT NULL',
        sum_schema, sum_name, cols, cols, cols, agg, source, cols);
END
$fn$;
COMMENT ON FUNCTION @extschema@.resync_summary(pg_catalog.regclass) IS
'Recompute a summary table kept by maintain_summary from all rows of its source (writers of the source wait meanwhile)';

CREATE FUNCTION @extschema@.unmaintain_summary(summary_table pg_catalog.regclass)
RETURNS pg_catalog.void
LANGUAGE plpgsql VOLATILE STRICT SECURITY INVOKER PARALLEL UNSAFE
AS $fn$
DECLARE
    fn pg_catalog.regprocedure;
    trg record;
BEGIN
    SELECT p.oid INTO fn
    FROM pg_catalog.pg_proc p, pg_catalog.pg_class c
    WHERE c.oid OPERATOR(pg_catalog.=) summary_table
      AND p.pronamespace OPERATOR(pg_catalog.=) c.relnamespace
      AND p.proname OPERATOR(pg_catalog.=) ('cx_maintain_' OPERATOR(pg_catalog.||) c.relname)::pg_catalog.name
      AND p.prorettype OPERATOR(pg_catalog.=) 'pg_catalog.trigger'::pg_catalog.regtype;
    IF fn IS NULL THEN
        RAISE EXCEPTION '% is not maintained by maintain_summary', summary_table
            USING ERRCODE = '22023';
    END IF;
    FOR trg IN SELECT t.tgname, t.tgrelid::pg_catalog.regclass AS source
               FROM pg_catalog.pg_trigger t WHERE t.tgfoid OPERATOR(pg_catalog.=) fn LOOP
        EXECUTE pg_catalog.format('DROP TRIGGER %I ON %s', trg.tgname, trg.source);
    END LOOP;
    EXECUTE pg_catalog.format('DROP FUNCTION %s', fn);
END
$fn$;
COMMENT ON FUNCTION @extschema@.unmaintain_summary(pg_catalog.regclass) IS
'Stop maintaining a summary table: drop the triggers and trigger function maintain_summary made (the table stays)';

CREATE FUNCTION @extschema@.maintain_summary(summary_table pg_catalog.text, source pg_catalog.regclass,
                                             answer_column pg_catalog.text, group_columns pg_catalog.text[],
                                             weight_column pg_catalog.text DEFAULT NULL)
RETURNS pg_catalog.void
LANGUAGE plpgsql VOLATILE SECURITY INVOKER PARALLEL UNSAFE
AS $fn$
DECLARE
    ext_schema pg_catalog.name;
    kind pg_catalog."char";
    ident pg_catalog.text[];
    sum_oid pg_catalog.oid;
    sum_schema pg_catalog.name;
    sum_name pg_catalog.name;
    sum_qual pg_catalog.text;
    pk_name pg_catalog.name;
    fn_name pg_catalog.name;
    col_defs pg_catalog.text := '';
    cols pg_catalog.text;
    agg pg_catalog.text;
    on_sd pg_catalog.text := '';   -- s.g = d.g AND ...
    on_no pg_catalog.text := '';   -- n.g = o.g AND ...
    on_xs pg_catalog.text := '';   -- x.g = s.g AND ...
    src_qual pg_catalog.text;
    take_out pg_catalog.text;
    n_cols pg_catalog.text;
    o_cols pg_catalog.text;
    s_cols pg_catalog.text;
    d_cols pg_catalog.text;
    targs pg_catalog.text;
    body pg_catalog.text;
    att record;
    g pg_catalog.text;
BEGIN
    IF summary_table IS NULL OR source IS NULL OR answer_column IS NULL OR group_columns IS NULL THEN
        RAISE EXCEPTION 'maintain_summary: summary_table, source, answer_column and group_columns must not be NULL'
            USING ERRCODE = '22023';
    END IF;
    IF pg_catalog.current_setting('transaction_isolation') OPERATOR(pg_catalog.<>) 'read committed' THEN
        RAISE EXCEPTION 'maintain_summary must run at the READ COMMITTED isolation level'
            USING ERRCODE = '0A000',
                  HINT = 'Under REPEATABLE READ or SERIALIZABLE the snapshot predates the lock on the source table.';
    END IF;
    SELECT c.relkind INTO kind FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) source;
    IF kind IS NULL OR kind OPERATOR(pg_catalog.<>) ALL (ARRAY['r', 'p']::pg_catalog."char"[]) THEN
        RAISE EXCEPTION 'maintain_summary: % is not a table', source
            USING ERRCODE = '22023',
                  HINT = 'Only tables and partitioned tables have statement-level triggers with transition tables.';
    END IF;
    -- Statement triggers fire only on the table a statement names: rows
    -- written through an inheritance parent, or into a partition or child
    -- directly, would bypass them.  A partitioned table routes them itself.
    IF EXISTS (SELECT FROM pg_catalog.pg_inherits i
               WHERE i.inhrelid OPERATOR(pg_catalog.=) source
                  OR (i.inhparent OPERATOR(pg_catalog.=) source AND kind OPERATOR(pg_catalog.=) 'r')) THEN
        RAISE EXCEPTION 'maintain_summary: % is a partition or takes part in table inheritance', source
            USING ERRCODE = '22023',
                  HINT = 'Maintain a summary of the partitioned table, and write through it.';
    END IF;
    IF pg_catalog.cardinality(group_columns) OPERATOR(pg_catalog.=) 0
       OR pg_catalog.array_position(group_columns, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'maintain_summary: group_columns must name at least one column and no NULL'
            USING ERRCODE = '22023';
    END IF;
    IF (SELECT pg_catalog.count(DISTINCT u) FROM pg_catalog.unnest(group_columns) u)
       OPERATOR(pg_catalog.<>) pg_catalog.cardinality(group_columns) THEN
        RAISE EXCEPTION 'maintain_summary: group_columns names a column twice'
            USING ERRCODE = '22023';
    END IF;
    IF 'summary' OPERATOR(pg_catalog.=) ANY (group_columns) THEN
        RAISE EXCEPTION 'maintain_summary: a group column cannot be named "summary" (the summary table''s own column)'
            USING ERRCODE = '22023';
    END IF;
    FOREACH g IN ARRAY ARRAY[answer_column, weight_column] OPERATOR(pg_catalog.||) group_columns LOOP
        CONTINUE WHEN g IS NULL;
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                       WHERE a.attrelid OPERATOR(pg_catalog.=) source AND a.attname OPERATOR(pg_catalog.=) g
                         AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION 'maintain_summary: column "%" of % does not exist', g, source
                USING ERRCODE = '22023';
        END IF;
    END LOOP;

    -- The answer must reach score_summary(integer[, float8]) by an implicit
    -- cast (a text column would instead be read as a cast to score_summary).
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) a.atttypid
                   WHERE a.attrelid OPERATOR(pg_catalog.=) source AND a.attname OPERATOR(pg_catalog.=) answer_column
                     AND (CASE WHEN t.typtype OPERATOR(pg_catalog.=) 'd' THEN t.typbasetype ELSE t.oid END)
                         OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.int2'::pg_catalog.regtype, 'pg_catalog.int4'::pg_catalog.regtype]::pg_catalog.oid[])) THEN
        RAISE EXCEPTION 'maintain_summary: the answer column "%" must be smallint or integer', answer_column
            USING ERRCODE = '22023';
    END IF;
    IF weight_column IS NOT NULL AND NOT EXISTS (
            SELECT FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) a.atttypid
            WHERE a.attrelid OPERATOR(pg_catalog.=) source AND a.attname OPERATOR(pg_catalog.=) weight_column
              AND (CASE WHEN t.typtype OPERATOR(pg_catalog.=) 'd' THEN t.typbasetype ELSE t.oid END)
                  OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.int2'::pg_catalog.regtype, 'pg_catalog.int4'::pg_catalog.regtype,
                                                   'pg_catalog.int8'::pg_catalog.regtype, 'pg_catalog.float4'::pg_catalog.regtype,
                                                   'pg_catalog.float8'::pg_catalog.regtype, 'pg_catalog.numeric'::pg_catalog.regtype]::pg_catalog.oid[])) THEN
        RAISE EXCEPTION 'maintain_summary: the weight column "%" must be of a numeric type', weight_column
            USING ERRCODE = '22023';
    END IF;

    SELECT n.nspname INTO ext_schema
    FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace
    WHERE e.extname OPERATOR(pg_catalog.=) 'cx_metrics';

    -- The summary table: the group columns with their types and collations,
    -- NOT NULL (they are the primary key), and the summary.
    FOR att IN
        SELECT a.attname, a.attnotnull,
               pg_catalog.format_type(a.atttypid, a.atttypmod) AS typ,
               CASE WHEN a.attcollation OPERATOR(pg_catalog.<>) t.typcollation
                    THEN pg_catalog.format(' COLLATE %I.%I', cn.nspname, co.collname) ELSE '' END AS coll
        FROM pg_catalog.unnest(group_columns) WITH ORDINALITY AS u(name, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) source
                                      AND a.attname OPERATOR(pg_catalog.=) u.name
        JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) a.atttypid
        LEFT JOIN pg_catalog.pg_collation co ON co.oid OPERATOR(pg_catalog.=) a.attcollation
        LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid OPERATOR(pg_catalog.=) co.collnamespace
        ORDER BY u.ord
    LOOP
        IF NOT att.attnotnull THEN
            RAISE EXCEPTION 'maintain_summary: group column "%" of % may be NULL', att.attname, source
                USING ERRCODE = '22023',
                      HINT = 'The group columns are the summary''s primary key: declare them NOT NULL in the source, or group by a stored generated column such as coalesce(col, ''(none)'').';
        END IF;
        col_defs := col_defs OPERATOR(pg_catalog.||)
                    pg_catalog.format('%I %s%s NOT NULL, ', att.attname, att.typ, att.coll);
    END LOOP;
    SELECT pg_catalog.string_agg(pg_catalog.format('%I', u), ', ' ORDER BY o) INTO cols
    FROM pg_catalog.unnest(group_columns) WITH ORDINALITY AS x(u, o);

    ident := pg_catalog.parse_ident(summary_table);
    IF pg_catalog.cardinality(ident) OPERATOR(pg_catalog.>) 2 THEN
        RAISE EXCEPTION 'maintain_summary: summary_table must be "table" or "schema.table", not %', summary_table
            USING ERRCODE = '22023';
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.format('%I', p), '.' ORDER BY o) INTO sum_qual
    FROM pg_catalog.unnest(ident) WITH ORDINALITY AS x(p, o);
    -- An unqualified name is created in current_schema(): name it so, or a
    -- temporary table of the same name would be found instead below.
    IF pg_catalog.cardinality(ident) OPERATOR(pg_catalog.=) 1 THEN
        sum_qual := pg_catalog.format('%I.%s', pg_catalog.current_schema(), sum_qual);
    END IF;
    -- Every write of the source updates summary rows: room on each page lets
    -- those updates be HOT (no new index entries) until the page is pruned.
    EXECUTE pg_catalog.format('CREATE TABLE %s (%s summary %I.score_summary NOT NULL, PRIMARY KEY (%s)) WITH (fillfactor = 50)',
                              sum_qual, col_defs, ext_schema, cols);
    sum_oid := sum_qual::pg_catalog.regclass;
    SELECT n.nspname, c.relname INTO sum_schema, sum_name
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
    WHERE c.oid OPERATOR(pg_catalog.=) sum_oid;
    SELECT con.conname INTO pk_name FROM pg_catalog.pg_constraint con
    WHERE con.conrelid OPERATOR(pg_catalog.=) sum_oid AND con.contype OPERATOR(pg_catalog.=) 'p';

    -- Join conditions with the equality operator of each key column's
    -- primary-key operator class, named with its schema: the same equality
    -- as the key, whatever the writer's search_path.
    FOR att IN
        SELECT a.attname, on_.nspname AS opschema, op.oprname
        FROM pg_catalog.pg_index i
        CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(i.indkey::pg_catalog.int2[]),
                                      pg_catalog.unnest(i.indclass::pg_catalog.oid[])) WITH ORDINALITY AS k(attnum, opclass, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) i.indrelid
                                      AND a.attnum OPERATOR(pg_catalog.=) k.attnum
        JOIN pg_catalog.pg_opclass oc ON oc.oid OPERATOR(pg_catalog.=) k.opclass
        JOIN pg_catalog.pg_amop ao ON ao.amopfamily OPERATOR(pg_catalog.=) oc.opcfamily
                                  AND ao.amoplefttype OPERATOR(pg_catalog.=) oc.opcintype
                                  AND ao.amoprighttype OPERATOR(pg_catalog.=) oc.opcintype
                                  AND ao.amopstrategy OPERATOR(pg_catalog.=) 3
        JOIN pg_catalog.pg_operator op ON op.oid OPERATOR(pg_catalog.=) ao.amopopr
        JOIN pg_catalog.pg_namespace on_ ON on_.oid OPERATOR(pg_catalog.=) op.oprnamespace
        WHERE i.indrelid OPERATOR(pg_catalog.=) sum_oid AND i.indisprimary
        ORDER BY k.ord
    LOOP
        on_sd := on_sd OPERATOR(pg_catalog.||) pg_catalog.format(' AND s.%I OPERATOR(%I.%s) d.%I',
                     att.attname, att.opschema, att.oprname, att.attname);
        on_no := on_no OPERATOR(pg_catalog.||) pg_catalog.format(' AND n.%I OPERATOR(%I.%s) o.%I',
                     att.attname, att.opschema, att.oprname, att.attname);
        on_xs := on_xs OPERATOR(pg_catalog.||) pg_catalog.format(' AND x.%I OPERATOR(%I.%s) s.%I',
                     att.attname, att.opschema, att.oprname, att.attname);
    END LOOP;
    on_sd := pg_catalog.substr(on_sd, 6);
    on_no := pg_catalog.substr(on_no, 6);
    on_xs := pg_catalog.substr(on_xs, 6);
    SELECT pg_catalog.string_agg(pg_catalog.format('n.%I', u), ', ' ORDER BY o),
           pg_catalog.string_agg(pg_catalog.format('o.%I', u), ', ' ORDER BY o),
           pg_catalog.string_agg(pg_catalog.format('d.%I', u), ', ' ORDER BY o),
           pg_catalog.string_agg(pg_catalog.format('s.%I', u), ', ' ORDER BY o)
      INTO n_cols, o_cols, d_cols, s_cols
    FROM pg_catalog.unnest(group_columns) WITH ORDINALITY AS x(u, o);
    agg := pg_catalog.format('%I.score_summary(%I%s)', ext_schema, answer_column,
                             CASE WHEN weight_column IS NULL THEN '' ELSE pg_catalog.format(', %I', weight_column) END);
    SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) INTO src_qual
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
    WHERE c.oid OPERATOR(pg_catalog.=) source;
    /*
     * Taking rows out of a group: subtracting their summary is exact for
     * counts.  Weight sums are doubles: subtracting a large weight leaves a
     * small remainder with the large one's rounding error, which repeated
     * deletes would let grow.  So a weighted summary re-reads the groups a
     * statement took rows out of from the source (exact; index the group
     * columns of a large source), and an unweighted one subtracts.
     */
    IF weight_column IS NULL THEN
        take_out := pg_catalog.format('%I.score_summary_subtract(s.summary, d.summary)', ext_schema);
    ELSE
        take_out := pg_catalog.format('COALESCE((SELECT %s FROM %s x WHERE %s), %L::%I.score_summary)',
                                      agg, src_qual, on_xs, '{}', ext_schema);
    END IF;

    /*
     * The trigger function.  INSERT merges the new rows' summary per group
     * (ON CONFLICT serialises writers of one group on its summary row);
     * DELETE subtracts the old rows' summary and deletes rows left empty;
     * UPDATE does both for the groups whose summary changed, merging first so
     * a group that keeps rows is never deleted and re-created; TRUNCATE
     * empties the summary.  A group the statement removed rows from must
     * have a summary row: if not, the summary is out of step and the
     * statement fails rather than leave a wrong number.
     */
    body := pg_catalog.format($b$
#variable_conflict use_column
DECLARE
    n_groups pg_catalog.int8;
    n_updated pg_catalog.int8;
    n_emptied pg_catalog.int8;
BEGIN
    IF TG_OP OPERATOR(pg_catalog.=) 'TRUNCATE' THEN
        DELETE FROM %1$s;
        RETURN NULL;
    END IF;
    IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
        INSERT INTO %1$s AS s (%2$s, summary)
        SELECT %2$s, summary FROM (SELECT %2$s, %3$s AS summary FROM cx_new GROUP BY %2$s) d
        WHERE summary IS NOT NULL ORDER BY %2$s
        ON CONFLICT ON CONSTRAINT %4$I DO UPDATE SET summary = %5$I.score_summary_merge(s.summary, EXCLUDED.summary);
        RETURN NULL;
    END IF;
    IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
        INSERT INTO %1$s AS s (%2$s, summary)
        SELECT %6$s, n.summary
        FROM (SELECT %2$s, %3$s AS summary FROM cx_new GROUP BY %2$s) n
        LEFT JOIN (SELECT %2$s, %3$s AS summary FROM cx_old GROUP BY %2$s) o ON %7$s
        WHERE n.summary IS NOT NULL
          AND (o.summary IS NULL OR n.summary::pg_catalog.text OPERATOR(pg_catalog.<>) o.summary::pg_catalog.text)
        ORDER BY %6$s
        ON CONFLICT ON CONSTRAINT %4$I DO UPDATE SET summary = %5$I.score_summary_merge(s.summary, EXCLUDED.summary);
        -- the summary rows of the groups rows leave, locked in key order as inserts lock
        -- theirs: concurrent statements on the same groups queue, not deadlock
        PERFORM 1 FROM %1$s AS s JOIN (SELECT %2$s FROM cx_old GROUP BY %2$s) d ON %9$s
        ORDER BY %13$s FOR UPDATE OF s;
        WITH d AS (
            SELECT %8$s, o.summary
            FROM (SELECT %2$s, %3$s AS summary FROM cx_old GROUP BY %2$s) o
            LEFT JOIN (SELECT %2$s, %3$s AS summary FROM cx_new GROUP BY %2$s) n ON %7$s
            WHERE o.summary IS NOT NULL
              AND (n.summary IS NULL OR n.summary::pg_catalog.text OPERATOR(pg_catalog.<>) o.summary::pg_catalog.text)),
        u AS (
            UPDATE %1$s AS s SET summary = %12$s
            FROM d WHERE %9$s
            RETURNING %5$I.responses(s.summary) AS left_over)
        SELECT (SELECT pg_catalog.count(*) FROM d), pg_catalog.count(*),
               pg_catalog.count(*) FILTER (WHERE left_over OPERATOR(pg_catalog.=) 0)
          INTO n_groups, n_updated, n_emptied FROM u;
    ELSE
        PERFORM 1 FROM %1$s AS s JOIN (SELECT %2$s FROM cx_old GROUP BY %2$s) d ON %9$s
        ORDER BY %13$s FOR UPDATE OF s;
        WITH d AS (
            SELECT %2$s, summary FROM (SELECT %2$s, %3$s AS summary FROM cx_old GROUP BY %2$s) o
            WHERE summary IS NOT NULL),
        u AS (
            UPDATE %1$s AS s SET summary = %12$s
            FROM d WHERE %9$s
            RETURNING %5$I.responses(s.summary) AS left_over)
        SELECT (SELECT pg_catalog.count(*) FROM d), pg_catalog.count(*),
               pg_catalog.count(*) FILTER (WHERE left_over OPERATOR(pg_catalog.=) 0)
          INTO n_groups, n_updated, n_emptied FROM u;
    END IF;
    IF n_updated OPERATOR(pg_catalog.<>) n_groups THEN
        RAISE EXCEPTION 'the summary table %% is out of step with %%: a group lost rows but has no summary row', %10$L, %11$L
            USING ERRCODE = '55000', HINT = pg_catalog.format('Run SELECT %%I.resync_summary(%%L).', %5$L, %10$L);
    END IF;
    IF n_emptied OPERATOR(pg_catalog.>) 0 THEN
        DELETE FROM %1$s AS s USING (SELECT %2$s FROM cx_old GROUP BY %2$s) d
        WHERE %9$s AND %5$I.responses(s.summary) OPERATOR(pg_catalog.=) 0;
    END IF;
    RETURN NULL;
END
$b$,
        pg_catalog.format('%I.%I', sum_schema, sum_name),   -- 1 summary table
        cols,                                                -- 2 group columns
        agg,                                                 -- 3 score_summary(answer[, weight])
        pk_name,                                             -- 4
        ext_schema,                                          -- 5
        n_cols,                                              -- 6 n.g, ...
        on_no,                                               -- 7 n.g = o.g AND ...
        o_cols,                                              -- 8 o.g, ...
        on_sd,                                               -- 9 s.g = d.g AND ...
        pg_catalog.format('%I.%I', sum_schema, sum_name),   -- 10 for messages
        source::pg_catalog.text,                             -- 11
        take_out,                                            -- 12 the summary after rows leave
        s_cols);                                             -- 13 s.g, ...

    fn_name := ('cx_maintain_' OPERATOR(pg_catalog.||) sum_name)::pg_catalog.name;
    EXECUTE pg_catalog.format(
        'CREATE FUNCTION %I.%I() RETURNS pg_catalog.trigger LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS %L',
        sum_schema, fn_name, body);
    EXECUTE pg_catalog.format('COMMENT ON FUNCTION %I.%I() IS %L', sum_schema, fn_name,
        pg_catalog.format('Keeps %I.%I equal to score_summary(%s) of %s per %s (made by maintain_summary; remove with unmaintain_summary)',
                          sum_schema, sum_name, pg_catalog.concat_ws(', ', answer_column, weight_column), source, cols));

    SELECT pg_catalog.string_agg(pg_catalog.format('%L', a), ', ' ORDER BY o) INTO targs
    FROM pg_catalog.unnest(ARRAY[answer_column, COALESCE(weight_column, '')] OPERATOR(pg_catalog.||) group_columns)
         WITH ORDINALITY AS x(a, o);
    EXECUTE pg_catalog.format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS cx_new FOR EACH STATEMENT EXECUTE FUNCTION %I.%I(%s)',
                              ('cx_ins_' OPERATOR(pg_catalog.||) sum_name)::pg_catalog.name, source, sum_schema, fn_name, targs);
    EXECUTE pg_catalog.format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS cx_old NEW TABLE AS cx_new FOR EACH STATEMENT EXECUTE FUNCTION %I.%I(%s)',
                              ('cx_upd_' OPERATOR(pg_catalog.||) sum_name)::pg_catalog.name, source, sum_schema, fn_name, targs);
    EXECUTE pg_catalog.format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS cx_old FOR EACH STATEMENT EXECUTE FUNCTION %I.%I(%s)',
                              ('cx_del_' OPERATOR(pg_catalog.||) sum_name)::pg_catalog.name, source, sum_schema, fn_name, targs);
    EXECUTE pg_catalog.format('CREATE TRIGGER %I AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION %I.%I(%s)',
                              ('cx_trunc_' OPERATOR(pg_catalog.||) sum_name)::pg_catalog.name, source, sum_schema, fn_name, targs);
    EXECUTE pg_catalog.format('COMMENT ON TABLE %I.%I IS %L', sum_schema, sum_name,
        pg_catalog.format('score_summary(%s) of %s per %s, kept up to date by triggers (maintain_summary)',
                          pg_catalog.concat_ws(', ', answer_column, weight_column), source, cols));
    -- The triggers hold writers off from here on; fill from all current rows.
    EXECUTE pg_catalog.format('SELECT %I.resync_summary($1)', ext_schema) USING sum_oid::pg_catalog.regclass;
END
$fn$;
COMMENT ON FUNCTION @extschema@.maintain_summary(pg_catalog.text, pg_catalog.regclass, pg_catalog.text, pg_catalog.text[], pg_catalog.text) IS
'Create a table of score_summary per group of a source table and keep it equal to the GROUP BY recomputation through every write, at the cost of the changed rows';

-- ===================================================================
-- Key-driver analysis: driver_summary
-- ===================================================================

-- Key-driver analysis: which attributes move the overall score.  The state
-- holds the row count, the means and the co-moment matrix of the outcome and
-- k attributes (k = 1..64); accessors derive correlations, R^2, standardized
-- betas and Johnson's relative weights from it.

CREATE TYPE @extschema@.driver_summary;

CREATE FUNCTION @extschema@.driver_summary_in(pg_catalog.cstring)
RETURNS @extschema@.driver_summary
AS 'MODULE_PATHNAME', 'driver_summary_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_in(pg_catalog.cstring) IS
'Input function of driver_summary (validated text form)';

CREATE FUNCTION @extschema@.driver_summary_out(@extschema@.driver_summary)
RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'driver_summary_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_out(@extschema@.driver_summary) IS
'Output function of driver_summary (exact: shortest round-trip doubles)';

CREATE FUNCTION @extschema@.driver_summary_recv(pg_catalog.internal)
RETURNS @extschema@.driver_summary
AS 'MODULE_PATHNAME', 'driver_summary_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_recv(pg_catalog.internal) IS
'Binary input function of driver_summary (validated)';

CREATE FUNCTION @extschema@.driver_summary_send(@extschema@.driver_summary)
RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'driver_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_send(@extschema@.driver_summary) IS
'Binary output function of driver_summary';

CREATE TYPE @extschema@.driver_summary (
    INPUT = @extschema@.driver_summary_in,
    OUTPUT = @extschema@.driver_summary_out,
    RECEIVE = @extschema@.driver_summary_recv,
    SEND = @extschema@.driver_summary_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.driver_summary IS
'Row count, means and co-moment matrix of an outcome and k attributes (key-driver analysis); text form {"n":..,"k":..,"means":[..],"comoments":[..]}';

-- Not strict: the first usable row sizes the state; rows with a NULL are skipped.
CREATE FUNCTION @extschema@.driver_summary_trans(@extschema@.driver_summary, pg_catalog.float8, pg_catalog.float8[])
RETURNS @extschema@.driver_summary
AS 'MODULE_PATHNAME', 'driver_summary_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_trans(@extschema@.driver_summary, pg_catalog.float8, pg_catalog.float8[]) IS
'Transition function of driver_summary(outcome, attributes): adds one row (Welford update)';

CREATE FUNCTION @extschema@.driver_summary_combine(@extschema@.driver_summary, @extschema@.driver_summary)
RETURNS @extschema@.driver_summary
AS 'MODULE_PATHNAME', 'driver_summary_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_summary_combine(@extschema@.driver_summary, @extschema@.driver_summary) IS
'Merges two driver summaries with the same attributes (Chan''s formulas)';

-- SSPACE: the state of ten attributes (24 + 8 (11 + 66) bytes); the planner
-- uses it to size a hash aggregate's groups.
CREATE AGGREGATE @extschema@.driver_summary(outcome pg_catalog.float8, attributes pg_catalog.float8[]) (
    SFUNC = @extschema@.driver_summary_trans,
    STYPE = @extschema@.driver_summary,
    COMBINEFUNC = @extschema@.driver_summary_combine,
    SSPACE = 640,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.driver_summary(pg_catalog.float8, pg_catalog.float8[]) IS
'Key-driver summary of an outcome and its attribute ratings; rows with a NULL outcome, array or element are skipped; NULL for a group without such rows';

CREATE AGGREGATE @extschema@.rollup(@extschema@.driver_summary) (
    SFUNC = @extschema@.driver_summary_combine,
    STYPE = @extschema@.driver_summary,
    COMBINEFUNC = @extschema@.driver_summary_combine,
    SSPACE = 640,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.driver_summary) IS
'Merge of stored driver summaries (equal to one pass over their rows up to rounding); NULL for a group without summaries';

CREATE FUNCTION @extschema@.responses(ds @extschema@.driver_summary)
RETURNS pg_catalog.int8
AS 'MODULE_PATHNAME', 'driver_summary_responses' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.responses(@extschema@.driver_summary) IS
'Number of rows in a driver summary';

CREATE FUNCTION @extschema@.outcome_mean(ds @extschema@.driver_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'driver_summary_outcome_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.outcome_mean(@extschema@.driver_summary) IS
'Mean outcome; NULL without rows';

CREATE FUNCTION @extschema@.driver_means(ds @extschema@.driver_summary)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'driver_summary_means' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_means(@extschema@.driver_summary) IS
'Mean rating of each attribute (performance); NULL without rows';

CREATE FUNCTION @extschema@.driver_correlations(ds @extschema@.driver_summary)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'driver_summary_correlations' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_correlations(@extschema@.driver_summary) IS
'Pearson correlation of each attribute with the outcome (NULL element for an attribute without variance); NULL with fewer than 2 rows or a constant outcome';

CREATE FUNCTION @extschema@.driver_r2(ds @extschema@.driver_summary)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'driver_summary_r2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_r2(@extschema@.driver_summary) IS
'R squared of the least-squares regression of the outcome on the attributes, with intercept; NULL with fewer than 2 rows or a constant outcome';

CREATE FUNCTION @extschema@.driver_betas(ds @extschema@.driver_summary)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'driver_summary_betas' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.driver_betas(@extschema@.driver_summary) IS
'Standardized regression coefficients (minimum-norm for collinear attributes, 0 for a constant one); NULL with fewer than 2 rows or a constant outcome';

CREATE FUNCTION @extschema@.relative_weights(ds @extschema@.driver_summary)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'driver_summary_relative_weights' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.relative_weights(@extschema@.driver_summary) IS
'Johnson''s relative weights (raw, >= 0, summing to R squared); NULL with fewer than 2 rows or a constant outcome';

CREATE FUNCTION @extschema@.driver_table(ds @extschema@.driver_summary, names pg_catalog.text[],
    OUT attribute pg_catalog.text, OUT performance pg_catalog.float8, OUT correlation pg_catalog.float8,
    OUT beta pg_catalog.float8, OUT relative_weight pg_catalog.float8, OUT importance_pct pg_catalog.float8)
RETURNS SETOF pg_catalog.record
AS 'MODULE_PATHNAME', 'driver_summary_table' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION @extschema@.driver_table(@extschema@.driver_summary, pg_catalog.text[]) IS
'One row per attribute in attribute order: name, mean rating (performance), correlation, standardized beta, relative weight and its share of R squared in percent (importance_pct)';
