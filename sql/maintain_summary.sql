-- maintain_summary: a table of score_summary per group, kept equal to
-- SELECT <groups>, score_summary(<answer>[, <weight>]) FROM source GROUP BY
-- <groups> (no row where that is NULL) through every kind of write.
--
-- pg_temp.differ(...) recomputes each group's summary from the raw rows with
-- plain counts and sums (no cx_metrics code: the text form {value:count,...},
-- or {value:count:sum of weights:sum of squared weights,...}, built with
-- string_agg) and returns 'G groups, D differ': the summary table's group
-- count and the number of groups whose summary differs from the raw rows or
-- is missing on either side.  Weights are multiples of 1/4, so every sum is
-- exact in any order and the text comparison is exact.
-- The tables made here are dropped at the end: later tests use their names.
CREATE TEMP TABLE relations_before AS SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace;
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/expect_error.sql'
\i :helpers

CREATE FUNCTION pg_temp.differ(summary regclass, source regclass, answer text, groups text[],
                               weight text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    g text := (SELECT string_agg(format('%I', c), ', ') FROM unnest(groups) c);
    cell text := CASE WHEN weight IS NULL THEN 'format(''%s:%s'', v, c)'
                      ELSE 'format(''%s:%s:%s:%s'', v, c, sw, sw2)' END;
    n_groups bigint;
    n_differ bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM %s', summary) INTO n_groups;
    EXECUTE format($q$
        WITH cells AS (
            SELECT %1$s, %2$I AS v, count(*) AS c, sum(%3$s::float8) AS sw, sum(%3$s::float8 * %3$s::float8) AS sw2
            FROM %4$s WHERE %2$I IS NOT NULL AND %3$s IS NOT NULL GROUP BY %1$s, %2$I),
        truth AS (SELECT %1$s, '{' || string_agg(%5$s, ',' ORDER BY v) || '}' AS t FROM cells GROUP BY %1$s)
        SELECT count(*) FROM (SELECT %1$s, summary::text AS t FROM %6$s) k FULL JOIN truth USING (%1$s)
        WHERE k.t IS DISTINCT FROM truth.t$q$,
        g, answer, CASE WHEN weight IS NULL THEN '1' ELSE format('%I', weight) END, source, cell, summary) INTO n_differ;
    RETURN format('%s groups, %s differ', n_groups, n_differ);
END
$$;

SET TimeZone = 'UTC';
CREATE TABLE responses (
    id serial PRIMARY KEY,
    responded_at timestamptz NOT NULL,
    channel text NOT NULL,
    answer smallint,
    weight float8,
    -- A group key expression needs a stored generated column.
    day date NOT NULL GENERATED ALWAYS AS ((responded_at AT TIME ZONE 'UTC')::date) STORED
);
INSERT INTO responses (responded_at, channel, answer, weight)
SELECT timestamptz '2025-03-01' + (i % 5) * interval '1 day' + i * interval '1 minute',
       (ARRAY['app', 'web', 'phone'])[1 + i % 3],
       CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 7) % 11 END,
       CASE WHEN i % 23 = 0 THEN NULL ELSE 0.25 * (1 + i % 8) END
FROM generate_series(1, 600) i;

SELECT maintain_summary('daily', 'responses', 'answer', ARRAY['day', 'channel']);
SELECT maintain_summary('daily_weighted', 'responses', 'answer', ARRAY['day', 'channel'], 'weight');
SELECT maintain_summary('by_channel', 'responses', 'answer', ARRAY['channel']);
\d daily
CREATE FUNCTION pg_temp.all_differ() RETURNS TABLE (summary text, result text)
LANGUAGE sql AS $$
    SELECT 'daily', pg_temp.differ('daily', 'responses', 'answer', ARRAY['day', 'channel'])
    UNION ALL
    SELECT 'daily_weighted', pg_temp.differ('daily_weighted', 'responses', 'answer', ARRAY['day', 'channel'], 'weight')
    UNION ALL
    SELECT 'by_channel', pg_temp.differ('by_channel', 'responses', 'answer', ARRAY['channel'])
