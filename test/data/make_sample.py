#!/usr/bin/python3
"""Generate test/data/sample.sql, the bundled cx_metrics sample data set.

Usage:  /usr/bin/python3 test/data/make_sample.py [OUTPUT]
        (default OUTPUT: sample.sql next to this script)

The output is deterministic: every random draw comes from one
random.Random(20250101) through rng.random() only (no randint/choices/sample,
whose algorithms have changed between Python versions), nothing depends on the
current date, the hash seed or the locale, and the file is written with "\n"
line ends.  Running the script twice gives byte-identical files.

Data model (see the CREATE TABLE statements in HEADER below):
  customers          ~1,200 rows, started 2023-01-01 .. 2025-12-31, ~30 % ended
  responses           4,000 rows, responded_at in 2025 (UTC), only from customers
                      active at that instant
  component_ratings   for about 1/3 of the responses, 2..5 components each
  attribute_ratings   for about 40 % of the responses with an NPS answer: five
                      attribute ratings 1..10 (key-driver analysis)

Stories built into the data (the demo can show them; the numbers are in
test/crosscheck/crosscheck.py --reference-only):
  * NPS by channel: 'app' is clearly the best channel, 'phone' the worst.
  * 'phone' collapses in November and December 2025 (a new IVR system): its NPS,
    CSAT and CES drop and the 'support' component of the CSI drops with it.
  * The enterprise segment churns much less than business and consumer.
  * CSI components: 'price' gets the lowest satisfaction and high importance;
    'support' matters most to the enterprise segment; 'website' matters least.
    Row-level and component-level CSI differ (slightly).
  * Key drivers: 'speed' moves the NPS answer most and is rated worst of the
    strong drivers (fix it first); 'staff' and 'product' matter and perform
    well; 'price' is rated low but hardly moves the score; 'website' neither.

Edge cases built in on purpose (the cross-check pins them):
  * ended_at exactly on quarter boundaries (2025-01-01, 2025-04-01, ...,
    2026-01-01) and started_at exactly on 2025 quarter boundaries;
  * customers who last exactly one day (ended_at = started_at + 1);
  * responses at 00:00:00 on the first day and 23:59:59 on the last day of
    every month (month grouping must happen in UTC);
  * NULL answers (~3 %), ratings (~5 %) and efforts (~8 %).
"""

import datetime
import math
import os
import sys

import random

SEED = 20250101

N_CUSTOMERS = 1200
N_RESPONSES = 4000

FIRST_START = datetime.date(2023, 1, 1)
LAST_START = datetime.date(2025, 12, 31)
AS_OF = datetime.date(2025, 12, 31)          # last day the data "knows"
YEAR_START = datetime.date(2025, 1, 1)
YEAR_END = datetime.date(2025, 12, 31)

SEGMENTS = [('consumer', 0.62), ('business', 0.26), ('enterprise', 0.12)]
# Yearly churn hazard per segment: enterprise churns much less.
HAZARD = {'consumer': 0.30, 'business': 0.25, 'enterprise': 0.045}

CHANNELS = ['app', 'web', 'phone', 'email', 'store']
# Channel preference per segment (overall: app most, store least).
CHANNEL_WEIGHTS = {
    'consumer':   [0.44, 0.24, 0.12, 0.09, 0.11],
    'business':   [0.33, 0.30, 0.18, 0.14, 0.05],
    'enterprise': [0.22, 0.24, 0.30, 0.21, 0.03],
}
# Mean of the latent "likelihood to recommend" per channel (0..10 scale).
MOOD_MEAN = {'app': 8.7, 'web': 8.0, 'phone': 7.4, 'email': 7.6, 'store': 8.3}
PHONE_SLUMP_MONTHS = (11, 12)
PHONE_SLUMP = -1.4                            # added to the phone mood mean
PHONE_SLUMP_EFFORT = -0.8                     # added to the phone effort mean
MOOD_SD = 1.8
SEGMENT_MOOD = {'consumer': 0.0, 'business': -0.1, 'enterprise': 0.2}
# CES 2.0 ("made it easy", 1..7, higher = easier) base per channel.
EFFORT_MEAN = {'app': 5.8, 'web': 5.3, 'phone': 4.4, 'email': 4.8, 'store': 5.6}

COMPONENTS = ['delivery', 'price', 'support', 'product quality', 'website']
SAT_MEAN = {'delivery': 4.0, 'price': 3.2, 'support': 3.7,
            'product quality': 4.2, 'website': 3.8}
IMP_MEAN = {'delivery': 3.8, 'price': 4.2, 'support': 3.4,
            'product quality': 4.5, 'website': 2.6}

