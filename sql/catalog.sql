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

-- Functions that are not IMMUTABLE or not PARALLEL SAFE: none.
SELECT p.oid::regprocedure AS function, p.provolatile, p.proparallel
FROM pg_proc p
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
WHERE p.prokind = 'f' AND (p.provolatile <> 'i' OR p.proparallel <> 's');

-- The types: variable length, double-aligned, with binary send/recv.
SELECT t.typname, t.typlen, t.typalign, t.typstorage, t.typsend <> 0 AS has_send, t.typreceive <> 0 AS has_recv
FROM pg_type t WHERE t.typname IN ('score_summary', 'csi_state') ORDER BY 1;

-- Every user-facing aggregate and accessor has a comment.
SELECT p.oid::regprocedure AS without_comment
FROM pg_proc p
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'cx_metrics'
WHERE p.proname IN ('nps', 'csat', 'ces', 'mean', 'share', 'responses', 'weighted_csi',
                    'churn_rate', 'score_summary', 'rollup')
  AND obj_description(p.oid, 'pg_proc') IS NULL;
