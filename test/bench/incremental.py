#!/usr/bin/python3
"""Incremental upkeep of a daily x channel summary (maintain_summary) against a
materialized view refreshed by REFRESH MATERIALIZED VIEW [CONCURRENTLY].

Run through test/bench/incremental.sh (a throwaway cluster); connects with the
PG* environment variables.  Two tables with the same ROWS responses over three
years and five channels: `plain` (no triggers) and `kept` (maintain_summary
keeps kept_daily = score_summary(answer) per day and channel).  daily_mv is the
same summary as a materialized view of kept with a unique index.

Each of RUNS rounds appends the same APPEND new responses (the last 30 days,
every channel) to both tables, alternating which goes first, and then times
REFRESH MATERIALIZED VIEW daily_mv and REFRESH ... CONCURRENTLY daily_mv.
Reported: medians of
  insert into plain (no upkeep), insert into kept (with upkeep),
  upkeep = kept - plain, the two refreshes,
and the ratios refresh / upkeep (target >= 100), refresh / whole insert into
kept, and insert into kept / insert into plain (target <= 1.5).
Before printing, kept_daily and daily_mv must equal a recomputation from the
rows of kept (exit 1 otherwise).
"""
import argparse
import statistics
import sys
import time

import psycopg2

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument('--rows', type=int, default=10_000_000)
p.add_argument('--append', type=int, default=10_000)
p.add_argument('--runs', type=int, default=9)
p.add_argument('--out', help='also write the report to this file')
args = p.parse_args()
if args.rows < 1000 or args.append < 1 or args.runs < 1:
    sys.exit('incremental.py: --rows >= 1000, --append >= 1, --runs >= 1')

conn = psycopg2.connect('')
conn.autocommit = True
cur = conn.cursor()
report = []


def say(line=''):
    print(line, flush=True)
    report.append(line)


def run(sql, params=None):
    cur.execute(sql, params)


def timed(sql, params=None):
    t = time.perf_counter()
    cur.execute(sql, params)    # autocommit: the statement and its commit
    return time.perf_counter() - t


def scalar(sql):
    cur.execute(sql)
    return cur.fetchone()[0]


# Answers 0..10 from a hash of the id, 1 in 20 NULL; days over three years.
ROW_SQL = """
SELECT i, timestamptz '2023-01-01 00:00+00' + (hashint8(i) & 2147483647) %% 1095 * interval '1 day'
                                            + (i %% 86400) * interval '1 second',
       (ARRAY['app', 'web', 'phone', 'email', 'store'])[1 + (hashint8(i + 1) & 1023) %% 5],
       CASE WHEN i %% 20 = 0 THEN NULL ELSE (hashint8(i + 2) & 2147483647) %% 11 END
FROM generate_series(%s::bigint, %s::bigint) i"""

t0 = time.perf_counter()
run('CREATE EXTENSION IF NOT EXISTS cx_metrics')
for t in ('plain', 'kept'):
    run(f"""CREATE TABLE {t} (
        id bigint PRIMARY KEY,
        responded_at timestamptz NOT NULL,
        channel text NOT NULL,
        answer smallint,
        day date NOT NULL GENERATED ALWAYS AS ((responded_at AT TIME ZONE 'UTC')::date) STORED)""")
    run(f'INSERT INTO {t} (id, responded_at, channel, answer)' + ROW_SQL, (1, args.rows))
    run(f'VACUUM (FREEZE, ANALYZE) {t}')
run("SELECT maintain_summary('kept_daily', 'kept', 'answer', ARRAY['day', 'channel'])")
run("""CREATE MATERIALIZED VIEW daily_mv AS
       SELECT day, channel, score_summary(answer) AS summary FROM kept GROUP BY day, channel""")
run('CREATE UNIQUE INDEX ON daily_mv (day, channel)')
run('VACUUM ANALYZE kept_daily')
run('VACUUM ANALYZE daily_mv')
# The appended responses: the last 30 days, every channel, staged once.
run("""CREATE UNLOGGED TABLE batch AS
       SELECT i AS n, timestamptz '2025-12-01 00:00+00' + (hashint8(i) & 1023) %% 30 * interval '1 day'
                                                     + (i %% 86400) * interval '1 second' AS responded_at,
              (ARRAY['app', 'web', 'phone', 'email', 'store'])[1 + (hashint8(i + 1) & 1023) %% 5] AS channel,
              CASE WHEN i %% 20 = 0 THEN NULL ELSE ((hashint8(i + 2) & 2147483647) %% 11)::smallint END AS answer
       FROM generate_series(1, %s) i""", (args.append,))
