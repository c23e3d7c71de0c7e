#!/usr/bin/python3
"""NPS per channel and month, with 95 % intervals, into pandas and a chart.

The notebook path of cx_metrics: one query builds a score_summary per channel
and month and reads NPS, its interval and the answer shares from it; pandas
holds the result; matplotlib draws it.

As a library (in a notebook):

    import psycopg2, notebook
    conn = psycopg2.connect("")            # libpq environment: PGHOST, PGDATABASE, ...
    df = notebook.monthly_nps(conn)        # one row per channel and month
    fig = notebook.plot(df)                # NPS lines with interval bands + last month's answers

As a script:

    /usr/bin/python3 test/clients/notebook.py --out nps_by_month.png

It needs Debian's python3-psycopg2, python3-pandas and python3-matplotlib
(run it with /usr/bin/python3), and a database with cx_metrics and the
sample data (test/data/sample.sql).
"""

import argparse
import os
import sys

import matplotlib
import matplotlib.dates
import matplotlib.pyplot as plt
import pandas as pd
import psycopg2

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


CHANNEL_COLORS = {"app": "#1f77b4", "web": "#ff7f0e", "phone": "#d62728",
                  "email": "#9467bd", "store": "#2ca02c"}
BUCKET_COLORS = {"detractors": "#d9534f", "passives": "#c8c8c8", "promoters": "#5cb85c"}


def plot(df, confidence=0.95, title="NPS per month and channel"):
    """Left: NPS per month, one line per channel, with its interval as a band.
    Right: last month's answers per channel as stacked shares (detractors,
    passives, promoters).  Returns the matplotlib Figure."""
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(13, 5.6), dpi=120,
                                 gridspec_kw={"width_ratios": [2.6, 1]})
    channels = list(dict.fromkeys(df.sort_values("channel")["channel"]))
    colors = {ch: CHANNEL_COLORS.get(ch, "C%d" % i) for i, ch in enumerate(channels)}

    for ch in channels:
        d = df[df["channel"] == ch].sort_values("month")
        ax.plot(d["month"], d["nps"], marker="o", markersize=3.5, linewidth=1.8,
                color=colors[ch], label=ch)
        ax.fill_between(d["month"], d["nps_low"], d["nps_high"], color=colors[ch],
                        alpha=0.12, linewidth=0)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_ylim(-100, 100)
    ax.set_xlabel("month")
    ax.set_ylabel("NPS (points, -100 to 100)")
    ax.set_title("NPS per month; bands: %g %% interval (adjusted Wald)" % (100 * confidence),
                 fontsize=10)
    ax.xaxis.set_major_locator(matplotlib.dates.MonthLocator())
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%Y-%m"))
    ax.tick_params(axis="x", labelrotation=45)
    ax.grid(True, alpha=0.3)
    ax.legend(title="channel", loc="lower left", fontsize=8, ncol=len(channels))

    last_month = df["month"].max()
    last = df[df["month"] == last_month].set_index("channel").reindex(channels)
    bottom = pd.Series(0.0, index=last.index)
    for bucket, label in (("detractors", "detractors (0-6)"), ("passives", "passives (7-8)"),
                          ("promoters", "promoters (9-10)")):
        values = last[bucket].fillna(0.0)
        bx.bar(last.index, values, bottom=bottom, color=BUCKET_COLORS[bucket], label=label,
               edgecolor="white", linewidth=0.5)
        bottom = bottom + values
    for i, ch in enumerate(last.index):
        n = last.loc[ch, "responses"]
        bx.text(i, 101, "n=%d" % (0 if pd.isna(n) else n), ha="center", va="bottom", fontsize=8)
    bx.set_ylim(0, 112)
    bx.set_xlabel("channel")
    bx.set_ylabel("share of answers (%)")
    bx.set_title("Answers in %s" % last_month.strftime("%Y-%m"), fontsize=10)
    bx.legend(loc="lower center", bbox_to_anchor=(0.5, -0.27), ncol=3, fontsize=8, frameon=False)

    fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    return fig


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="PNG file to write")
    parser.add_argument("--confidence", type=float, default=0.95)
    parser.add_argument("--dsn", default="",
                        help="libpq connection string (default: the PG* environment)")
    args = parser.parse_args(argv)
    # The script needs no display.  As a library the backend stays the caller's
    # choice (a notebook's inline backend, say).
    matplotlib.use("Agg")

    with psycopg2.connect(args.dsn) as conn:
        df = monthly_nps(conn, args.confidence)
    conn.close()
    if df.empty:
        sys.exit("notebook.py: no responses found")
    fig = plot(df, args.confidence)
    fig.savefig(args.out, metadata={"Software": None})
    plt.close(fig)
    months = df["month"].nunique()
    print("wrote %s (%d bytes): NPS of %d channels over %d months, %d rows"
          % (args.out, os.path.getsize(args.out), df["channel"].nunique(), months, len(df)))


if __name__ == "__main__":
    main()
