#!/usr/bin/python3
"""NPS per channel and month, key drivers and channels against the rest, into
pandas and charts.

One query builds a score_summary per channel and month and reads NPS, its
interval and the answer shares from it; pandas holds the result; matplotlib
draws it as small multiples: one column of panels per channel, NPS with its
interval on top, the shares of detractors, passives and promoters below.
Another reads driver_table() of the sample's attribute ratings and draws
importance against performance; a third compares each channel with the rest
of its month (score_summary_subtract, nps_test, p_adjust, at_least).

In a notebook (examples/nps_report.ipynb does this):

    import psycopg2, cx_charts
    conn = psycopg2.connect("")           # libpq environment: PGHOST, PGDATABASE, ...
    df = cx_charts.monthly_nps(conn)      # one row per channel and month
    fig = cx_charts.plot(df)              # a matplotlib Figure
    drivers = cx_charts.driver_table(conn)
    fig = cx_charts.plot_drivers(drivers)
    rest = cx_charts.channels_vs_rest(conn)

As a script:

    /usr/bin/python3 examples/cx_charts.py --out nps_by_month.png \
        --drivers-out drivers_importance_performance.png

Needs Debian's python3-psycopg2, python3-pandas and python3-matplotlib (run it
with /usr/bin/python3) and a database with cx_metrics and the sample data
(test/data/sample.sql).
"""

import argparse
import os
import sys

import matplotlib
import matplotlib.dates
import matplotlib.pyplot as plt
import pandas as pd
import psycopg2

# The channels in the order of the quick-start report; others follow by name.
CHANNEL_ORDER = ["app", "web", "phone", "email", "store"]

# One pass over the raw answers: a distribution per channel and month, then
# every number from it.  Months are calendar months in UTC.
MONTHLY_NPS_SQL = """
WITH monthly AS (
    SELECT channel,
           date_trunc('month', responded_at AT TIME ZONE 'UTC')::date AS month,
           score_summary(answer) AS answers
    FROM responses
    GROUP BY channel, month
)
SELECT channel,
       month,
       coalesce(responses(answers), 0)          AS responses,
       nps(answers)                             AS nps,
       nps_low(answers, %(confidence)s::float8)  AS nps_low,
       nps_high(answers, %(confidence)s::float8) AS nps_high,
       share(answers, 0, 6)                     AS detractors,
       share(answers, 7, 8)                     AS passives,
       share(answers, 9, 10)                    AS promoters
FROM monthly
ORDER BY month, channel
"""

FLOAT_COLUMNS = ["nps", "nps_low", "nps_high", "detractors", "passives", "promoters"]
COLUMNS = ["channel", "month", "responses"] + FLOAT_COLUMNS


def monthly_nps(conn, confidence=0.95):
    """One row per channel and month: channel (str), month (datetime64, first
    day of the month), responses (int64, answers given), nps, nps_low,
    nps_high (points, -100..100; the interval at `confidence`) and the shares
    of detractors (0-6), passives (7-8) and promoters (9-10) in percent
    (float64; NaN where a channel has no answer in a month)."""
    # pd.read_sql_query() works too, but pandas 1.5 warns on a plain DBAPI
    # connection (it wants SQLAlchemy); a cursor needs nothing more.
    with conn.cursor() as cur:
        cur.execute(MONTHLY_NPS_SQL, {"confidence": confidence})
        names = [c.name for c in cur.description]
        df = pd.DataFrame.from_records(cur.fetchall(), columns=names)
    # Explicit dtypes: psycopg2 gives float, int, date and None (NULL), and a
    # column without a single non-NULL value would otherwise stay object.
    df = df.astype({"channel": "object", "responses": "int64",
                    **{c: "float64" for c in FLOAT_COLUMNS}})
    df["month"] = pd.to_datetime(df["month"])
    return df[COLUMNS]


def channel_order(channels):
    """The report's order first, then any other channel by name."""
    known = [c for c in CHANNEL_ORDER if c in set(channels)]
    return known + sorted(set(channels) - set(CHANNEL_ORDER))


# Each colour means one thing: blue is NPS (line: the estimate, band: its
# interval); red, grey and green are the answer buckets.
NPS_COLOR = "#08519c"
BAND_COLOR = "#c6dbef"
BUCKET_COLORS = {"detractors": "#d7301f", "passives": "#bdbdbd", "promoters": "#238b45"}
BUCKET_LABELS = {"detractors": "detractors (0-6)", "passives": "passives (7-8)",
                 "promoters": "promoters (9-10)"}