$$;
-- As created: 5 days x 3 channels (i % 5 and i % 3 cover every pair).
SELECT * FROM pg_temp.all_differ();
-- A hand-checked group: the 40 rows of day 1 (i % 5 = 1) and app (i % 3 = 0)
-- are i = 6, 21, ..., 591 (i = 15k + 6); answers (7i) % 11.
SELECT summary FROM daily WHERE day = '2025-03-02' AND channel = 'app';
SELECT '{' || string_agg(v || ':' || c, ',' ORDER BY v) || '}' AS by_hand
FROM (SELECT (i * 7) % 11 AS v, count(*) AS c FROM generate_series(6, 600, 15) i
      WHERE i % 17 <> 0 GROUP BY 1) x;

-- INSERT: new rows in existing groups, a new group, a NULL answer alone in a
-- new group (no row: its summary would be NULL), a NULL weight.
INSERT INTO responses (responded_at, channel, answer, weight) VALUES
    ('2025-03-01 10:00', 'app', 10, 1), ('2025-03-01 11:00', 'app', 0, 0.5),
    ('2025-04-01 09:00', 'store', 9, 2), ('2025-04-01 09:30', 'store', 3, NULL),
    ('2025-05-01 09:00', 'kiosk', NULL, 1);
SELECT * FROM pg_temp.all_differ();
SELECT channel, summary FROM daily WHERE day >= '2025-04-01' ORDER BY 1;
SELECT channel, summary FROM daily_weighted WHERE day >= '2025-04-01' ORDER BY 1;

-- COPY.
COPY responses (responded_at, channel, answer, weight) FROM STDIN;
2025-03-03 08:00:00+00	web	8	0.75
2025-03-03 08:01:00+00	web	\N	0.75
2025-06-01 08:00:00+00	email	5	1.25
\.
SELECT * FROM pg_temp.all_differ();

-- UPDATE of answers (some to NULL, some from NULL), of weights, and of a
-- column that is not summarised (no group changes).
UPDATE responses SET answer = CASE WHEN answer IS NULL THEN 6 WHEN id % 4 = 0 THEN NULL ELSE 10 - answer END
WHERE id % 3 = 0;
UPDATE responses SET weight = weight * 2 WHERE id % 5 = 0;
UPDATE responses SET responded_at = responded_at + interval '1 second' WHERE id % 7 = 0;
SELECT * FROM pg_temp.all_differ();

-- UPDATE of group columns: rows move between groups, into a new group and
-- out of the whole 'web' channel.
UPDATE responses SET channel = 'phone' WHERE channel = 'web' AND id % 2 = 0;
UPDATE responses SET channel = 'app' WHERE channel = 'web';
UPDATE responses SET responded_at = responded_at + interval '10 days' WHERE id % 11 = 0;
SELECT * FROM pg_temp.all_differ();
SELECT count(*) AS web_rows_left FROM by_channel WHERE channel = 'web';

-- DELETE: some rows, then every row of a group (its summary row goes), and a
-- group whose answers all become NULL (its row goes too).
DELETE FROM responses WHERE id % 10 = 0;
DELETE FROM responses WHERE channel = 'store';
UPDATE responses SET answer = NULL WHERE channel = 'email';
SELECT * FROM pg_temp.all_differ();
SELECT count(*) AS store_or_email_rows FROM by_channel WHERE channel IN ('store', 'email');

-- INSERT ... ON CONFLICT DO UPDATE fires both the insert and the update triggers.
INSERT INTO responses (id, responded_at, channel, answer, weight)
VALUES (1, '2025-03-01', 'app', 2, 1), (100000, '2025-03-09', 'app', 4, 1)
ON CONFLICT (id) DO UPDATE SET answer = EXCLUDED.answer, channel = 'phone';
-- MERGE (PostgreSQL 15): inserts, updates and deletes in one statement.
MERGE INTO responses r
USING (SELECT g AS id FROM generate_series(2, 40) g UNION ALL SELECT 100001) s ON r.id = s.id
WHEN MATCHED AND r.id % 2 = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET answer = 5, channel = 'app'
WHEN NOT MATCHED THEN INSERT (id, responded_at, channel, answer, weight) VALUES (s.id, '2025-03-02', 'web', 9, 0.5);
SELECT * FROM pg_temp.all_differ();

