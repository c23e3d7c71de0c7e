-- Hostile SQL-level input: every case gives its documented SQLSTATE (README,
-- "Errors": 22003 out of range / overflow, 22023 invalid parameter, 22P02
-- malformed text or binary score_summary or csi_state, 0A000 unsupported) or
-- its documented value, and the server never restarts.
--
-- Each group lists one row per case: its name, the expected outcome (a
-- SQLSTATE, or '= value' for a statement that must succeed), the actual
-- outcome, and 'ok' or 'WRONG'.  The expectations come from the README, not
-- from running the code.
\getenv abs_srcdir PG_ABS_SRCDIR
\set helpers :abs_srcdir '/sql/include/hostile_helpers.sql'
\i :helpers

SELECT pg_postmaster_start_time() AS boot_time \gset

-- 1. score_summary text input.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('empty string',                   '',                                      '22P02'),
    ('only spaces',                    '   ',                                   '22P02'),
    ('truncated {',                    '{',                                     '22P02'),
    ('truncated {1',                   '{1',                                    '22P02'),
    ('truncated {1:',                  '{1:',                                   '22P02'),
    ('truncated {1:2',                 '{1:2',                                  '22P02'),
    ('truncated {1:2,',                '{1:2,',                                 '22P02'),
    ('truncated {1:2,3',               '{1:2,3',                                '22P02'),
    ('closing brace only',             '}',                                     '22P02'),
    ('empty {}',                       '{}',                                    '= {}'),
    ('empty with spaces',              '  {   }  ',                            '= {}'),
    ('tabs, CR, LF around tokens',     E'\t{\r\n 7\t:\n2 ,\t3 : 1 }\n',         '= {3:1,7:2}'),
    ('count 2^63-1',                   '{1:9223372036854775807}',               '= {1:9223372036854775807}'),
    ('count 2^63',                     '{1:9223372036854775808}',               '22P02'),
    ('count 2^64',                     '{1:18446744073709551616}',              '22P02'),
    ('count 2^64+1 (wraps to 1)',      '{1:18446744073709551617}',              '22P02'),
    ('count 99999999999999999999',     '{1:99999999999999999999}',              '22P02'),
    ('count 10^40',                    '{1:10000000000000000000000000000000000000000}', '22P02'),
    ('negative count',                 '{1:-1}',                                '22P02'),
    ('count -0',                       '{1:-0}',                                '22P02'),
    ('count +1',                       '{1:+1}',                                '22P02'),
    ('count 1e3',                      '{1:1e3}',                               '22P02'),
    ('count 0x10',                     '{1:0x10}',                              '22P02'),
    ('count 1.5',                      '{1:1.5}',                               '22P02'),
    ('count 1.0',                      '{1:1.0}',                               '22P02'),
    ('zero count dropped',             '{1:0,2:3}',                             '= {2:3}'),
    ('only zero counts',               '{1:0,2:0}',                             '= {}'),
    ('leading zeros',                  '{007:0003}',                            '= {7:3}'),
    ('duplicate value',                '{1:1,1:2}',                             '22P02'),
    ('duplicate value, zero counts',   '{1:0,1:0}',                             '22P02'),
    ('duplicate value 1 and 01',       '{1:1,01:1}',                            '22P02'),
    ('duplicate value, far apart',     '{5:1,0:1,100:1,5:1}',                   '22P02'),
    ('value 100',                      '{100:1}',                               '= {100:1}'),
    ('value 101',                      '{101:1}',                               '22P02'),
    ('value -1',                       '{-1:1}',                                '22P02'),
    ('value 256 (0 mod 256)',          '{256:1}',                               '22P02'),
    ('value 357 (101 mod 256)',        '{357:1}',                               '22P02'),
    ('value 2^32 (0 mod 2^32)',        '{4294967296:1}',                        '22P02'),
    ('value 2^32+5',                   '{4294967301:1}',                        '22P02'),
    ('value 2^64+5',                   '{18446744073709551621:1}',              '22P02'),
    ('value 1.0',                      '{1.0:1}',                               '22P02'),
    ('value +1',                       '{+1:1}',                                '22P02'),
    ('trailing x',                     '{1:1}x',                                '22P02'),
    ('trailing ;',                     '{1:1};',                                '22P02'),
    ('double closing brace',           '{1:1}}',                                '22P02'),
    ('two summaries',                  '{1:1} {2:2}',                           '22P02'),
    ('leading garbage',                'x{1:1}',                                '22P02'),
    ('trailing comma',                 '{1:1,}',                                '22P02'),
    ('leading comma',                  '{,1:1}',                                '22P02'),
    ('double comma',                   '{1:1,,2:1}',                            '22P02'),
    ('double colon',                   '{1::1}',                                '22P02'),
    ('missing value',                  '{:1}',                                  '22P02'),
    ('missing both',                   '{:}',                                   '22P02'),
    ('space inside a number',          '{1 0:1}',                               '22P02'),
    ('nested braces',                  '{{1:1}}',                               '22P02'),
    ('quoted value',                   '{"1":1}',                               '22P02'),
    ('full-width digit value',         '{１:1}',                                '22P02'),
    ('NBSP around a token',            E'{\u00a01:1}',                         '22P02'),
    ('total 2^63-1 over two values',   '{0:4611686018427387903,1:4611686018427387904}', '= {0:4611686018427387903,1:4611686018427387904}'),
    ('total 2^63 over two values',     '{0:4611686018427387904,1:4611686018427387904}', '22P02'),
    ('total 2^63-1 over three values', '{0:9223372036854775805,50:1,100:1}',    '= {0:9223372036854775805,50:1,100:1}'),
    ('total 2^63 over three values',   '{0:9223372036854775805,50:1,100:2}',    '22P02'),
    ('total 2^64 over two values',     '{0:9223372036854775807,1:9223372036854775807,2:2}', '22P02')
) v(c, input, e),
LATERAL pg_temp.outcome(format('SELECT %L::score_summary::text', input)) r;

-- 2. Weighted score_summary text input: {value:count:sum_w:sum_w2,...}.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('valid',                          '{3:1:1.5:2.25}',                        '= {3:1:1.5:2.25}'),
    ('valid, spaces',                  '{ 1 : 2 : 3 : 5 }',                     '= {1:2:3:5}'),
    ('truncated {1:1:',                '{1:1:',                                 '22P02'),
    ('truncated {1:1:1',               '{1:1:1',                                '22P02'),
    ('truncated {1:1:1:',              '{1:1:1:',                               '22P02'),
    ('truncated {1:1:1:1',             '{1:1:1:1',                              '22P02'),
    ('three fields',                   '{1:1:1}',                               '22P02'),
    ('five fields',                    '{1:1:1:1:1}',                           '22P02'),
    ('mixed, weighted first',          '{1:1:1:1,2:1}',                         '22P02'),
    ('mixed, unweighted first',        '{1:1,2:1:1:1}',                         '22P02'),
    ('sum NaN',                        '{1:1:NaN:1}',                           '22P02'),
    ('sums nan',                       '{1:1:nan:nan}',                         '22P02'),
    ('sum Infinity',                   '{1:1:Infinity:1}',                      '22P02'),
    ('sum of squares inf',             '{1:1:1:inf}',                           '22P02'),
    ('sum -Infinity',                  '{1:1:-Infinity:1}',                     '22P02'),
    ('sum 1e309 (overflows)',          '{1:1:1e309:1}',                         '22P02'),
    ('sum of squares 1e400',           '{1:1:1e200:1e400}',                     '22P02'),
    ('sum of squares 1e-400 (reads 0)', '{1:1:1e-200:1e-400}',                  '22P02'),
    ('negative sum',                   '{1:1:-1:1}',                            '22P02'),
    ('negative sum of squares',        '{1:1:1:-1}',                            '22P02'),
    ('hex sum',                        '{1:1:0x1p0:1}',                         '22P02'),
    ('zero sums, count 1 (weight 0)',  '{1:1:0:0}',                             '= {1:1:0:0}'),
    ('only sum of weights zero',       '{1:1:0:1}',                             '22P02'),
    ('only sum of squares zero',       '{1:1:1:0}',                             '22P02'),
    ('count 0, sums 1',                '{1:0:1:1}',                             '22P02'),
    ('count 0, sums 0 (dropped)',      '{1:0:0:0}',                             '= {}'),
    ('n_eff 4 > count 1',              '{1:1:2:1}',                             '22P02'),
    ('n_eff 0.25 < 1',                 '{1:2:1:4}',                             '22P02'),
    ('n_eff = count',                  '{1:4:4:4}',                             '= {1:4:4:4}'),
    ('one weight of 1e308',            '{1:1:1e308:1e308}',                     '22P02'),
    ('count past 2^63',                '{1:9223372036854775808:1:1}',           '22P02'),
    ('total 2^63 over two values',     '{0:4611686018427387904:1:1,1:4611686018427387904:1:1}', '22P02')
) v(c, input, e),
LATERAL pg_temp.outcome(format('SELECT %L::score_summary::text', input)) r;

