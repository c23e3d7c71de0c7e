"""Unit tests of reference.py against the worked examples of metrics.md.

Run (no database needed), from the repository root:
    /usr/bin/python3 -m unittest discover -s test/crosscheck -v
or from test/crosscheck:
    /usr/bin/python3 -m unittest -v test_reference
(Not "-m unittest test/crosscheck/test_reference.py": the module name would
start with "test", which is the standard library's own test package.)
"""

import datetime
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import reference as R  # noqa: E402

D = datetime.date


class NPSTest(unittest.TestCase):
    # metrics.md 1: 12 answers, 9 promoters, 2 passives, 1 detractor -> 66.666...
    EXAMPLE = [9, 9, 9, 9, 10, 10, 10, 10, 10, 7, 8, 3]

    def test_worked_example(self):
        self.assertEqual(len(self.EXAMPLE), 12)
        self.assertAlmostEqual(R.nps(self.EXAMPLE), 200 / 3, places=12)
        self.assertEqual(R.nps(self.EXAMPLE), 66.66666666666667)

    def test_shares(self):
        s = R.score_summary(self.EXAMPLE)
        self.assertAlmostEqual(s.share(9, 10), 75.0, places=12)
        self.assertAlmostEqual(s.share(7, 8), 16.666666666666668, places=12)
        self.assertAlmostEqual(s.share(0, 6), 8.333333333333334, places=12)
        self.assertEqual(s.nps(), R.nps(self.EXAMPLE))

    def test_mean_of_plus_minus_100(self):
        # "Equivalently the mean of +100 / 0 / -100 per answer."
        scores = [100 if a >= 9 else -100 if a <= 6 else 0 for a in self.EXAMPLE]
        self.assertAlmostEqual(R.nps(self.EXAMPLE), sum(scores) / len(scores), places=12)

    def test_difference_of_shares_not_counts(self):
        # 9 - 1 = 8 raw counts is the mistake the sources make
        self.assertNotEqual(R.nps(self.EXAMPLE), 8.0)

    def test_range_and_extremes(self):
        self.assertEqual(R.nps([10, 9, 10]), 100.0)
        self.assertEqual(R.nps([0, 6, 3]), -100.0)
        self.assertEqual(R.nps([7, 8]), 0.0)

    def test_nulls_and_empty(self):
        self.assertEqual(R.nps([None, 10, None, 0]), 0.0)
        self.assertIsNone(R.nps([]))
        self.assertIsNone(R.nps([None, None]))

    def test_thresholds(self):
        # 10-point variant: 1-5 detractors, 6-8 passives, 9-10 promoters
        answers = [1, 5, 6, 8, 9, 10]
        self.assertAlmostEqual(R.nps(answers, 9, 5), 0.0)
        self.assertAlmostEqual(R.nps(answers), 100 * (2 - 3) / 6)
        # 1..5 "NPS": 1-3 detractors, 4 passive, 5 promoter
        self.assertAlmostEqual(R.nps([1, 2, 3, 4, 5, 5], 5, 3), 100 * (2 - 3) / 6)

    def test_validation(self):
        for bad in (-1, 11, 2.5, True):
            with self.assertRaises(ValueError):
                R.nps([5, bad])


class CSATTest(unittest.TestCase):
    def test_worked_example_112(self):
        # 30 answers of 4, 50 of 5, 112 in all -> 71.428571...
        answers = [4] * 30 + [5] * 50 + [1] * 10 + [2] * 10 + [3] * 12
        self.assertEqual(len(answers), 112)
        self.assertAlmostEqual(R.csat(answers), 100 * 80 / 112, places=12)
        self.assertAlmostEqual(R.csat(answers), 71.42857142857143, places=12)

    EXAMPLE_20 = [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5]

    def test_worked_example_20(self):
        a = self.EXAMPLE_20
        self.assertEqual(len(a), 20)
        s = R.score_summary(a)
        shares = [s.share(k, k) for k in range(1, 6)]
        for got, want in zip(shares, [20, 15, 20, 35, 10]):
            self.assertAlmostEqual(got, want, places=12)
        self.assertAlmostEqual(R.csat(a), 45.0, places=12)          # satisfied 4-5
        self.assertAlmostEqual(s.share(4, 5), 45.0, places=12)
        self.assertAlmostEqual(s.share(1, 3), 55.0, places=12)      # neutral counted as dissatisfied
        self.assertAlmostEqual(s.mean(), 3.0, places=12)
        self.assertAlmostEqual(s.csat(), 45.0, places=12)

    def test_satisfied_min(self):
        self.assertAlmostEqual(R.csat(self.EXAMPLE_20, 5), 10.0)
        # 1..7 scale, top-2 = 6-7
        self.assertAlmostEqual(R.csat([7, 6, 5, 1], 6), 50.0)

    def test_nulls_and_empty(self):
        self.assertEqual(R.csat([None, 5, 1]), 50.0)
        self.assertIsNone(R.csat([None]))