-- Rolled back, whole and to a savepoint.
CREATE TEMP TABLE before AS SELECT day, channel, summary::text FROM daily;
BEGIN;
INSERT INTO responses (responded_at, channel, answer, weight) VALUES ('2025-03-01 12:00', 'app', 1, 1);
DELETE FROM responses WHERE channel = 'phone';
UPDATE responses SET channel = 'web';
ROLLBACK;
SELECT count(*) AS changed_by_rollback
FROM (SELECT day, channel, summary::text FROM daily EXCEPT SELECT * FROM before) x;
BEGIN;
DELETE FROM responses WHERE channel = 'phone';
SAVEPOINT s;
UPDATE responses SET channel = 'web';
ROLLBACK TO SAVEPOINT s;
INSERT INTO responses (responded_at, channel, answer, weight) VALUES ('2025-03-01 12:00', 'app', 1, 1);
COMMIT;
SELECT * FROM pg_temp.all_differ();

-- TRUNCATE empties the summaries; later writes start from nothing.
TRUNCATE responses;
SELECT * FROM pg_temp.all_differ();
INSERT INTO responses (responded_at, channel, answer, weight) VALUES ('2025-03-01 12:00', 'app', 7, 1);
SELECT * FROM pg_temp.all_differ();
BEGIN;
TRUNCATE responses;
ROLLBACK;
SELECT * FROM pg_temp.all_differ();

-- An out-of-step summary (edited by hand) is detected when a statement
-- removes rows from a group that has no summary row; resync_summary repairs.
DELETE FROM daily;
SELECT pg_temp.expect_error($$DELETE FROM responses$$);
SELECT resync_summary('daily');
SELECT * FROM pg_temp.all_differ();

-- Stopping: unmaintain_summary drops the triggers and the trigger function;
-- the table stays and no longer follows the source.
SELECT unmaintain_summary('by_channel');
INSERT INTO responses (responded_at, channel, answer, weight) VALUES ('2025-03-02 12:00', 'web', 9, 1);
SELECT channel, summary FROM by_channel ORDER BY 1;
SELECT tgname FROM pg_trigger WHERE tgrelid = 'responses'::regclass AND NOT tgisinternal ORDER BY 1;
SELECT * FROM pg_temp.all_differ() WHERE summary <> 'by_channel';

-- Group columns of other types: an enum, a text with a non-default collation,
-- and a partitioned source with rows moving between partitions.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'glad');
CREATE TABLE typed (m mood NOT NULL, label text COLLATE "C" NOT NULL, answer int, part int NOT NULL)
PARTITION BY LIST (part);
CREATE TABLE typed_1 PARTITION OF typed FOR VALUES IN (1);
CREATE TABLE typed_2 PARTITION OF typed FOR VALUES IN (2);
SELECT maintain_summary('typed_summary', 'typed', 'answer', ARRAY['m', 'label']);
INSERT INTO typed SELECT (ARRAY['sad', 'ok', 'glad'])[1 + i % 3]::mood, (ARRAY['a', 'B', 'b'])[1 + i % 2 + i % 2 * (i / 50)],
                         i % 11, 1 + i % 2
FROM generate_series(1, 100) i;
UPDATE typed SET part = 3 - part, m = 'glad' WHERE answer < 4;
DELETE FROM typed WHERE label = 'B';
SELECT pg_temp.differ('typed_summary', 'typed', 'answer', ARRAY['m', 'label']);
SELECT pg_get_constraintdef(oid) AS key, (SELECT collname FROM pg_collation c JOIN pg_attribute a ON a.attcollation = c.oid
                                          WHERE a.attrelid = 'typed_summary'::regclass AND a.attname = 'label') AS label_collation
FROM pg_constraint WHERE conrelid = 'typed_summary'::regclass AND contype = 'p';

