// The benchmark's own arithmetic: the percentiles it reports and the months it seeds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { distribution, percentile } from "../../bench/lib/stats.ts";
import { monthRange } from "../../bench/lib/seed.ts";

test("percentiles are nearest-rank: p50 of 1..10 is 5, p99 of 1..100 is 99, p99 of 1..10 is the largest", () => {
  const ten = Array.from({ length: 10 }, (_, i) => i + 1);
  assert.equal(percentile(ten, 50), 5);
  assert.equal(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99), 99);
  assert.equal(percentile(ten, 99), 10);
});

test("a distribution is taken from unsorted samples", () => {
  const d = distribution([30, 10, 20, 40]);
  assert.deepEqual([d.n, d.mean, d.p50, d.max], [4, 25, 20, 40]);
});

test("month ranges cross years and include both ends", () => {
  assert.deepEqual(monthRange("2015-11", "2016-02"), ["2015-11", "2015-12", "2016-01", "2016-02"]);
  assert.equal(monthRange("2014-11", "2016-10").length, 24);
});