-- 3. Long score_summary texts.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('100000 digits, no brace',        $$SELECT repeat('1', 100000)::score_summary::text$$,                         '22P02'),
    ('100000-digit value',             $$SELECT ('{' || repeat('1', 100000) || ':1}')::score_summary::text$$,       '22P02'),
    ('100000-digit count',             $$SELECT ('{1:' || repeat('9', 100000) || '}')::score_summary::text$$,       '22P02'),
    ('count with 100000 leading zeros', $$SELECT ('{1:' || repeat('0', 100000) || '5}')::score_summary::text$$,    '= {1:5}'),
    ('1 MB of spaces inside {}',       $$SELECT ('{' || repeat(' ', 1000000) || '}')::score_summary::text$$,        '= {}'),
    ('1 MB of trailing garbage',       $$SELECT ('{}' || repeat('x', 1000000))::score_summary::text$$,              '22P02'),
    ('100000 pairs of one value',      $$SELECT ('{' || repeat('5:1,', 99999) || '5:1}')::score_summary::text$$,     '22P02'),
    ('100000 zero pairs of one value', $$SELECT ('{' || repeat('5:0,', 99999) || '5:0}')::score_summary::text$$,     '22P02'),
    ('all 101 values, descending',     $$SELECT responses(('{' || string_agg(v || ':' || (v + 1), ',' ORDER BY v DESC) || '}')::score_summary) FROM generate_series(0, 100) v$$, '= 5151'),
    ('all 101 values, canonical',      $$SELECT ('{' || string_agg(v || ':1', ', ' ORDER BY v DESC) || '}')::score_summary::text = score_summary(v)::text FROM generate_series(0, 100) v$$, '= true'),
    ('102 entries (50 twice)',         $$SELECT ('{' || string_agg(v || ':1', ',') || ',50:1}')::score_summary::text FROM generate_series(0, 100) v$$, '22P02'),
    ('101 counts of 10^17 (total past 2^63)', $$SELECT ('{' || string_agg(v || ':100000000000000000', ',') || '}')::score_summary::text FROM generate_series(0, 100) v$$, '22P02'),
    -- the exact decimal expansion of the double nearest 1e-5 (71 characters)
    ('weighted sum: exact decimal of 1e-5', $$SELECT '{1:1:0.000010000000000000000818030539140313095458623138256371021270751953125:1.0000000000000002e-10}'::score_summary::text$$, '= {1:1:1e-05:1.0000000000000002e-10}'),
    ('weighted: largest weight, twice', $$SELECT round(effective_responses('{1:1:1.3e154:1.69e308,2:1:1.3e154:1.69e308}')::numeric, 9)$$, '= 2.000000000')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 4. csi_state text input: {"component":ratings:sum_satisfaction:sum_importance,...}.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('empty string',                   '',                                      '22P02'),
    ('only spaces',                    '   ',                                   '22P02'),
    ('truncated {',                    '{',                                     '22P02'),
    ('truncated {"',                   '{"',                                    '22P02'),
    ('truncated {"A',                  '{"A',                                   '22P02'),
    ('truncated {"A"',                 '{"A"',                                  '22P02'),
    ('truncated {"A":',                '{"A":',                                 '22P02'),
    ('truncated {"A":1',               '{"A":1',                                '22P02'),
    ('truncated {"A":1:2',             '{"A":1:2',                              '22P02'),
    ('truncated {"A":1:2:',            '{"A":1:2:',                             '22P02'),
    ('truncated {"A":1:2:3',           '{"A":1:2:3',                            '22P02'),
    ('truncated {"A":1:2:3,',          '{"A":1:2:3,',                           '22P02'),
    ('truncated escape {"A\',          '{"A\',                                  '22P02'),
    ('empty {}',                       '{}',                                    '= {}'),
    ('empty with spaces',              ' {   } ',                               '= {}'),
    ('valid',                          '{"A":1:2:3}',                           '= {"A":1:2:3}'),
    ('valid, spaces around tokens',    E'{ "A" :\t1 : 2 :\n3 }',                '= {"A":1:2:3}'),
    ('empty name',                     '{"":1:2:3}',                            '= {"":1:2:3}'),
    ('escaped quote and backslash',    '{"a\"b\\c":1:2:3}',                     '= {"a\"b\\c":1:2:3}'),
    ('negative satisfaction',          '{"A":1:-2.5:1}',                        '= {"A":1:-2.5:1}'),
    ('ratings 0',                      '{"A":0:1:1}',                           '22P02'),
    ('ratings -1',                     '{"A":-1:1:1}',                          '22P02'),
    ('ratings 2^63-1',                 '{"A":9223372036854775807:2:3}',         '= {"A":9223372036854775807:2:3}'),
    ('ratings 2^63',                   '{"A":9223372036854775808:2:3}',         '22P02'),
    ('ratings 2^64',                   '{"A":18446744073709551616:2:3}',        '22P02'),
    ('ratings 1e3',                    '{"A":1e3:2:3}',                         '22P02'),
    ('ratings 1.5',                    '{"A":1.5:2:3}',                         '22P02'),
    ('satisfaction NaN',               '{"A":1:NaN:1}',                         '22P02'),
    ('satisfaction -Infinity',         '{"A":1:-Infinity:1}',                   '22P02'),
    ('satisfaction 1e309',             '{"A":1:1e309:1}',                       '22P02'),
    ('importance inf',                 '{"A":1:1:inf}',                         '22P02'),
    ('importance -1',                  '{"A":1:1:-1}',                          '22P02'),
    ('importance -1e-300',             '{"A":1:1:-1e-300}',                     '22P02'),
    ('three fields',                   '{"A":1:1}',                             '22P02'),
    ('five fields',                    '{"A":1:1:1:1}',                         '22P02'),
    ('duplicate name',                 '{"A":1:1:1,"B":1:1:1,"A":1:1:1}',       '22P02'),
    ('duplicate escaped name',         '{"a\"b":1:1:1,"a\"b":2:2:2}',           '22P02'),
    ('unquoted name',                  '{A:1:1:1}',                             '22P02'),
    ('single-quoted name',             '{''A'':1:1:1}',                         '22P02'),
    ('unknown escape',                 '{"A\n":1:1:1}',                         '22P02'),
    ('unterminated name',              '{"A:1:1:1}',                            '22P02'),
    ('trailing text',                  '{"A":1:1:1}x',                          '22P02'),
    ('trailing comma',                 '{"A":1:1:1,}',                          '22P02'),
    ('two states',                     '{"A":1:1:1}{"B":1:1:1}',                '22P02')
) v(c, input, e),
LATERAL pg_temp.outcome(format('SELECT %L::csi_state::text', input)) r;

-- 5. Long csi_state texts: names of at most 1000 bytes, at most 1000 components.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('name of 1000 bytes',             $$SELECT i::csi_state::text = i FROM (SELECT '{"' || repeat('n', 1000) || '":1:2:3}' AS i) x$$, '= true'),
    ('name of 1001 bytes',             $$SELECT ('{"' || repeat('n', 1001) || '":1:2:3}')::csi_state::text$$,        '22P02'),
    ('name of 1000 escaped quotes',    $$SELECT i::csi_state::text = i FROM (SELECT '{"' || repeat('\"', 1000) || '":1:2:3}' AS i) x$$, '= true'),
    ('name of 1001 escaped quotes',    $$SELECT ('{"' || repeat('\"', 1001) || '":1:2:3}')::csi_state::text$$,       '22P02'),
    ('name of 100000 bytes',           $$SELECT ('{"' || repeat('n', 100000) || '":1:2:3}')::csi_state::text$$,      '22P02'),
    ('1000 components',                $$SELECT i::csi_state::text = i FROM (SELECT '{' || string_agg(format('"c%s":1:2:3', g), ',') || '}' AS i FROM generate_series(1, 1000) g) x$$, '= true'),
    ('1001 components',                $$SELECT ('{' || string_agg(format('"c%s":1:2:3', g), ',') || '}')::csi_state::text FROM generate_series(1, 1001) g$$, '22P02'),
    ('100000-digit ratings',           $$SELECT ('{"A":' || repeat('9', 100000) || ':1:1}')::csi_state::text$$,      '22P02'),
    ('100000 digits, no brace',        $$SELECT repeat('1', 100000)::csi_state::text$$,                              '22P02'),
    ('sum: exact decimal of 1e-5',     $$SELECT '{"A":1:0.000010000000000000000818030539140313095458623138256371021270751953125:1}'::csi_state::text$$, '= {"A":1:1e-05:1}')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 6. Binary score_summary (receive function), through binary COPY.  First the
-- trick itself, on the documented bytes of {3:1,10:258} and on what
-- score_summary_send writes.
SELECT pg_temp.recv('score_summary', '\x0100000000020300000000000000010a0000000000000102') AS documented_bytes,
       pg_temp.recv('score_summary', score_summary_send('{0:1,50:7,100:9223372036854775799}')) AS sent_bytes,
       pg_temp.recv('score_summary', score_summary_send('{3:1:1.5:2.25,10:2:3:4.5}')) AS sent_weighted;
-- Version 1: u8 version 1, u8 flags 0, u16 reserved 0, u16 npairs, then npairs
-- x (u8 value, i64 count).  Version 2 pairs add f8 sum_w, f8 sum_w2.  Hex
-- digits below are grouped by field (decode() skips the spaces).
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('valid {3:1,10:258}',             '01 00 0000 0002 03 0000000000000001 0a 0000000000000102', '= {3:1,10:258}'),
    ('valid empty',                    '01 00 0000 0000',                                      '= {}'),
    ('valid 2^63-1 at value 100',      '01 00 0000 0001 64 7fffffffffffffff',                  '= {100:9223372036854775807}'),
    ('zero bytes',                     '',                                                     '22P02'),
    ('one byte',                       '01',                                                   '22P02'),
    ('five bytes',                     '01 00 0000 00',                                        '22P02'),
    ('version 0',                      '00 00 0000 0000',                                      '22P02'),
    ('version 3',                      '03 00 0000 0000',                                      '22P02'),
    ('version 255',                    'ff 00 0000 0000',                                      '22P02'),
    ('flags 1',                        '01 01 0000 0000',                                      '22P02'),
    ('flags 0x80',                     '01 80 0000 0000',                                      '22P02'),
    ('reserved 1',                     '01 00 0001 0000',                                      '22P02'),
    ('reserved 0x8000',                '01 00 8000 0000',                                      '22P02'),
    ('npairs 1, no pair',              '01 00 0000 0001',                                      '22P02'),
    ('npairs 2, one pair',             '01 00 0000 0002 05 0000000000000001',                  '22P02'),
    ('npairs 1, two pairs',            '01 00 0000 0001 03 0000000000000001 05 0000000000000001', '22P02'),
    ('npairs 0, one pair',             '01 00 0000 0000 05 0000000000000001',                  '22P02'),
    ('npairs 102',                     '01 00 0000 0066',                                      '22P02'),
    ('npairs 65535',                   '01 00 0000 ffff 05 0000000000000001',                  '22P02'),
    ('truncated pair',                 '01 00 0000 0001 05 00000000000000',                    '22P02'),
    ('one trailing byte',              '01 00 0000 0001 05 0000000000000001 00',               '22P02'),
    ('trailing byte on empty',         '01 00 0000 0000 00',                                   '22P02'),
    ('count 0',                        '01 00 0000 0001 05 0000000000000000',                  '22P02'),
    ('count 2^63 (bit 63)',            '01 00 0000 0001 05 8000000000000000',                  '22P02'),
    ('count 2^64-1',                   '01 00 0000 0001 05 ffffffffffffffff',                  '22P02'),
    ('counts total 2^63',              '01 00 0000 0002 00 4000000000000000 01 4000000000000000', '22P02'),
    ('counts total 2^63-1',            '01 00 0000 0002 00 3fffffffffffffff 01 4000000000000000', '= {0:4611686018427387903,1:4611686018427387904}'),
    ('counts total 2^63 (max + 1)',    '01 00 0000 0002 00 7fffffffffffffff 01 0000000000000001', '22P02'),
    ('value 101',                      '01 00 0000 0001 65 0000000000000001',                  '22P02'),
    ('value 255',                      '01 00 0000 0001 ff 0000000000000001',                  '22P02'),
    ('values descending',              '01 00 0000 0002 05 0000000000000001 03 0000000000000001', '22P02'),
    ('value twice',                    '01 00 0000 0002 05 0000000000000001 05 0000000000000001', '22P02'),
    ('v1 header, v2-sized pair',       '01 00 0000 0001 03 0000000000000001 3ff0000000000000 3ff0000000000000', '22P02'),
    ('v2 valid {3:1:1.5:2.25}',        '02 00 0000 0001 03 0000000000000001 3ff8000000000000 4002000000000000', '= {3:1:1.5:2.25}'),
    ('v2 valid, weights 0',            '02 00 0000 0001 03 0000000000000002 0000000000000000 0000000000000000', '= {3:2:0:0}'),
    ('v2 header, v1-sized pair',       '02 00 0000 0001 03 0000000000000001',                  '22P02'),
    ('v2 truncated sums',              '02 00 0000 0001 03 0000000000000001 3ff0000000000000', '22P02'),
    ('v2 sum NaN',                     '02 00 0000 0001 03 0000000000000001 7ff8000000000000 3ff0000000000000', '22P02'),
    ('v2 sum of squares NaN',          '02 00 0000 0001 03 0000000000000001 3ff0000000000000 7ff8000000000000', '22P02'),
    ('v2 sum +Infinity',               '02 00 0000 0001 03 0000000000000001 7ff0000000000000 3ff0000000000000', '22P02'),
    ('v2 sum of squares +Infinity',    '02 00 0000 0001 03 0000000000000001 3ff0000000000000 7ff0000000000000', '22P02'),
    ('v2 sum -Infinity',               '02 00 0000 0001 03 0000000000000001 fff0000000000000 3ff0000000000000', '22P02'),
    ('v2 sum -1',                      '02 00 0000 0001 03 0000000000000001 bff0000000000000 3ff0000000000000', '22P02'),
    ('v2 sums not zero together',      '02 00 0000 0001 03 0000000000000001 0000000000000000 3ff0000000000000', '22P02'),
    ('v2 subnormal sum, zero squares', '02 00 0000 0001 03 0000000000000001 0000000000000001 0000000000000000', '22P02'),
    ('v2 n_eff 4 > count 1',           '02 00 0000 0001 03 0000000000000001 4000000000000000 3ff0000000000000', '22P02'),
    ('v2 count 0, sums 0',             '02 00 0000 0001 03 0000000000000000 0000000000000000 0000000000000000', '22P02'),
    ('v2 count 2^63',                  '02 00 0000 0001 03 8000000000000000 3ff0000000000000 3ff0000000000000', '22P02')
) v(c, hex, e),
LATERAL pg_temp.recv('score_summary', decode(hex, 'hex')) r;
-- What score_summary_send writes for all 101 values reads back as itself.
SELECT pg_temp.recv('score_summary', score_summary_send(s)) = '= ' || s::text AS all_101_values_round_trip
FROM (SELECT score_summary(v) AS s FROM generate_series(0, 100) v) x;
-- Bytes computed by a query.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('102 pairs (npairs 102)',         $$SELECT overlay(score_summary_send(score_summary(v)) placing '\x0066' from 5 for 2) || '\x000000000000000001'::bytea FROM generate_series(0, 100) v$$, '22P02'),
    ('1000 bytes of 0xff',             $$SELECT decode(repeat('ff', 1000), 'hex')$$, '22P02'),
    ('valid empty + 1 MB of zeros',    $$SELECT '\x010000000000'::bytea || decode(repeat('00', 1000000), 'hex')$$, '22P02')
) v(c, s, e),
LATERAL pg_temp.recv('score_summary', pg_temp.bytes(s)) r;

