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
 * CREATE AGGREGATE's SSPACE cannot be changed by ALTER AGGREGATE, and the
 * aggregates must stay (views depend on them), so the update sets the
 * catalog column that SSPACE sets.  It changes plans only, never results.
 * Members are found through the extension's dependencies, so no schema name
 * is spelled here.
 */
DO $$
DECLARE
    updated pg_catalog.int8;
BEGIN
    UPDATE pg_catalog.pg_aggregate a
    SET aggtransspace = v.space
    FROM pg_catalog.pg_proc p, pg_catalog.pg_depend d, pg_catalog.pg_extension e,
         (VALUES ('nps', 1, 48), ('nps', 3, 48), ('csat', 1, 48), ('csat', 2, 48),
                 ('ces', 1, 48), ('churn_rate', 1, 48), ('weighted_csi', 2, 48),
                 ('churn_rate', 3, 112), ('churn_rate', 4, 112),
                 ('score_summary', 1, 112), ('rollup', 1, 112),
                 ('score_summary', 2, 200), ('weighted_csi', 3, 240)) AS v(name, nargs, space)
    WHERE p.oid OPERATOR(pg_catalog.=) a.aggfnoid
      AND d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
      AND d.objid OPERATOR(pg_catalog.=) p.oid
      AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
      AND d.refobjid OPERATOR(pg_catalog.=) e.oid
      AND d.deptype OPERATOR(pg_catalog.=) 'e'
      AND e.extname OPERATOR(pg_catalog.=) 'cx_metrics'
      AND p.proname OPERATOR(pg_catalog.=) v.name::pg_catalog.name
      AND p.pronargs OPERATOR(pg_catalog.=) v.nargs;
    GET DIAGNOSTICS updated = ROW_COUNT;
    IF updated OPERATOR(pg_catalog.<>) 15 THEN
        RAISE EXCEPTION 'cx_metrics 1.2: expected to set the transition space of 15 aggregates, found %', updated;
    END IF;
END
$$;

-- ==== groups (begin) ====
-- Comparing many groups: a segment against the rest, small groups hidden,
-- adjusted p-values, the NPS score interval, P(A > B) and sample sizes.

CREATE FUNCTION @extschema@.score_summary_subtract(a @extschema@.score_summary, b @extschema@.score_summary)
RETURNS @extschema@.score_summary
AS 'MODULE_PATHNAME', 'score_summary_subtract' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.score_summary_subtract(@extschema@.score_summary, @extschema@.score_summary) IS
'The answers of a without those of b ("this segment vs the rest": total minus segment); error 22023 when b is not part of a';

-- ==== groups (end) ====

-- ==== incremental summaries (begin) ====
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
    n_cols pg_catalog.text;
    o_cols pg_catalog.text;
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
    END LOOP;
    on_sd := pg_catalog.substr(on_sd, 6);
    on_no := pg_catalog.substr(on_no, 6);
    SELECT pg_catalog.string_agg(pg_catalog.format('n.%I', u), ', ' ORDER BY o),
           pg_catalog.string_agg(pg_catalog.format('o.%I', u), ', ' ORDER BY o),
           pg_catalog.string_agg(pg_catalog.format('d.%I', u), ', ' ORDER BY o)
      INTO n_cols, o_cols, d_cols
    FROM pg_catalog.unnest(group_columns) WITH ORDINALITY AS x(u, o);
    agg := pg_catalog.format('%I.score_summary(%I%s)', ext_schema, answer_column,
                             CASE WHEN weight_column IS NULL THEN '' ELSE pg_catalog.format(', %I', weight_column) END);

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
        WITH d AS (
            SELECT %8$s, o.summary
            FROM (SELECT %2$s, %3$s AS summary FROM cx_old GROUP BY %2$s) o
            LEFT JOIN (SELECT %2$s, %3$s AS summary FROM cx_new GROUP BY %2$s) n ON %7$s
            WHERE o.summary IS NOT NULL
              AND (n.summary IS NULL OR n.summary::pg_catalog.text OPERATOR(pg_catalog.<>) o.summary::pg_catalog.text)),
        u AS (
            UPDATE %1$s AS s SET summary = %5$I.score_summary_subtract(s.summary, d.summary)
            FROM d WHERE %9$s
            RETURNING %5$I.responses(s.summary) AS left_over)
        SELECT (SELECT pg_catalog.count(*) FROM d), pg_catalog.count(*),
               pg_catalog.count(*) FILTER (WHERE left_over OPERATOR(pg_catalog.=) 0)
          INTO n_groups, n_updated, n_emptied FROM u;
    ELSE
        WITH d AS (
            SELECT %2$s, summary FROM (SELECT %2$s, %3$s AS summary FROM cx_old GROUP BY %2$s) o
            WHERE summary IS NOT NULL),
        u AS (
            UPDATE %1$s AS s SET summary = %5$I.score_summary_subtract(s.summary, d.summary)
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
        source::pg_catalog.text);                            -- 11

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
-- ==== incremental summaries (end) ====