class CESTest(unittest.TestCase):
    def test_mean(self):
        self.assertAlmostEqual(R.ces([1, 7, 4, None, 5]), 17 / 4)
        self.assertIsNone(R.ces([]))

    def test_validation(self):
        for bad in (0, 8):
            with self.assertRaises(ValueError):
                R.ces([bad])


class SummaryTest(unittest.TestCase):
    def test_rollup_is_not_average_of_nps(self):
        day1 = [10, 10, 10, 0]          # NPS 50 from 4 answers
        day2 = [0, 0]                   # NPS -100 from 2 answers
        merged = R.rollup([R.score_summary(day1), R.score_summary(day2), None])
        self.assertEqual(merged.responses(), 6)
        self.assertAlmostEqual(merged.nps(), R.nps(day1 + day2))
        self.assertAlmostEqual(merged.nps(), 0.0)
        self.assertNotAlmostEqual(merged.nps(), (R.nps(day1) + R.nps(day2)) / 2)

    def test_empty(self):
        self.assertIsNone(R.score_summary([None, None]))
        self.assertIsNone(R.rollup([None]))
        self.assertIsNone(R.rollup([]))

    def test_responses_skip_nulls(self):
        self.assertEqual(R.score_summary([1, None, 2, 2]).responses(), 3)


class CSITest(unittest.TestCase):
    # metrics.md 4: components A and B, two respondents.
    ROWS = [('A', 4, 5), ('A', 5, 4), ('B', 3, 2), ('B', 2, 3)]   # (component, s, i)

    def test_row_level(self):
        rows = [(s, i) for _, s, i in self.ROWS]
        self.assertAlmostEqual(R.weighted_csi(rows), 52 / 14, places=12)
        self.assertAlmostEqual(R.weighted_csi(rows), 3.7142857142857144, places=12)

    def test_component_level(self):
        self.assertAlmostEqual(R.weighted_csi_components(self.ROWS), 26.5 / 7, places=12)
        self.assertAlmostEqual(R.weighted_csi_components(self.ROWS), 3.7857142857142856,
                               places=12)

    def test_percent_of_scale(self):
        # 4.54 on a 5-point scale -> 90.8 %
        csi = R.weighted_csi([(5, 54), (4, 46)])
        self.assertAlmostEqual(csi, 4.54, places=12)
        self.assertAlmostEqual(100 * csi / 5, 90.8, places=12)

    def test_nulls_zero_and_empty(self):
        self.assertAlmostEqual(R.weighted_csi([(5, 1), (None, 3), (1, None), (3, 1)]), 4.0)
        self.assertIsNone(R.weighted_csi([(5, 0), (4, 0)]))
        self.assertIsNone(R.weighted_csi([]))
        self.assertIsNone(R.weighted_csi_components([('A', 5, 0), ('B', 1, 0)]))
        self.assertIsNone(R.weighted_csi_components([('A', None, 1)]))
        # a zero-importance component still counts, with weight 0
        self.assertAlmostEqual(R.weighted_csi_components([('A', 5, 0), ('B', 1, 2)]), 1.0)

    def test_negative_importance(self):
        with self.assertRaises(ValueError):
            R.weighted_csi([(5, -1)])


