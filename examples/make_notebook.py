#!/usr/bin/python3
"""Writes examples/nps_report.ipynb from the cells below (the notebook is
kept as a generated file so that its code stays reviewable as plain text).

    /usr/bin/python3 examples/make_notebook.py            # cells only
    /usr/bin/python3 examples/make_notebook.py --execute  # and run it (PG* set)
"""
import os
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))

CELLS = [
    ("md", """# Customer-experience metrics with cx_metrics

NPS, CSAT and CES per channel with their 95 % intervals, NPS per month as a chart, what
drives the score (importance against performance of five rated attributes), and which
channels differ from the rest of their month, from the sample survey data of cx_metrics
(`test/data/sample.sql`: 4,000 answers over five channels in 2025).

The notebook connects with the libpq environment variables (`PGHOST`, `PGPORT`,
`PGDATABASE`, `PGUSER`, `PGPASSWORD`), as `psql` does. The database needs the extension
(`CREATE EXTENSION cx_metrics`); the sample data is loaded with `psql` if the table
`responses` is missing. On Debian, run it with the system's Python (`/usr/bin/python3`,
packages `python3-psycopg2 python3-pandas python3-matplotlib`)."""),
    ("code", """import os, subprocess
import pandas as pd
import psycopg2
import cx_charts                      # the query and the chart, next to this notebook

pd.set_option("display.width", 200)
pd.set_option("display.max_columns", 20)

conn = psycopg2.connect("")           # "" = the libpq environment
conn.autocommit = True
with conn.cursor() as cur:
    cur.execute("SELECT to_regclass('responses') IS NOT NULL")
    if not cur.fetchone()[0]:
        sample = os.path.join("..", "test", "data", "sample.sql")
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", sample], check=True,
                       stdout=subprocess.DEVNULL)
    cur.execute("SELECT extversion FROM pg_extension WHERE extname = 'cx_metrics'")
    print("cx_metrics", cur.fetchone()[0])"""),
    ("md", """## Metrics per channel, with 95 % intervals

One row per channel, in the report's order. Each metric comes with the number of answers it
rests on and its interval: NPS in points (−100 to 100) with the adjusted-Wald interval, CSAT
in percent (ratings 4–5 of 5) with the Wilson interval, CES as the mean on 1..7 (higher =
easier) with a normal interval. A `score_summary` per channel is built once and every number
is read from it."""),
    ("code", """METRICS_SQL = \"\"\"
WITH per_channel AS (
    SELECT channel, score_summary(answer) AS a, score_summary(rating) AS r, score_summary(effort) AS e
    FROM responses GROUP BY channel)
SELECT channel,
       responses(a) AS answers, nps(a) AS nps, nps_low(a) AS nps_low, nps_high(a) AS nps_high,
       responses(r) AS ratings, csat(r) AS csat, csat_low(r) AS csat_low, csat_high(r) AS csat_high,
       responses(e) AS efforts, ces(e) AS ces, mean_low(e) AS ces_low, mean_high(e) AS ces_high
FROM per_channel
\"\"\"
with conn.cursor() as cur:
    cur.execute(METRICS_SQL)
    metrics = pd.DataFrame(cur.fetchall(), columns=[c.name for c in cur.description])
order = cx_charts.channel_order(metrics["channel"])
metrics = metrics.set_index("channel").loc[order].reset_index().astype(
    {c: "float64" for c in ["nps", "nps_low", "nps_high", "csat", "csat_low", "csat_high",
                            "ces", "ces_low", "ces_high"]})
metrics.round(2)"""),
    ("md", """## NPS per month

`cx_charts.monthly_nps` reads one row per channel and month: the number of answers, NPS with
its interval, and the shares of detractors (0–6), passives (7–8) and promoters (9–10). The
last month:"""),
    ("code", """monthly = cx_charts.monthly_nps(conn)
monthly[monthly["month"] == monthly["month"].max()].round(1)"""),
    ("md", """One panel per channel, all on the same scale. Top: NPS per month (line) and its 95 %
interval (band); a narrow band rests on many answers, a wide one on few. Bottom: the shares of
detractors, passives and promoters in each month. The chart is also saved as
`nps_by_month.png` (or where `CX_CHART_PNG` says)."""),
    ("code", """fig = cx_charts.plot(monthly)
cx_charts.save(fig, os.environ.get("CX_CHART_PNG", "nps_by_month.png"), close=False)"""),
    ("md", """## What drives the score?

The sample rates five parts of the service (speed, staff, price, product, website) from 1
to 10 next to the NPS answer. `driver_summary` relates them in one pass, and `driver_table`
gives, per attribute, its performance (mean rating), its importance (its share of the
variance the five ratings explain together, from Johnson's relative weights), its correlation
with the answer and its standardized regression coefficient. Most important first:"""),
    ("code", """drivers = cx_charts.driver_table(conn)
drivers.round(3)"""),
    ("md", """Importance against performance, with dashed lines at an even share of importance and at
the mean performance. Important and below average: fix first. The chart is also saved as
`drivers_importance_performance.png` (or where `CX_DRIVERS_PNG` says)."""),
    ("code", """fig = cx_charts.plot_drivers(drivers)
cx_charts.save(fig, os.environ.get("CX_DRIVERS_PNG", "drivers_importance_performance.png"), close=False)"""),
    ("md", """## Which channels differ from the rest?

Each channel against the other channels of the same month (the month's total minus the
channel), since October: its answers, NPS with the 95 % adjusted-Wald interval, the NPS of
the rest, the p-value of the difference, and the p-values adjusted for the month's several
tests (Holm: the chance of any false alarm; Benjamini–Hochberg: the share of false alarms).
Channels with fewer than 30 answers in a month are hidden (`at_least`)."""),
    ("code", """vs_rest = cx_charts.channels_vs_rest(conn, since="2025-10-01", min_responses=30)
shown = vs_rest.assign(month=vs_rest["month"].dt.strftime("%Y-%m"),
                       n=vs_rest["n"].map(lambda v: "" if pd.isna(v) else "%d" % v))
for c in ["nps", "nps_low", "nps_high", "rest_nps"]:
    shown[c] = shown[c].map(lambda v: "" if pd.isna(v) else "%.1f" % v)
for c in ["p", "p_holm", "p_bh"]:
    shown[c] = shown[c].map(cx_charts.format_p)
shown"""),
]


def build():
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in CELLS:
        nb.cells.append(new_markdown_cell(source) if kind == "md" else new_code_cell(source))
    return nb


def main():
    nb = build()
    path = os.path.join(HERE, "nps_report.ipynb")
    if "--execute" in sys.argv:
        from nbclient import NotebookClient
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": HERE}}).execute()
    nbformat.write(nb, path)
    print("wrote", path)


if __name__ == "__main__":
    main()