-- Hostile names: quotes, spaces, keywords, semicolons, in the schema, the
-- tables and every column; and a 63-byte summary table name.
CREATE SCHEMA "my schema; DROP TABLE responses; --";
CREATE TABLE "my schema; DROP TABLE responses; --"."Select ""from"" 'where';" (
    "user" text NOT NULL,
    "day; --" int NOT NULL,
    "an swer'); DROP TABLE responses; --" int,
    "we""ight" float8
);
SELECT maintain_summary('"my schema; DROP TABLE responses; --"."sum''mary ""of"" it; --"',
                        '"my schema; DROP TABLE responses; --"."Select ""from"" ''where'';"',
                        'an swer''); DROP TABLE responses; --', ARRAY['user', 'day; --'], 'we"ight');
SELECT maintain_summary('"my schema; DROP TABLE responses; --".' || repeat('x', 63),
                        '"my schema; DROP TABLE responses; --"."Select ""from"" ''where'';"',
                        'an swer''); DROP TABLE responses; --', ARRAY['day; --']);
INSERT INTO "my schema; DROP TABLE responses; --"."Select ""from"" 'where';"
SELECT (ARRAY['a''b', 'c;d', 'select'])[1 + i % 3], i % 4, i % 11, 0.25 * (i % 5) + 0.25 FROM generate_series(1, 200) i;
UPDATE "my schema; DROP TABLE responses; --"."Select ""from"" 'where';" SET "user" = 'moved"', "we""ight" = 2 WHERE "day; --" = 1;
DELETE FROM "my schema; DROP TABLE responses; --"."Select ""from"" 'where';" WHERE "an swer'); DROP TABLE responses; --" < 3;
SELECT pg_temp.differ('"my schema; DROP TABLE responses; --"."sum''mary ""of"" it; --"',
                      '"my schema; DROP TABLE responses; --"."Select ""from"" ''where'';"',
                      'an swer''); DROP TABLE responses; --', ARRAY['user', 'day; --'], 'we"ight');
SELECT pg_temp.differ('"my schema; DROP TABLE responses; --".' || repeat('x', 63),
                      '"my schema; DROP TABLE responses; --"."Select ""from"" ''where'';"',
                      'an swer''); DROP TABLE responses; --', ARRAY['day; --']);
SELECT p.proname, obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
FROM pg_proc p WHERE p.pronamespace = '"my schema; DROP TABLE responses; --"'::regnamespace ORDER BY 1;
SELECT unmaintain_summary('"my schema; DROP TABLE responses; --".' || repeat('x', 63));
TRUNCATE "my schema; DROP TABLE responses; --"."Select ""from"" 'where';";
SELECT count(*) FROM "my schema; DROP TABLE responses; --"."sum'mary ""of"" it; --";
SELECT count(*) AS responses_still_there FROM responses;

-- Column names that are also PL/pgSQL names in the trigger function (found,
-- new, old, tg_op, its own variables): the upkeep reads them as columns.
CREATE TABLE plpgsql_names ("found" text NOT NULL, n_groups int NOT NULL, "new" int, tg_op float8);
SELECT maintain_summary('plpgsql_names_summary', 'plpgsql_names', 'new', ARRAY['found', 'n_groups'], 'tg_op');
INSERT INTO plpgsql_names SELECT 'g' || i % 3, i % 2, i % 11, 0.25 * (1 + i % 4) FROM generate_series(1, 60) i;
UPDATE plpgsql_names SET "new" = 10 WHERE "new" = 0;
UPDATE plpgsql_names SET "found" = 'g9' WHERE n_groups = 1 AND "new" > 8;
DELETE FROM plpgsql_names WHERE "new" < 3;
SELECT pg_temp.differ('plpgsql_names_summary', 'plpgsql_names', 'new', ARRAY['found', 'n_groups'], 'tg_op');

-- Weights across many orders of magnitude, rows deleted one by one: a
-- weighted summary re-reads the groups a statement took rows out of, so no
-- rounding builds up in its weight sums (subtracting 1e9 from 1e9 + 1e-6
-- leaves the 1e-6 with the error of 1e9).  Compared with the recomputation
-- at 1e-12 relative: weights like these are not exact in any order.
CREATE TABLE wide_weights (id int PRIMARY KEY, g text NOT NULL, a int, w float8);
INSERT INTO wide_weights SELECT i, 'g' || i % 3, i % 11, 10 ^ ((hashint4(i) & 2147483647) % 17 - 8)
FROM generate_series(1, 120) i;
SELECT maintain_summary('wide_weights_summary', 'wide_weights', 'a', ARRAY['g'], 'w');
DO $$
BEGIN
    FOR i IN 1..120 LOOP
        IF i % 5 <> 0 THEN
            DELETE FROM wide_weights WHERE id = 1 + (i * 37) % 120;
        END IF;
    END LOOP;