-- 7. Binary csi_state: u8 version 1, u8 flags 0, u16 reserved 0, u32
-- ncomponents, then per component u32 name_len, name, i64 ratings, f8
-- sum_satisfaction, f8 sum_importance.
SELECT pg_temp.recv('csi_state', csi_state_send('{"A":2:7:3,"quote\"":1:0.1:1e-300}')) AS sent_bytes;
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('valid {"A":2:7:3}',              '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000 4008000000000000', '= {"A":2:7:3}'),
    ('valid empty',                    '01 00 0000 00000000',                                  '= {}'),
    ('valid empty name',               '01 00 0000 00000001 00000000 0000000000000001 3ff0000000000000 3ff0000000000000', '= {"":1:1:1}'),
    ('valid ratings 2^63-1',           '01 00 0000 00000001 00000001 41 7fffffffffffffff 401c000000000000 4008000000000000', '= {"A":9223372036854775807:7:3}'),
    ('zero bytes',                     '',                                                     '22P02'),
    ('seven bytes',                    '01 00 0000 000000',                                    '22P02'),
    ('version 0',                      '00 00 0000 00000000',                                  '22P02'),
    ('version 2',                      '02 00 0000 00000000',                                  '22P02'),
    ('flags 1',                        '01 01 0000 00000000',                                  '22P02'),
    ('reserved 1',                     '01 00 0001 00000000',                                  '22P02'),
    ('ncomponents 1, none',            '01 00 0000 00000001',                                  '22P02'),
    ('ncomponents 2, one',             '01 00 0000 00000002 00000001 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('ncomponents 0, one follows',     '01 00 0000 00000000 00000001 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('ncomponents 1001',               '01 00 0000 000003e9',                                  '22P02'),
    ('ncomponents 2^32-1',             '01 00 0000 ffffffff',                                  '22P02'),
    ('name_len 2^32-1',                '01 00 0000 00000001 ffffffff 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('name_len 2^31',                  '01 00 0000 00000001 80000000 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('name_len 1001',                  '01 00 0000 00000001 000003e9 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('name_len past the end',          '01 00 0000 00000001 00000005 41 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('truncated sums',                 '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000', '22P02'),
    ('one trailing byte',              '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000 4008000000000000 00', '22P02'),
    ('ratings 0',                      '01 00 0000 00000001 00000001 41 0000000000000000 401c000000000000 4008000000000000', '22P02'),
    ('ratings -1',                     '01 00 0000 00000001 00000001 41 ffffffffffffffff 401c000000000000 4008000000000000', '22P02'),
    ('ratings 2^63 (bit 63)',          '01 00 0000 00000001 00000001 41 8000000000000000 401c000000000000 4008000000000000', '22P02'),
    ('satisfaction NaN',               '01 00 0000 00000001 00000001 41 0000000000000002 7ff8000000000000 4008000000000000', '22P02'),
    ('satisfaction -Infinity',         '01 00 0000 00000001 00000001 41 0000000000000002 fff0000000000000 4008000000000000', '22P02'),
    ('importance +Infinity',           '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000 7ff0000000000000', '22P02'),
    ('importance NaN',                 '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000 7ff8000000000000', '22P02'),
    ('importance -1',                  '01 00 0000 00000001 00000001 41 0000000000000002 401c000000000000 bff0000000000000', '22P02'),
    ('duplicate names',                '01 00 0000 00000002 00000001 41 0000000000000002 401c000000000000 4008000000000000 00000001 41 0000000000000001 3ff0000000000000 3ff0000000000000', '22P02'),
    ('NUL byte in name',               '01 00 0000 00000001 00000002 4100 0000000000000002 401c000000000000 4008000000000000', '22P02'),
    ('invalid UTF-8 name (0xff)',      '01 00 0000 00000001 00000001 ff 0000000000000002 401c000000000000 4008000000000000', '22P02')
) v(c, hex, e),
LATERAL pg_temp.recv('csi_state', decode(hex, 'hex')) r;
-- What csi_state_send writes for 1000 components reads back as itself.
SELECT pg_temp.recv('csi_state', csi_state_send(s)) = '= ' || s::text AS all_1000_components_round_trip
FROM (SELECT ('{' || string_agg(format('"c%s":%s:2:3', g, g), ',') || '}')::csi_state AS s FROM generate_series(1, 1000) g) x;
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('1001 components (one appended)', $$SELECT overlay(csi_state_send(('{' || string_agg(format('"c%s":1:2:3', g), ',') || '}')::csi_state) placing '\x000003e9' from 5 for 4) || '\x000000015a00000000000000013ff00000000000003ff0000000000000'::bytea FROM generate_series(1, 1000) g$$, '22P02'),
    -- last, so that the file left in /tmp is small
    ('name_len 1024 + 1 MB',           $$SELECT '\x010000000000000100000400'::bytea || decode(repeat('41', 1000000), 'hex')$$, '22P02'),
    ('1000 bytes of 0xff',             $$SELECT decode(repeat('ff', 1000), 'hex')$$, '22P02')
) v(c, s, e),
LATERAL pg_temp.recv('csi_state', pg_temp.bytes(s)) r;

-- 8. Merges and counters that would pass 9223372036854775807: 22003.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('rollup: one value past 2^63-1',  $$SELECT rollup(s)::text FROM (VALUES ('{1:9223372036854775807}'::score_summary), ('{1:1}')) v(s)$$, '22003'),
    ('rollup: two values, total 2^63', $$SELECT rollup(s)::text FROM (VALUES ('{0:4611686018427387904}'::score_summary), ('{100:4611686018427387904}')) v(s)$$, '22003'),
    ('rollup: three values past',      $$SELECT rollup(s)::text FROM (VALUES ('{0:3074457345618258603}'::score_summary), ('{50:3074457345618258603}'), ('{100:3074457345618258603}')) v(s)$$, '22003'),
    ('rollup: exactly 2^63-1',         $$SELECT rollup(s)::text FROM (VALUES ('{0:4611686018427387903}'::score_summary), ('{100:4611686018427387904}')) v(s)$$, '= {0:4611686018427387903,100:4611686018427387904}'),
    ('rollup: NULLs and 2^63-1',       $$SELECT rollup(s)::text FROM (VALUES (NULL::score_summary), ('{7:9223372036854775807}'), (NULL), ('{}')) v(s)$$, '= {7:9223372036854775807}'),
    ('rollup: weighted + unweighted past', $$SELECT rollup(s)::text FROM (VALUES ('{1:9223372036854775807:1:1}'::score_summary), ('{2:1}')) v(s)$$, '22003'),
    ('rollup: weight sums past DBL_MAX', $$SELECT rollup(s)::text FROM (VALUES ('{5:1:1.3e154:1.69e308}'::score_summary), ('{5:1:1.3e154:1.69e308}')) v(s)$$, '22003'),
    ('rollup: 2^62 in 2 groups + combine', $$SELECT rollup(s)::text FROM (SELECT rollup(s) AS s FROM (VALUES (1, '{1:4611686018427387904}'::score_summary), (2, '{2:4611686018427387904}')) v(g, s) GROUP BY g) x$$, '22003'),
    ('nps(rollup) past 2^63-1',        $$SELECT nps(rollup(s)) FROM (VALUES ('{10:9223372036854775807}'::score_summary), ('{0:1}')) v(s)$$, '22003'),
    ('responses(rollup) past 2^63-1',  $$SELECT responses(rollup(s)) FROM (VALUES ('{10:9223372036854775807}'::score_summary), ('{10:9223372036854775807}')) v(s)$$, '22003'),
    ('score_summary_merge past',       $$SELECT score_summary_merge('{100:9223372036854775807}', '{0:1}')::text$$, '22003'),
    ('score_summary_merge 2^62 + 2^62', $$SELECT score_summary_merge('{0:4611686018427387904}', '{0:4611686018427387904}')::text$$, '22003'),
    ('score_summary_merge max + empty', $$SELECT score_summary_merge('{}', '{100:9223372036854775807}')::text$$, '= {100:9223372036854775807}'),
    ('sliding rollup, one value',      $$SELECT string_agg(x::text, ';') FROM (SELECT rollup(s) OVER (ORDER BY i ROWS 1 PRECEDING) AS x FROM (VALUES (1, '{1:9223372036854775807}'::score_summary), (2, '{1:1}')) v(i, s)) w$$, '22003'),
    ('sliding rollup, two values',     $$SELECT string_agg(x::text, ';') FROM (SELECT rollup(s) OVER (ORDER BY i ROWS 1 PRECEDING) AS x FROM (VALUES (1, '{1:4611686018427387904}'::score_summary), (2, '{2:4611686018427387904}')) v(i, s)) w$$, '22003'),
    ('sliding rollup, weighted',       $$SELECT string_agg(x::text, ';') FROM (SELECT rollup(s) OVER (ORDER BY i ROWS 1 PRECEDING) AS x FROM (VALUES (1, '{1:1:2:4}'::score_summary), (2, '{1:1}')) v(i, s)) w$$, '0A000'),
    ('running rollup past 2^63-1',     $$SELECT string_agg(x::text, ';') FROM (SELECT rollup(s) OVER (ORDER BY i) AS x FROM (VALUES (1, '{1:9223372036854775807}'::score_summary), (2, '{2:1}')) v(i, s)) w$$, '22003'),
    ('score_summary_trans at 2^63-1',  $$SELECT score_summary_trans('{5:9223372036854775807}', 5)::text$$, '22003'),
    ('score_summary_trans, other value', $$SELECT score_summary_trans('{5:9223372036854775807}', 6)::text$$, '22003'),
    ('score_summary_weighted_trans at max', $$SELECT score_summary_weighted_trans('{5:9223372036854775807}', 5, 1)::text$$, '22003'),
    ('score_summary_weighted_trans sum_w2', $$SELECT score_summary_weighted_trans('{5:1:1.3e154:1.69e308}', 5, 1.3e154)::text$$, '22003'),
    ('nps_trans at 2^63-1',            $$SELECT nps_trans('{9223372036854775807,0,0}', 9)::text$$, '22003'),
    ('ces_trans sum at 2^63-1',        $$SELECT ces_trans('{1,9223372036854775807}', 7)::text$$, '22003'),
    ('nps_combine past 2^63-1',        $$SELECT nps_combine('{9223372036854775807,0,0}', '{1,0,0}')::text$$, '22003'),
    ('churn_combine past 2^63-1',      $$SELECT churn_combine('{9223372036854775807,0,0,0,0,0,0,1}', '{1,0,0,0,0,0,0,1}')::text$$, '22003'),
    ('csi_state_combine ratings past', $$SELECT csi_state_combine('{"A":9223372036854775807:1:1}', '{"A":1:1:1}')::text$$, '22003'),
    ('csi_state_combine sum past DBL_MAX', $$SELECT csi_state_combine('{"A":1:1e308:1}', '{"A":1:1e308:1}')::text$$, '22003'),
    ('component_trans ratings past',   $$SELECT weighted_csi_component_trans('{"A":9223372036854775807:1:1}', 'A', 1, 1)::text$$, '22003'),
    ('weighted_csi_combine past DBL_MAX', $$SELECT weighted_csi_combine('{1e308,1}', '{1e308,1}')::text$$, '22003')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 9. Corrupt aggregate states passed to support functions: 22023.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('nps_final: promoters > n',       $$SELECT nps_final('{1,2,0}')$$,                    '22023'),
    ('nps_final: negative n',          $$SELECT nps_final('{-1,0,0}')$$,                   '22023'),
    ('nps_final: 2-D array',           $$SELECT nps_final('{{0,0,0}}')$$,                  '22023'),
    ('nps_final: empty array',         $$SELECT nps_final('{}')$$,                         '22023'),
    ('nps_trans: 2 slots',             $$SELECT nps_trans('{0,0}', 9)::text$$,             '22023'),
    ('nps_trans: NULL slot',           $$SELECT nps_trans('{0,NULL,0}', 9)::text$$,        '22023'),
    ('csat_final: hits > n',           $$SELECT csat_final('{1,2}')$$,                     '22023'),
    ('ces_final: negative n',          $$SELECT ces_final('{-1,0}')$$,                      '22023'),
    ('ces_combine: 3 slots',           $$SELECT ces_combine('{1,2,3}', '{0,0}')::text$$, '22023'),
    ('churn_final: basis 7',           $$SELECT churn_final('{1,0,0,0,0,7,0,1}')$$,        '22023'),
    ('churn_final: negative counter',  $$SELECT churn_final('{-1,0,0,0,0,0,0,1}')$$,       '22023'),
    ('churn_final: E <> S + N - L',    $$SELECT churn_final('{2,0,1,0,0,0,0,1}')$$,        '22023'),
    ('churn_final: S and L > L',       $$SELECT churn_final('{2,1,2,0,0,0,0,1}')$$,        '22023'),
    ('churn_final: lost new > N',      $$SELECT churn_final('{1,0,0,0,1,0,0,1}')$$,        '22023'),
    ('churn_final: counts, no period', $$SELECT churn_final('{1,0,1,0,0,-1,0,0}')$$,       '22023'),
    ('churn_final: period [5, 5)',     $$SELECT churn_final('{1,0,1,0,0,0,5,5}')$$,        '22023'),
    ('churn_final: consistent state',  $$SELECT churn_final('{4,2,3,1,2,0,0,1}')$$,        '= 50'),
    ('churn_combine: other period',    $$SELECT churn_combine('{1,0,0,0,0,0,0,1}', '{1,0,0,0,0,0,0,2}')::text$$, '22023'),
    ('weighted_csi_final: NaN sum',    $$SELECT weighted_csi_final('{NaN,1}')$$,           '22023'),
    ('weighted_csi_final: -1 weights', $$SELECT weighted_csi_final('{1,-1}')$$,            '22023'),
    ('weighted_csi_trans: 3 slots',    $$SELECT weighted_csi_trans('{0,0,0}', 1, 1)::text$$, '22023')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 10. Survey weights: 0 or finite from 1e-150 up (22023 otherwise); weight
-- sums that leave double precision: 22003.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('weight NaN',                     $$SELECT score_summary(5, 'NaN'::float8)::text$$,          '22023'),
    ('weight Infinity',                $$SELECT score_summary(5, 'Infinity'::float8)::text$$,     '22023'),
    ('weight -Infinity',               $$SELECT score_summary(5, '-Infinity'::float8)::text$$,    '22023'),
    ('weight -1',                      $$SELECT score_summary(5, -1::float8)::text$$,             '22023'),
    ('weight -1e-300',                 $$SELECT score_summary(5, -1e-300::float8)::text$$,        '22023'),
    ('weight 1e-200',                  $$SELECT score_summary(5, 1e-200::float8)::text$$,         '22023'),
    ('weight 1e-151',                  $$SELECT score_summary(5, 1e-151::float8)::text$$,         '22023'),
    ('weight 5e-324 (subnormal)',      $$SELECT score_summary(5, '5e-324'::float8)::text$$,       '22023'),
    ('NaN weight in the 2nd row',      $$SELECT score_summary(a, w)::text FROM (VALUES (5, 1.0::float8), (6, 'NaN')) v(a, w)$$, '22023'),
    ('weight 1e-150',                  $$SELECT round(effective_responses(score_summary(5, 1e-150::float8))::numeric, 9)$$, '= 1.000000000'),
    ('weight 0',                       $$SELECT score_summary(5, 0::float8)::text$$,              '= {5:1:0:0}'),
    ('weight -0',                      $$SELECT score_summary(5, '-0'::float8)::text$$,           '= {5:1:0:0}'),
    ('NULL weights skipped',           $$SELECT score_summary(a, w)::text FROM (VALUES (5, 2.0::float8), (6, NULL)) v(a, w)$$, '= {5:1:2:4}'),
    ('only NULL weights',              $$SELECT score_summary(a, w)::text FROM (VALUES (5, NULL::float8), (6, NULL)) v(a, w)$$, '= NULL'),
    ('weight 1e308 (square overflows)', $$SELECT score_summary(5, 1e308::float8)::text$$,        '22003'),
    ('weight 1.35e154 (square > DBL_MAX)', $$SELECT score_summary(5, 1.35e154::float8)::text$$,  '22003'),
    ('weight 1.3e154, once',           $$SELECT round(effective_responses(score_summary(5, 1.3e154::float8))::numeric, 9)$$, '= 1.000000000'),
    ('weight 1e154 twice, same value', $$SELECT score_summary(a, 1e154::float8)::text FROM (VALUES (5), (5)) v(a)$$, '22003'),
    ('weight 1e154 on all 101 values', $$SELECT round(effective_responses(score_summary(a, 1e154::float8))::numeric, 6) FROM generate_series(0, 100) a$$, '= 101.000000'),
    ('weighted answer 101',            $$SELECT score_summary(101, 1::float8)::text$$,            '22003'),
    ('weighted answer -2147483648',    $$SELECT score_summary((-2147483648)::int, 1::float8)::text$$,    '22003'),
    ('unweighted answer 101',          $$SELECT score_summary(101)::text$$,                       '22003'),
    ('unweighted answer 2147483647',   $$SELECT score_summary(2147483647)::text$$,                '22003'),
    ('sliding score_summary, answer 101', $$SELECT string_agg(x::text, ';') FROM (SELECT score_summary(a) OVER (ORDER BY a ROWS 1 PRECEDING) AS x FROM (VALUES (5), (101)) v(a)) w$$, '22003')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 11. weighted_csi: non-finite satisfaction, negative or non-finite
-- importance: 22023; a sum out of range: 22003.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('satisfaction NaN',               $$SELECT weighted_csi('NaN'::float8, 1)$$,                '22023'),
    ('satisfaction NaN, importance 0', $$SELECT weighted_csi('NaN'::float8, 0)$$,                '22023'),
    ('satisfaction Infinity',          $$SELECT weighted_csi('Infinity'::float8, 1)$$,           '22023'),
    ('satisfaction -Inf, importance 0', $$SELECT weighted_csi('-Infinity'::float8, 0)$$,         '22023'),
    ('importance NaN',                 $$SELECT weighted_csi(4, 'NaN'::float8)$$,                '22023'),
    ('importance Infinity',            $$SELECT weighted_csi(4, 'Infinity'::float8)$$,           '22023'),
    ('importance -Infinity',           $$SELECT weighted_csi(4, '-Infinity'::float8)$$,          '22023'),
    ('importance -1e-300',             $$SELECT weighted_csi(4, -1e-300::float8)$$,              '22023'),
    ('NaN in the 3rd row',             $$SELECT weighted_csi(s, 1) FROM (VALUES (1::float8), (2), ('NaN')) v(s)$$, '22023'),
    ('importance -0',                  $$SELECT weighted_csi(4, '-0'::float8)$$,                 '= NULL'),
    ('sum of products past DBL_MAX',   $$SELECT weighted_csi(s, 1) FROM (VALUES (1e308::float8), (1e308)) v(s)$$, '22003'),
    ('negative products past -DBL_MAX', $$SELECT weighted_csi(s, 1) FROM (VALUES (-1e308::float8), (-1e308)) v(s)$$, '22003'),
    ('product past DBL_MAX',           $$SELECT weighted_csi(1e308::float8, 10)$$,               '22003'),
    ('importances past DBL_MAX',       $$SELECT weighted_csi(1, i) FROM (VALUES (1e308::float8), (1e308)) v(i)$$, '22003'),
    ('subnormal importance (< 1e-150)',           $$SELECT weighted_csi(0.6::float8, '5e-324'::float8)$$,   '22023'),
    ('component: satisfaction NaN',    $$SELECT weighted_csi('A', 'NaN'::float8, 1)$$,           '22023'),
    ('component: satisfaction -Inf',   $$SELECT weighted_csi('A', '-Infinity'::float8, 0)$$,     '22023'),
    ('component: importance Infinity', $$SELECT weighted_csi('A', 4, 'Infinity'::float8)$$,      '22023'),
    ('component: importance NaN',      $$SELECT weighted_csi('A', 4, 'NaN'::float8)$$,           '22023'),
    ('component: importance -1',       $$SELECT weighted_csi('A', 4, -1::float8)$$,              '22023'),
    ('component: name of 1001 bytes',  $$SELECT weighted_csi(repeat('n', 1001), 4, 1)$$,         '22023'),
    ('component: name of 1000 bytes',  $$SELECT weighted_csi(repeat('n', 1000), 4, 1)$$,         '= 4'),
    ('component: 1001 components',     $$SELECT weighted_csi(g::text, 4, 1) FROM generate_series(1, 1001) g$$, '22023'),
    ('csi_state_combine: 1001 components', $$SELECT csi_state_combine(('{' || string_agg(format('"c%s":1:2:3', g), ',') || '}')::csi_state, '{"new":1:2:3}')::text FROM generate_series(1, 1000) g$$, '22023'),
    ('component: satisfaction sums past', $$SELECT weighted_csi('A', s, 1) FROM (VALUES (1e308::float8), (1e308)) v(s)$$, '22003'),
    ('component: importance sums past', $$SELECT weighted_csi('A', 1, i) FROM (VALUES (1e308::float8), (1e308)) v(i)$$, '22003'),
    ('component: two at 1e308, index sum', $$SELECT weighted_csi(c, 1e308::float8, 1) FROM (VALUES ('A'), ('B')) v(c)$$, '22003'),
    ('component: subnormal importance', $$SELECT weighted_csi('A', 0.6::float8, '5e-324'::float8)$$, '22023'),
    ('component_trans: name of 1001 bytes', $$SELECT weighted_csi_component_trans('{}', repeat('n', 1001), 1, 1)::text$$, '22023'),
    ('component_trans: NaN',           $$SELECT weighted_csi_component_trans('{}', 'A', 'NaN', 1)::text$$, '22023')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 12. churn_rate: extreme instants, invalid periods and bases (22023).
SET TimeZone = 'UTC';
CREATE TEMP TABLE hostile_churn_ts (id int, s timestamptz, e timestamptz);
-- Period [4714-11-24 00:00 BC (the first timestamp), 294276-12-31
-- 23:59:59.999999 (the last)], so [lo, hi) with hi one microsecond past the
-- last timestamp.  1, 2: S E; 3: started at lo, ended at the last instant:
-- N L; 4-6: never customers in it; 7: skipped; 8: ended at the last
-- instant: S L; 9: ended at lo: S L.
-- S = 4, S and L = 2, E = 2, N = 1, L = 3 (E = S + N - L): start 200/4 = 50,
-- average 300 / ((4 + 2) / 2) = 100, new 300.
INSERT INTO hostile_churn_ts VALUES
    (1, '-infinity', NULL), (2, '-infinity', 'infinity'),
    (3, '4714-11-24 00:00:00 BC', '294276-12-31 23:59:59.999999'),
    (4, '-infinity', '-infinity'), (5, 'infinity', NULL), (6, 'infinity', 'infinity'), (7, NULL, '-infinity'),
    (8, '-infinity', '294276-12-31 23:59:59.999999'), (9, '-infinity', '4714-11-24 00:00:00 BC');
CREATE TEMP TABLE hostile_churn_date (id int, s date, e date);
-- Period [4714-11-24 BC, 5874897-12-31) (the first and the last date): 1: S E;
-- 2: started at lo, ended at hi: N E; 3: N E; 4, 5: never customers in it;
-- 6: S L; 7: ended at lo: S L.
-- S = 3, S and L = 2, E = 3, N = 2, L = 2 (E = S + N - L): start 200/3,
-- average 200 / ((3 + 3) / 2) = 200/3, new 100.
INSERT INTO hostile_churn_date VALUES
    (1, '-infinity', NULL), (2, '4714-11-24 BC', '5874897-12-31'), (3, '5874897-12-30', 'infinity'),
    (4, '-infinity', '-infinity'), (5, 'infinity', 'infinity'), (6, '-infinity', '4714-11-25 BC'),
    (7, '-infinity', '4714-11-24 BC');
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('timestamps: whole range, start', $$SELECT churn_rate(s, e, tstzrange('4714-11-24 00:00:00 BC', '294276-12-31 23:59:59.999999', '[]')) FROM hostile_churn_ts$$, '= 50'),
    ('timestamps: whole range, average', $$SELECT churn_rate(s, e, tstzrange('4714-11-24 00:00:00 BC', '294276-12-31 23:59:59.999999', '[]'), 'average') FROM hostile_churn_ts$$, '= 100'),
    ('timestamps: whole range, new',   $$SELECT churn_rate(s, e, tstzrange('4714-11-24 00:00:00 BC', '294276-12-31 23:59:59.999999', '[]'), 'new') FROM hostile_churn_ts$$, '= 300'),
    ('timestamps: one instant [t, t]', $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-01-01', '[]')) FROM hostile_churn_ts$$, '= 0'),
    ('dates: whole range, start',      $$SELECT churn_rate(s, e, daterange('4714-11-24 BC', '5874897-12-31')) FROM hostile_churn_date$$, '= 66.66666666666667'),
    ('dates: whole range, average',    $$SELECT churn_rate(s, e, daterange('4714-11-24 BC', '5874897-12-31'), 'average') FROM hostile_churn_date$$, '= 66.66666666666667'),
    ('dates: whole range, new',        $$SELECT churn_rate(s, e, daterange('4714-11-24 BC', '5874897-12-31'), 'new') FROM hostile_churn_date$$, '= 100'),
    ('ended infinity before started',  $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01')) FROM (VALUES ('infinity'::date, '2025-01-01'::date)) v(s, e)$$, '22023'),
    ('ended -infinity, started finite', $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-04-01')) FROM (VALUES ('2025-01-01'::timestamptz, '-infinity'::timestamptz)) v(s, e)$$, '22023'),
    ('period NULL tstzrange',          $$SELECT churn_rate(s, e, NULL::tstzrange) FROM hostile_churn_ts$$, '22023'),
    ('period empty tstzrange',         $$SELECT churn_rate(s, e, 'empty'::tstzrange) FROM hostile_churn_ts$$, '22023'),
    ('period [t, t)',                  $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-01-01')) FROM hostile_churn_ts$$, '22023'),
    ('period (t, t + 1 us): no instant', $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-01-01 00:00:00.000001', '()')) FROM hostile_churn_ts$$, '22023'),
    ('period lower unbounded',         $$SELECT churn_rate(s, e, tstzrange(NULL, '2025-01-01')) FROM hostile_churn_ts$$, '22023'),
    ('period both unbounded',          $$SELECT churn_rate(s, e, tstzrange(NULL, NULL)) FROM hostile_churn_ts$$, '22023'),
    ('period lower -infinity',         $$SELECT churn_rate(s, e, tstzrange('-infinity', '2025-01-01')) FROM hostile_churn_ts$$, '22023'),
    ('period upper infinity',          $$SELECT churn_rate(s, e, tstzrange('2025-01-01', 'infinity')) FROM hostile_churn_ts$$, '22023'),
    ('period -infinity to infinity',   $$SELECT churn_rate(s, e, tstzrange('-infinity', 'infinity', '[]')) FROM hostile_churn_ts$$, '22023'),
    ('date period lower -infinity',    $$SELECT churn_rate(s, e, daterange('-infinity', '2025-01-01')) FROM hostile_churn_date$$, '22023'),
    ('date period upper unbounded',    $$SELECT churn_rate(s, e, daterange('2025-01-01', NULL)) FROM hostile_churn_date$$, '22023'),
    ('date period (d, d + 1): empty',  $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-01-02', '()')) FROM hostile_churn_date$$, '22023'),
    ('period NULL, no started_at',     $$SELECT churn_rate(NULL::date, NULL::date, NULL::daterange)$$, '22023'),
    ('period empty, no started_at',    $$SELECT churn_rate(NULL::date, NULL::date, 'empty'::daterange)$$, '22023'),
    ('period changes within a group',  $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-02-01') + tstzrange('2025-02-01', '2025-02-01'::timestamptz + id * interval '1 day')) FROM hostile_churn_ts$$, '22023'),
    ('basis empty',                    $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01'), '') FROM hostile_churn_date$$, '22023'),
    ('basis START',                    $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01'), 'START') FROM hostile_churn_date$$, '22023'),
    ('basis with a trailing space',    $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01'), 'start ') FROM hostile_churn_date$$, '22023'),
    ('basis prefix st',                $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01'), 'st') FROM hostile_churn_date$$, '22023'),
    ('basis of 100000 bytes',          $$SELECT churn_rate(s, e, daterange('2025-01-01', '2025-04-01'), repeat('start', 20000)) FROM hostile_churn_date$$, '22023'),
    ('basis NULL',                     $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-04-01'), NULL) FROM hostile_churn_ts$$, '22023'),
    ('basis changes within a group',   $$SELECT churn_rate(s, e, tstzrange('2025-01-01', '2025-04-01'), CASE WHEN id < 3 THEN 'new' ELSE 'average' END) FROM hostile_churn_ts$$, '22023')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;
RESET TimeZone;

-- 13. nps, csat, ces: answers outside the scale (22003); invalid, NULL or
-- changing thresholds (22023).
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('nps -1',                         $$SELECT nps(-1)$$,                                '22003'),
    ('nps 11',                         $$SELECT nps(11)$$,                                '22003'),
    ('nps 2147483647',                 $$SELECT nps(2147483647)$$,                        '22003'),
    ('nps -2147483648',                $$SELECT nps((-2147483648)::int)$$,                       '22003'),
    ('nps 11 after valid rows',        $$SELECT nps(a) FROM (VALUES (10), (0), (11)) v(a)$$, '22003'),
    ('sliding nps, 11',                $$SELECT string_agg(x::text, ';') FROM (SELECT nps(a) OVER (ORDER BY i ROWS 1 PRECEDING) AS x FROM (VALUES (1, 9), (2, 10), (3, 11)) v(i, a)) w$$, '22003'),
    ('csat 0',                         $$SELECT csat(0)$$,                                '22003'),
    ('csat 6',                         $$SELECT csat(6)$$,                                '22003'),
    ('csat -2147483648',               $$SELECT csat((-2147483648)::int)$$,                      '22003'),
    ('ces 0',                          $$SELECT ces(0)$$,                                 '22003'),
    ('ces 8',                          $$SELECT ces(8)$$,                                 '22003'),
    ('ces 2147483647',                 $$SELECT ces(2147483647)$$,                        '22003'),
    ('sliding ces, 8',                 $$SELECT string_agg(x::text, ';') FROM (SELECT ces(a) OVER (ORDER BY i ROWS 1 PRECEDING) AS x FROM (VALUES (1, 7), (2, 8)) v(i, a)) w$$, '22003'),
    ('nps(a, 5, 3): 101',              $$SELECT nps(101, 5, 3)$$,                         '22003'),
    ('nps(a, 5, 3): -1',               $$SELECT nps(-1, 5, 3)$$,                          '22003'),
    ('nps(a, 5, 3): 2147483647',       $$SELECT nps(2147483647, 5, 3)$$,                  '22003'),
    ('csat(a, 6): 101',                $$SELECT csat(101, 6)$$,                           '22003'),
    ('csat(a, 6): -2147483648',        $$SELECT csat((-2147483648)::int, 6)$$,                   '22003'),
    ('nps thresholds 5, 5',            $$SELECT nps(5, 5, 5)$$,                           '22023'),
    ('nps thresholds 3, 5',            $$SELECT nps(5, 3, 5)$$,                           '22023'),
    ('nps promoter_min 101',           $$SELECT nps(5, 101, 5)$$,                         '22023'),
    ('nps detractor_max -1',           $$SELECT nps(5, 9, -1)$$,                          '22023'),
    ('nps thresholds INT_MAX, INT_MIN', $$SELECT nps(5, 2147483647, (-2147483648)::int)$$,       '22023'),
    ('nps thresholds INT_MIN, INT_MAX', $$SELECT nps(5, (-2147483648)::int, 2147483647)$$,       '22023'),
    ('nps promoter_min NULL',          $$SELECT nps(5, NULL, 6)$$,                        '22023'),
    ('nps detractor_max NULL',         $$SELECT nps(5, 9, NULL)$$,                        '22023'),
    ('nps thresholds 100, 99',         $$SELECT nps(5, 100, 99)$$,                        '= -100'),
    ('nps thresholds 1, 0',            $$SELECT nps(5, 1, 0)$$,                           '= 100'),
    ('nps thresholds change in group', $$SELECT nps(a, 9 - a % 2, 6) FROM generate_series(1, 4) a$$, '22023'),
    ('nps thresholds 3, 5, NULL answer', $$SELECT nps(NULL::int, 3, 5)$$,                 '22023'),
    ('sliding nps(a, p, d), bad p',    $$SELECT string_agg(x::text, ';') FROM (SELECT nps(a, p, 3) OVER (ORDER BY a ROWS 1 PRECEDING) AS x FROM (VALUES (4, 5), (5, 2)) v(a, p)) w$$, '22023'),
    ('csat satisfied_min 101',         $$SELECT csat(4, 101)$$,                           '22023'),
    ('csat satisfied_min -1',          $$SELECT csat(4, -1)$$,                            '22023'),
    ('csat satisfied_min INT_MIN',     $$SELECT csat(4, (-2147483648)::int)$$,                   '22023'),
    ('csat satisfied_min NULL',        $$SELECT csat(4, NULL)$$,                          '22023'),
    ('csat satisfied_min 0',           $$SELECT csat(4, 0)$$,                             '= 100'),
    ('csat satisfied_min changes',     $$SELECT csat(a, a) FROM generate_series(1, 3) a$$, '22023'),
    -- accessors on summaries
    ('nps of {11:1}',                  $$SELECT nps('{11:1}'::score_summary)$$,           '22003'),
    ('nps of {0:1,100:1}',             $$SELECT nps('{0:1,100:1}'::score_summary)$$,      '22003'),
    ('csat of {0:1}',                  $$SELECT csat('{0:1}'::score_summary)$$,           '22003'),
    ('csat of {6:1}',                  $$SELECT csat('{6:1}'::score_summary)$$,           '22003'),
    ('ces of {0:1}',                   $$SELECT ces('{0:1}'::score_summary)$$,            '22003'),
    ('ces of {8:1}',                   $$SELECT ces('{8:1}'::score_summary)$$,            '22003'),
    ('nps(s, 6, 6)',                   $$SELECT nps('{5:1}'::score_summary, 6, 6)$$,      '22023'),
    ('nps(s, 101, 50)',                $$SELECT nps('{5:1}'::score_summary, 101, 50)$$,   '22023'),
    ('nps({}, 6, 6)',                  $$SELECT nps('{}'::score_summary, 6, 6)$$,         '22023'),
    ('csat(s, 101)',                   $$SELECT csat('{5:1}'::score_summary, 101)$$,      '22023'),
    ('share(s, -1, 5)',                $$SELECT share('{5:1}', -1, 5)$$,                  '22023'),
    ('share(s, 6, 5)',                 $$SELECT share('{5:1}', 6, 5)$$,                   '22023'),
    ('share(s, 0, 101)',               $$SELECT share('{5:1}', 0, 101)$$,                 '22023'),
    ('share(s, INT_MIN, INT_MAX)',     $$SELECT share('{5:1}', (-2147483648)::int, 2147483647)$$, '22023'),
    ('share({}, 0, 100)',              $$SELECT share('{}', 0, 100)$$,                    '= NULL'),
    ('nps({})',                        $$SELECT nps('{}'::score_summary)$$,               '= NULL'),
    ('mean({})',                       $$SELECT mean('{}')$$,                             '= NULL'),
    ('responses({})',                  $$SELECT responses('{}'::score_summary)$$,         '= 0'),
    ('nps of 2^62 promoters, 2^62-1 detractors', $$SELECT nps('{0:4611686018427387903,10:4611686018427387904}'::score_summary)$$, '= 1.0842021724855044e-17'),
    ('mean of 2^63-1 answers 0 and 100', $$SELECT mean('{0:4611686018427387903,100:4611686018427387904}')$$, '= 50'),
    ('ces of 2^63-1 answers 7',        $$SELECT ces('{7:9223372036854775807}'::score_summary)$$, '= 7'),
    ('csat of 2^63-1 answers 5',       $$SELECT csat('{5:9223372036854775807}'::score_summary)$$, '= 100'),
    ('responses of 2^63-1 answers',    $$SELECT responses('{0:4611686018427387903,100:4611686018427387904}'::score_summary)$$, '= 9223372036854775807')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 14. Statistics: confidence strictly between 0 and 1 (22023 otherwise,
-- NaN included); empty summaries and zero weights give NULL.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('confidence 0',                   $$SELECT nps_moe('{0:1,10:1}', 0::float8)$$,              '22023'),
    ('confidence -0',                  $$SELECT nps_moe('{0:1,10:1}', '-0'::float8)$$,           '22023'),
    ('confidence 1',                   $$SELECT nps_low('{0:1,10:1}', 1::float8)$$,              '22023'),
    ('confidence -1',                  $$SELECT nps_high('{0:1,10:1}', -1::float8)$$,            '22023'),
    ('confidence 1.0000001',           $$SELECT csat_low('{4:1,1:1}', 1.0000001::float8)$$,      '22023'),
    ('confidence 1 - 1e-17 (= 1.0)',   $$SELECT csat_high('{4:1,1:1}', 0.99999999999999999::float8)$$, '22023'),
    ('confidence NaN',                 $$SELECT mean_low('{1:1,3:1}', 'NaN'::float8)$$,          '22023'),
    ('confidence Infinity',            $$SELECT mean_high('{1:1,3:1}', 'Infinity'::float8)$$,    '22023'),
    ('confidence -Infinity',           $$SELECT nps_moe('{0:1,10:1}', '-Infinity'::float8, 9, 6)$$, '22023'),
    ('confidence NaN, empty summary',  $$SELECT nps_low('{}', 'NaN'::float8)$$,                  '22023'),
    ('confidence 1, custom buckets',   $$SELECT nps_low('{0:1,10:1}', 1::float8, 5, 3)$$,        '22023'),
    ('confidence 2, satisfied_min',    $$SELECT csat_low('{4:1,1:1}', 2::float8, 4)$$,           '22023'),
    ('confidence 1e-300: nps_moe',     $$SELECT nps_moe('{0:1,10:1}', 1e-300::float8)$$,         '= 0'),
    ('confidence 1e-300: nps_low',     $$SELECT nps_low('{0:1,10:1}', 1e-300::float8)$$,         '= 0'),
    ('confidence 1e-300: csat_low',    $$SELECT csat_low('{4:1,1:1}', 1e-300::float8)$$,         '= 50'),
    ('confidence 1e-300: mean_high',   $$SELECT mean_high('{1:1,3:1}', 1e-300::float8)$$,        '= 2'),
    ('confidence 1 - 2^-53: nps_moe',  $$SELECT x > 550 AND x < 620 FROM nps_moe('{0:1,10:1}', 0.9999999999999999::float8) x$$, '= true'),
    ('confidence 1 - 2^-53: nps_low',  $$SELECT nps_low('{0:1,10:1}', 0.9999999999999999::float8)$$, '= -100'),
    ('confidence 1 - 2^-53: nps_high', $$SELECT nps_high('{0:1,10:1}', 0.9999999999999999::float8)$$, '= 100'),
    ('confidence 1 - 2^-53: csat_low', $$SELECT x > 0 AND x < 5 FROM csat_low('{4:1,1:1}', 0.9999999999999999::float8) x$$, '= true'),
    ('custom buckets 6, 6',            $$SELECT nps_moe('{0:1}', promoter_min => 6, detractor_max => 6)$$, '22023'),
    ('satisfied_min 101',              $$SELECT csat_high('{4:1}', satisfied_min => 101)$$,     '22023'),
    ('csat_test satisfied_min -1',     $$SELECT csat_test('{4:1}', '{4:1}', -1)$$,               '22023'),
    ('nps_test thresholds 101, 0',     $$SELECT nps_test('{4:1}', '{4:1}', 101, 0)$$,            '22023'),
    ('nps_low of {11:1}',              $$SELECT nps_low('{11:1}')$$,                             '22003'),
    ('csat_test of {0:1}',             $$SELECT csat_test('{4:1}', '{0:1}')$$,                   '22003'),
    ('nps_moe({})',                    $$SELECT nps_moe('{}')$$,                                 '= NULL'),
    ('nps_low({})',                    $$SELECT nps_low('{}')$$,                                 '= NULL'),
    ('csat_high({})',                  $$SELECT csat_high('{}')$$,                               '= NULL'),
    ('mean_low({})',                   $$SELECT mean_low('{}')$$,                                '= NULL'),
    ('nps_test({}, {})',               $$SELECT nps_test('{}', '{}')$$,                          '= NULL'),
    ('csat_test({}, {})',              $$SELECT csat_test('{}', '{}')$$,                         '= NULL'),
    ('effective_responses({})',        $$SELECT effective_responses('{}')$$,                     '= 0'),
    ('zero weights: nps_low',          $$SELECT nps_low('{9:3:0:0}')$$,                          '= NULL'),
    ('zero weights: csat_test',        $$SELECT csat_test('{4:2:0:0}', '{4:1}')$$,               '= NULL'),
    ('zero weights: effective_responses', $$SELECT effective_responses('{9:3:0:0}')$$,           '= 0'),
    ('one answer: nps_moe',            $$SELECT nps_moe('{10:1}')$$,                             '= 0'),
    ('one answer: nps_low',            $$SELECT round(nps_low('{10:1}')::numeric, 4)$$,          '= -48.4986'),
    ('one answer: nps_high',           $$SELECT round(nps_high('{10:1}')::numeric, 4)$$,         '= 98.4986'),
    ('one answer: mean_low',           $$SELECT mean_low('{4:1}')$$,                             '= NULL'),
    ('one effective answer: mean_low', $$SELECT mean_low('{4:1:1:1,5:1:0:0}')$$,                 '= NULL'),
    ('one answer each: csat_test',     $$SELECT csat_test('{5:1}', '{5:1}')$$,                   '= 1'),
    ('one answer each: nps_test',      $$SELECT x > 0 AND x < 1 FROM nps_test('{10:1}', '{0:1}') x$$, '= true'),
    ('2^63-1 answers: nps_low',        $$SELECT abs(x) < 1e-6 FROM nps_low('{0:4611686018427387903,10:4611686018427387904}') x$$, '= true'),
    ('2^63-1 answers: mean_low',       $$SELECT round(mean_low('{0:4611686018427387903,100:4611686018427387904}')::numeric, 6)$$, '= 50.000000'),
    ('2^63-1 answers: nps_test',       $$SELECT nps_test(s, s) FROM (SELECT '{0:4611686018427387903,10:4611686018427387904}'::score_summary AS s) x$$, '= 1'),
    ('2^63-1 answers: csat_high',      $$SELECT csat_high('{5:9223372036854775807}')$$,          '= 100')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 15. driver_summary text input (22P02 for malformed or invalid values):
-- {"n":rows,"k":attributes,"means":[k+1 doubles],"comoments":[(k+1)(k+2)/2
-- doubles]}, the outcome first, the co-moment matrix's upper triangle row by
-- row.  The valid value below is y = (1, 2, 3), x = (1, 3, 2): means 2 and 2,
-- sums of squared deviations 2 and 2, co-moment 1.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('valid n 3',                      '{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}',       '= {"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}'),
    ('valid, spaces around tokens',    E' {\t"n" : 3 ,"k":1 ,\n"means":[ 2 , 2 ],"comoments":[2,1,2] } ', '= {"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}'),
    ('valid empty (n 0, all zero)',    '{"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}',       '= {"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}'),
    ('valid one row',                  '{"n":1,"k":1,"means":[-1.5,1e300],"comoments":[0,0,0]}', '= {"n":1,"k":1,"means":[-1.5,1e+300],"comoments":[0,0,0]}'),
    ('valid collinear (det 0)',        '{"n":2,"k":1,"means":[0,0],"comoments":[1,1,1]}',       '= {"n":2,"k":1,"means":[0,0],"comoments":[1,1,1]}'),
    ('valid n 2^63-1',                 '{"n":9223372036854775807,"k":1,"means":[2,2],"comoments":[2,1,2]}', '= {"n":9223372036854775807,"k":1,"means":[2,2],"comoments":[2,1,2]}'),
    ('valid subnormal mean',           '{"n":1,"k":1,"means":[5e-324,0],"comoments":[0,0,0]}',  '= {"n":1,"k":1,"means":[5e-324,0],"comoments":[0,0,0]}'),
    ('empty string',                   '',                                                      '22P02'),
    ('empty object {}',                '{}',                                                    '22P02'),
    ('truncated {"n":3',               '{"n":3',                                                '22P02'),
    ('truncated before comoments',     '{"n":3,"k":1,"means":[2,2],',                           '22P02'),
    ('truncated inside a list',        '{"n":3,"k":1,"means":[2,2],"comoments":[2,1',           '22P02'),
    ('missing closing brace',          '{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]',        '22P02'),
    ('keys in another order',          '{"k":1,"n":3,"means":[2,2],"comoments":[2,1,2]}',       '22P02'),
    ('key in upper case',              '{"N":3,"k":1,"means":[2,2],"comoments":[2,1,2]}',       '22P02'),
    ('unquoted key',                   '{n:3,"k":1,"means":[2,2],"comoments":[2,1,2]}',         '22P02'),
    ('extra key',                      '{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2],"x":1}', '22P02'),
    ('trailing garbage',               '{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}x',      '22P02'),
    ('two values',                     '{"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}{"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}', '22P02'),
    ('trailing comma in a list',       '{"n":3,"k":1,"means":[2,2,],"comoments":[2,1,2]}',      '22P02'),
    ('k 0',                            '{"n":0,"k":0,"means":[0],"comoments":[0]}',             '22P02'),
    ('k 65',                           '{"n":0,"k":65,"means":[0],"comoments":[0]}',            '22P02'),
    ('k -1',                           '{"n":0,"k":-1,"means":[0,0],"comoments":[0,0,0]}',      '22P02'),
    ('k 2^32+1 (1 mod 2^32)',          '{"n":0,"k":4294967297,"means":[0,0],"comoments":[0,0,0]}', '22P02'),
    ('k 1.0',                          '{"n":0,"k":1.0,"means":[0,0],"comoments":[0,0,0]}',     '22P02'),
    ('n -1',                           '{"n":-1,"k":1,"means":[0,0],"comoments":[0,0,0]}',      '22P02'),
    ('n 2^63',                         '{"n":9223372036854775808,"k":1,"means":[2,2],"comoments":[2,1,2]}', '22P02'),
    ('n 2^64+3 (3 mod 2^64)',          '{"n":18446744073709551619,"k":1,"means":[2,2],"comoments":[2,1,2]}', '22P02'),
    ('n 3.0',                          '{"n":3.0,"k":1,"means":[2,2],"comoments":[2,1,2]}',     '22P02'),
    ('n 3e0',                          '{"n":3e0,"k":1,"means":[2,2],"comoments":[2,1,2]}',     '22P02'),
    ('one mean too few',               '{"n":3,"k":1,"means":[2],"comoments":[2,1,2]}',         '22P02'),
    ('one mean too many',              '{"n":3,"k":1,"means":[2,2,2],"comoments":[2,1,2]}',     '22P02'),
    ('k 2 with the lists of k 1',      '{"n":3,"k":2,"means":[2,2],"comoments":[2,1,2]}',       '22P02'),
    ('one co-moment too few',          '{"n":3,"k":1,"means":[2,2],"comoments":[2,1]}',         '22P02'),
    ('one co-moment too many',         '{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2,0]}',     '22P02'),
    ('mean NaN',                       '{"n":3,"k":1,"means":[NaN,2],"comoments":[2,1,2]}',     '22P02'),
    ('mean "NaN" quoted',              '{"n":3,"k":1,"means":["NaN",2],"comoments":[2,1,2]}',   '22P02'),
    ('mean Infinity',                  '{"n":3,"k":1,"means":[Infinity,2],"comoments":[2,1,2]}', '22P02'),
    ('mean -inf',                      '{"n":3,"k":1,"means":[-inf,2],"comoments":[2,1,2]}',    '22P02'),
    ('mean 1e309 (overflows)',         '{"n":3,"k":1,"means":[1e309,2],"comoments":[2,1,2]}',   '22P02'),
    ('co-moment NaN',                  '{"n":3,"k":1,"means":[2,2],"comoments":[2,NaN,2]}',     '22P02'),
    ('co-moment 1e400',                '{"n":3,"k":1,"means":[2,2],"comoments":[1e400,1,2]}',   '22P02'),
    ('mean in hex',                    '{"n":3,"k":1,"means":[0x2,2],"comoments":[2,1,2]}',     '22P02'),
    ('mean null',                      '{"n":3,"k":1,"means":[null,2],"comoments":[2,1,2]}',    '22P02'),
    ('n 0, a mean not 0',              '{"n":0,"k":1,"means":[1,0],"comoments":[0,0,0]}',       '22P02'),
    ('n 0, a co-moment not 0',         '{"n":0,"k":1,"means":[0,0],"comoments":[1,0,0]}',       '22P02'),
    ('n 1, a variance not 0',          '{"n":1,"k":1,"means":[0,0],"comoments":[1,0,0]}',       '22P02'),
    ('negative variance',              '{"n":3,"k":1,"means":[2,2],"comoments":[-2,0,2]}',      '22P02'),
    ('zero variance, co-moment not 0', '{"n":3,"k":1,"means":[2,2],"comoments":[0,1,2]}',       '22P02'),
    ('|co-moment| > sqrt(C00 C11)',    '{"n":3,"k":1,"means":[2,2],"comoments":[2,2.5,2]}',     '22P02'),
    ('-co-moment > sqrt(C00 C11)',     '{"n":3,"k":1,"means":[2,2],"comoments":[2,-2.5,2]}',    '22P02'),
    -- pairwise correlations 0.9, 0.9, -0.9: each valid alone, the matrix has
    -- eigenvalue -0.8
    ('not positive semi-definite',     '{"n":10,"k":2,"means":[0,0,0],"comoments":[1,0.9,0.9,1,-0.9,1]}', '22P02'),
    -- the input takes any finite, consistent state; the aggregate's own cap
    -- (a quarter of the largest double) applies to updates and merges
    ('variances of 1e308',             '{"n":3,"k":1,"means":[0,0],"comoments":[1e308,0,1e308]}', '= {"n":3,"k":1,"means":[0,0],"comoments":[1e+308,0,1e+308]}'),
    ('co-moments of 1.7e308',          '{"n":3,"k":1,"means":[0,0],"comoments":[1.7e308,1.7e308,1.7e308]}', '= {"n":3,"k":1,"means":[0,0],"comoments":[1.7e+308,1.7e+308,1.7e+308]}')
) v(c, input, e),
LATERAL pg_temp.outcome(format('SELECT %L::driver_summary::text', input)) r;

-- 16. Long and wide driver_summary texts: k = 64 (65 means, 2145 co-moments)
-- is the largest.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('k 64, empty',                    $$SELECT responses(format('{"n":0,"k":64,"means":[%s],"comoments":[%s]}', array_to_string(array_fill(0, ARRAY[65]), ','), array_to_string(array_fill(0, ARRAY[2145]), ','))::driver_summary)$$, '= 0'),
    ('k 64, text round trip',          $$SELECT t::driver_summary::text = t FROM format('{"n":0,"k":64,"means":[%s],"comoments":[%s]}', array_to_string(array_fill(0, ARRAY[65]), ','), array_to_string(array_fill(0, ARRAY[2145]), ',')) t$$, '= true'),
    ('k 65 with 66 means, 2211 co-moments', $$SELECT format('{"n":0,"k":65,"means":[%s],"comoments":[%s]}', array_to_string(array_fill(0, ARRAY[66]), ','), array_to_string(array_fill(0, ARRAY[2211]), ','))::driver_summary::text$$, '22P02'),
    ('k 64 with 2146 co-moments',      $$SELECT format('{"n":0,"k":64,"means":[%s],"comoments":[%s]}', array_to_string(array_fill(0, ARRAY[65]), ','), array_to_string(array_fill(0, ARRAY[2146]), ','))::driver_summary::text$$, '22P02'),
    ('100000-digit n',                 $$SELECT ('{"n":' || repeat('9', 100000) || ',"k":1,"means":[0,0],"comoments":[0,0,0]}')::driver_summary::text$$, '22P02'),
    ('n with 100000 leading zeros',    $$SELECT responses(('{"n":' || repeat('0', 100000) || '3,"k":1,"means":[2,2],"comoments":[2,1,2]}')::driver_summary)$$, '= 3'),
    ('mean of 100000 digits',          $$SELECT ('{"n":1,"k":1,"means":[' || repeat('9', 100000) || ',0],"comoments":[0,0,0]}')::driver_summary::text$$, '22P02'),
    ('1 MB of spaces before }',        $$SELECT responses(('{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]' || repeat(' ', 1000000) || '}')::driver_summary)$$, '= 3'),
    ('1 MB of trailing garbage',       $$SELECT ('{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}' || repeat('x', 1000000))::driver_summary::text$$, '22P02'),
    ('100000 means for k 1',           $$SELECT ('{"n":0,"k":1,"means":[' || repeat('0,', 99999) || '0],"comoments":[0,0,0]}')::driver_summary::text$$, '22P02')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 17. Binary driver_summary (receive function): u8 version 1, u8 flags 0,
-- u16 reserved 0, u32 k, i64 n, then the (k+1) means and (k+1)(k+2)/2
-- co-moments as IEEE 754 doubles, network order.  2 = 4000000000000000,
-- 1 = 3ff0000000000000.
CREATE TEMP TABLE hostile_recv_driver_summary (s driver_summary);
SELECT pg_temp.recv('driver_summary', driver_summary_send('{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}')) AS sent_bytes,
       pg_temp.recv('driver_summary', driver_summary_send(driver_summary(y, ARRAY[x1, x2, x3])))
         = '= ' || driver_summary(y, ARRAY[x1, x2, x3])::text AS aggregate_round_trip
FROM (SELECT g::float8 AS y, sin(g) AS x1, cos(g) AS x2, (g % 7)::float8 / 3 AS x3 FROM generate_series(1, 50) g) d;
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('valid n 3',                      '01 00 0000 00000001 0000000000000003 4000000000000000 4000000000000000 4000000000000000 3ff0000000000000 4000000000000000', '= {"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}'),
    ('valid empty',                    '01 00 0000 00000001 0000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000', '= {"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}'),
    ('zero bytes',                     '',                                                      '22P02'),
    ('header only (16 bytes)',         '01 00 0000 00000001 0000000000000003',                  '22P02'),
    ('15 bytes',                       '01 00 0000 00000001 00000000000000',                    '22P02'),
    ('version 0',                      '00 00 0000 00000001 0000000000000003 4000000000000000 4000000000000000 4000000000000000 3ff0000000000000 4000000000000000', '22P02'),
    ('version 2',                      '02 00 0000 00000001 0000000000000003 4000000000000000 4000000000000000 4000000000000000 3ff0000000000000 4000000000000000', '22P02'),
    ('flags 1',                        '01 01 0000 00000001 0000000000000003 4000000000000000 4000000000000000 4000000000000000 3ff0000000000000 4000000000000000', '22P02'),
    ('reserved 1',                     '01 00 0001 00000001 0000000000000003 4000000000000000 4000000000000000 4000000000000000 3ff0000000000000 4000000000000000', '22P02'),
    ('k 0',                            '01 00 0000 00000000 0000000000000000 0000000000000000 0000000000000000', '22P02'),
    ('k 65, no data',                  '01 00 0000 00000041 0000000000000000',                  '22P02'),
    ('k 2^32-1',                       '01 00 0000 ffffffff 0000000000000000',                  '22P02'),
    ('k 2^31+1',                       '01 00 0000 80000001 0000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000', '22P02'),
    ('k 2, data of k 1',               '01 00 0000 00000002 0000000000000003 4000000000000000 4000000000000000 4000000000000000 3ff0000000000000 4000000000000000', '22P02'),
    ('one double short',               '01 00 0000 00000001 0000000000000003 4000000000000000 4000000000000000 4000000000000000 3ff0000000000000', '22P02'),
    ('one trailing byte',              '01 00 0000 00000001 0000000000000003 4000000000000000 4000000000000000 4000000000000000 3ff0000000000000 4000000000000000 00', '22P02'),
    ('n -1',                           '01 00 0000 00000001 ffffffffffffffff 0000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000', '22P02'),
    ('n -2^63',                        '01 00 0000 00000001 8000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000', '22P02'),
    ('mean NaN',                       '01 00 0000 00000001 0000000000000003 7ff8000000000000 4000000000000000 4000000000000000 3ff0000000000000 4000000000000000', '22P02'),
    ('mean signalling NaN',            '01 00 0000 00000001 0000000000000003 7ff0000000000001 4000000000000000 4000000000000000 3ff0000000000000 4000000000000000', '22P02'),
    ('co-moment +Infinity',            '01 00 0000 00000001 0000000000000003 4000000000000000 4000000000000000 7ff0000000000000 3ff0000000000000 4000000000000000', '22P02'),
    ('co-moment -Infinity',            '01 00 0000 00000001 0000000000000003 4000000000000000 4000000000000000 4000000000000000 fff0000000000000 4000000000000000', '22P02'),
    ('negative variance',              '01 00 0000 00000001 0000000000000003 4000000000000000 4000000000000000 c000000000000000 0000000000000000 4000000000000000', '22P02'),
    ('|co-moment| > sqrt(C00 C11)',    '01 00 0000 00000001 0000000000000003 4000000000000000 4000000000000000 4000000000000000 4004000000000000 4000000000000000', '22P02'),
    ('n 0, a mean -0',                 '01 00 0000 00000001 0000000000000000 8000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000', '= {"n":0,"k":1,"means":[-0,0],"comoments":[0,0,0]}')
) v(c, hex, e),
LATERAL pg_temp.recv('driver_summary', decode(replace(hex, ' ', ''), 'hex')) r;
SELECT pg_temp.recv('driver_summary', driver_summary_send(s)) = '= ' || s::text AS k_64_round_trip
FROM (SELECT format('{"n":0,"k":64,"means":[%s],"comoments":[%s]}', array_to_string(array_fill(0, ARRAY[65]), ','),
                    array_to_string(array_fill(0, ARRAY[2145]), ','))::driver_summary AS s) x;
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('k 64 header, k 65 sized data',   $$SELECT '\x0100000000000040'::bytea || decode(repeat('00', 8 + 8 * (66 + 2211)), 'hex')$$, '22P02'),
    ('k 65 with its full data',        $$SELECT '\x0100000000000041'::bytea || decode(repeat('00', 8 + 8 * (66 + 2211)), 'hex')$$, '22P02'),
    ('k 64 with its full data',        $$SELECT '\x0100000000000040'::bytea || decode(repeat('00', 8 + 8 * (65 + 2145)), 'hex')$$, '~ k 64 empty'),
    ('1 MB of zeros after a valid value', $$SELECT driver_summary_send('{"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}') || decode(repeat('00', 1000000), 'hex')$$, '22P02')
) v(c, s, e),
LATERAL pg_temp.recv('driver_summary', pg_temp.bytes(s)) r0,
LATERAL (SELECT CASE WHEN e = '~ k 64 empty' AND r0 LIKE '= {"n":0,"k":64,"means":[0,%' THEN e ELSE r0 END AS r) r;

-- 18. The driver_summary aggregate, rollup and accessors.  Rows: listwise
-- NULLs skipped; NaN, Infinity, empty, multidimensional, more than 64 or a
-- changing number of attributes -> 22023; squared deviations past the double
-- range or a count past 2^63 - 1 -> 22003.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('one row, k 1',                   $$SELECT driver_summary(1, ARRAY[2]::float8[])::text$$,   '= {"n":1,"k":1,"means":[1,2],"comoments":[0,0,0]}'),
    ('y (1,2,3), x (1,3,2)',           $$SELECT driver_summary(y, ARRAY[x])::text FROM (VALUES (1::float8, 1::float8), (2, 3), (3, 2)) v(y, x)$$, '= {"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}'),
    ('... correlation 1/2',            $$SELECT round((driver_correlations(driver_summary(y, ARRAY[x])))[1]::numeric, 12) FROM (VALUES (1::float8, 1::float8), (2, 3), (3, 2)) v(y, x)$$, '= 0.500000000000'),
    ('... R^2 1/4',                    $$SELECT round(driver_r2(driver_summary(y, ARRAY[x]))::numeric, 12) FROM (VALUES (1::float8, 1::float8), (2, 3), (3, 2)) v(y, x)$$, '= 0.250000000000'),
    ('no rows',                        $$SELECT driver_summary(1, ARRAY[1]::float8[]) FROM generate_series(1, 0)$$, '= NULL'),
    ('NULL outcome skipped',           $$SELECT driver_summary(y, ARRAY[x])::text FROM (VALUES (NULL::float8, 5::float8), (1, 1), (2, 3), (3, 2)) v(y, x)$$, '= {"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}'),
    ('NULL array skipped',             $$SELECT responses(driver_summary(y, CASE WHEN y = 2 THEN NULL ELSE ARRAY[y] END)) FROM generate_series(1, 3) y$$, '= 2'),
    ('NULL element skipped',           $$SELECT responses(driver_summary(y, ARRAY[y, CASE WHEN y = 2 THEN NULL ELSE y END])) FROM generate_series(1, 3) y$$, '= 2'),
    ('only NULL rows',                 $$SELECT driver_summary(NULL::float8, ARRAY[1]::float8[])$$, '= NULL'),
    ('empty array',                    $$SELECT driver_summary(1, '{}'::float8[])$$,             '22023'),
    ('65 attributes',                  $$SELECT driver_summary(1, array_fill(1::float8, ARRAY[65]))$$, '22023'),
    ('64 attributes',                  $$SELECT responses(driver_summary(1, array_fill(1::float8, ARRAY[64])))$$, '= 1'),
    ('100000 attributes',              $$SELECT driver_summary(1, array_fill(1::float8, ARRAY[100000]))$$, '22023'),
    ('two-dimensional array',          $$SELECT driver_summary(1, '{{1,2},{3,4}}'::float8[])$$,  '22023'),
    ('two-dimensional 1 x 1',          $$SELECT driver_summary(1, '{{1}}'::float8[])$$,          '22023'),
    ('lower bound 0 (one dimension)',  $$SELECT driver_summary(1, '[0:1]={1,2}'::float8[])::text$$, '= {"n":1,"k":2,"means":[1,1,2],"comoments":[0,0,0,0,0,0]}'),
    ('k changes within a group',       $$SELECT driver_summary(y, CASE WHEN y < 3 THEN ARRAY[y] ELSE ARRAY[y, y] END) FROM generate_series(1, 4) y$$, '22023'),
    ('outcome NaN',                    $$SELECT driver_summary('NaN', ARRAY[1]::float8[])$$,    '22023'),
    ('outcome Infinity after rows',    $$SELECT driver_summary(y, ARRAY[1]::float8[]) FROM unnest('{1,2,Infinity}'::float8[]) y$$, '22023'),
    ('attribute -Infinity',            $$SELECT driver_summary(1, '{1,-Infinity}'::float8[])$$, '22023'),
    ('attribute NaN, k 64',            $$SELECT driver_summary(1, array_fill(1::float8, ARRAY[63]) || 'NaN'::float8)$$, '22023'),
    ('deviation overflows (+-1.7e308)', $$SELECT driver_summary(y, ARRAY[1]::float8[]) FROM unnest('{1.7e308,-1.7e308}'::float8[]) y$$, '22003'),
    ('squares overflow (0, 2e154)',    $$SELECT driver_summary(1, ARRAY[x]) FROM unnest('{0,2e154}'::float8[]) x$$, '22003'),
    ('1.7e308 twice (no variance)',    $$SELECT outcome_mean(driver_summary(y, ARRAY[y])) FROM unnest('{1.7e308,1.7e308}'::float8[]) y$$, '= 1.7e+308'),
    -- +-2^500: mean 0, sum of squared deviations 2^1001, both exact
    ('+-2^500 (variance 2^1001)',      $$SELECT driver_summary(y, ARRAY[1]::float8[])::text FROM unnest('{3.273390607896142e+150,-3.273390607896142e+150}'::float8[]) y$$, '= {"n":2,"k":1,"means":[0,1],"comoments":[2.1430172143725346e+301,0,0]}'),
    ('co-moments of 1.7e308: correlation', $$SELECT driver_correlations('{"n":3,"k":1,"means":[0,0],"comoments":[1.7e308,1.7e308,1.7e308]}')::text$$, '= {1}'),
    ('co-moments of 1.7e308: R^2, weights', $$SELECT driver_r2(s) || ' ' || relative_weights(s)::text FROM (SELECT '{"n":3,"k":1,"means":[0,0],"comoments":[1.7e308,-1.7e308,1.7e308]}'::driver_summary s) x$$, '= 1 {1}'),
    ('rollup of two variances of 1e308', $$SELECT rollup(s) FROM (VALUES ('{"n":3,"k":1,"means":[0,0],"comoments":[1e308,0,1e308]}'::driver_summary), ('{"n":3,"k":1,"means":[0,0],"comoments":[1e308,0,1e308]}')) v(s)$$, '22003'),
    ('subnormal values',               $$SELECT responses(driver_summary(y, ARRAY[y, -y])) FROM unnest('{5e-324,0,1e-320}'::float8[]) y$$, '= 3'),
    ('subnormal values: no NaN figures', $$SELECT coalesce(driver_r2(s)::text, 'null') || ' ' || coalesce(relative_weights(s)::text, 'null') FROM (SELECT driver_summary(y, ARRAY[y, -y]) s FROM unnest('{5e-324,0,1e-320}'::float8[]) y) x$$, '~ no NaN'),
    ('count past 2^63 - 1',            $$SELECT driver_summary_trans('{"n":9223372036854775807,"k":1,"means":[2,2],"comoments":[2,1,2]}', 2, ARRAY[2]::float8[])$$, '22003'),
    ('trans called directly, k mismatch', $$SELECT driver_summary_trans('{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}', 2, ARRAY[2, 2]::float8[])$$, '22023'),
    ('trans called directly: argument kept', $$SELECT s::text || ' ' || driver_summary_trans(s, 2, ARRAY[2]::float8[])::text FROM (SELECT '{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}'::driver_summary AS s) x$$, '= {"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]} {"n":4,"k":1,"means":[2,2],"comoments":[2,1,2]}'),
    ('rollup of different k',          $$SELECT rollup(s) FROM (VALUES ('{"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}'::driver_summary), ('{"n":0,"k":2,"means":[0,0,0],"comoments":[0,0,0,0,0,0]}')) v(s)$$, '22023'),
    ('rollup: counts past 2^63 - 1',   $$SELECT rollup(s) FROM (VALUES ('{"n":4611686018427387904,"k":1,"means":[2,2],"comoments":[2,1,2]}'::driver_summary), ('{"n":4611686018427387904,"k":1,"means":[2,2],"comoments":[2,1,2]}')) v(s)$$, '22003'),
    ('rollup: counts to 2^63 - 1',     $$SELECT responses(rollup(s)) FROM (VALUES ('{"n":4611686018427387904,"k":1,"means":[2,2],"comoments":[2,1,2]}'::driver_summary), ('{"n":4611686018427387903,"k":1,"means":[2,2],"comoments":[2,1,2]}')) v(s)$$, '= 9223372036854775807'),
    ('rollup: variances past the range', $$SELECT rollup(s) FROM (VALUES ('{"n":1,"k":1,"means":[1e200,0],"comoments":[0,0,0]}'::driver_summary), ('{"n":1,"k":1,"means":[-1e200,0],"comoments":[0,0,0]}')) v(s)$$, '22003'),
    ('rollup of empty summaries',      $$SELECT rollup(s)::text FROM (VALUES ('{"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}'::driver_summary), ('{"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}')) v(s)$$, '= {"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}'),
    ('rollup of NULLs',                $$SELECT rollup(NULL::driver_summary) FROM generate_series(1, 3)$$, '= NULL'),
    ('combine called directly, k mismatch', $$SELECT driver_summary_combine('{"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}', '{"n":0,"k":2,"means":[0,0,0],"comoments":[0,0,0,0,0,0]}')$$, '22023'),
    ('empty: responses',               $$SELECT responses('{"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}'::driver_summary)$$, '= 0'),
    ('empty: outcome_mean',            $$SELECT outcome_mean('{"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}')$$, '= NULL'),
    ('empty: driver_means',            $$SELECT driver_means('{"n":0,"k":1,"means":[0,0],"comoments":[0,0,0]}')$$, '= NULL'),
    ('one row: driver_r2',             $$SELECT driver_r2('{"n":1,"k":1,"means":[1,2],"comoments":[0,0,0]}')$$, '= NULL'),
    ('one row: driver_betas',          $$SELECT driver_betas('{"n":1,"k":1,"means":[1,2],"comoments":[0,0,0]}')$$, '= NULL'),
    ('constant outcome: correlations', $$SELECT driver_correlations('{"n":3,"k":1,"means":[2,2],"comoments":[0,0,2]}')$$, '= NULL'),
    ('constant attribute: correlation', $$SELECT round(c[1]::numeric, 12) || ',' || coalesce(c[2]::text, 'NULL') FROM driver_correlations('{"n":3,"k":2,"means":[2,2,5],"comoments":[2,1,0,2,0,0]}') c$$, '= 0.500000000000,NULL'),
    ('constant attribute: weights',    $$SELECT array_to_string(array(SELECT round(w::numeric, 12) FROM unnest(relative_weights('{"n":3,"k":2,"means":[2,2,5],"comoments":[2,1,0,2,0,0]}')) w), ',')$$, '= 0.250000000000,0.000000000000'),
    ('identical attributes split R^2', $$SELECT array_to_string(array(SELECT round(w::numeric, 12) FROM unnest(relative_weights('{"n":3,"k":2,"means":[2,2,2],"comoments":[2,1,1,2,2,2]}')) w), ',')$$, '= 0.125000000000,0.125000000000'),
    ('driver_table, names of the wrong length', $$SELECT count(*) FROM driver_table('{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}', ARRAY['a', 'b'])$$, '22023'),
    ('driver_table, no names for k 1', $$SELECT count(*) FROM driver_table('{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}', '{}')$$, '22023'),
    ('driver_table, 2-D names',        $$SELECT count(*) FROM driver_table('{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}', '{{a}}')$$, '22023'),
    ('driver_table, a NULL name',      $$SELECT coalesce(attribute, 'null') || ' ' || importance_pct FROM driver_table('{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}', ARRAY[NULL::text])$$, '= null 100'),
    ('driver_table, NULL names',       $$SELECT count(*) FROM driver_table('{"n":3,"k":1,"means":[2,2],"comoments":[2,1,2]}', NULL)$$, '= 0'),
    ('driver_table of k 64',           $$SELECT count(*) FROM driver_table(format('{"n":0,"k":64,"means":[%s],"comoments":[%s]}', array_to_string(array_fill(0, ARRAY[65]), ','), array_to_string(array_fill(0, ARRAY[2145]), ','))::driver_summary, array_fill('x'::text, ARRAY[64]))$$, '= 64')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r0,
LATERAL (SELECT CASE WHEN e = '~ no NaN' AND r0 NOT ILIKE '%nan%' AND r0 NOT ILIKE '%inf%' AND r0 LIKE '= %' THEN '~ no NaN' ELSE r0 END AS r) r;

-- 19. score_summary_subtract and at_least.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('a - a',                          $$SELECT score_summary_subtract('{1:2,9:5}', '{1:2,9:5}')::text$$, '= {}'),
    ('{} - {}',                        $$SELECT score_summary_subtract('{}', '{}')::text$$,       '= {}'),
    ('a - {}',                         $$SELECT score_summary_subtract('{1:2,9:5}', '{}')::text$$, '= {1:2,9:5}'),
    ('part of a',                      $$SELECT score_summary_subtract('{1:2,9:5}', '{9:4}')::text$$, '= {1:2,9:1}'),
    ('a count reaching 0 is dropped',  $$SELECT score_summary_subtract('{1:2,9:5}', '{1:2}')::text$$, '= {9:5}'),
    ('a count going negative',         $$SELECT score_summary_subtract('{1:2,9:5}', '{1:3}')$$, '22023'),
    ('a value not in a',               $$SELECT score_summary_subtract('{1:2,9:5}', '{2:1}')$$, '22023'),
    ('{} - a',                         $$SELECT score_summary_subtract('{}', '{0:1}')$$,          '22023'),
    ('2^63-1 - 1',                     $$SELECT score_summary_subtract('{100:9223372036854775807}', '{100:1}')::text$$, '= {100:9223372036854775806}'),
    ('1 - 2^63-1',                     $$SELECT score_summary_subtract('{100:1}', '{100:9223372036854775807}')$$, '22023'),
    ('b NULL',                         $$SELECT score_summary_subtract('{1:1}', NULL)$$,          '= NULL'),
    ('weighted - weighted, exact',     $$SELECT score_summary_subtract('{3:2:3:5}', '{3:1:1:1}')::text$$, '= {3:1:2:4}'),
    ('weighted: weights b cannot have taken', $$SELECT score_summary_subtract('{3:2:2:2}', '{3:1:5:25}')$$, '22023'),
    -- containment is judged on counts: a value whose count reaches 0 is
    -- dropped whatever its sums (repeated subtractions accumulate rounding)
    ('weighted: count 0, weights left over', $$SELECT score_summary_subtract('{3:1:2:4}', '{3:1:1:1}')::text$$, '= {}'),
    ('weighted - itself',              $$SELECT score_summary_subtract('{3:2:0.1:0.005,7:1:1e-150:1e-300}', '{3:2:0.1:0.005,7:1:1e-150:1e-300}')::text$$, '= {}'),
    ('weighted: 0.3 - 0.1 - 0.2 (rounding)', $$SELECT score_summary_subtract(score_summary_subtract('{3:3:0.6000000000000001:0.14}', '{3:1:0.1:0.010000000000000002}'), '{3:1:0.2:0.04000000000000001}')::text$$, '~ one answer, weight 0.3'),
    ('weighted - unweighted, containment on counts', $$SELECT responses(score_summary_subtract('{3:2:2:2}', '{3:1}'))$$, '= 1'),
    ('at_least 3 of 3',                $$SELECT at_least('{1:3}', 3)::text$$,                     '= {1:3}'),
    ('at_least 4 of 3',                $$SELECT at_least('{1:3}', 4)$$,                           '= NULL'),
    ('at_least 0 of {}',               $$SELECT at_least('{}', 0)::text$$,                        '= {}'),
    ('at_least 1 of {}',               $$SELECT at_least('{}', 1)$$,                              '= NULL'),
    ('at_least -1',                    $$SELECT at_least('{1:3}', -1)$$,                          '22023'),
    ('at_least INT_MIN',               $$SELECT at_least('{1:3}', (-2147483648)::int)$$,          '22023'),
    ('at_least INT_MAX of 2^63-1',     $$SELECT responses(at_least('{0:4611686018427387903,100:4611686018427387904}', 2147483647))$$, '= 9223372036854775807'),
    ('at_least: raw count, tiny weights', $$SELECT at_least('{1:3:3e-150:3e-300}', 3)::text$$,  '= {1:3:3e-150:3e-300}'),
    ('at_least: raw count, not n_eff', $$SELECT at_least('{1:2:101:10001,2:1:1:1}', 3)::text$$, '= {1:2:101:10001,2:1:1:1}'),
    ('at_least NULL',                  $$SELECT at_least('{1:3}', NULL)$$,                        '= NULL')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r0,
LATERAL (SELECT CASE WHEN e = '~ one answer, weight 0.3' AND r0 ~ '^= \{3:1:0\.(29999999999999|3|30000000000000)[0-9]*:0\.0(8999999999999|9|9000000000000)[0-9]*\}$'
                     THEN e ELSE r0 END AS r) r;

-- 20. p_adjust (a window function over the whole partition): p outside
-- [0, 1], NaN, an unknown or NULL method, or methods changing within a
-- partition -> 22023; NULL p-values stay NULL and are not counted.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('bonferroni, 3 tests',            $$SELECT string_agg(q::text, ',' ORDER BY p) FROM (SELECT p, p_adjust(p, 'bonferroni') OVER () q FROM unnest('{0.01,0.02,0.03}'::float8[]) p) x$$, '= 0.03,0.06,0.09'),
    ('holm, 3 tests',                  $$SELECT string_agg(round(q::numeric, 12)::text, ',' ORDER BY p) FROM (SELECT p, p_adjust(p, 'holm') OVER () q FROM unnest('{0.01,0.02,0.03}'::float8[]) p) x$$, '= 0.030000000000,0.040000000000,0.040000000000'),
    ('bh, 3 tests',                    $$SELECT string_agg(round(q::numeric, 12)::text, ',' ORDER BY p) FROM (SELECT p, p_adjust(p, 'bh') OVER () q FROM unnest('{0.01,0.02,0.03}'::float8[]) p) x$$, '= 0.030000000000,0.030000000000,0.030000000000'),
    ('BH and fdr accepted',            $$SELECT string_agg(q::text, ',') FROM (SELECT p_adjust(0.5, 'BH') OVER () q UNION ALL SELECT p_adjust(0.5, 'fdr') OVER ()) x$$, '= 0.5,0.5'),
    ('bonferroni capped at 1',         $$SELECT string_agg(q::text, ',' ORDER BY p) FROM (SELECT p, p_adjust(p, 'bonferroni') OVER () q FROM unnest('{0.5,0.6}'::float8[]) p) x$$, '= 1,1'),
    ('NULL p not counted',             $$SELECT string_agg(coalesce(q::text, 'null'), ',' ORDER BY i) FROM (SELECT i, p_adjust(p, 'bonferroni') OVER () q FROM (VALUES (1, 0.01::float8), (2, NULL), (3, 0.02)) v(i, p)) x$$, '= 0.02,null,0.04'),
    ('only NULL p',                    $$SELECT count(q) FROM (SELECT p_adjust(NULL::float8, 'holm') OVER () q FROM generate_series(1, 3)) x$$, '= 0'),
    ('p 0 and 1',                      $$SELECT string_agg(q::text, ',' ORDER BY p) FROM (SELECT p, p_adjust(p, 'holm') OVER () q FROM unnest('{0,1}'::float8[]) p) x$$, '= 0,1'),
    ('smallest subnormal p, 3 tests',  $$SELECT min(q) FROM (SELECT p_adjust(p, 'bonferroni') OVER () q FROM unnest('{5e-324,0.5,0.5}'::float8[]) p) x$$, '= 1.5e-323'),
    ('ORDER BY in the window',         $$SELECT string_agg(q::text, ',' ORDER BY p) FROM (SELECT p, p_adjust(p, 'bonferroni') OVER (ORDER BY p) q FROM unnest('{0.01,0.02,0.03}'::float8[]) p) x$$, '= 0.03,0.06,0.09'),
    ('10000 tests',                    $$SELECT max(q) FROM (SELECT p_adjust(1e-6, 'bonferroni') OVER () q FROM generate_series(1, 10000)) x$$, '= 0.01'),
    ('p NaN',                          $$SELECT p_adjust('NaN', 'holm') OVER ()$$,                '22023'),
    ('p -0.1',                         $$SELECT p_adjust(-0.1, 'bh') OVER ()$$,                   '22023'),
    ('p -5e-324',                      $$SELECT p_adjust(-5e-324, 'bh') OVER ()$$,                '22023'),
    ('p 1.0000000000000002',           $$SELECT p_adjust(1.0000000000000002, 'bonferroni') OVER ()$$, '22023'),
    ('p Infinity',                     $$SELECT p_adjust('Infinity', 'holm') OVER ()$$,           '22023'),
    ('p NaN after valid rows',         $$SELECT max(q) FROM (SELECT p_adjust(p, 'holm') OVER () q FROM unnest('{0.1,0.2,NaN}'::float8[]) p) x$$, '22023'),
    ('method unknown',                 $$SELECT p_adjust(0.5, 'hochberg') OVER ()$$,              '22023'),
    ('method HOLM',                    $$SELECT p_adjust(0.5, 'HOLM') OVER ()$$,                  '22023'),
    ('method empty',                   $$SELECT p_adjust(0.5, '') OVER ()$$,                      '22023'),
    ('method with a trailing space',   $$SELECT p_adjust(0.5, 'bh ') OVER ()$$,                   '22023'),
    ('method of 100000 bytes',         $$SELECT p_adjust(0.5, repeat('holm', 25000)) OVER ()$$,   '22023'),
    -- a NULL method makes the whole partition NULL, as a strict function would
    ('method NULL',                    $$SELECT p_adjust(0.5, NULL) OVER ()$$,                    '= NULL'),
    ('method NULL, p NULL',            $$SELECT p_adjust(NULL, NULL) OVER ()$$,                   '= NULL'),
    ('method NULL on one row of two',  $$SELECT count(q) FROM (SELECT p_adjust(0.5, CASE WHEN g = 2 THEN NULL ELSE 'holm' END) OVER () q FROM generate_series(1, 2) g) x$$, '= 0'),
    ('methods change in a partition',  $$SELECT max(q) FROM (SELECT p_adjust(0.5, CASE WHEN g = 1 THEN 'holm' ELSE 'bh' END) OVER () q FROM generate_series(1, 2) g) x$$, '22023')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 21. Sample sizes (integer): margin <= 0, confidence outside (0, 1),
-- variance outside (0, 1], proportion outside [0, 1], population < 1, any of
-- them NaN -> 22023; a result past 2^31 - 1 -> 22003.  Values from
-- z = 1.959963984540054 (95 %): z^2 / 0.05^2 - 3 = 1533.6, z^2 / 4 / 0.05^2 =
-- 384.1; with a population N, n0 N / (N + n0 - 1) < N.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('nps margin 5',                   $$SELECT nps_sample_size(5)$$,                             '= 1534'),
    ('csat margin 5',                  $$SELECT csat_sample_size(5)$$,                            '= 385'),
    ('nps margin 0',                   $$SELECT nps_sample_size(0)$$,                             '22023'),
    ('nps margin -0',                  $$SELECT nps_sample_size('-0')$$,                          '22023'),
    ('csat margin -1',                 $$SELECT csat_sample_size(-1)$$,                           '22023'),
    ('nps margin NaN',                 $$SELECT nps_sample_size('NaN')$$,                         '22023'),
    ('csat margin NaN',                $$SELECT csat_sample_size('NaN')$$,                        '22023'),
    ('nps margin 1e300',               $$SELECT nps_sample_size(1e300)$$,                         '= 1'),
    ('nps margin 1e-2',                $$SELECT nps_sample_size(1e-2)$$,                          '= 384145880'),
    ('nps margin 1e-3 (3.8e10)',       $$SELECT nps_sample_size(1e-3)$$,                          '22003'),
    ('nps margin 1e-4 (3.8e12)',       $$SELECT nps_sample_size(1e-4)$$,                          '22003'),
    ('csat margin 1e-4 (9.6e11)',      $$SELECT csat_sample_size(1e-4)$$,                         '22003'),
    ('nps margin 5e-324',              $$SELECT nps_sample_size(5e-324)$$,                        '22003'),
    ('nps margin 5e-324, population 1000', $$SELECT nps_sample_size(5e-324, population => 1000)$$, '= 1000'),
    ('csat margin 1e-300, population 2^31 - 1', $$SELECT csat_sample_size(1e-300, population => 2147483647)$$, '= 2147483647'),
    ('nps margin 1e-4, population 1000', $$SELECT nps_sample_size(1e-4, population => 1000)$$,  '= 1000'),
    ('nps margin 1e-4, population 2^63-1', $$SELECT nps_sample_size(1e-4, population => 9223372036854775807)$$, '22003'),
    ('nps population 1',               $$SELECT nps_sample_size(5, population => 1)$$,            '= 1'),
    ('nps population 0',               $$SELECT nps_sample_size(5, population => 0)$$,            '22023'),
    ('csat population -1',             $$SELECT csat_sample_size(5, population => -1)$$,          '22023'),
    ('csat population INT8_MIN',       $$SELECT csat_sample_size(5, population => (-9223372036854775808)::int8)$$, '22023'),
    ('nps confidence 0',               $$SELECT nps_sample_size(5, 0)$$,                          '22023'),
    ('nps confidence 1',               $$SELECT nps_sample_size(5, 1)$$,                          '22023'),
    ('csat confidence NaN',            $$SELECT csat_sample_size(5, 'NaN')$$,                     '22023'),
    ('csat confidence -Infinity',      $$SELECT csat_sample_size(5, '-Infinity')$$,               '22023'),
    ('nps confidence 1e-300',          $$SELECT nps_sample_size(5, 1e-300)$$,                     '= 1'),
    ('csat confidence 1 - 2^-53, margin 1e-3', $$SELECT csat_sample_size(1e-3, 0.9999999999999999)$$, '22003'),
    ('nps variance 0',                 $$SELECT nps_sample_size(5, variance => 0)$$,              '22023'),
    ('nps variance 1.0000000000000002', $$SELECT nps_sample_size(5, variance => 1.0000000000000002)$$, '22023'),
    ('nps variance NaN',               $$SELECT nps_sample_size(5, variance => 'NaN')$$,          '22023'),
    ('nps variance 5e-324',            $$SELECT nps_sample_size(5, variance => 5e-324)$$,         '= 1'),
    ('csat proportion -5e-324',        $$SELECT csat_sample_size(5, proportion => -5e-324)$$,     '22023'),
    ('csat proportion 1.0000000000000002', $$SELECT csat_sample_size(5, proportion => 1.0000000000000002)$$, '22023'),
    ('csat proportion NaN',            $$SELECT csat_sample_size(5, proportion => 'NaN')$$,       '22023'),
    ('csat proportion 0',              $$SELECT csat_sample_size(5, proportion => 0)$$,           '= 1'),
    ('csat proportion 1',              $$SELECT csat_sample_size(5, proportion => 1)$$,           '= 1'),
    ('nps margin NULL',                $$SELECT nps_sample_size(NULL)$$,                          '= NULL'),
    ('csat confidence NULL',           $$SELECT csat_sample_size(5, NULL)$$,                      '= NULL'),
    ('nps population NULL (infinite)', $$SELECT nps_sample_size(5, population => NULL)$$,         '= 1534')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 22. nps_prob_greater, csat_prob_greater and the score interval.  Empty
-- summaries give NULL; answers outside the scale 22003; bad thresholds,
-- confidence or method 22023.  csat_prob_greater({5:1}, {1:1}) = P(X > Y)
-- for X ~ Beta(2, 1), Y ~ Beta(1, 2) = int_0^1 2x (2x - x^2) dx = 5/6.
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('csat {5:1} vs {1:1} = 5/6',      $$SELECT round(csat_prob_greater('{5:1}', '{1:1}')::numeric, 12)$$, '= 0.833333333333'),
    ('csat identical = 1/2',           $$SELECT csat_prob_greater('{5:3,1:2}', '{5:3,1:2}')$$,    '= 0.5'),
    ('nps identical = 1/2',            $$SELECT round(nps_prob_greater('{10:3,0:2,7:1}', '{10:3,0:2,7:1}')::numeric, 9)$$, '= 0.500000000'),
    ('nps P(a > b) + P(b > a) = 1',    $$SELECT abs(nps_prob_greater(a, b) + nps_prob_greater(b, a) - 1) < 1e-9 FROM (SELECT '{10:5,0:1}'::score_summary a, '{10:2,7:3,0:2}'::score_summary b) x$$, '= true'),
    ('nps empty a',                    $$SELECT nps_prob_greater('{}', '{10:1}')$$,               '= NULL'),
    ('csat empty b',                   $$SELECT csat_prob_greater('{5:1}', '{}')$$,               '= NULL'),
    ('nps zero weights',               $$SELECT nps_prob_greater('{10:3:0:0}', '{0:1}')$$,        '= NULL'),
    ('csat zero weights',              $$SELECT csat_prob_greater('{5:1}', '{4:2:0:0}')$$,        '= NULL'),
    ('nps 2^62 promoters vs 2^62 detractors', $$SELECT nps_prob_greater('{10:4611686018427387904}', '{0:4611686018427387904}')$$, '= 1'),
    ('nps 2^62 promoters vs 1 detractor', $$SELECT nps_prob_greater('{10:4611686018427387904}', '{0:1}')$$, '= 1'),
    ('csat 2^62 satisfied vs 1 not',   $$SELECT csat_prob_greater('{5:4611686018427387904}', '{1:1}')$$, '= 1'),
    -- n (1 - X) and n (1 - Y) tend to Gamma(1) and Gamma(2): P = I_1/2(1, 2) = 3/4
    ('csat 2^62 vs 2^62 - 1 and 1 not = 3/4', $$SELECT round(csat_prob_greater('{5:4611686018427387904}', '{5:4611686018427387903,1:1}')::numeric, 9)$$, '= 0.750000000'),
    ('csat 10^12 and 1 not vs 2 not = 11/16', $$SELECT round(csat_prob_greater('{5:1000000000000,1:1}', '{5:1000000000000,1:2}')::numeric, 9)$$, '= 0.687500000'),
    -- 10^15 answers a group: the normal approximation (scipy), which is
    -- accurate to 1e-7 there (test/hardening/prob_greater_huge.py)
    ('nps 3 x 10^15 answers ~ normal', $$SELECT abs(nps_prob_greater('{10:1000000100000000,0:1000000000000000,7:1000000000000000}', '{10:1000000000000000,0:1000000000000000,7:1000000000000000}') - 0.9430768456352918) < 1e-6$$, '= true'),
    ('csat 2 x 10^15 answers ~ normal', $$SELECT abs(csat_prob_greater('{5:1000000100000000,1:1000000000000000}', '{5:1000000000000000,1:1000000000000000}') - 0.943076844131679) < 1e-6$$, '= true'),
    -- posteriors narrower than doubles resolve, overlapping: a number, never NaN
    -- n (1 - NPS) tends to Gamma(1001) + 2 Exp vs Gamma(1002) + 2 Exp: P = Phi(1 / 44.8) = 0.509
    ('nps 2^62 + 1000 passives vs 1001', $$SELECT x > 0.505 AND x < 0.513 FROM nps_prob_greater('{10:4611686018427387904,7:1000}', '{10:4611686018427387904,7:1001}') x$$, '= true'),
    ('csat 2^62 satisfied vs 2^62 not', $$SELECT csat_prob_greater('{1:4611686018427387904}', '{5:4611686018427387904}')$$, '= 0'),
    ('nps huge, identical = 1/2',      $$SELECT round(nps_prob_greater(s, s)::numeric, 6) FROM (SELECT '{0:3074457345618258602,7:3074457345618258602,10:3074457345618258603}'::score_summary s) x$$, '= 0.500000'),
    ('nps huge vs tiny, in [0, 1]',    $$SELECT x >= 0 AND x <= 1 FROM nps_prob_greater('{0:3074457345618258602,7:3074457345618258602,10:3074457345618258603}', '{10:1}') x$$, '= true'),
    ('nps weighted, tiny weights',     $$SELECT x > 0.5 AND x < 1 FROM nps_prob_greater('{10:3:3e-150:3e-300}', '{0:1:1e-150:1e-300}') x$$, '= true'),
    ('nps weighted huge weights',      $$SELECT x > 0.5 AND x < 1 FROM nps_prob_greater('{10:3:3e150:3e300}', '{0:1:1e150:1e300}') x$$, '= true'),
    ('nps {11:1}',                     $$SELECT nps_prob_greater('{11:1}', '{10:1}')$$,           '22003'),
    ('csat {0:1}',                     $$SELECT csat_prob_greater('{5:1}', '{0:1}')$$,            '22003'),
    ('nps thresholds 6, 6',            $$SELECT nps_prob_greater('{5:1}', '{5:1}', 6, 6)$$,       '22023'),
    ('nps promoter_min 101',           $$SELECT nps_prob_greater('{5:1}', '{5:1}', promoter_min => 101)$$, '22023'),
    ('csat satisfied_min -1',          $$SELECT csat_prob_greater('{5:1}', '{5:1}', -1)$$,        '22023'),
    ('csat satisfied_min 101',         $$SELECT csat_prob_greater('{5:1}', '{5:1}', 101)$$,       '22023'),
    ('csat satisfied_min NULL',        $$SELECT csat_prob_greater('{5:1}', '{5:1}', NULL)$$,      '= NULL'),
    ('score: one promoter, high 100',  $$SELECT nps_high('{10:1}', method => 'score')$$,          '= 100'),
    ('score: one detractor, low -100', $$SELECT nps_low('{0:1}', method => 'score')$$,            '= -100'),
    ('score: one promoter, low in (-100, 100)', $$SELECT x > -100 AND x < 100 FROM nps_low('{10:1}', method => 'score') x$$, '= true'),
    ('score: one passive, symmetric',  $$SELECT abs(nps_low(s, method => 'score') + nps_high(s, method => 'score')) < 1e-9 AND nps_high(s, method => 'score') > 0 FROM (SELECT '{7:1}'::score_summary s) x$$, '= true'),
    ('score: huge n, around 0',        $$SELECT abs(nps_low(s, method => 'score')) < 1e-6 AND abs(nps_high(s, method => 'score')) < 1e-6 FROM (SELECT '{0:4611686018427387903,10:4611686018427387904}'::score_summary s) x$$, '= true'),
    ('score: huge n, all passive',     $$SELECT nps_low(s, method => 'score') <= 0 AND nps_high(s, method => 'score') >= 0 FROM (SELECT '{7:9223372036854775807}'::score_summary s) x$$, '= true'),
    ('score: empty',                   $$SELECT nps_low('{}', method => 'score')$$,               '= NULL'),
    ('score: zero weights',            $$SELECT nps_high('{10:2:0:0}', method => 'score')$$,      '= NULL'),
    ('score: confidence 1',            $$SELECT nps_low('{10:1}', 1, method => 'score')$$,        '22023'),
    ('score: confidence 1e-300',       $$SELECT x > 0 AND x <= 100 FROM nps_low('{10:1}', 1e-300, method => 'score') x$$, '= true'),
    ('score: confidence 1 - 2^-53',    $$SELECT nps_low('{10:1,0:1}', 0.9999999999999999, method => 'score') >= -100 AND nps_high('{10:1,0:1}', 0.9999999999999999, method => 'score') <= 100$$, '= true'),
    ('score: {11:1}',                  $$SELECT nps_low('{11:1}', method => 'score')$$,           '22003'),
    ('score: thresholds 6, 6',         $$SELECT nps_low('{10:1}', 0.95, 6, 6, 'score')$$,         '22023'),
    ('method Score',                   $$SELECT nps_low('{10:1}', method => 'Score')$$,           '22023'),
    ('method empty',                   $$SELECT nps_high('{10:1}', method => '')$$,               '22023'),
    ('method wald',                    $$SELECT nps_high('{10:1}', method => 'wald')$$,           '22023'),
    ('method NULL',                    $$SELECT nps_high('{10:1}', method => NULL)$$,             '= NULL'),
    ('nps_low(s, ''0.9'') reads a confidence', $$SELECT nps_low('{10:5,0:2}', '0.9') = nps_low('{10:5,0:2}', 0.9::float8, 9, 6, 'adjusted-wald')$$, '= true')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- 23. maintain_summary, resync_summary, unmaintain_summary with bad
-- arguments: 22023 with a message, nothing created; a summary table name
-- that is an injection attempt is one quoted identifier.
CREATE TABLE hostile_src (id int PRIMARY KEY, grp text NOT NULL, maybe text, answer int, w float8, label text);
INSERT INTO hostile_src VALUES (1, 'a', NULL, 9, 1, 'x'), (2, 'a', 'm', 3, 2, 'y'), (3, 'b', NULL, 10, 0.5, 'z');
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('NULL source',                    $$SELECT maintain_summary('hs', NULL, 'answer', ARRAY['grp'])$$, '22023'),
    ('NULL group_columns',             $$SELECT maintain_summary('hs', 'hostile_src', 'answer', NULL)$$, '22023'),
    ('no group column',                $$SELECT maintain_summary('hs', 'hostile_src', 'answer', '{}')$$, '22023'),
    ('a NULL group column',            $$SELECT maintain_summary('hs', 'hostile_src', 'answer', ARRAY['grp', NULL])$$, '22023'),
    ('group column twice',             $$SELECT maintain_summary('hs', 'hostile_src', 'answer', ARRAY['grp', 'grp'])$$, '22023'),
    ('group column "summary"',         $$SELECT maintain_summary('hs', 'hostile_src', 'answer', ARRAY['summary'])$$, '22023'),
    ('nullable group column',          $$SELECT maintain_summary('hs', 'hostile_src', 'answer', ARRAY['maybe'])$$, '22023'),
    ('missing answer column',          $$SELECT maintain_summary('hs', 'hostile_src', 'nope', ARRAY['grp'])$$, '22023'),
    ('text answer column',             $$SELECT maintain_summary('hs', 'hostile_src', 'label', ARRAY['grp'])$$, '22023'),
    ('text weight column',             $$SELECT maintain_summary('hs', 'hostile_src', 'answer', ARRAY['grp'], 'label')$$, '22023'),
    ('system column as group',         $$SELECT maintain_summary('hs', 'hostile_src', 'answer', ARRAY['ctid'])$$, '22023'),
    ('three-part summary name',        $$SELECT maintain_summary('a.b.c', 'hostile_src', 'answer', ARRAY['grp'])$$, '22023'),
    ('source is a view',               $$SELECT maintain_summary('hs', 'pg_stat_activity', 'answer', ARRAY['grp'])$$, '22023'),
    ('resync of a plain table',        $$SELECT resync_summary('hostile_src')$$,                 '22023'),
    ('unmaintain of a plain table',    $$SELECT unmaintain_summary('hostile_src')$$,             '22023'),
    ('resync NULL',                    $$SELECT resync_summary(NULL)$$,                          '= NULL')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;

-- An injection attempt as the summary table's name is one quoted identifier:
-- the table is created under that name, the source survives and stays
-- maintained; maintaining it again is an error, and once unmaintained it is
-- no longer maintained.
SELECT maintain_summary('"hs; DROP TABLE hostile_src; --"', 'hostile_src', 'answer', ARRAY['grp']);
INSERT INTO hostile_src VALUES (4, 'b', NULL, 0, 1, 'w');
SELECT grp, summary FROM "hs; DROP TABLE hostile_src; --" ORDER BY grp;
SELECT c AS "case", e AS expected, r AS result, pg_temp.verdict(r, e) AS verdict
FROM (VALUES
    ('maintain the same table twice',  $$SELECT maintain_summary('"hs; DROP TABLE hostile_src; --"', 'hostile_src', 'answer', ARRAY['grp'])$$, '42P07'),
    ('unmaintain',                     $$SELECT unmaintain_summary('"hs; DROP TABLE hostile_src; --"')$$, '= '),
    ('unmaintain twice',               $$SELECT unmaintain_summary('"hs; DROP TABLE hostile_src; --"')$$, '22023'),
    ('resync after unmaintain',        $$SELECT resync_summary('"hs; DROP TABLE hostile_src; --"')$$, '22023')
) v(c, s, e),
LATERAL pg_temp.outcome(s) r;
DROP TABLE "hs; DROP TABLE hostile_src; --", hostile_src;

-- 24. The server never restarted, and a fresh query works.
SELECT pg_postmaster_start_time() = :'boot_time'::timestamptz AS same_postmaster,
       nps(a) AS fresh_query FROM unnest(ARRAY[9, 10, 0]) a;
