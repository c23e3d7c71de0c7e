#!/usr/bin/python3
"""Cross-check the cx_metrics extension against the pure-Python reference.

The reference side reads the COPY data blocks of test/data/sample.sql itself
(no database) and computes every metric with reference.py.  The SQL side runs
each query through psql (connection from the usual PG* environment variables);
the caller has loaded sample.sql and run CREATE EXTENSION cx_metrics.

Every value is compared with relative tolerance 1e-9 (absolute 1e-9 near zero);
SQL NULL equals Python None.  One line per check, then "N passed, M failed";
exit status 0 only if nothing failed.

Usage:
  /usr/bin/python3 test/crosscheck/crosscheck.py [--sample FILE] [--psql PSQL]
  /usr/bin/python3 test/crosscheck/crosscheck.py --reference-only
"""

import argparse
import collections
import datetime
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import reference as R  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SAMPLE = os.path.normpath(os.path.join(HERE, '..', 'data', 'sample.sql'))

CHANNELS = ['app', 'web', 'phone', 'email', 'store']
SEGMENTS = ['consumer', 'business', 'enterprise']
ALL = '(all)'
QUARTERS = [('Q1', datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)),
            ('Q2', datetime.date(2025, 4, 1), datetime.date(2025, 7, 1)),
            ('Q3', datetime.date(2025, 7, 1), datetime.date(2025, 10, 1)),
            ('Q4', datetime.date(2025, 10, 1), datetime.date(2026, 1, 1))]
BASES = ['start', 'average', 'new']
CUTOFF = datetime.date(2026, 1, 1)
REL_TOL = ABS_TOL = 1e-9


# ------------------------------------------------------------------ sample.sql

def _int(s):
    return int(s)


def _date(s):
    return datetime.date.fromisoformat(s)


_TS = re.compile(r'^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?'
                 r'(?:([+-])(\d\d)(?::?(\d\d))?)?$')


def _timestamptz(s):
    """'YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM]]' -> aware datetime in UTC.
    A value without an offset would depend on the loader's TimeZone: refuse it."""
    m = _TS.match(s)
    if not m or m.group(8) is None:
        raise ValueError('timestamptz %r: expected YYYY-MM-DD HH:MM:SS+HH' % s)
    y, mo, d, h, mi, se = (int(m.group(i)) for i in range(1, 7))
    us = int((m.group(7) or '0').ljust(6, '0'))
    off = datetime.timedelta(hours=int(m.group(9)), minutes=int(m.group(10) or 0))
    if m.group(8) == '-':
        off = -off
    ts = datetime.datetime(y, mo, d, h, mi, se, us, tzinfo=datetime.timezone(off))
    return ts.astimezone(datetime.timezone.utc)


COLUMN_TYPES = {
    'customers': {'customer_id': _int, 'segment': str, 'started_at': _date,
                  'ended_at': _date},
    'responses': {'response_id': _int, 'customer_id': _int,
                  'responded_at': _timestamptz, 'channel': str, 'answer': _int,
                  'rating': _int, 'effort': _int},
    'component_ratings': {'response_id': _int, 'component': str,
                          'satisfaction': _int, 'importance': _int},
}

_COPY = re.compile(r'^\s*COPY\s+(?:\w+\.)?(\w+)\s*\(([^)]*)\)\s+FROM\s+stdin\b',
                   re.IGNORECASE)
