-- The engineering contract, read from the catalogs: every aggregate is
-- PARALLEL SAFE with a combine function and a state type that is not
-- internal; every function is IMMUTABLE and PARALLEL SAFE.
SELECT p.oid::regprocedure AS aggregate,
       p.proparallel AS parallel,
       a.aggcombinefn <> 0 AS has_combine,
       a.aggtranstype::regtype AS state_type,
       a.aggtransspace AS state_space,
       a.aggminvtransfn <> 0 AS moving,
       a.aggmtranstype::regtype AS moving_state_type
FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
ORDER BY p.oid::regprocedure::text;

-- Functions that are not IMMUTABLE or not PARALLEL SAFE: only the three that
-- create or change summary tables and triggers (maintain_summary and its kin).
SELECT p.oid::regprocedure AS function, p.provolatile, p.proparallel
FROM pg_proc p
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
WHERE p.prokind = 'f' AND (p.provolatile <> 'i' OR p.proparallel <> 's');

-- The types: variable length, double-aligned, with binary send/recv.
SELECT t.typname, t.typlen, t.typalign, t.typstorage, t.typsend <> 0 AS has_send, t.typreceive <> 0 AS has_recv
FROM pg_type t WHERE t.typname IN ('score_summary', 'csi_state') ORDER BY 1;

-- Every function and aggregate of the extension has a comment, and every type
-- it defines.
SELECT p.oid::regprocedure AS without_comment
FROM pg_proc p
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
WHERE obj_description(p.oid, 'pg_proc') IS NULL;
SELECT t.oid::regtype AS type_without_comment
FROM pg_type t
JOIN pg_depend d ON d.objid = t.oid AND d.classid = 'pg_type'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
WHERE obj_description(t.oid, 'pg_type') IS NULL
  AND t.typcategory <> 'A';  -- the implicit array types (members from PostgreSQL 17 on)

-- Support functions are named after what they serve: each aggregate's
-- transition, combine and final functions start with the first word of the
-- aggregate's name (nps_, csat_, churn_, weighted_) or with its state type's
-- name (score_summary_, csi_state_, driver_summary_; score_summary_ also for
-- the moving-window states of score_summary and rollup); no generic names.
SELECT p.oid::regprocedure AS aggregate, sp.proname AS support_function
FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
CROSS JOIN LATERAL (VALUES (a.aggtransfn), (a.aggcombinefn), (a.aggfinalfn),
                           (a.aggmtransfn), (a.aggminvtransfn), (a.aggmfinalfn)) f(fn)
JOIN pg_proc sp ON sp.oid = f.fn
WHERE NOT (sp.proname LIKE split_part(p.proname, '_', 1) || '\_%'
           OR sp.proname LIKE replace(format_type(a.aggtranstype, NULL), '_', '\_') || '\_%'
           OR sp.proname LIKE 'score\_summary\_%')
ORDER BY 1, 2;

-- Every parameter a user passes to a function has a name (named notation
-- works), support functions aside; the interval functions take the
-- confidence second and the thresholds after it, with defaults.
SELECT p.oid::regprocedure AS function_with_unnamed_parameter
FROM pg_proc p
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
WHERE p.prokind = 'f' AND p.pronargs > 0
  AND p.proname !~ '_(trans|inv_trans|combine|final|in|out|send|recv|merge)$'
  AND (p.proargnames IS NULL OR '' = ANY (p.proargnames[1:p.pronargs]))
ORDER BY 1;
SELECT p.proname, pg_get_function_arguments(p.oid) AS arguments
FROM pg_proc p
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
WHERE p.proname IN ('nps_moe', 'nps_low', 'nps_high', 'csat_low', 'csat_high')
ORDER BY 1;
