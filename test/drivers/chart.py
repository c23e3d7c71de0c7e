#!/usr/bin/python3
"""Draws docs/drivers_importance_performance.png: importance (share of R^2)
against performance (mean rating) of the sample data's attributes, the chart
docs/drivers.md shows.  Needs the sample data and the extension in the
database of the PG* environment, psycopg2 and matplotlib (Debian:
python3-psycopg2, python3-matplotlib).

Usage: /usr/bin/python3 test/drivers/chart.py
"""
import pathlib

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
import psycopg2  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent.parent / 'docs' / 'drivers_importance_performance.png'
QUERY = """
SELECT t.attribute, t.performance, t.importance_pct
FROM (SELECT driver_summary(r.answer, ARRAY[a.speed, a.staff, a.price, a.product, a.website]) AS ds
      FROM responses r JOIN attribute_ratings a USING (response_id)) s,
     driver_table(s.ds, ARRAY['speed', 'staff', 'price', 'product', 'website']) t
"""

with psycopg2.connect('') as conn, conn.cursor() as cur:
    cur.execute(QUERY)
    rows = cur.fetchall()
names = [r[0] for r in rows]
perf = [r[1] for r in rows]
imp = [r[2] for r in rows]
fig, ax = plt.subplots(figsize=(6.4, 4.4), dpi=100)
ax.scatter(perf, imp, s=60, color='#1f77b4')
for name, x, y in zip(names, perf, imp):
    ax.annotate(name, (x, y), textcoords='offset points', xytext=(6, 4))
ax.axhline(100.0 / len(rows), color='grey', lw=0.8, ls='--')
ax.axvline(sum(perf) / len(perf), color='grey', lw=0.8, ls='--')
ax.set_xlabel('performance: mean rating (1..10)')
ax.set_ylabel('importance: share of R² (%)')
ax.set_title('What drives the NPS answer? (sample data)')
ax.text(0.02, 0.97, 'fix first', transform=ax.transAxes, va='top', color='#b22222')
ax.text(0.98, 0.97, 'keep it up', transform=ax.transAxes, va='top', ha='right', color='#2e7d32')
fig.tight_layout()
fig.savefig(OUT)
print('wrote %s' % OUT)