END
$$;
SELECT count(*) AS groups,
       bool_and(abs(effective_responses(s.summary) - effective_responses(r.summary))
                <= 1e-12 * effective_responses(r.summary)
                AND abs(nps(s.summary, 5, 3) - nps(r.summary, 5, 3)) <= 1e-9) AS equal_to_recomputation
FROM wide_weights_summary s
JOIN (SELECT g, score_summary(a, w) AS summary FROM wide_weights GROUP BY g) r USING (g);
SELECT count(*) AS rows_left FROM wide_weights;

-- A temporary table with the summary table's name does not capture it.
CREATE TEMP TABLE shadowed (x int);
SELECT maintain_summary('shadowed', 'plpgsql_names', 'new', ARRAY['found']);
SELECT count(*) AS summary_rows_in_public FROM public.shadowed;
SELECT count(*) AS temp_table_untouched FROM pg_temp.shadowed;

-- A non-superuser who owns the source table, in a database where the
-- extension was installed by another role (the superuser running this test):
-- the summary table, the trigger function and the triggers belong to the
-- caller.  Another role that writes the source needs the right to write the
-- summary too (the upkeep runs as the writer: SECURITY INVOKER).
CREATE ROLE regress_cx_owner;
CREATE ROLE regress_cx_writer;
CREATE SCHEMA cx_owned AUTHORIZATION regress_cx_owner;
SET ROLE regress_cx_owner;
CREATE TABLE cx_owned.src (g text NOT NULL, a int);
INSERT INTO cx_owned.src SELECT 'g' || i % 3, i % 11 FROM generate_series(1, 30) i;
SELECT maintain_summary('cx_owned.summ', 'cx_owned.src', 'a', ARRAY['g']);
GRANT USAGE ON SCHEMA cx_owned TO regress_cx_writer;
GRANT INSERT, UPDATE, DELETE, SELECT ON cx_owned.src TO regress_cx_writer;
RESET ROLE;
SELECT 'table' AS object, relowner::regrole::text AS owner FROM pg_class WHERE oid = 'cx_owned.summ'::regclass
UNION ALL
SELECT 'function', proowner::regrole::text FROM pg_proc WHERE pronamespace = 'cx_owned'::regnamespace
UNION ALL
SELECT 'extension', CASE WHEN extowner = 'regress_cx_owner'::regrole THEN 'regress_cx_owner'
                         ELSE 'the installing superuser' END
FROM pg_extension WHERE extname = 'cx_metrics';
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'cx_owned.src'::regclass;
SET ROLE regress_cx_writer;
SELECT pg_temp.expect_error($$INSERT INTO cx_owned.src VALUES ('g1', 5)$$);
RESET ROLE;
SET ROLE regress_cx_owner;
GRANT SELECT, INSERT, UPDATE, DELETE ON cx_owned.summ TO regress_cx_writer;
RESET ROLE;
SET ROLE regress_cx_writer;
INSERT INTO cx_owned.src VALUES ('g1', 5), ('g9', 9);
UPDATE cx_owned.src SET g = 'g0' WHERE g = 'g2';
DELETE FROM cx_owned.src WHERE a < 2;
RESET ROLE;
SET ROLE regress_cx_owner;
SELECT pg_temp.differ('cx_owned.summ', 'cx_owned.src', 'a', ARRAY['g']);
SELECT resync_summary('cx_owned.summ');
SELECT unmaintain_summary('cx_owned.summ');
DROP TABLE cx_owned.summ, cx_owned.src;
RESET ROLE;
DROP SCHEMA cx_owned;
DROP ROLE regress_cx_owner, regress_cx_writer;