# Attribute ratings 1..10 for key-driver analysis: mean at an answer of 8,
# slope per answer point (how strongly the attribute goes with the score) and
# noise.  A separate random stream, so the other tables do not change.
ATTRIBUTES = ['speed', 'staff', 'price', 'product', 'website']
ATTR_BASE = {'speed': 6.3, 'staff': 8.3, 'price': 5.9, 'product': 7.8, 'website': 7.4}
ATTR_SLOPE = {'speed': 0.80, 'staff': 0.45, 'price': 0.10, 'product': 0.30, 'website': 0.08}
ATTR_NOISE = {'speed': 1.1, 'staff': 1.3, 'price': 1.6, 'product': 1.4, 'website': 1.5}
ATTR_SEED = SEED + 14
P_ATTRIBUTES = 0.4
P_NULL_ATTRIBUTE = 0.03

P_NULL_ANSWER = 0.03
P_NULL_RATING = 0.05
P_NULL_EFFORT = 0.08
P_COMPONENTS = 1.0 / 3.0

HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 13,
                12, 12, 13, 13, 14, 15, 16, 15, 12, 8, 4, 2]


class Gen:
    """All randomness goes through rng.random() so the stream is stable."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def u(self):
        return self.rng.random()

    def int_between(self, lo, hi):
        """Uniform integer in [lo, hi]."""
        return lo + min(int(self.u() * (hi - lo + 1)), hi - lo)

    def weighted_index(self, weights):
        total = sum(weights)
        x = self.u() * total
        acc = 0.0
        for i, w in enumerate(weights):
            acc += w
            if x < acc:
                return i
        return len(weights) - 1

    def normal(self, mean, sd):
        # Box-Muller; 1 - u() is in (0, 1], so log() is defined.
        u1 = 1.0 - self.u()
        u2 = self.u()
        return mean + sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def exponential(self, mean):
        return -mean * math.log(1.0 - self.u())

    def sample(self, items, k):
        """k distinct items, partial Fisher-Yates."""
        pool = list(items)
        for i in range(k):
            j = i + min(int(self.u() * (len(pool) - i)), len(pool) - i - 1)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]


def clamp_round(x, lo, hi):
    # round half up, explicitly (Python's round() is banker's rounding).
    v = math.floor(x + 0.5)
    return int(max(lo, min(hi, v)))


def quarter_boundaries(first, last):
    out = []
    for y in range(first.year, last.year + 1):
        for m in (1, 4, 7, 10):
            d = datetime.date(y, m, 1)
            if first <= d <= last:
                out.append(d)
    return out


# Quarter boundaries an ended_at may be snapped to: 2023-04-01 .. 2026-01-01.
END_BOUNDARIES = quarter_boundaries(datetime.date(2023, 1, 2), datetime.date(2026, 1, 1))
START_BOUNDARIES_2025 = quarter_boundaries(YEAR_START, YEAR_END)


def make_customers(g):
    span = (LAST_START - FIRST_START).days
    customers = []
    for cid in range(1, N_CUSTOMERS + 1):
        seg = SEGMENTS[g.weighted_index([w for _, w in SEGMENTS])][0]
        if g.u() < 0.02:
            started = START_BOUNDARIES_2025[g.int_between(0, len(START_BOUNDARIES_2025) - 1)]
        else:
            started = FIRST_START + datetime.timedelta(days=g.int_between(0, span))
        # Constant hazard: tenure ~ exponential; ends after AS_OF = still active.
        tenure_days = g.exponential(365.25 / HAZARD[seg])
        snap = g.u()
        short = g.u()
        ended = None
        if tenure_days <= (AS_OF - started).days:
            ended = started + datetime.timedelta(days=max(1, int(tenure_days)))
            if short < 0.03:
                # a one-day customer
                ended = started + datetime.timedelta(days=1)
            elif snap < 0.12:
                # contract ran to the end of a quarter: snap to the next boundary
                nxt = [b for b in END_BOUNDARIES if b >= ended]
                if nxt:
                    ended = nxt[0]
        customers.append((cid, seg, started, ended))
    return customers


def is_active(c, day):
    """Active during the whole UTC day `day` (started <= day < ended)."""
    _, _, started, ended = c
    return started <= day and (ended is None or ended > day)


def make_responses(g, customers):
    # per-customer propensity to answer surveys (some answer often)
    propensity = [0.2 + g.exponential(1.0) for _ in customers]
    days = [YEAR_START + datetime.timedelta(days=i)
            for i in range((YEAR_END - YEAR_START).days + 1)]

    def pick_customer(day):
        idx = [i for i, c in enumerate(customers) if is_active(c, day)]
        w = [propensity[i] for i in idx]
        return customers[idx[g.weighted_index(w)]]

    stamps = []
    # Forced month-boundary instants: first second and last second of each month.
    for m in range(1, 13):
        first = datetime.date(2025, m, 1)
        last = (datetime.date(2025, m + 1, 1) if m < 12 else datetime.date(2026, 1, 1)) \
            - datetime.timedelta(days=1)
        stamps.append((first, 0, 0, 0))
        stamps.append((last, 23, 59, 59))
    # Weekdays get more responses than weekends.
    day_w = [1.0 if d.weekday() < 5 else 0.6 for d in days]
    while len(stamps) < N_RESPONSES:
        d = days[g.weighted_index(day_w)]
        h = g.weighted_index(HOUR_WEIGHTS)
        stamps.append((d, h, g.int_between(0, 59), g.int_between(0, 59)))
    stamps.sort()

    responses = []
    for rid, (d, h, mi, s) in enumerate(stamps, start=1):
        cust = pick_customer(d)
        seg = cust[1]
        channel = CHANNELS[g.weighted_index(CHANNEL_WEIGHTS[seg])]
        mu = MOOD_MEAN[channel] + SEGMENT_MOOD[seg]
        slump = channel == 'phone' and d.month in PHONE_SLUMP_MONTHS
        if slump:
            mu += PHONE_SLUMP
        mood = g.normal(mu, MOOD_SD)
        answer = clamp_round(mood, 0, 10)
        rating = clamp_round(3.0 + 0.55 * (mood - 7.0) + g.normal(0.0, 0.7), 1, 5)
        effort = clamp_round(EFFORT_MEAN[channel] + (PHONE_SLUMP_EFFORT if slump else 0.0)
                             + 0.35 * (mood - 7.5) + g.normal(0.0, 1.0), 1, 7)
        if g.u() < P_NULL_ANSWER:
            answer = None
        if g.u() < P_NULL_RATING:
            rating = None
        if g.u() < P_NULL_EFFORT:
            effort = None
        ts = datetime.datetime(d.year, d.month, d.day, h, mi, s)
        responses.append({
            'response_id': rid, 'customer_id': cust[0], 'responded_at': ts,
            'channel': channel, 'answer': answer, 'rating': rating,
            'effort': effort, 'segment': seg, 'mood': mood, 'slump': slump,
        })
    return responses


def make_component_ratings(g, responses):
    rows = []
    for r in responses:
        if g.u() >= P_COMPONENTS:
            continue
        k = g.int_between(2, 5)
        chosen = g.sample(COMPONENTS, k)
        chosen = [c for c in COMPONENTS if c in chosen]      # canonical order
        for comp in chosen:
            mu_s = SAT_MEAN[comp] + 0.30 * (r['mood'] - 7.5)
            if comp == 'support' and r['channel'] == 'phone':
                mu_s -= 0.5
                if r['slump']:
                    mu_s -= 0.9
            if comp == 'website' and r['channel'] in ('app', 'web'):
                mu_s += 0.3
            mu_i = IMP_MEAN[comp]
            if comp == 'support' and r['segment'] == 'enterprise':
                mu_i += 1.0
            if comp == 'website' and r['channel'] in ('app', 'web'):
                mu_i += 0.5
            sat = clamp_round(g.normal(mu_s, 0.8), 1, 5)
            imp = clamp_round(g.normal(mu_i, 0.8), 1, 5)
            rows.append((r['response_id'], comp, sat, imp))
    return rows


def make_attribute_ratings(responses):
    g = Gen(ATTR_SEED)
    rows = []
    for r in responses:
        if r['answer'] is None or g.u() >= P_ATTRIBUTES:
            continue
        dev = r['answer'] - 8
        row = [r['response_id']]
        for a in ATTRIBUTES:
            value = clamp_round(g.normal(ATTR_BASE[a] + ATTR_SLOPE[a] * dev, ATTR_NOISE[a]), 1, 10)
            row.append(None if g.u() < P_NULL_ATTRIBUTE else value)
        rows.append(row)
    return rows


def check(customers, responses, ratings):
    by_id = {c[0]: c for c in customers}
    for c in customers:
        assert c[1] in dict(SEGMENTS)
        assert FIRST_START <= c[2] <= LAST_START
        assert c[3] is None or c[3] > c[2], c
    for r in responses:
        c = by_id[r['customer_id']]
        assert is_active(c, r['responded_at'].date()), (r, c)
        assert YEAR_START <= r['responded_at'].date() <= YEAR_END
        assert r['answer'] is None or 0 <= r['answer'] <= 10
        assert r['rating'] is None or 1 <= r['rating'] <= 5
        assert r['effort'] is None or 1 <= r['effort'] <= 7
    ids = {r['response_id'] for r in responses}
    seen = set()
    for rid, comp, s, i in ratings:
        assert rid in ids and comp in COMPONENTS and 1 <= s <= 5 and 1 <= i <= 5
        assert (rid, comp) not in seen
        seen.add((rid, comp))


HEADER = """\
-- cx_metrics sample data set.
-- GENERATED by test/data/make_sample.py (random.Random(20250101)); do not edit by hand,
-- change the generator and re-run it:  /usr/bin/python3 test/data/make_sample.py
--
-- Load:  psql -X -v ON_ERROR_STOP=1 -f test/data/sample.sql
-- Creates the tables customers, responses, component_ratings, attribute_ratings in the
-- current schema.
-- Timestamps are UTC; group them by day/month with SET TimeZone = 'UTC'.

