import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allocationDecreased, checkOutlier } from "../../src/domain/outliers.ts";
import { figure } from "../helpers/domain.ts";

describe("checkOutlier", () => {
  it("needs at least three earlier periods", () => {
    assert.deepEqual(checkOutlier(1_000_000, [100, 100]), { outlier: false });
  });

  it("flags a value beyond three times the mean of the last three periods", () => {
    assert.deepEqual(checkOutlier(301, [100, 110, 90]), { outlier: true, reason: "above_3x_mean", mean: 100, z: 20.1 });
  });

  it("accepts exactly three times the mean", () => {
    assert.deepEqual(checkOutlier(300, [100, 100, 100, 100]), { outlier: false });
  });

  it("flags a value below a third of the mean, including a sudden zero", () => {
    const check = checkOutlier(0, [90, 100, 110]);
    assert.equal(check.outlier && check.reason, "below_third_of_mean");
    assert.deepEqual(checkOutlier(34, [100, 100, 100]), { outlier: false });
  });

  it("uses only the last three periods for the mean", () => {
    const check = checkOutlier(301, [100, 100, 100, 10_000, 10_000]);
    assert.equal(check.outlier && check.reason, "above_3x_mean");
    assert.equal(check.outlier && check.mean, 100);
  });

  it("flags a z-score beyond 3 over the last twelve periods", () => {
    const history = [100, 102, 98, 101, 99, 100, 103, 97, 100, 101, 99, 100];
    const check = checkOutlier(120, history);
    assert.equal(check.outlier && check.reason, "z_score");
    assert.ok(check.outlier && (check.z ?? 0) > 3);
    assert.equal(check.outlier && check.mean, 100);
  });

  it("looks no further back than twelve periods for the z-score", () => {
    const history = [100, 102, 98, 101, 99, 100, 103, 97, 100, 101, 99, 100, 0, 400, 0, 400];
    assert.equal(checkOutlier(120, history).outlier, true);
  });

  it("accepts an ordinary value", () => {
    assert.deepEqual(checkOutlier(104, [100, 102, 98, 101, 99, 100]), { outlier: false });
  });

  it("does not flag the first value after a history of zeros or of one constant", () => {
    assert.deepEqual(checkOutlier(5, [0, 0, 0]), { outlier: false });
    assert.deepEqual(checkOutlier(120, [100, 100, 100]), { outlier: false });
  });
});

describe("allocationDecreased", () => {
  const allotted = figure({ type: "money", monthAggregation: "last" });

  it("is true when an annual allocation goes down", () => assert.equal(allocationDecreased(allotted, 100, 90), true));
  it("is false when it stays or grows", () => {
    assert.equal(allocationDecreased(allotted, 100, 100), false);
    assert.equal(allocationDecreased(allotted, 100, 120), false);
  });
  it("is false with no earlier value", () => assert.equal(allocationDecreased(allotted, undefined, 0), false));
  it("is false for money that adds up over months", () => {
    assert.equal(allocationDecreased(figure({ type: "money" }), 100, 90), false);
  });
  it("is false for a count", () => {
    assert.equal(allocationDecreased(figure({ type: "count", monthAggregation: "last" }), 100, 90), false);
  });
});
