#!/usr/bin/python3
"""cx_metrics benchmark harness (issue 5).

Run it through test/bench/run.sh, which starts a throwaway cluster with
pg_virtualenv -t and the benchmark configuration; this script only needs the
libpq environment (PGHOST, PGPORT, ...) of a cluster where
CREATE EXTENSION cx_metrics works, and psql.  Standard library only.

Steps: load the reproducible data set (data.sql), check once that every
candidate returns the same numbers as its plain-SQL formula, EXPLAIN ANALYZE
every query once (written to the plans file), time every row as interleaved
candidate/baseline runs in one session (medians after a warm-up), measure the
backend's peak memory for the 1-million-group rows in fresh sessions, print
the table of ratios and write it as CSV.

Exit status: 0 whatever the timings (timing is never pass/fail), 1 when a
candidate returned a different result than its baseline, 2 on an SQL or
harness error.
"""

import argparse
import csv
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------
# psql


class SqlError(Exception):
    pass


def psql(script, variables=None, timeout=None):
    """Run a psql script in one fresh session; return its unaligned output."""
    cmd = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
    for name, value in (variables or {}).items():
        cmd += ["-v", "%s=%s" % (name, value)]
    proc = subprocess.run(cmd + ["-f", "-"], input=script, capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode != 0:
        raise SqlError("psql failed (exit %d):\n%s\n--- script (start) ---\n%s"
                       % (proc.returncode, proc.stderr.strip(), script[:3000]))
    return proc.stdout


# --------------------------------------------------------------------------
# settings

# Single-threaded: the contract's targets are per core.
SERIAL = {"max_parallel_workers_per_gather": "0"}
# Two workers, with the parallel plan forced even where the planner would not
# choose it for a small table.
PARALLEL2 = {
    "max_parallel_workers_per_gather": "2",
    "parallel_setup_cost": "0",
    "parallel_tuple_cost": "0",
    "min_parallel_table_scan_size": "0",
}


def settings_sql(settings):
    """Statements that put the session in exactly these settings."""
    lines = ["RESET ALL;"]
    lines += ["SET %s = %s;" % (k, v) for k, v in sorted(settings.items())]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# queries
#
# Every query returns its key column(s) first and the metric last, named v.
# Timed form: SELECT count(v) FROM (query) x, so the client receives one row
# whatever the number of groups, while every value is still computed.

CHURN_PERIOD_LO = "2025-01-01"
CHURN_PERIOD_HI = "2025-04-01"


def nps_sql(col="answer", over=""):
    return ("100.0 * (count(*) FILTER (WHERE {c} >= 9){o} - count(*) FILTER (WHERE {c} <= 6){o})"
            " / count(*){o}").format(c=col, o=over)


QUERIES = {
    # -- one aggregate over the 10M rows
    "count_answer": "SELECT 1 AS k, count(answer) AS v FROM responses",
    "nps": "SELECT 1 AS k, nps(answer) AS v FROM responses",
    "nps_sql": "SELECT 1 AS k, %s AS v FROM responses" % nps_sql(),
    "count_rating": "SELECT 1 AS k, count(rating) AS v FROM responses",
    "csat": "SELECT 1 AS k, csat(rating) AS v FROM responses",
    "csat_sql": "SELECT 1 AS k, 100.0 * count(*) FILTER (WHERE rating >= 4) / count(*) AS v"
                " FROM responses",
    "count_effort": "SELECT 1 AS k, count(effort) AS v FROM responses",
    "ces": "SELECT 1 AS k, ces(effort) AS v FROM responses",
    "ces_sql": "SELECT 1 AS k, avg(effort) AS v FROM responses",
    "csi": "SELECT 1 AS k, weighted_csi(satisfaction, importance) AS v FROM responses",
    "csi_sql": "SELECT 1 AS k, sum(satisfaction * importance) / sum(importance) AS v"
               " FROM responses",
    # -- churn over the customers, start basis (the default)
    "churn": "SELECT 1 AS k, churn_rate(started_at, ended_at, daterange('{lo}', '{hi}')) AS v"
             " FROM customers".format(lo=CHURN_PERIOD_LO, hi=CHURN_PERIOD_HI),
    "churn_sql": (
        "SELECT 1 AS k, 100.0"
        " * count(*) FILTER (WHERE started_at < date '{lo}'"
        " AND ended_at >= date '{lo}' AND ended_at < date '{hi}')"
        " / count(*) FILTER (WHERE started_at < date '{lo}'"
        " AND (ended_at IS NULL OR ended_at >= date '{lo}')) AS v"
        " FROM customers").format(lo=CHURN_PERIOD_LO, hi=CHURN_PERIOD_HI),
    # -- grouping
    "nps_channel": "SELECT channel AS k, nps(answer) AS v FROM responses GROUP BY channel",
    "nps_channel_sql": "SELECT channel AS k, %s AS v FROM responses GROUP BY channel"
                       % nps_sql(),
    "nps_customer": "SELECT customer_id AS k, nps(answer) AS v FROM responses"
                    " GROUP BY customer_id",
    "nps_customer_sql": "SELECT customer_id AS k, %s AS v FROM responses GROUP BY customer_id"
                        % nps_sql(),
    # -- two-step aggregation over materialized daily summaries
    "rollup_month": "SELECT date_trunc('month', day) AS k, nps(rollup(answers)) AS v"
                    " FROM daily_summary GROUP BY 1",
    "raw_month": "SELECT date_trunc('month', day) AS k, nps(answer) AS v"
                 " FROM responses GROUP BY 1",
    "rollup_month_channel": "SELECT date_trunc('month', day) AS k, channel,"
                            " nps(rollup(answers)) AS v FROM daily_channel_summary GROUP BY 1, 2",
    "raw_month_channel": "SELECT date_trunc('month', day) AS k, channel, nps(answer) AS v"
                         " FROM responses GROUP BY 1, 2",
    # -- key-driver analysis: the whole summary against the five correlations
    "drivers": "SELECT 1 AS k, driver_summary(y, ARRAY[x1, x2, x3, x4, x5]) AS v"
               " FROM driver_ratings",
    "drivers_corr": "SELECT 1 AS k, ARRAY[corr(y, x1), corr(y, x2), corr(y, x3), corr(y, x4),"
                    " corr(y, x5)] AS v FROM driver_ratings",
    "drivers_array": "SELECT 1 AS k, count(ARRAY[x1, x2, x3, x4, x5]) AS v FROM driver_ratings",
    "drivers_r": "SELECT j AS k, (driver_correlations(ds))[j] AS v FROM (SELECT"
                 " driver_summary(y, ARRAY[x1, x2, x3, x4, x5]) AS ds FROM driver_ratings) s,"
                 " generate_series(1, 5) j",
    "drivers_corr_r": "SELECT j AS k, c[j] AS v FROM (SELECT ARRAY[corr(y, x1), corr(y, x2),"
                      " corr(y, x3), corr(y, x4), corr(y, x5)] AS c FROM driver_ratings) s,"
                      " generate_series(1, 5) j",
}

for _frame in (999, 1999):
    _w = "(ORDER BY day, id ROWS %d PRECEDING)" % _frame
    QUERIES["win%d" % _frame] = (
        "SELECT id AS k, nps(answer) OVER %s AS v FROM responses_window" % _w)
    QUERIES["win%d_sql" % _frame] = (
        "SELECT id AS k, %s AS v FROM responses_window WINDOW w AS %s"
        % (nps_sql(over=" OVER w"), _w))


def timed_sql(name):
    return "SELECT count(v) FROM (%s) x;" % QUERIES[name]


# --------------------------------------------------------------------------
# rows of the report
#
# target: ("max", x): ratio <= x; ("band", d): |ratio - 1| < d; None: informational.


def build_rows(customers, window_rows, driver_rows):
    rows = []

    def row(query, baseline, cand, base, target, kind="time"):
        rows.append({"query": query, "baseline": baseline, "cand": cand, "base": base,
                     "target": target, "kind": kind})

    row("nps(answer)", "count(answer)", ("nps", SERIAL), ("count_answer", SERIAL), ("max", 1.05))
    row("nps(answer)", "plain SQL: 100.0*(count FILTER >=9 - count FILTER <=6)/count(*)",
        ("nps", SERIAL), ("nps_sql", SERIAL), ("max", 0.85))
    row("csat(rating)", "count(rating)", ("csat", SERIAL), ("count_rating", SERIAL), ("max", 1.05))
    row("csat(rating)", "plain SQL: 100.0*count FILTER (rating>=4)/count(*)",
        ("csat", SERIAL), ("csat_sql", SERIAL), ("max", 0.85))
    row("ces(effort)", "count(effort)", ("ces", SERIAL), ("count_effort", SERIAL), ("max", 1.05))
    row("ces(effort)", "plain SQL: avg(effort)", ("ces", SERIAL), ("ces_sql", SERIAL),
        ("max", 0.85))
    # Headroom: how much the plain formulas cost over the floor.  When the
    # plain formula is itself within 1.05 / 0.85 = 1.24x of count(col), the
    # two targets of a metric cannot both be met.
    row("plain SQL nps formula (info: headroom)", "count(answer)", ("nps_sql", SERIAL),
        ("count_answer", SERIAL), None)
    row("plain SQL csat formula (info: headroom)", "count(rating)", ("csat_sql", SERIAL),
        ("count_rating", SERIAL), None)
    row("avg(effort) (info: headroom)", "count(effort)", ("ces_sql", SERIAL),
        ("count_effort", SERIAL), None)
    row("weighted_csi(s, i)", "plain SQL: sum(s*i)/sum(i)", ("csi", SERIAL), ("csi_sql", SERIAL),
        ("max", 0.9))
    row("churn_rate(start, end, period)", "plain SQL: count FILTER S lost / count FILTER S",
        ("churn", SERIAL), ("churn_sql", SERIAL), ("max", 0.9))
    for name, label in (("nps", "nps(answer)"), ("csat", "csat(rating)"), ("ces", "ces(effort)"),
                        ("csi", "weighted_csi(s, i)"),
                        ("churn", "churn_rate(start, end, period)")):
        row(label + ", 2 workers", "the same, 0 workers", (name, PARALLEL2), (name, SERIAL),
            ("max", 1 / 1.6))
    row("count(answer), 2 workers (info: what this machine gives)", "the same, 0 workers",
        ("count_answer", PARALLEL2), ("count_answer", SERIAL), None)
    row("nps(answer) GROUP BY channel (50 groups)", "plain SQL, same grouping",
        ("nps_channel", SERIAL), ("nps_channel_sql", SERIAL), None)
    groups = "%s groups" % format(customers, ",")
    row("nps(answer) GROUP BY customer_id (%s): time" % groups, "plain SQL, same grouping",
        ("nps_customer", SERIAL), ("nps_customer_sql", SERIAL), ("max", 1.0))
    row("nps(answer) GROUP BY customer_id (%s): peak backend memory (VmHWM growth)" % groups,
        "plain SQL, same grouping", ("nps_customer", SERIAL), ("nps_customer_sql", SERIAL),
        ("max", 1.5), kind="vmhwm")
    row("nps(answer) GROUP BY customer_id (%s): HashAggregate memory (EXPLAIN ANALYZE)" % groups,
        "plain SQL, same grouping", ("nps_customer", SERIAL), ("nps_customer_sql", SERIAL),
        ("max", 1.5), kind="hashmem")
    row("nps(rollup(s)) by month over daily summaries (matview)",
        "nps(answer) by month over the raw rows", ("rollup_month", SERIAL), ("raw_month", SERIAL),
        ("max", 0.01))
    row("nps(rollup(s)) by month, channel over day x channel summaries (info)",
        "nps(answer) by month, channel over the raw rows",
        ("rollup_month_channel", SERIAL), ("raw_month_channel", SERIAL), None)
    wrows = format(window_rows, ",")
    row("nps(answer) OVER (ORDER BY day, id ROWS 999 PRECEDING), %s rows" % wrows,
        "plain SQL, same window", ("win999", SERIAL), ("win999_sql", SERIAL), ("max", 1.0))
    row("nps(answer) OVER (... ROWS 1999 PRECEDING): linearity",
        "nps(answer) OVER (... ROWS 999 PRECEDING)", ("win1999", SERIAL), ("win999", SERIAL),
        ("band", 0.10))
    row("plain SQL window, ROWS 1999: linearity (info)", "plain SQL window, ROWS 999",
        ("win1999_sql", SERIAL), ("win999_sql", SERIAL), None)
    row("driver_summary(y, ARRAY[x1..x5]) (%s rows)" % format(driver_rows, ","),
        "corr(y, x1) .. corr(y, x5) in one query", ("drivers", SERIAL),
        ("drivers_corr", SERIAL), ("max", 1.0))
    # What building ARRAY[x1..x5] alone costs, every row, before driver_summary
    # sees it: PostgreSQL's share of the row above.
    row("driver_summary: count(ARRAY[x1..x5]) (info: the array's cost)",
        "corr(y, x1) .. corr(y, x5) in one query", ("drivers_array", SERIAL),
        ("drivers_corr", SERIAL), None)
    return rows


# Candidate/reference pairs that must return the same numbers.  exact: the
# README promises bit-identical doubles (otherwise within 1e-9, relative).
CHECKS = [
    (("nps", SERIAL), ("nps_sql", SERIAL), False),
    (("csat", SERIAL), ("csat_sql", SERIAL), False),
    (("ces", SERIAL), ("ces_sql", SERIAL), False),
    (("csi", SERIAL), ("csi_sql", SERIAL), False),
    (("churn", SERIAL), ("churn_sql", SERIAL), False),
    (("nps", PARALLEL2), ("nps", SERIAL), True),
    (("csat", PARALLEL2), ("csat", SERIAL), True),
    (("ces", PARALLEL2), ("ces", SERIAL), True),
    (("csi", PARALLEL2), ("csi_sql", SERIAL), False),
    (("churn", PARALLEL2), ("churn", SERIAL), True),
    (("nps_channel", SERIAL), ("nps_channel_sql", SERIAL), False),
    (("nps_customer", SERIAL), ("nps_customer_sql", SERIAL), False),
    (("rollup_month", SERIAL), ("raw_month", SERIAL), True),
    (("rollup_month_channel", SERIAL), ("raw_month_channel", SERIAL), True),
    (("win999", SERIAL), ("win999_sql", SERIAL), False),
    (("win1999", SERIAL), ("win1999_sql", SERIAL), False),
    (("drivers_r", SERIAL), ("drivers_corr_r", SERIAL), False),
]

# --------------------------------------------------------------------------
# measurements


def fetch(name, settings):
    """Run a query once and return {key: value text}."""
    out = psql(settings_sql(settings) + QUERIES[name] + ";\n")
    result = {}
    for line in out.splitlines():
        if not line:
            continue
        key, _, value = line.rpartition("|")
        if key in result:
            raise SqlError("query %s returned key %r twice" % (name, key))
        result[key] = value
    return result


def compare(cand, ref, exact):
    """Return (number of keys, list of mismatch descriptions)."""
    bad = []
    for key in sorted(set(cand) | set(ref)):
        a, b = cand.get(key), ref.get(key)
        if a is None or b is None:
            bad.append("key %s: candidate %r, reference %r" % (key, a, b))
            continue
        if a == b:
            continue
        if a == "" or b == "":
            bad.append("key %s: candidate %r, reference %r" % (key, a, b))
            continue
        x, y = float(a), float(b)
        if exact:
            if x != y:
                bad.append("key %s: %s != %s (exact match expected)" % (key, a, b))
        elif not abs(x - y) <= 1e-9 * max(1.0, abs(y)):
            bad.append("key %s: %s vs %s (difference %.3g)" % (key, a, b, abs(x - y)))
    return len(set(cand) | set(ref)), bad


TIME_RE = re.compile(r"^Time: ([0-9]+(?:\.[0-9]+)?) ms")
SCHED_RE = re.compile(r"^([0-9]+) ([0-9]+) ([0-9]+)$")
# On-CPU and run-queue-wait nanoseconds of the backend (Linux schedstat).
SCHED_SQL = "SELECT pg_read_file('/proc/self/schedstat');\n"
USE_SCHEDSTAT = True


def time_pair(cand, base, runs):
    """Time candidate and baseline in one session: a warm-up of each, then
    `runs` rounds alternating the order (AB, BA, AB, ...) so that drift on a
    noisy machine hits both sides alike.

    Returns {"A": (wall ms list, cpu ms list), "B": ...} without the warm-ups.
    Wall time is psql's \\timing (client round trip of a one-row result);
    cpu time is the backend's on-CPU time over the same statement from
    /proc/self/schedstat (time spent waiting for a CPU excluded; the leader
    only, so meaningless for parallel plans), or None where unavailable."""
    queries = {"A": cand, "B": base}
    order = ["A", "B"]
    for r in range(runs):
        order += ["A", "B"] if r % 2 == 0 else ["B", "A"]
    sched = SCHED_SQL if USE_SCHEDSTAT else ""
    parts = []
    for label in order:
        name, settings = queries[label]
        parts.append("\\echo @@%s\n%s%s\\timing on\n%s\n\\timing off\n%s"
                     % (label, settings_sql(settings), sched, timed_sql(name), sched))
    out = psql("".join(parts))
    wall = {"A": [], "B": []}
    cpu = {"A": [], "B": []}
    label = None
    sched_start = None
    for line in out.splitlines():
        if line.startswith("@@"):
            label = line[2:]
            sched_start = None
            continue
        m = TIME_RE.match(line)
        if m:
            wall[label].append(float(m.group(1)))
            continue
        m = SCHED_RE.match(line)
        if m:
            if sched_start is None:
                sched_start = int(m.group(1))
            else:
                cpu[label].append((int(m.group(1)) - sched_start) / 1e6)
    if len(wall["A"]) != runs + 1 or len(wall["B"]) != runs + 1:
        raise SqlError("could not parse the timings of %s / %s:\n%s" % (cand[0], base[0], out))
    result = {}
    for label in "AB":
        c = cpu[label][1:] if len(cpu[label]) == runs + 1 else None
        result[label] = (wall[label][1:], c)
    return result


HWM_SQL = ("SELECT (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\\s+(\\d+) kB'))[1];")


def peak_memory_kb(name, settings):
    """Growth of the backend's peak resident set (VmHWM, kB) while running the
    query, in a fresh session that first touched the table's shared buffers
    and ran the same query over 1,000 rows (library loaded, catalog caches
    filled), so that what grows is the query's own working memory."""
    warm = timed_sql(name).replace("FROM responses ", "FROM responses_tiny ")
    assert warm != timed_sql(name)
    out = psql(settings_sql(settings)
               + "SELECT count(*) FROM responses;\n" + warm + "\n"
               + "\\echo @@before\n" + HWM_SQL + "\n"
               + timed_sql(name) + "\n"
               + "\\echo @@after\n" + HWM_SQL + "\n")
    lines = out.splitlines()
    before = int(lines[lines.index("@@before") + 1])
    after = int(lines[lines.index("@@after") + 1])
    return after - before


def explain(name, settings):
    return psql(settings_sql(settings)
                + "EXPLAIN (ANALYZE, BUFFERS, VERBOSE) %s\n" % timed_sql(name))


def hash_memory_kb(plan):
    """(memory kB, batches) of the HashAggregate of an EXPLAIN ANALYZE."""
    m = re.search(r"HashAggregate.*?\n\s*Batches: (\d+)\s+Memory Usage: (\d+)kB", plan, re.S)
    if not m:
        return None, None
    return int(m.group(2)), int(m.group(1))


# --------------------------------------------------------------------------
# report

def fmt_target(target):
    if target is None:
        return "(info)"
    if target[0] == "max":
        if abs(target[1] - 1 / 1.6) < 1e-12:
            return "<= 0.625 (1.6x faster)"
        return "<= %g" % target[1]
    return "%.2f..%.2f" % (1 - target[1], 1 + target[1])


def met(target, ratio):
    if target is None or ratio is None:
        return ""
    if target[0] == "max":
        return "yes" if ratio <= target[1] else "NO"
    return "yes" if abs(ratio - 1) < target[1] else "NO"


def fmt_value(value, unit):
    if value is None:
        return "n/a"
    if unit == "ms":
        return "%.1f ms" % value if value >= 10 else "%.2f ms" % value
    return "%.1f MB" % (value / 1024.0)


def render_table(rows):
    headers = ["query", "baseline", "candidate", "baseline", "ratio", "target", "met?",
               "cpu ratio"]
    table = []
    for r in rows:
        table.append([r["query"], r["baseline"], fmt_value(r["cand_value"], r["unit"]),
                      fmt_value(r["base_value"], r["unit"]),
                      "n/a" if r["ratio"] is None else "%.3f" % r["ratio"],
                      fmt_target(r["target"]), r["met"],
                      "" if r["cpu_ratio"] is None else "%.3f" % r["cpu_ratio"]])
    widths = [max(len(str(x[i])) for x in table + [headers]) for i in range(len(headers))]
    right = {2, 3, 4, 7}

    def line(cells):
        out = []
        for i, c in enumerate(cells):
            out.append(str(c).rjust(widths[i]) if i in right else str(c).ljust(widths[i]))
        return "| " + " | ".join(out) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), sep] + [line(c) for c in table])