class ChurnTest(unittest.TestCase):
    LO, HI = D(2025, 1, 1), D(2025, 4, 1)

    def rate(self, customers, basis='start'):
        return R.churn_rate_period(customers, self.LO, self.HI, basis)

    def test_boolean(self):
        self.assertAlmostEqual(R.churn_rate([True, False, None, False]), 100 / 3)
        self.assertIsNone(R.churn_rate([None]))
        self.assertIsNone(R.churn_rate([]))

    def test_active_bounds(self):
        # started_at inclusive, ended_at exclusive
        self.assertTrue(R.is_active(D(2025, 1, 1), None, D(2025, 1, 1)))
        self.assertFalse(R.is_active(D(2024, 1, 1), D(2025, 1, 1), D(2025, 1, 1)))
        self.assertTrue(R.is_active(D(2024, 1, 1), D(2025, 1, 2), D(2025, 1, 1)))

    def test_start_basis(self):
        cs = [
            (D(2024, 1, 1), None),               # S E
            (D(2024, 1, 1), D(2025, 2, 1)),      # S, lost
            (D(2024, 1, 1), D(2025, 4, 1)),      # ends on hi: S E, lost next quarter
            (D(2024, 1, 1), D(2025, 1, 1)),      # ends on lo: S, lost
            (D(2025, 1, 1), D(2025, 3, 1)),      # starts on lo: new (not S), lost
            (D(2025, 2, 1), D(2025, 3, 1)),      # new, lost
            (D(2025, 4, 1), None),               # starts on hi: new next quarter
        ]
        # S = rows 1-4; S and L = rows 2, 4
        self.assertAlmostEqual(self.rate(cs), 100 * 2 / 4)
        self.assertAlmostEqual(self.rate(cs, 'start'), self.rate(cs))
        # L = rows 2, 4, 5, 6; E = rows 1, 3 (= S + N - L = 4 + 2 - 4)
        self.assertAlmostEqual(self.rate(cs, 'average'), 100 * 4 / ((4 + 2) / 2))
        # N = rows 5, 6
        self.assertAlmostEqual(self.rate(cs, 'new'), 100 * 4 / 2)   # can exceed 100

    def test_end_on_a_bound_is_lost_once(self):
        # ending on 2025-04-01: lost in Q2 under every basis, not in Q1
        q2 = (D(2025, 4, 1), D(2025, 7, 1))
        cs = [(D(2024, 1, 1), D(2025, 4, 1)), (D(2024, 1, 1), None)]
        for basis in R.BASES:
            q1_rate = self.rate(cs, basis)
            self.assertIn(q1_rate, (0.0, None), basis)
        self.assertAlmostEqual(R.churn_rate_period(cs, *q2), 50.0)
        self.assertAlmostEqual(R.churn_rate_period(cs, *q2, basis='average'), 100 / 1.5)

    def test_random_periods(self):
        # E = S + N - L for every period, and the end of one period is the
        # start of the next
        rng = random.Random(12)
        for _ in range(300):
            bounds = [0]
            for _ in range(rng.randint(1, 5)):
                bounds.append(bounds[-1] + rng.randint(1, 20))
            cs = []
            for _ in range(rng.randint(0, 30)):
                s = rng.choice([rng.randint(-10, bounds[-1] + 10), rng.choice(bounds)])
                e = rng.choice([None, s, s + rng.randint(0, 40), max(s, rng.choice(bounds))])
                cs.append((s, e))
            prev_e = None
            for lo, hi in zip(bounds, bounds[1:]):
                S = sum(R.is_customer_just_before(s, e, lo) for s, e in cs)
                E = sum(R.is_customer_just_before(s, e, hi) for s, e in cs)
                N = sum(lo <= s < hi for s, e in cs)
                L = sum(e is not None and lo <= e < hi for s, e in cs)
                self.assertEqual(E, S + N - L)
                if prev_e is not None:
                    self.assertEqual(S, prev_e)
                prev_e = E
                # the rates read these counts
                if N:
                    self.assertAlmostEqual(R.churn_rate_period(cs, lo, hi, 'new'), 100 * L / N)
                if S + E:
                    self.assertAlmostEqual(R.churn_rate_period(cs, lo, hi, 'average'),
                                           100 * L / ((S + E) / 2))

    def test_retention(self):
        cs = [(D(2024, 1, 1), None)] * 3 + [(D(2024, 1, 1), D(2025, 2, 1))]
        self.assertAlmostEqual(100 - self.rate(cs), 75.0)

    def test_zero_denominators(self):
        only_new = [(D(2025, 2, 1), None)]
        self.assertIsNone(self.rate(only_new, 'start'))
        self.assertAlmostEqual(self.rate(only_new, 'average'), 0.0)   # S=0, E=1, lost=0
        self.assertAlmostEqual(self.rate(only_new, 'new'), 0.0)
        old = [(D(2024, 1, 1), None)]
        self.assertIsNone(self.rate(old, 'new'))
        self.assertIsNone(self.rate([], 'average'))
        self.assertIsNone(self.rate([(None, None)], 'start'))

    def test_bad_basis(self):
        with self.assertRaises(ValueError):
            self.rate([], 'end')


if __name__ == '__main__':
    unittest.main()
