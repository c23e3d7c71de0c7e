#!/usr/bin/python3
"""Tests of the Python client path: examples/cx_charts.py (pandas + charts),
examples/nps_report.ipynb (the Jupyter notebook, executed headless with
nbclient) and test/clients/cx_psycopg.py (the score_summary adapter).

Needs a database with cx_metrics and test/data/sample.sql loaded, given by the
libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).  Every
expected number comes from plain SQL (count(*) FILTER, sum) and formulas
written here, never from cx_metrics; the key-driver figures from numpy and
statsmodels (test/drivers/reference.py) on the rows themselves, adjusted
p-values from R's p.adjust written out (test/stats/compare_reference.py).  Prints a PASS/FAIL line per check and
exits non-zero if any check failed.

    /usr/bin/python3 test/clients/test_python_clients.py [--keep-png PATH]
"""

import argparse
import math
import os
import statistics
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(ROOT, "examples")
sys.path.insert(0, HERE)
sys.path.insert(0, EXAMPLES)
sys.path.insert(0, os.path.join(ROOT, "test", "stats"))
sys.path.insert(0, os.path.join(ROOT, "test", "drivers"))

import matplotlib  # noqa: E402
matplotlib.use("Agg")  # plot() is called here too: never look for a display
import numpy as np  # noqa: E402
import psycopg2  # noqa: E402

import cx_charts  # noqa: E402
import cx_psycopg  # noqa: E402

failures = []
TOL = 1e-9


def check(name, ok, detail=""):
    if ok:
        print("PASS %s" % name)
    else:
        print("FAIL %s%s" % (name, (": " + detail) if detail else ""))
        failures.append(name)
    return ok


def close(a, b, tol=TOL):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return abs(a - b) <= tol


# ---------------------------------------------------------------- references

def reference_counts(cur):
    """(channel, 'YYYY-MM') -> (answers, promoters, passives, detractors), plain SQL."""
    cur.execute("""
        SELECT channel, to_char(responded_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
               count(answer),
               count(*) FILTER (WHERE answer >= 9),
               count(*) FILTER (WHERE answer BETWEEN 7 AND 8),
               count(*) FILTER (WHERE answer <= 6)
        FROM responses GROUP BY 1, 2""")
    return {(ch, m): (n, p, pa, d) for ch, m, n, p, pa, d in cur.fetchall()}


def reference_interval(n, p, d, confidence):
    """Adjusted-Wald NPS interval (Rocks 2016), as README.md defines it; z from
    Python's statistics module."""
    z = statistics.NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    n2 = n + 3
    p2 = (p + 0.75) / n2
    d2 = (d + 0.75) / n2
    centre = p2 - d2
    half = z * math.sqrt((p2 + d2 - centre * centre) / n2)
    return max(-100.0, 100 * (centre - half)), min(100.0, 100 * (centre + half))


# ---------------------------------------------------------------- cx_charts.py

def test_dataframe(conn, confidence):
    cur = conn.cursor()
    ref = reference_counts(cur)
    df = cx_charts.monthly_nps(conn, confidence)
    tag = "monthly_nps(confidence=%g)" % confidence

    check(tag + ": columns", list(df.columns) == cx_charts.COLUMNS, repr(list(df.columns)))
    expected_dtypes = {"channel": np.dtype(object), "month": np.dtype("datetime64[ns]"),
                       "responses": np.dtype("int64")}
    expected_dtypes.update({c: np.dtype("float64") for c in cx_charts.FLOAT_COLUMNS})
    bad = {c: str(df[c].dtype) for c in expected_dtypes if df[c].dtype != expected_dtypes[c]}
    check(tag + ": dtypes (float64 metrics, int64 responses, datetime64 month)", not bad, repr(bad))
    check(tag + ": metric cells are floats, not strings",
          all(isinstance(v, float) for c in cx_charts.FLOAT_COLUMNS for v in df[c].tolist()))
    check(tag + ": one row per channel and month (%d)" % len(ref),
          len(df) == len(ref) and not df.duplicated(["channel", "month"]).any())

    mismatches = []
    for row in df.itertuples(index=False):
        key = (row.channel, row.month.strftime("%Y-%m"))
        if key not in ref:
            mismatches.append((key, "unexpected row"))
            continue
        n, p, pa, d = ref[key]
        lo, hi = reference_interval(n, p, d, confidence)
        expected = {"responses": n, "nps": 100.0 * (p - d) / n, "nps_low": lo, "nps_high": hi,
                    "detractors": 100.0 * d / n, "passives": 100.0 * pa / n,
                    "promoters": 100.0 * p / n}
        for col, want in expected.items():
            got = getattr(row, col)
            if not close(float(got), float(want)):
                mismatches.append((key, col, got, want))
    check(tag + ": every value equals the count(*) FILTER formulas (to 1e-9)",
          not mismatches, repr(mismatches[:5]))
    cur.execute("SELECT count(answer) FROM responses")
    check(tag + ": responses add up to count(answer)", int(df["responses"].sum()) == cur.fetchone()[0])
    return df