groups = scalar('SELECT count(*) FROM kept_daily')
touched = scalar('SELECT count(DISTINCT (responded_at AT TIME ZONE \'UTC\')::date || channel) FROM batch')
setup = time.perf_counter() - t0

times = {k: [] for k in ('plain', 'kept', 'refresh', 'concurrently')}
next_id = args.rows + 1
for r in range(args.runs):
    ins = 'INSERT INTO {} (id, responded_at, channel, answer) SELECT %s + n, responded_at, channel, answer FROM batch'
    order = ('plain', 'kept') if r % 2 == 0 else ('kept', 'plain')
    for t in order:
        times[t].append(timed(ins.format(t), (next_id - 1,)))
    next_id += args.append
    times['refresh'].append(timed('REFRESH MATERIALIZED VIEW daily_mv'))
    times['concurrently'].append(timed('REFRESH MATERIALIZED VIEW CONCURRENTLY daily_mv'))

# Both summaries equal the recomputation (text of every group's summary).
mismatch = scalar("""
    WITH truth AS (SELECT day, channel, score_summary(answer)::text AS s FROM kept GROUP BY 1, 2
                   HAVING score_summary(answer) IS NOT NULL)
    SELECT (SELECT count(*) FROM (SELECT day, channel, summary::text FROM kept_daily
                                  EXCEPT SELECT * FROM truth) a)
         + (SELECT count(*) FROM (SELECT * FROM truth
                                  EXCEPT SELECT day, channel, summary::text FROM kept_daily) b)
         + (SELECT count(*) FROM (SELECT day, channel, summary::text FROM daily_mv
                                  EXCEPT SELECT * FROM truth) c)
         + (SELECT count(*) FROM (SELECT * FROM truth
                                  EXCEPT SELECT day, channel, summary::text FROM daily_mv) d)""")

med = {k: statistics.median(v) for k, v in times.items()}
upkeep = med['kept'] - med['plain']
say(f'cx_metrics incremental upkeep benchmark: {args.rows:,} responses, {groups:,} day x channel groups; '
    f'{args.runs} runs appending {args.append:,} responses ({touched} groups) each; set-up {setup:.0f} s')
say(f'server: {scalar("SELECT version()")}')
say()
say(f'{"median of " + str(args.runs) + " runs":<48} {"seconds":>10}')
for k, label in (('plain', 'insert into an unmaintained table'),
                 ('kept', 'insert into the maintained table (with upkeep)'),
                 ('refresh', 'REFRESH MATERIALIZED VIEW'),
                 ('concurrently', 'REFRESH MATERIALIZED VIEW CONCURRENTLY')):
    say(f'{label:<48} {med[k]:>10.4f}   runs: ' + ' '.join(f'{x:.4f}' for x in times[k]))
say(f'{"upkeep (maintained - unmaintained insert)":<48} {upkeep:>10.4f}')
say()
if upkeep > 0:
    say(f'REFRESH / upkeep:                          {med["refresh"] / upkeep:10.1f} x   (target >= 100)')
    say(f'REFRESH CONCURRENTLY / upkeep:             {med["concurrently"] / upkeep:10.1f} x   (target >= 100)')
else:
    say('upkeep below the timing noise: REFRESH / upkeep not computed')
say(f'REFRESH / insert with upkeep:              {med["refresh"] / med["kept"]:10.1f} x')
say(f'REFRESH CONCURRENTLY / insert with upkeep: {med["concurrently"] / med["kept"]:10.1f} x')
say(f'insert with upkeep / without:              {med["kept"] / med["plain"]:10.2f} x   (target <= 1.5)')
pair = statistics.median(k / p for k, p in zip(times['kept'], times['plain']))
say(f'  the same, median of the runs\' own ratios:  {pair:10.2f} x')
say(f'summary table and view equal the recomputation: {"yes" if mismatch == 0 else "NO, " + str(mismatch) + " rows differ"}')
if args.out:
    with open(args.out, 'w', encoding='utf-8') as f:
        f.write('\n'.join(report) + '\n')
sys.exit(0 if mismatch == 0 else 1)