_ESC = re.compile(r'\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))')
_SIMPLE_ESC = {'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}


def _unescape(field):
    """COPY text format: \\N is NULL, backslash escapes otherwise."""
    if field == '\\N':
        return None
    if '\\' not in field:
        return field

    def repl(m):
        if m.group(1):
            return chr(int(m.group(1), 8))
        if m.group(2):
            return chr(int(m.group(2), 16))
        c = m.group(3)
        return _SIMPLE_ESC.get(c, c)
    return _ESC.sub(repl, field)


def parse_sample(path):
    """Return {table: [row dict, ...]} from the COPY ... FROM stdin blocks."""
    tables = {}
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    i = 0
    while i < len(lines):
        m = _COPY.match(lines[i])
        i += 1
        if not m:
            continue
        table = m.group(1)
        cols = [c.strip().strip('"') for c in m.group(2).split(',')]
        types = COLUMN_TYPES.get(table, {})
        rows = tables.setdefault(table, [])
        while True:
            if i >= len(lines):
                raise ValueError('%s: COPY %s data block not terminated by \\.' % (path, table))
            line = lines[i]
            i += 1
            if line == '\\.':
                break
            fields = line.split('\t')
            if len(fields) != len(cols):
                raise ValueError('%s:%d: %d fields for %d columns'
                                 % (path, i, len(fields), len(cols)))
            row = {}
            for c, raw in zip(cols, fields):
                v = _unescape(raw)
                row[c] = None if v is None else types.get(c, str)(v)
            rows.append(row)
    for t in COLUMN_TYPES:
        if t not in tables:
            raise ValueError('%s: no COPY data block for table %s' % (path, t))
    return tables


# ------------------------------------------------------------------ checks

Check = collections.namedtuple('Check', 'name sql ref')   # ref: ordered {key: value}


def month_of(ts):
    return ts.strftime('%Y-%m')


def group_by(rows, keyf):
    out = collections.OrderedDict()
    for r in rows:
        out.setdefault(keyf(r), []).append(r)
    return out


def ordered(d, order):
    """Order a dict's keys: those in `order` first (in that order), then sorted."""
    keys = [k for k in order if k in d] + sorted(k for k in d if k not in order)
    return collections.OrderedDict((k, d[k]) for k in keys)


def per_channel_sql(expr, table='responses', join=''):
    return ("SELECT channel, {e} FROM {t}{j} GROUP BY channel "
            "UNION ALL SELECT '{a}', {e} FROM {t}{j}").format(e=expr, t=table, j=join, a=ALL)


def per_segment_sql(expr):
    return ("SELECT segment, {e} FROM customers GROUP BY segment "
            "UNION ALL SELECT '{a}', {e} FROM customers").format(e=expr, a=ALL)


def build_checks(data):
    customers = data['customers']
    responses = data['responses']
    ratings = data['component_ratings']
    resp_by_id = {r['response_id']: r for r in responses}
    checks = []

    by_channel = group_by(responses, lambda r: r['channel'])
    by_channel[ALL] = responses
    by_channel = ordered(by_channel, CHANNELS + [ALL])

    def channel_check(name, expr, f):
        ref = collections.OrderedDict((k, f(rows)) for k, rows in by_channel.items())
        checks.append(Check(name + ' by channel', per_channel_sql(expr), ref))

    def col(rows, c):
        return [r[c] for r in rows]

    # --- per channel and overall
    channel_check('nps(answer)', 'nps(answer)', lambda rs: R.nps(col(rs, 'answer')))
    channel_check('csat(rating)', 'csat(rating)', lambda rs: R.csat(col(rs, 'rating')))
    channel_check('ces(effort)', 'ces(effort)', lambda rs: R.ces(col(rs, 'effort')))
    channel_check('responses(score_summary(answer))', 'responses(score_summary(answer))',
                  lambda rs: float(sum(1 for r in rs if r['answer'] is not None)))
    # --- thresholds and summary accessors per channel
    channel_check('nps(answer, 9, 5)', 'nps(answer, 9, 5)',
                  lambda rs: R.nps(col(rs, 'answer'), 9, 5))
    channel_check('csat(rating, 5)', 'csat(rating, 5)',
                  lambda rs: R.csat(col(rs, 'rating'), 5))
    channel_check('share(score_summary(rating), 1, 2)', 'share(score_summary(rating), 1, 2)',
                  lambda rs: _summary(col(rs, 'rating'), lambda s: s.share(1, 2)))
    channel_check('mean(score_summary(rating))', 'mean(score_summary(rating))',
                  lambda rs: _summary(col(rs, 'rating'), lambda s: s.mean()))
    channel_check('nps(score_summary(answer))', 'nps(score_summary(answer))',
                  lambda rs: _summary(col(rs, 'answer'), lambda s: s.nps()))

    # --- per calendar month (UTC)
    by_month = ordered(group_by(responses, lambda r: month_of(r['responded_at'])), [])
    checks.append(Check(
        'nps(answer) by month',
        "SELECT to_char(date_trunc('month', responded_at), 'YYYY-MM'), nps(answer) "
        "FROM responses GROUP BY 1",
        collections.OrderedDict((m, R.nps(col(rs, 'answer'))) for m, rs in by_month.items())))

    daily = collections.OrderedDict()
    for day, rs in group_by(responses, lambda r: r['responded_at'].date()).items():
        daily[day] = R.score_summary(col(rs, 'answer'))
    monthly_rollup = collections.OrderedDict()
    for day, s in daily.items():
        monthly_rollup.setdefault(day.strftime('%Y-%m'), []).append(s)
    daily_sql = ("WITH d AS (SELECT date_trunc('day', responded_at) d, score_summary(answer) s "
                 "FROM responses GROUP BY 1) ")
    checks.append(Check(
        'nps(rollup(daily score_summary)) by month',
        daily_sql + "SELECT to_char(date_trunc('month', d), 'YYYY-MM'), nps(rollup(s)) "
        "FROM d GROUP BY 1",
        ordered({m: _nps_of(R.rollup(ss)) for m, ss in monthly_rollup.items()}, [])))
    checks.append(Check(
        'responses(rollup(daily score_summary)) by month',
        daily_sql + "SELECT to_char(date_trunc('month', d), 'YYYY-MM'), "
        "responses(rollup(s)) FROM d GROUP BY 1",
        ordered({m: _responses_of(R.rollup(ss)) for m, ss in monthly_rollup.items()}, [])))

    # --- per channel and month (the phone story)
    by_cm = group_by(responses, lambda r: '%s %s' % (r['channel'], month_of(r['responded_at'])))
    checks.append(Check(
        'nps(answer) by channel and month',
        "SELECT channel || ' ' || to_char(date_trunc('month', responded_at), 'YYYY-MM'), "
        "nps(answer) FROM responses GROUP BY 1",
        ordered({k: R.nps(col(rs, 'answer')) for k, rs in by_cm.items()},
                ['%s 2025-%02d' % (c, m) for c in CHANNELS for m in range(1, 13)])))

    # --- weighted CSI per channel (component_ratings joined to responses)
    csi_rows = group_by(ratings, lambda x: resp_by_id[x['response_id']]['channel'])
    csi_rows[ALL] = ratings
    csi_rows = ordered(csi_rows, CHANNELS + [ALL])
    join = ' JOIN responses USING (response_id)'
    checks.append(Check(
        'weighted_csi(satisfaction, importance) by channel',
        per_channel_sql('weighted_csi(satisfaction, importance)', 'component_ratings', join),
        collections.OrderedDict(
            (k, R.weighted_csi([(x['satisfaction'], x['importance']) for x in rs]))
            for k, rs in csi_rows.items())))
    checks.append(Check(
        'weighted_csi(component, satisfaction, importance) by channel',
        per_channel_sql('weighted_csi(component, satisfaction, importance)',
                        'component_ratings', join),
        collections.OrderedDict(
            (k, R.weighted_csi_components(
                [(x['component'], x['satisfaction'], x['importance']) for x in rs]))
            for k, rs in csi_rows.items())))

    # --- churn per quarter, basis, segment
    by_segment = group_by(customers, lambda c: c['segment'])
    by_segment[ALL] = customers
    by_segment = ordered(by_segment, SEGMENTS + [ALL])

    def pairs(cs):
        return [(c['started_at'], c['ended_at']) for c in cs]

    for q, lo, hi in QUARTERS:
        period = "'[%s,%s)'::daterange" % (lo.isoformat(), hi.isoformat())
        for basis in BASES + [None]:
            if basis is None:       # the default basis must be 'start'
                expr = 'churn_rate(started_at, ended_at, %s)' % period
                ref_basis = 'start'
            else:
                expr = "churn_rate(started_at, ended_at, %s, '%s')" % (period, basis)
                ref_basis = basis
            checks.append(Check(
                '%s 2025 %s by segment' % (q, expr),
                per_segment_sql(expr),
                collections.OrderedDict(
                    (k, R.churn_rate_period(pairs(cs), lo, hi, ref_basis))
                    for k, cs in by_segment.items())))

    # --- boolean churn per segment
    checks.append(Check(
        "churn_rate(ended_at IS NOT NULL AND ended_at < date '2026-01-01') by segment",
        per_segment_sql("churn_rate(ended_at IS NOT NULL AND ended_at < date '2026-01-01')"),
        collections.OrderedDict(
            (k, R.churn_rate([c['ended_at'] is not None and c['ended_at'] < CUTOFF
                              for c in cs]))
            for k, cs in by_segment.items())))
    checks.append(Check(     # NULL flags (still-active customers) are skipped
        "churn_rate(ended_at < date '2026-01-01') by segment",
        per_segment_sql("churn_rate(ended_at < date '2026-01-01')"),
        collections.OrderedDict(
            (k, R.churn_rate([None if c['ended_at'] is None else c['ended_at'] < CUTOFF
                              for c in cs]))
            for k, cs in by_segment.items())))

    # --- empty input gives NULL
    empty = [
        ('nps(answer)', 'responses'), ('csat(rating)', 'responses'),
        ('ces(effort)', 'responses'), ('mean(score_summary(rating))', 'responses'),
        ('weighted_csi(satisfaction, importance)', 'component_ratings'),
        ('weighted_csi(component, satisfaction, importance)', 'component_ratings'),
        ('churn_rate(ended_at IS NOT NULL)', 'customers'),
        ("churn_rate(started_at, ended_at, '[2025-01-01,2025-04-01)'::daterange, 'start')",
         'customers'),
    ]
    for expr, table in empty:
        checks.append(Check('%s over no rows' % expr,
                            "SELECT 'empty', %s FROM %s WHERE false" % (expr, table),
                            collections.OrderedDict([('empty', None)])))
    checks.append(Check(
        'nps(answer) over only NULL answers',
        "SELECT 'nulls', nps(answer) FROM responses WHERE answer IS NULL",
        collections.OrderedDict([('nulls', R.nps([r['answer'] for r in responses
                                                  if r['answer'] is None]))])))
    return checks


def _summary(values, f):
    s = R.score_summary(values)
    return None if s is None else f(s)


def _nps_of(s):
    return None if s is None else s.nps()


def _responses_of(s):
    return None if s is None else float(s.responses())


# ------------------------------------------------------------------ SQL side

class PsqlError(Exception):
    pass


def run_psql(psql, sql):
    cmd = [psql, '-X', '-q', '-A', '-t', '-F', '|', '-v', 'ON_ERROR_STOP=1',
           '-c', "SET TimeZone = 'UTC'; " + sql]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise PsqlError(str(e))
    if p.returncode != 0:
        msg = ' '.join(p.stderr.strip().split('\n')[:2]) or 'psql exit status %d' % p.returncode
        raise PsqlError(msg)
    out = collections.OrderedDict()
    for line in p.stdout.split('\n'):
        if not line or line == 'SET':
            continue
        if '|' not in line:
            raise PsqlError('unexpected psql output line %r' % line)
        key, val = line.rsplit('|', 1)
        if key in out:
            raise PsqlError('duplicate group %r in psql output' % key)
        out[key] = parse_value(val)
    return out


def parse_value(s):
    if s == '':
        return None
    try:
        return float(s)
    except ValueError:
        raise PsqlError('not a number: %r' % s)


def same(ref, got):
    if ref is None or got is None:
        return ref is None and got is None
    return math.isclose(ref, got, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def fmt(v):
    return 'NULL' if v is None else repr(v)


# ------------------------------------------------------------------ main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--sample', default=DEFAULT_SAMPLE,
                    help='sample data script (default: %(default)s)')
    ap.add_argument('--psql', default=os.environ.get('PSQL', 'psql'),
                    help='psql executable (default: $PSQL or psql)')
    ap.add_argument('--reference-only', action='store_true',
                    help='print the reference values; do not connect to a database')
    args = ap.parse_args(argv)

    data = parse_sample(args.sample)
    checks = build_checks(data)

    if args.reference_only:
        print('# %s: %d customers, %d responses, %d component ratings'
              % (args.sample, len(data['customers']), len(data['responses']),
                 len(data['component_ratings'])))
        n = 0
        for c in checks:
            print('# %s' % c.name)
            for k, v in c.ref.items():
                print('%s [%s] = %s' % (c.name, k, fmt(v)))
                n += 1
        print('%d reference values' % n)
        return 0

    passed = failed = 0
    for c in checks:
        try:
            got = run_psql(args.psql, c.sql)
            err = None
        except PsqlError as e:
            got, err = {}, str(e)
        for k, ref in c.ref.items():
            if err is not None:
                ok, sql_txt = False, '(psql failed: %s)' % err
            elif k not in got:
                ok, sql_txt = False, 'missing group'
            else:
                ok, sql_txt = same(ref, got[k]), fmt(got[k])
            passed += ok
            failed += not ok
            print('%s %s [%s]: ref=%s sql=%s' % ('PASS' if ok else 'FAIL', c.name, k,
                                                fmt(ref), sql_txt))
        for k in got:
            if k not in c.ref:
                failed += 1
                print('FAIL %s [%s]: unexpected group, sql=%s' % (c.name, k, fmt(got[k])))
    print('%d passed, %d failed' % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