def plot(df, confidence=0.95, title="NPS per month and channel"):
    """Small multiples, one column per channel in the report's order, every
    panel on the same scale.  Top row: NPS per month (line) with its
    interval (band).  Bottom row: the shares of detractors, passives and
    promoters per month.  Returns the matplotlib Figure."""
    channels = channel_order(df["channel"].unique())
    months = pd.DatetimeIndex(sorted(df["month"].unique()))
    fig, axes = plt.subplots(2, len(channels), figsize=(3 * len(channels) + 1, 6.4), dpi=110,
                             sharex=True, sharey="row", squeeze=False,
                             gridspec_kw={"height_ratios": [3, 1.6]})
    bar_width = 20  # days
    for col, ch in enumerate(channels):
        d = df[df["channel"] == ch].set_index("month").reindex(months)
        top, bottom = axes[0][col], axes[1][col]
        top.fill_between(months, d["nps_low"], d["nps_high"], color=BAND_COLOR, linewidth=0,
                         label="%g %% interval (adjusted Wald)" % (100 * confidence), zorder=1)
        top.plot(months, d["nps"], color=NPS_COLOR, marker="o", markersize=3, linewidth=1.8,
                 label="NPS", zorder=3)
        top.axhline(0, color="black", linewidth=0.6, zorder=2)
        top.set_title("%s  (n = %d)" % (ch, d["responses"].fillna(0).sum()), fontsize=11)
        top.set_ylim(-100, 100)
        top.set_yticks([-100, -50, 0, 50, 100])
        top.grid(True, axis="y", alpha=0.3)

        base = pd.Series(0.0, index=months)
        for bucket in ("detractors", "passives", "promoters"):
            values = d[bucket].fillna(0.0)
            bottom.bar(months, values, bottom=base, width=bar_width, color=BUCKET_COLORS[bucket],
                       label=BUCKET_LABELS[bucket], linewidth=0)
            base = base + values
        bottom.set_ylim(0, 100)
        bottom.set_yticks([0, 50, 100])
        bottom.xaxis.set_major_locator(matplotlib.dates.MonthLocator(bymonth=[1, 4, 7, 10]))
        bottom.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%b"))
        bottom.xaxis.set_minor_locator(matplotlib.dates.MonthLocator())
    axes[0][0].set_ylabel("NPS (points)")
    axes[1][0].set_ylabel("answers (%)")
    handles = axes[0][0].get_legend_handles_labels()
    bars = axes[1][0].get_legend_handles_labels()
    fig.legend(handles[0] + bars[0], handles[1] + bars[1], loc="lower center",
               ncol=5, fontsize=9, frameon=False)
    first, last = months.min(), months.max()
    fig.suptitle("%s, %s to %s" % (title, first.strftime("%b %Y"), last.strftime("%b %Y")),
                 fontsize=13)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


# Key drivers: the query of docs/drivers.md.  A row is used when the NPS
# answer and all five ratings are there (listwise).
ATTRIBUTES = ["speed", "staff", "price", "product", "website"]
DRIVER_SQL = """
SELECT t.attribute, t.performance, t.importance_pct, t.correlation, t.beta, t.relative_weight
FROM (SELECT driver_summary(r.answer, ARRAY[a.speed, a.staff, a.price, a.product, a.website]) AS ds
      FROM responses r JOIN attribute_ratings a USING (response_id)) s,
     driver_table(s.ds, ARRAY['speed', 'staff', 'price', 'product', 'website']) t
ORDER BY t.importance_pct DESC
"""
DRIVER_COLUMNS = ["attribute", "performance", "importance_pct", "correlation", "beta", "relative_weight"]


def driver_table(conn):
    """One row per attribute, most important first: performance (mean rating
    1..10), importance_pct (share of R^2, percent), correlation, beta and the
    raw relative weight (float64)."""
    with conn.cursor() as cur:
        cur.execute(DRIVER_SQL)
        df = pd.DataFrame.from_records(cur.fetchall(), columns=[c.name for c in cur.description])
    return df.astype({c: "float64" for c in DRIVER_COLUMNS[1:]})[DRIVER_COLUMNS]


# The quadrants: importance above an even share (100 / k %) or not,
# performance below the mean of the attribute means or not.  One colour each.
QUADRANT_COLORS = {"fix first": "#d7301f", "keep it up": "#238b45",
                   "low priority": "#737373", "possible overkill": "#2171b5"}


def quadrant(importance_pct, performance, k, mean_performance):
    if importance_pct >= 100.0 / k:
        return "fix first" if performance < mean_performance else "keep it up"
    return "low priority" if performance < mean_performance else "possible overkill"


def plot_drivers(df, title="What drives the NPS answer? (sample data)"):
    """Importance (share of R^2) against performance (mean rating), one point
    per attribute coloured by its quadrant, dashed lines at an even share and
    at the mean performance.  Returns the matplotlib Figure."""
    k = len(df)
    mean_perf = float(df["performance"].mean())
    fig, ax = plt.subplots(figsize=(6.4, 4.6), dpi=100)
    for row in df.itertuples():
        q = quadrant(row.importance_pct, row.performance, k, mean_perf)
        ax.scatter([row.performance], [row.importance_pct], s=70, color=QUADRANT_COLORS[q], zorder=3)
        ax.annotate(row.attribute, (row.performance, row.importance_pct), textcoords="offset points",
                    xytext=(7, 4), fontsize=10)
    ax.axhline(100.0 / k, color="grey", linewidth=0.8, linestyle="--", zorder=1)
    ax.axvline(mean_perf, color="grey", linewidth=0.8, linestyle="--", zorder=1)
    ax.set_xlim(min(df["performance"].min(), mean_perf) - 1.0, max(df["performance"].max(), mean_perf) + 0.9)
    ax.set_ylim(0, max(100.0 / k, df["importance_pct"].max()) * 1.15)
    ax.set_xlabel("performance: mean rating (1..10)")
    ax.set_ylabel("importance: share of R² (%)")
    ax.set_title(title)
    corners = {"fix first": (0.02, 0.97, "left"), "keep it up": (0.98, 0.97, "right"),
               "low priority": (0.02, 0.03, "left"), "possible overkill": (0.98, 0.03, "right")}
    for name, (x, y, ha) in corners.items():
        ax.text(x, y, name, transform=ax.transAxes, ha=ha, va="top" if y > 0.5 else "bottom",
                color=QUADRANT_COLORS[name], fontsize=10)
    fig.tight_layout()
    return fig