def library_fingerprint():
    """mtime and md5 of the installed cx_metrics.so, to tell which build ran
    (and whether it was reinstalled during the run)."""
    import hashlib
    try:
        libdir = subprocess.run(["pg_config", "--pkglibdir"], capture_output=True, text=True,
                                check=True).stdout.strip()
        path = os.path.join(libdir, "cx_metrics.so")
        with open(path, "rb") as f:
            digest = hashlib.md5(f.read()).hexdigest()
        return "%s (md5 %s, installed %s)" % (
            path, digest[:12], time.strftime("%Y-%m-%d %H:%M:%S",
                                             time.localtime(os.path.getmtime(path))))
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def log(msg=""):
    print(msg, flush=True)


# --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=10_000_000, help="survey responses (default 10M)")
    ap.add_argument("--customers", type=int, default=1_000_000,
                    help="customers, also the number of groups of the GROUP BY customer_id rows"
                         " (default 1M)")
    ap.add_argument("--runs", type=int, default=7,
                    help="timed runs per query after one warm-up; the median is reported"
                         " (default 7, at least 5 for a real measurement)")
    ap.add_argument("--window-rows", type=int, default=1_000_000,
                    help="rows of the moving-window table (default 1M, at most --rows)")
    ap.add_argument("--driver-rows", type=int, default=2_000_000,
                    help="rows of the key-driver table (default 2M)")
    ap.add_argument("--only", default=None,
                    help="time only the rows whose query contains this text")
    ap.add_argument("--out", default=None, help="CSV file (default test/bench/results.csv)")
    ap.add_argument("--table-out", default=None,
                    help="also write the printed report there (default: the CSV path with .txt)")
    ap.add_argument("--plans-out", default=None,
                    help="EXPLAIN ANALYZE of every query (default: the CSV path with .plans.txt)")
    ap.add_argument("--skip-load", action="store_true",
                    help="reuse the tables already in the database")
    args = ap.parse_args()
    if args.rows < 1 or args.customers < 1 or args.runs < 1 or args.window_rows < 1:
        ap.error("--rows, --customers, --runs and --window-rows must be positive")
    window_rows = min(args.window_rows, args.rows)
    driver_rows = args.driver_rows
    out = args.out or os.path.join(HERE, "results.csv")
    base = out[:-4] if out.endswith(".csv") else out
    table_out = args.table_out or base + ".txt"
    plans_out = args.plans_out or base + ".plans.txt"

    report = []

    def say(msg=""):
        log(msg)
        report.append(msg)

    started = time.time()
    try:
        info = psql("""
            CREATE EXTENSION IF NOT EXISTS cx_metrics;
            SELECT version();
            SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics';
            SELECT name || ' = ' || current_setting(name) FROM pg_settings
            WHERE name IN ('shared_buffers', 'work_mem', 'hash_mem_multiplier', 'jit',
                           'max_parallel_workers_per_gather', 'max_parallel_workers',
                           'max_worker_processes', 'parallel_leader_participation',
                           'autovacuum', 'fsync')
            ORDER BY name;
        """).splitlines()
        say("cx_metrics benchmark: %s responses, %s customers, %s-row window table, "
            "median of %d runs after 1 warm-up"
            % (format(args.rows, ","), format(args.customers, ","), format(window_rows, ","),
               args.runs))
        say("server: %s; cx_metrics %s; %d CPUs; %s"
            % (info[0], info[1], os.cpu_count(), time.strftime("%Y-%m-%d %H:%M:%S")))
        library = library_fingerprint()
        say("library: " + library)
        say("config: " + ", ".join(info[2:]))
        say("  shared_buffers holds every table, so scans read shared buffers, not the disk;")
        say("  work_mem (x hash_mem_multiplier) is large enough for the 1M-group hash aggregates"
            " to stay in memory (Batches: 1, checked below);")
        say("  jit = off so that JIT compilation time does not pollute the queries;")
        say("  single-threaded rows run with max_parallel_workers_per_gather = 0; '2 workers'"
            " rows with 2 and parallel_setup_cost = parallel_tuple_cost ="
            " min_parallel_table_scan_size = 0 (the leader participates too).")
        say("columns: candidate and baseline are medians of wall-clock times (psql \\timing);"
            " ratio = candidate / baseline;")
        say("  cpu ratio = the same with the backend's on-CPU time (/proc/self/schedstat),"
            " which excludes waiting for a CPU: steadier on a busy machine, informational.")

        if not args.skip_load:
            log("\n==> generating the data set (test/bench/data.sql)")
            t0 = time.time()
            psql(open(os.path.join(HERE, "data.sql")).read(),
                 variables={"rows": args.rows, "customers": args.customers,
                            "window_rows": window_rows, "driver_rows": driver_rows})
            log("    done in %.0f s" % (time.time() - t0))
        sizes = psql("""
            SELECT c || ' ' || pg_size_pretty(pg_table_size(c::regclass))
            FROM unnest('{responses,customers,responses_window,daily_summary,daily_channel_summary}'::text[]) c;
            SELECT pg_table_size('responses') + pg_table_size('customers')
                   + pg_table_size('responses_window') < pg_size_bytes(current_setting('shared_buffers')) / 4;
        """).splitlines()
        say("tables: " + ", ".join(sizes[:-1]))
        if sizes[-1] != "t":
            say("  WARNING: the tables exceed shared_buffers / 4: sequential scans go through a"
                " small ring buffer and read from the OS cache, which adds I/O time to every row")

        global USE_SCHEDSTAT
        try:
            psql(SCHED_SQL)
        except SqlError:
            USE_SCHEDSTAT = False
            say("  (/proc/self/schedstat unreadable: no backend CPU times)")

        # ---- correctness
        log("\n==> checking candidates against their plain-SQL formulas")
        failures = []
        selected = [r for r in build_rows(args.customers, window_rows, driver_rows)
                    if args.only is None or args.only in r["query"]]
        names = {q[0] for r in selected for q in (r["cand"], r["base"])}
        # drivers_r checks the figures of the drivers row
        names |= {"drivers_r"} if "drivers" in names else set()
        for cand, ref, exact in CHECKS:
            if args.only is not None and cand[0] not in names and ref[0] not in names:
                continue
            n, bad = compare(fetch(*cand), fetch(*ref), exact)
            what = "%s%s vs %s" % (cand[0], " (2 workers)" if cand[1] is PARALLEL2 else "",
                                   ref[0])
            if bad:
                failures.append(what)
                log("    WRONG RESULT %s: %d of %d values differ, e.g. %s"
                    % (what, len(bad), n, "; ".join(bad[:3])))
            else:
                log("    ok %s (%d value%s%s)" % (what, n, "" if n == 1 else "s",
                                                   ", bit-identical" if exact else ""))

        # ---- plans
        log("\n==> EXPLAIN ANALYZE of every query, written to %s" % plans_out)
        rows = selected
        plans = {}
        with open(plans_out, "w") as f:
            f.write("EXPLAIN (ANALYZE, BUFFERS, VERBOSE) of every benchmark query, %s rows\n"
                    % format(args.rows, ","))
            for r in rows:
                for name, settings in (r["cand"], r["base"]):
                    key = (name, settings is PARALLEL2)
                    if key in plans:
                        continue
                    plans[key] = explain(name, settings)
                    f.write("\n==== %s%s\n%s\n" % (name, ", 2 workers" if key[1] else "",
                                                  settings_sql(settings).strip()))
                    f.write(timed_sql(name) + "\n")
                    f.write(plans[key])

        # ---- timings and memory
        log("\n==> timing (%d runs + 1 warm-up per query, interleaved)" % args.runs)
        for r in rows:
            r["note"] = ""
            r["cand_min"] = r["base_min"] = r["cand_cpu"] = r["base_cpu"] = None
            if r["kind"] == "time":
                t0 = time.time()
                res = time_pair(r["cand"], r["base"], args.runs)
                (ct, ccpu), (bt, bcpu) = res["A"], res["B"]
                r["cand_runs"], r["base_runs"] = ct, bt
                r["cand_value"], r["base_value"] = statistics.median(ct), statistics.median(bt)
                r["cand_min"], r["base_min"] = min(ct), min(bt)
                r["unit"] = "ms"
                parallel = PARALLEL2 in (r["cand"][1], r["base"][1])
                if ccpu and bcpu and not parallel:
                    r["cand_cpu"], r["base_cpu"] = statistics.median(ccpu), statistics.median(bcpu)
                log("    %-75s %9.1f ms %9.1f ms  (%.0f s)"
                    % (r["query"][:75], r["cand_value"], r["base_value"], time.time() - t0))
            elif r["kind"] == "vmhwm":
                r["cand_value"] = peak_memory_kb(*r["cand"])
                r["base_value"] = peak_memory_kb(*r["base"])
                r["cand_runs"], r["base_runs"] = [r["cand_value"]], [r["base_value"]]
                r["unit"] = "kB"
                r["note"] = ("growth of VmHWM (/proc/self/status) of a fresh backend over the"
                             " query, after a scan of the table and the same query on 1,000"
                             " rows")
            else:
                cm, cb = hash_memory_kb(plans[(r["cand"][0], False)])
                bm, bb = hash_memory_kb(plans[(r["base"][0], False)])
                r["cand_value"], r["base_value"] = cm, bm
                r["cand_runs"], r["base_runs"] = [cm], [bm]
                r["unit"] = "kB"
                r["note"] = ("HashAggregate Memory Usage of EXPLAIN ANALYZE; batches %s / %s"
                             " (1 = in memory)" % (cb, bb))
            if r["cand_value"] is not None and r["base_value"]:
                r["ratio"] = r["cand_value"] / r["base_value"]
            else:
                r["ratio"] = None
            r["met"] = met(r["target"], r["ratio"])
            r["cpu_ratio"] = (r["cand_cpu"] / r["base_cpu"]
                              if r["cand_cpu"] is not None and r["base_cpu"] else None)
            if r["cand"][1] is PARALLEL2:
                plan = plans[(r["cand"][0], True)]
                m = re.search(r"Workers Launched: (\d+)", plan)
                launched = int(m.group(1)) if m else 0
                partial = "Partial Aggregate" in plan
                r["note"] = "parallel plan: Workers Launched: %d, %s" % (
                    launched, "Partial Aggregate" if partial else "NO Partial Aggregate")
                if launched != 2 or not partial:
                    r["note"] += " (WARNING: not the intended 2-worker plan)"
    except SqlError as e:
        log("\nERROR: %s" % e)
        return 2

    # ---- report
    say()
    say(render_table(rows))
    say()
    for r in rows:
        if r["note"]:
            say("note: %s: %s" % (r["query"], r["note"]))
    say("targets met: %d of %d; timing is informational, never pass/fail"
        % (sum(1 for r in rows if r["met"] == "yes"), sum(1 for r in rows if r["met"])))
    if failures:
        say("WRONG RESULTS: " + "; ".join(failures))
    if library_fingerprint() != library:
        say("WARNING: cx_metrics.so was reinstalled during the run (now %s): rows timed after"
            " that ran the new build" % library_fingerprint())
    say("total time %.0f s" % (time.time() - started))

    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["query", "baseline", "candidate_value", "baseline_value", "unit", "ratio",
                    "target", "met", "runs", "rows", "customers", "candidate_min_ms",
                    "baseline_min_ms", "candidate_cpu_ms", "baseline_cpu_ms", "cpu_ratio",
                    "candidate_runs", "baseline_runs", "note"])

        def num(x, f="%.3f"):
            return "" if x is None else f % x

        for r in rows:
            w.writerow([r["query"], r["baseline"], num(r["cand_value"]), num(r["base_value"]),
                        r["unit"], num(r["ratio"], "%.4f"), fmt_target(r["target"]), r["met"],
                        len(r["cand_runs"]), args.rows, args.customers,
                        num(r["cand_min"]), num(r["base_min"]),
                        num(r["cand_cpu"]), num(r["base_cpu"]), num(r["cpu_ratio"], "%.4f"),
                        ";".join(num(x) for x in r["cand_runs"]),
                        ";".join(num(x) for x in r["base_runs"]),
                        r["note"]])
    with open(table_out, "w") as f:
        f.write("\n".join(report) + "\n")
    log("wrote %s, %s and %s" % (out, table_out, plans_out))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