CREATE TABLE customers (
  customer_id integer PRIMARY KEY,
  segment     text NOT NULL,        -- 'consumer', 'business', 'enterprise'
  started_at  date NOT NULL,
  ended_at    date                   -- NULL = still a customer
);
CREATE TABLE responses (
  response_id  integer PRIMARY KEY,
  customer_id  integer NOT NULL REFERENCES customers,
  responded_at timestamptz NOT NULL,
  channel      text NOT NULL,          -- 'app', 'web', 'phone', 'email', 'store'
  answer       smallint,               -- NPS question 0..10, NULL = skipped
  rating       smallint,               -- CSAT 1..5, NULL = skipped
  effort       smallint                -- CES 2.0 ("made it easy"), 1..7, NULL = skipped
);
CREATE TABLE component_ratings (       -- weighted CSI: each respondent rates some components
  response_id  integer NOT NULL REFERENCES responses,
  component    text NOT NULL,          -- 'delivery', 'price', 'support', 'product quality', 'website'
  satisfaction smallint NOT NULL,      -- 1..5
  importance   smallint NOT NULL       -- 1..5
);
CREATE TABLE attribute_ratings (       -- key drivers: ratings 1..10 of five attributes, NULL = skipped
  response_id  integer PRIMARY KEY REFERENCES responses,
  speed        smallint,
  staff        smallint,
  price        smallint,
  product      smallint,
  website      smallint
);
"""


def fmt(v):
    if v is None:
        return '\\N'
    if isinstance(v, datetime.datetime):
        return v.strftime('%Y-%m-%d %H:%M:%S') + '+00'
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


def render(customers, responses, ratings, attributes):
    out = [HEADER]
    out.append('\nCOPY customers (customer_id, segment, started_at, ended_at) FROM stdin;\n')
    for c in customers:
        out.append('\t'.join(fmt(v) for v in c) + '\n')
    out.append('\\.\n')
    out.append('\nCOPY responses (response_id, customer_id, responded_at, channel, '
               'answer, rating, effort) FROM stdin;\n')
    cols = ['response_id', 'customer_id', 'responded_at', 'channel', 'answer',
            'rating', 'effort']
    for r in responses:
        out.append('\t'.join(fmt(r[k]) for k in cols) + '\n')
    out.append('\\.\n')
    out.append('\nCOPY component_ratings (response_id, component, satisfaction, '
               'importance) FROM stdin;\n')
    for row in ratings:
        out.append('\t'.join(fmt(v) for v in row) + '\n')
    out.append('\\.\n')
    out.append('\nCOPY attribute_ratings (response_id, %s) FROM stdin;\n' % ', '.join(ATTRIBUTES))
    for row in attributes:
        out.append('\t'.join(fmt(v) for v in row) + '\n')
    out.append('\\.\n')
    out.append('\nANALYZE;\n')
    return ''.join(out)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    path = argv[1] if len(argv) > 1 else os.path.join(here, 'sample.sql')
    g = Gen(SEED)
    customers = make_customers(g)
    responses = make_responses(g, customers)
    ratings = make_component_ratings(g, responses)
    check(customers, responses, ratings)
    attributes = make_attribute_ratings(responses)
    text = render(customers, responses, ratings, attributes)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)
    ended = sum(1 for c in customers if c[3] is not None)
    print('%s: %d customers (%d ended), %d responses, %d component ratings, '
          '%d attribute ratings, %d bytes'
          % (path, len(customers), ended, len(responses), len(ratings), len(attributes),
             len(text.encode('utf-8'))))


if __name__ == '__main__':
    main(sys.argv)