# Each channel against the rest of its month: the month's total minus the
# channel.  Channels under min_responses answers are hidden (NULL) by
# at_least; their answers still count in the other channels' rest.
VS_REST_SQL = """
WITH monthly AS (
    SELECT date_trunc('month', responded_at AT TIME ZONE 'UTC')::date AS month, channel,
           score_summary(answer) AS s
    FROM responses
    WHERE responded_at >= (%(since)s::date)::timestamp AT TIME ZONE 'UTC'
    GROUP BY 1, 2
), tested AS (
    SELECT month, channel, at_least(s, %(min_responses)s) AS s,
           score_summary_subtract(rollup(s) OVER (PARTITION BY month), s) AS rest
    FROM monthly
)
SELECT month, channel, responses(s) AS n, nps(s) AS nps, nps_low(s) AS nps_low,
       nps_high(s) AS nps_high, nps(rest) AS rest_nps, nps_test(s, rest) AS p,
       p_adjust(nps_test(s, rest), 'holm') OVER (PARTITION BY month) AS p_holm,
       p_adjust(nps_test(s, rest), 'bh') OVER (PARTITION BY month) AS p_bh
FROM tested
ORDER BY month, channel
"""
VS_REST_FLOATS = ["nps", "nps_low", "nps_high", "rest_nps", "p", "p_holm", "p_bh"]


def channels_vs_rest(conn, since="2025-10-01", min_responses=30):
    """One row per month (UTC) and channel since `since`: n (answers; NaN when
    hidden), the channel's NPS with its 95 % adjusted-Wald interval, the NPS of
    the rest of the month, the p-value of nps_test(channel, rest) and the same
    adjusted over the month by Holm and by Benjamini-Hochberg (float64; NaN for
    a hidden channel)."""
    with conn.cursor() as cur:
        cur.execute(VS_REST_SQL, {"since": since, "min_responses": min_responses})
        df = pd.DataFrame.from_records(cur.fetchall(), columns=[c.name for c in cur.description])
    df = df.astype({"n": "float64", **{c: "float64" for c in VS_REST_FLOATS}})
    df["month"] = pd.to_datetime(df["month"])
    return df


def format_p(p):
    """A p-value for display: four decimals, '< 0.0001' below, '' when missing."""
    if pd.isna(p):
        return ""
    return "< 0.0001" if p < 0.0001 else "%.4f" % p


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="PNG file to write (NPS per month)")
    parser.add_argument("--drivers-out", help="also draw importance against performance here")
    parser.add_argument("--confidence", type=float, default=0.95)
    parser.add_argument("--dsn", default="",
                        help="libpq connection string (default: the PG* environment)")
    args = parser.parse_args(argv)
    if not args.out and not args.drivers_out:
        parser.error("give --out, --drivers-out or both")
    # The script needs no display.  As a library the backend stays the caller's
    # choice (a notebook's inline backend, say).
    matplotlib.use("Agg")

    with psycopg2.connect(args.dsn) as conn:
        df = monthly_nps(conn, args.confidence) if args.out else None
        drivers = driver_table(conn) if args.drivers_out else None
    conn.close()
    if args.out:
        if df.empty:
            sys.exit("cx_charts.py: no responses found")
        save(plot(df, args.confidence), args.out)
        print("wrote %s (%d bytes): NPS of %d channels over %d months, %d rows"
              % (args.out, os.path.getsize(args.out), df["channel"].nunique(),
                 df["month"].nunique(), len(df)))
    if args.drivers_out:
        if drivers.empty:
            sys.exit("cx_charts.py: no attribute ratings found")
        save(plot_drivers(drivers), args.drivers_out)
        print("wrote %s (%d bytes): importance against performance of %d attributes"
              % (args.drivers_out, os.path.getsize(args.drivers_out), len(drivers)))


def save(fig, path, close=True):
    """Writes the figure as PNG without a timestamp, so that the same data
    and code give the same bytes.  close=False keeps it open (a notebook then
    still shows it)."""
    fig.savefig(path, metadata={"Software": None})
    if close:
        plt.close(fig)


if __name__ == "__main__":
    main()