def test_dataframe_nulls(conn):
    """A channel-month whose answers are all NULL gives NaN (still float64) and 0 responses."""
    cur = conn.cursor()
    try:
        cur.execute("""INSERT INTO responses (response_id, customer_id, responded_at, channel, answer)
                       SELECT max(response_id) + 1, min(customer_id), '2025-12-15 12:00+00', 'kiosk', NULL
                       FROM responses""")
        df = cx_charts.monthly_nps(conn)
        kiosk = df[df["channel"] == "kiosk"]
        check("monthly_nps: NULL-only group reads as NaN, dtypes unchanged",
              len(kiosk) == 1 and kiosk[cx_charts.FLOAT_COLUMNS].isna().all(axis=None)
              and int(kiosk["responses"].iloc[0]) == 0
              and all(df[c].dtype == np.float64 for c in cx_charts.FLOAT_COLUMNS),
              repr(kiosk.to_dict("records")))
        fig = cx_charts.plot(df)
        titles = [ax.get_title().split()[0] for ax in fig.axes[:len(fig.axes) // 2]]
        check("plot(): a NULL-only channel gets its own panel, after the report's channels",
              len(fig.axes) == 12 and titles == cx_charts.CHANNEL_ORDER + ["kiosk"], repr(titles))
        cx_charts.plt.close(fig)
    finally:
        conn.rollback()


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def test_layout(conn):
    """The chart's structure: one column per channel in the report's order,
    every NPS panel on -100..100, every share panel on 0..100, and a colour
    for NPS that no bucket uses."""
    df = cx_charts.monthly_nps(conn)
    fig = cx_charts.plot(df)
    n = len(cx_charts.CHANNEL_ORDER)
    top, bottom = fig.axes[:n], fig.axes[n:]
    titles = [ax.get_title() for ax in top]
    cur = conn.cursor()
    cur.execute("SELECT channel, count(answer) FROM responses GROUP BY 1")
    counts = dict(cur.fetchall())
    check("plot(): %d panels per row, titled by channel in the report's order with n" % n,
          len(fig.axes) == 2 * n and titles == ["%s  (n = %d)" % (ch, counts[ch]) for ch in cx_charts.CHANNEL_ORDER],
          repr(titles))
    check("plot(): every NPS panel on the same scale, -100..100",
          all(ax.get_ylim() == (-100.0, 100.0) for ax in top))
    check("plot(): every share panel on 0..100", all(ax.get_ylim() == (0.0, 100.0) for ax in bottom))
    colours = {cx_charts.NPS_COLOR, cx_charts.BAND_COLOR} | set(cx_charts.BUCKET_COLORS.values())
    check("plot(): NPS, its band and the three buckets have five different colours", len(colours) == 5)
    cx_charts.plt.close(fig)


def test_script(png, drivers_png):
    started = os.times().elapsed
    proc = subprocess.run([sys.executable, os.path.join(EXAMPLES, "cx_charts.py"), "--out", png,
                           "--drivers-out", drivers_png], capture_output=True, text=True)
    elapsed = os.times().elapsed - started
    check("cx_charts.py --out --drivers-out runs (exit 0, %.1f s)" % elapsed, proc.returncode == 0,
          proc.stdout + proc.stderr)
    check("cx_charts.py prints no warning", proc.stderr == "", proc.stderr)
    if not check("PNG written", os.path.isfile(png)):
        return
    size = os.path.getsize(png)
    dims = png_size(png)
    check("PNG signature and IHDR", dims is not None)
    check("PNG non-trivial: %d bytes > 20 KB" % size, size > 20 * 1024)
    check("PNG dimensions %s at least 1000 x 500" % (dims,),
          dims is not None and dims[0] >= 1000 and dims[1] >= 500)

    import matplotlib.image
    pixels = (matplotlib.image.imread(png)[..., :3] * 255).round().astype(int).reshape(-1, 3)
    inked = float((pixels != 255).any(axis=1).mean())
    check("PNG has content: %.0f %% non-white pixels" % (100 * inked), inked > 0.10)
    missing = []
    for name, colour in [("nps", cx_charts.NPS_COLOR), ("band", cx_charts.BAND_COLOR)] + \
            list(cx_charts.BUCKET_COLORS.items()):
        rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
        if (pixels == rgb).all(axis=1).sum() < 200:
            missing.append(name)
    check("PNG shows the NPS line, its band and every answer bucket", not missing, repr(missing))

    # The README's image is this chart: matplotlib writes the same bytes for the
    # same data and code (no timestamp).
    docs_png = os.path.join(ROOT, "docs", "nps_by_month.png")
    with open(docs_png, "rb") as a, open(png, "rb") as b:
        same = a.read() == b.read()
    check("docs/nps_by_month.png is the chart drawn now (else: /usr/bin/python3 "
          "examples/cx_charts.py --out docs/nps_by_month.png)", same)

    if not check("drivers PNG written", os.path.isfile(drivers_png)):
        return
    dims = png_size(drivers_png)
    check("drivers PNG: signature, IHDR, at least 600 x 400 %s" % (dims,),
          dims is not None and dims[0] >= 600 and dims[1] >= 400)
    pixels = (matplotlib.image.imread(drivers_png)[..., :3] * 255).round().astype(int).reshape(-1, 3)
    missing = [q for q, colour in cx_charts.QUADRANT_COLORS.items()
               if (pixels == [int(colour[i:i + 2], 16) for i in (1, 3, 5)]).all(axis=1).sum() < 50]
    check("drivers PNG shows a point in every quadrant's colour (the sample has all four)",
          not missing, repr(missing))
    docs_png = os.path.join(ROOT, "docs", "drivers_importance_performance.png")
    with open(docs_png, "rb") as a, open(drivers_png, "rb") as b:
        same = a.read() == b.read()
    check("docs/drivers_importance_performance.png is the chart drawn now (else: "
          "/usr/bin/python3 test/drivers/chart.py)", same)


def reference_drivers(cur):
    """attribute -> (performance, importance_pct, correlation, beta) from the
    listwise rows, by numpy and statsmodels (test/drivers/reference.py)."""
    import reference as drivers
    cur.execute("""SELECT r.answer, a.speed, a.staff, a.price, a.product, a.website
                   FROM responses r JOIN attribute_ratings a USING (response_id)""")
    rows = [r for r in cur.fetchall() if None not in r]
    data = np.array(rows, dtype=float)
    a = drivers.analyze(data[:, 0], data[:, 1:])
    return {name: (a["means"][j], 100 * a["weights"][j] / a["r2"], a["corr"][j], a["betas"][j])
            for j, name in enumerate(cx_charts.ATTRIBUTES)}, len(rows)


def reference_vs_rest(cur, since="2025-10-01", min_responses=30):
    """(month 'YYYY-MM', channel) -> dict of n, nps, nps_low, nps_high, rest_nps,
    p, p_holm, p_bh (None when hidden), from plain SQL counts, the
    adjusted-Wald formulas and R's p.adjust written out."""
    import compare_reference
    counts = {k: v for k, v in reference_counts(cur).items() if k[1] >= since[:7]}
    months = sorted({m for _, m in counts})

    def est(n, p, d):           # adjusted-Wald estimate and variance, as nps_test
        n2 = n + 3
        pp, dd = (p + 0.75) / n2, (d + 0.75) / n2
        return pp - dd, (pp + dd - (pp - dd) ** 2) / n2
    out = {}
    for m in months:
        chans = sorted(ch for ch, mm in counts if mm == m)
        tot = [sum(counts[(ch, m)][i] for ch in chans) for i in range(4)]
        ps = []
        for ch in chans:
            n, p, pa, d = counts[(ch, m)]
            rn, rp, rd = tot[0] - n, tot[1] - p, tot[3] - d
            row = {"rest_nps": 100.0 * (rp - rd) / rn}
            if n >= min_responses:
                lo, hi = reference_interval(n, p, d, 0.95)
                (e1, v1), (e2, v2) = est(n, p, d), est(rn, rp, rd)
                pv = 2 * (1 - statistics.NormalDist().cdf(abs(e1 - e2) / math.sqrt(v1 + v2)))
                row.update(n=n, nps=100.0 * (p - d) / n, nps_low=lo, nps_high=hi, p=pv)
            else:
                row.update(n=None, nps=None, nps_low=None, nps_high=None, p=None)
            out[(m, ch)] = row
            ps.append(row["p"])
        for method, col in (("holm", "p_holm"), ("bh", "p_bh")):
            for ch, adj in zip(chans, compare_reference.p_adjust(ps, method)):
                out[(m, ch)][col] = adj
    return out


# ---------------------------------------------------------------- the notebook

def wilson(k, n, z):
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half) / (1 + z * z / n), 100 * (centre + half) / (1 + z * z / n)


def parse_table(text):
    """A DataFrame's text/plain output: header tokens, then rows keyed by the
    first column after the index."""
    lines = text.strip().splitlines()
    header = lines[0].split()
    rows = {}
    for line in lines[1:]:
        cells = line.split()[1:]           # drop the index
        rows[cells[0]] = dict(zip(header, cells))
    return header, rows


def test_ipynb(conn, cli_png, cli_drivers_png):
    """Executes examples/nps_report.ipynb headless (nbclient, Debian's python3
    kernel) in a fresh database without the sample data, so the notebook loads
    it itself, and checks its outputs against plain SQL and formulas here."""
    import nbformat
    from nbclient import NotebookClient

    cur = conn.cursor()
    db = "cx_notebook"
    conn.rollback()
    conn.autocommit = True
    cur.execute("DROP DATABASE IF EXISTS " + db)
    cur.execute("CREATE DATABASE " + db)
    conn.autocommit = False
    with psycopg2.connect(dbname=db) as c2:
        c2.cursor().execute("CREATE EXTENSION cx_metrics")
    c2.close()

    nb = nbformat.read(os.path.join(EXAMPLES, "nps_report.ipynb"), as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "nb.png")
        drivers_png = os.path.join(tmp, "nb_drivers.png")
        env = dict(os.environ, PGDATABASE=db, CX_CHART_PNG=png, CX_DRIVERS_PNG=drivers_png,
                   PYDEVD_DISABLE_FILE_VALIDATION="1")
        saved = os.environ.copy()
        os.environ.clear()
        os.environ.update(env)
        started = os.times().elapsed
        try:
            NotebookClient(nb, timeout=180, kernel_name="python3",
                           resources={"metadata": {"path": EXAMPLES}}).execute()
            error = None
        except Exception as e:   # CellExecutionError: the cell and its traceback
            error = e
        finally:
            os.environ.clear()
            os.environ.update(saved)
        if not check("notebook runs headless, every cell without error (%.1f s)"
                     % (os.times().elapsed - started), error is None, str(error)[-2000:]):
            return
        with open(png, "rb") as a, open(cli_png, "rb") as b:
            check("notebook saves the same PNG bytes as cx_charts.py (one code path)", a.read() == b.read())
        with open(drivers_png, "rb") as a, open(cli_drivers_png, "rb") as b:
            check("notebook saves the same driver chart bytes as cx_charts.py --drivers-out "
                  "(one code path, the image of docs/drivers.md)", a.read() == b.read())

    code = [c for c in nb.cells if c.cell_type == "code"]
    outputs = [c.outputs for c in code]
    check("notebook: every code cell has an output", all(outputs), repr([len(o) for o in outputs]))
    text = "".join(o.get("text", "") for o in outputs[0])
    check("notebook: loaded the sample data and prints the extension's version",
          text.startswith("cx_metrics "), text)

    # metrics per channel: counts from plain SQL in the notebook's database
    with psycopg2.connect(dbname=db) as c2:
        cur2 = c2.cursor()
        cur2.execute("""SELECT channel,
                count(answer), count(*) FILTER (WHERE answer >= 9), count(*) FILTER (WHERE answer <= 6),
                count(rating), count(*) FILTER (WHERE rating >= 4),
                count(effort), avg(effort)::float8, stddev_samp(effort)::float8
            FROM responses GROUP BY 1""")
        ref = {r[0]: r[1:] for r in cur2.fetchall()}
    c2.close()
    z = statistics.NormalDist().inv_cdf(0.975)
    table = outputs[1][0]["data"]["text/plain"]
    header, rows = parse_table(table)
    check("notebook: metrics table columns", header == [
        "channel", "answers", "nps", "nps_low", "nps_high", "ratings", "csat", "csat_low",
        "csat_high", "efforts", "ces", "ces_low", "ces_high"], repr(header))
    check("notebook: metrics table rows in the report's order",
          list(rows) == cx_charts.CHANNEL_ORDER, repr(list(rows)))
    bad = []
    for ch, (n, p, d, nr, sat, ne, mean, sd) in ref.items():
        lo, hi = reference_interval(n, p, d, 0.95)
        clo, chi = wilson(sat, nr, z)
        half = z * sd / math.sqrt(ne)
        want = {"answers": n, "nps": 100.0 * (p - d) / n, "nps_low": lo, "nps_high": hi,
                "ratings": nr, "csat": 100.0 * sat / nr, "csat_low": clo, "csat_high": chi,
                "efforts": ne, "ces": mean, "ces_low": mean - half, "ces_high": mean + half}
        for col, value in want.items():
            got = float(rows.get(ch, {}).get(col, "nan"))
            if not abs(got - value) <= 0.005 + 1e-9:    # the table shows 2 decimals
                bad.append((ch, col, got, value))
    check("notebook: every shown NPS, CSAT and CES with its interval and count equals the "
          "formulas (count FILTER, adjusted Wald, Wilson, mean +- z s / sqrt(n)) to 2 decimals",
          not bad, repr(bad[:5]))

    header, rows = parse_table(outputs[2][0]["data"]["text/plain"])
    refm = reference_counts(conn.cursor())
    bad = []
    for ch, cells in rows.items():
        n, p, pa, d = refm[(ch, "2025-12")]
        lo, hi = reference_interval(n, p, d, 0.95)
        want = {"responses": n, "nps": 100.0 * (p - d) / n, "nps_low": lo, "nps_high": hi,
                "detractors": 100.0 * d / n, "passives": 100.0 * pa / n, "promoters": 100.0 * p / n}
        for col, value in want.items():
            if not abs(float(cells[col]) - value) <= 0.05 + 1e-9:
                bad.append((ch, col, cells[col], value))
    check("notebook: last month's table (2025-12, %d channels) equals the formulas to 1 decimal"
          % len(rows), len(rows) == 5 and not bad, repr(bad[:5]))
    images = [o for o in outputs[3] if "image/png" in o.get("data", {})]
    check("notebook: the chart is shown inline (image/png)", len(images) == 1)

    # what drives the score: every shown figure against numpy / statsmodels
    with psycopg2.connect(dbname=db) as c2:
        ref, used = reference_drivers(c2.cursor())
        vs_rest = reference_vs_rest(c2.cursor())
    c2.close()
    header, rows = parse_table(outputs[4][0]["data"]["text/plain"])
    check("notebook: driver table columns", header == cx_charts.DRIVER_COLUMNS, repr(header))
    order = sorted(ref, key=lambda k: -ref[k][1])
    check("notebook: driver table most important first (%d listwise rows)" % used,
          list(rows) == order, repr(list(rows)))
    bad = []
    for name, (perf, imp, corr, beta) in ref.items():
        for col, value in (("performance", perf), ("importance_pct", imp), ("correlation", corr), ("beta", beta)):
            got = float(rows.get(name, {}).get(col, "nan"))
            if not abs(got - value) <= 0.0005 + 1e-9:    # shown to 3 decimals
                bad.append((name, col, got, value))
    check("notebook: performance, importance, correlation and beta of every attribute equal "
          "numpy/statsmodels to 3 decimals", not bad, repr(bad[:5]))
    images = [o for o in outputs[5] if "image/png" in o.get("data", {})]
    check("notebook: the driver chart is shown inline (image/png)", len(images) == 1)

    # which channels differ from the rest: every cell against the formulas
    lines = outputs[6][0]["data"]["text/plain"].strip().splitlines()
    header = lines[0].split()
    check("notebook: vs-rest table columns", header == [
        "month", "channel", "n", "nps", "nps_low", "nps_high", "rest_nps", "p", "p_holm", "p_bh"],
        repr(header))
    bad = []
    seen = set()
    for line in lines[1:]:
        cells = line.split()[1:]            # drop the index
        month, channel = cells[0], cells[1]
        seen.add((month, channel))
        want = vs_rest.get((month, channel))
        if want is None:
            bad.append((month, channel, "unexpected row"))
            continue
        if want["n"] is None:               # hidden: only the rest is shown
            if cells[2:] != ["%.1f" % want["rest_nps"]]:
                bad.append((month, channel, "hidden", cells[2:]))
            continue
        text = " ".join(cells[2:]).replace("< 0.0001", "<0.0001").split()
        shown = dict(zip(header[2:], text))
        for col in ("n", "nps", "nps_low", "nps_high", "rest_nps"):
            if not abs(float(shown.get(col, "nan")) - want[col]) <= 0.05 + 1e-9:
                bad.append((month, channel, col, shown.get(col), want[col]))
        for col in ("p", "p_holm", "p_bh"):
            s, v = shown.get(col), want[col]
            ok = (s == "<0.0001" and v < 0.0001) if v < 0.0001 else (s is not None and s != "<0.0001"
                                                                  and abs(float(s) - v) <= 0.00005 + 1e-12)
            if not ok:
                bad.append((month, channel, col, s, v))
    check("notebook: each channel against the rest (%d rows, hidden under 30 answers): n, NPS, "
          "interval, rest, p and Holm/BH-adjusted p equal plain SQL counts and the formulas"
          % len(seen), seen == set(vs_rest) and not bad, repr(bad[:5]))

    conn.rollback()
    conn.autocommit = True
    cur.execute("DROP DATABASE " + db)
    conn.autocommit = False


# ---------------------------------------------------------------- cx_psycopg

def test_adapter(conn):
    cur = conn.cursor()
    oid, array_oid = cx_psycopg.register(conn)
    cur.execute("SELECT oid, typarray FROM pg_type WHERE typname = 'score_summary'")
    check("adapter: registered for the type's OIDs", (oid, array_oid) == cur.fetchone())

    # distributions per channel against plain GROUP BY counts
    cur.execute("""SELECT channel, answer, count(*) FROM responses
                   WHERE answer IS NOT NULL GROUP BY 1, 2""")
    expected = {}
    for ch, a, c in cur.fetchall():
        expected.setdefault(ch, {})[a] = c
    cur.execute("SELECT channel, score_summary(answer), count(answer) FROM responses GROUP BY 1")
    rows = cur.fetchall()
    check("adapter: score_summary reads as dict value -> count, equal to GROUP BY counts",
          len(rows) == 5 and all(isinstance(s, dict) and s == expected[ch] and s.weights is None
                                 and all(type(k) is int and type(v) is int for k, v in s.items())
                                 for ch, s, n in rows))
    check("adapter: sum of counts == count(answer) per channel",
          all(sum(s.values()) == n and s.responses() == n for ch, s, n in rows))

    cur.execute("SELECT score_summary(answer) FROM responses WHERE false")
    check("adapter: SQL NULL (no answers) -> None", cur.fetchone()[0] is None)
    cur.execute("SELECT NULL::score_summary, '{}'::score_summary, '{9:3, 0:1, 10:2}'::score_summary")
    null, empty, readme = cur.fetchone()
    check("adapter: NULL::score_summary -> None", null is None)
    check("adapter: {} -> empty dict", empty == {} and isinstance(empty, cx_psycopg.ScoreSummary))
    check("adapter: README example {9:3, 0:1, 10:2}", readme == {0: 1, 9: 3, 10: 2})

    # dict -> score_summary -> dict
    sent = {10: 4, 0: 1, 7: 2, 9: 5, 3: 0}
    cur.execute("SELECT %(s)s, %(s)s::text, nps(%(s)s), responses(%(s)s)",
                {"s": cx_psycopg.ScoreSummary(sent)})
    back, text, nps, n = cur.fetchone()
    nonzero = {k: v for k, v in sent.items() if v}
    check("adapter: round trip dict -> score_summary -> dict (zero counts dropped)",
          back == nonzero and back.weights is None, repr(back))
    check("adapter: sent as the canonical text form", text == "{0:1,7:2,9:5,10:4}", text)
    check("adapter: a sent summary works in accessors",
          n == 12 and close(nps, 100.0 * (9 - 1) / 12), repr((nps, n)))

    # every stored per-channel summary survives the trip
    cur.execute("SELECT channel, score_summary(answer) FROM responses GROUP BY 1")
    ok = True
    for ch, s in cur.fetchall():
        cur.execute("SELECT %s::text = (SELECT score_summary(answer)::text FROM responses WHERE channel = %s)",
                    [cx_psycopg.ScoreSummary(s), ch])
        ok = ok and cur.fetchone()[0] is True
    check("adapter: read summaries sent back are identical in SQL", ok)

    # arrays
    cur.execute("SELECT ARRAY['{1:2}'::score_summary, NULL, '{}']::score_summary[], NULL::score_summary[]")
    arr, null_arr = cur.fetchone()
    check("adapter: score_summary[] -> list of dicts with None",
          arr == [{1: 2}, None, {}] and isinstance(arr[0], cx_psycopg.ScoreSummary)
          and null_arr is None, repr(arr))

    # weighted summaries: counts are rows, weights in .weights
    weight = "(1 + (response_id % 4) * 0.25)::float8"   # no query parameters: '%' as is
    cur.execute("SELECT channel, score_summary(answer, %s) FROM responses GROUP BY 1" % weight)
    weighted = dict(cur.fetchall())
    cur.execute("""SELECT channel, answer, count(*), sum(%s), sum(%s ^ 2) FROM responses
                   WHERE answer IS NOT NULL GROUP BY 1, 2""" % (weight, weight))
    bad = []
    for ch, a, c, sw, sw2 in cur.fetchall():
        s = weighted[ch]
        if s.get(a) != c or s.weights is None or not (
                abs(s.weights[a].sum_w - sw) <= 1e-12 * sw and abs(s.weights[a].sum_w2 - sw2) <= 1e-12 * sw2):
            bad.append((ch, a, c, sw, sw2, s.get(a), s.weights and s.weights.get(a)))
    check("adapter: weighted form -> value -> row count, weights = sum(w), sum(w^2)", not bad, repr(bad[:3]))
    check("adapter: weighted counts add up to count(answer)",
          all(sum(s.values()) == sum(expected[ch].values()) for ch, s in weighted.items()))
    ok = True
    for ch, s in weighted.items():
        cur.execute("SELECT %s::text = (SELECT score_summary(answer, " + weight.replace("%", "%%")
                    + ")::text FROM responses WHERE channel = %s)", [cx_psycopg.ScoreSummary(s, s.weights), ch])
        ok = ok and cur.fetchone()[0] is True
    check("adapter: weighted summaries sent back are identical in SQL", ok)

    w = cx_psycopg.parse("{3:1:1.5:2.25,10:2:3:4.5}")
    check("adapter: parse README weighted example",
          w == {3: 1, 10: 2} and w.weights == {3: (1.5, 2.25), 10: (3.0, 4.5)}, repr(w))
    check("adapter: parse(None) -> None, parse('{ }') -> {}",
          cx_psycopg.parse(None) is None and cx_psycopg.parse("{ }") == {})

    for bad_input in ({101: 1}, {-1: 1}, {5: -1}, {5: 1.5}, {True: 1}, {"5": 1}, {"5": 1, 3: 1}):
        try:
            cx_psycopg.format_summary(bad_input)
            check("adapter: rejects %r" % (bad_input,), False)
        except ValueError:
            check("adapter: rejects %r" % (bad_input,), True)
    for bad_text in ("{1:2", "{1:2,x}", "{1:2,3:1:1:1}", "1:2"):
        try:
            cx_psycopg.parse(bad_text)
            check("adapter: parse rejects %r" % bad_text, False)
        except psycopg2.InterfaceError:
            check("adapter: parse rejects %r" % bad_text, True)
    conn.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep-png", help="also copy the chart here")
    args = parser.parse_args()

    conn = psycopg2.connect("")
    test_dataframe(conn, 0.95)
    test_dataframe(conn, 0.90)
    test_dataframe_nulls(conn)
    test_layout(conn)
    test_adapter(conn)

    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "nps_by_month.png")
        drivers_png = os.path.join(tmp, "drivers_importance_performance.png")
        test_script(png, drivers_png)
        if os.path.isfile(png) and os.path.isfile(drivers_png):
            test_ipynb(conn, png, drivers_png)
        if args.keep_png and os.path.isfile(png):
            with open(png, "rb") as src, open(args.keep_png, "wb") as dst:
                dst.write(src.read())
    conn.close()

    print("python clients: %d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