-- Bad input: each error with its SQLSTATE.
CREATE TABLE nullable_group (g text, a int, w float8, big bigint);
CREATE VIEW a_view AS SELECT * FROM responses;
CREATE TABLE inh_parent (g text NOT NULL, a int);
CREATE TABLE inh_child () INHERITS (inh_parent);
SELECT c AS "case", pg_temp.expect_error(s) AS result FROM (VALUES
    ('NULL table name',     $$SELECT maintain_summary(NULL, 'responses', 'answer', ARRAY['channel'])$$),
    ('NULL source',         $$SELECT maintain_summary('x', NULL, 'answer', ARRAY['channel'])$$),
    ('NULL answer column',  $$SELECT maintain_summary('x', 'responses', NULL, ARRAY['channel'])$$),
    ('NULL groups',         $$SELECT maintain_summary('x', 'responses', 'answer', NULL)$$),
    ('no groups',           $$SELECT maintain_summary('x', 'responses', 'answer', '{}')$$),
    ('a NULL group',        $$SELECT maintain_summary('x', 'responses', 'answer', ARRAY['channel', NULL])$$),
    ('a group twice',       $$SELECT maintain_summary('x', 'responses', 'answer', ARRAY['channel', 'channel'])$$),
    ('group named summary', $$SELECT maintain_summary('x', 'responses', 'answer', ARRAY['summary'])$$),
    ('no such answer',      $$SELECT maintain_summary('x', 'responses', 'nope', ARRAY['channel'])$$),
    ('no such group',       $$SELECT maintain_summary('x', 'responses', 'answer', ARRAY['nope'])$$),
    ('no such weight',      $$SELECT maintain_summary('x', 'responses', 'answer', ARRAY['channel'], 'nope')$$),
    ('system column',       $$SELECT maintain_summary('x', 'responses', 'answer', ARRAY['ctid'])$$),
    ('nullable group',      $$SELECT maintain_summary('x', 'nullable_group', 'a', ARRAY['g'])$$),
    ('a view',              $$SELECT maintain_summary('x', 'a_view', 'answer', ARRAY['channel'])$$),
    ('a partition',         $$SELECT maintain_summary('x', 'typed_1', 'answer', ARRAY['m'])$$),
    ('inheritance parent',  $$SELECT maintain_summary('x', 'inh_parent', 'a', ARRAY['g'])$$),
    ('inheritance child',   $$SELECT maintain_summary('x', 'inh_child', 'a', ARRAY['g'])$$),
    ('three-part name',     $$SELECT maintain_summary('db.s.x', 'responses', 'answer', ARRAY['channel'])$$),
    ('bad name',            $$SELECT maintain_summary('"x', 'responses', 'answer', ARRAY['channel'])$$),
    ('table exists',        $$SELECT maintain_summary('daily', 'responses', 'answer', ARRAY['channel'])$$),
    ('text answer',         $$SELECT maintain_summary('x', 'responses', 'channel', ARRAY['day'])$$),
    ('bigint answer',       $$SELECT maintain_summary('x', 'nullable_group', 'big', ARRAY['g'])$$),
    ('text weight',         $$SELECT maintain_summary('x', 'responses', 'answer', ARRAY['day'], 'channel')$$),
    ('resync: not kept',    $$SELECT resync_summary('nullable_group')$$),
    ('unmaintain: not kept',$$SELECT unmaintain_summary('nullable_group')$$)
) v(c, s);
SELECT count(*) AS left_behind FROM pg_class WHERE relname = 'x';
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT pg_temp.expect_error($$SELECT maintain_summary('x', 'responses', 'answer', ARRAY['channel'])$$);
SELECT pg_temp.expect_error($$SELECT resync_summary('daily')$$);
ROLLBACK;
-- Clean up: every table this test made in public (views and triggers go with them).
SET client_min_messages = warning;
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT oid FROM pg_class
             WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')
               AND oid NOT IN (SELECT oid FROM relations_before)
    LOOP
        IF EXISTS (SELECT FROM pg_class WHERE oid = r.oid) THEN
            EXECUTE format('DROP TABLE %s CASCADE', r.oid::regclass);
        END IF;
    END LOOP;
END
$$;
RESET client_min_messages;
