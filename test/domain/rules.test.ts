import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FigureValues, MissingValueStrategy, RuleOperator } from "../../src/domain/forms.ts";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { evaluateRules } from "../../src/domain/rules.ts";
import { CONFIG_DIR, form, text } from "../helpers/domain.ts";

const FIGURES = ["a", "b", "c", "note"].map((id) => ({ id, label: text(id), type: id === "note" ? "text" : "count", required: false }));

function ruleForm(operator: RuleOperator, missing: MissingValueStrategy, left: string[] = ["a"], right: string[] = ["b"]) {
  return form({ figures: FIGURES, rules: [{ id: "r", left, operator, right, missing, message: text("broken") }] });
}

function violated(operator: RuleOperator, missing: MissingValueStrategy, values: FigureValues): boolean {
  return evaluateRules(ruleForm(operator, missing), values).length > 0;
}

const COMPARISONS: RuleOperator[] = ["==", "!=", "<", "<=", ">", ">="];
const STRATEGIES: MissingValueStrategy[] = ["skip_if_any_missing", "skip_if_all_missing", "never_skip"];

// Expected violations per operator, in the order of COMPARISONS.
const CASES: { name: string; values: FigureValues; expected: Record<MissingValueStrategy, boolean[]> }[] = [
  {
    name: "left greater (5 vs 3)",
    values: { a: 5, b: 3 },
    expected: {
      skip_if_any_missing: [true, false, true, true, false, false],
      skip_if_all_missing: [true, false, true, true, false, false],
      never_skip: [true, false, true, true, false, false],
    },
  },
  {
    name: "sides equal (3 vs 3)",
    values: { a: 3, b: 3 },
    expected: {
      skip_if_any_missing: [false, true, true, false, true, false],
      skip_if_all_missing: [false, true, true, false, true, false],
      never_skip: [false, true, true, false, true, false],
    },
  },
  {
    name: "left missing (0 vs 3 when counted)",
    values: { b: 3 },
    expected: {
      skip_if_any_missing: [false, false, false, false, false, false],
      skip_if_all_missing: [true, false, false, false, true, true],
      never_skip: [true, false, false, false, true, true],
    },
  },
  {
    name: "everything missing (0 vs 0 when counted)",
    values: {},
    expected: {
      skip_if_any_missing: [false, false, false, false, false, false],
      skip_if_all_missing: [false, false, false, false, false, false],
      never_skip: [false, true, true, false, true, false],
    },
  },
];

describe("comparison rules: every operator × missing-value strategy", () => {
  for (const { name, values, expected } of CASES) {
    for (const missing of STRATEGIES) {
      COMPARISONS.forEach((operator, i) => {
        const broken = expected[missing][i];
        it(`a ${operator} b with ${name} under ${missing} is ${broken === true ? "violated" : "kept"}`, () => {
          assert.equal(violated(operator, missing, values), broken);
        });
      });
    }
  }
});

describe("pair rules ignore the missing-value strategy", () => {
  const presence: [string, FigureValues, boolean, boolean][] = [
    // [name, values, compulsory pair violated, exclusive pair violated]
    ["both present", { a: 1, b: 0 }, false, true],
    ["only left present", { a: 1 }, true, false],
    ["only right present", { b: 0 }, true, false],
    ["neither present", {}, false, false],
  ];
  for (const missing of STRATEGIES) {
    for (const [name, values, compulsory, exclusive] of presence) {
      it(`compulsory pair with ${name} under ${missing} is ${compulsory ? "violated" : "kept"}`, () => {
        assert.equal(violated("compulsory_pair", missing, values), compulsory);
      });
      it(`exclusive pair with ${name} under ${missing} is ${exclusive ? "violated" : "kept"}`, () => {
        assert.equal(violated("exclusive_pair", missing, values), exclusive);
      });
    }
  }
});

describe("rule sides", () => {
  it("adds up the figures of a side and reports the sums and every figure named", () => {
    const [violation, ...rest] = evaluateRules(ruleForm("<=", "never_skip", ["a", "b"], ["c"]), { a: 2, b: 3, c: 4 });
    assert.equal(rest.length, 0);
    assert.equal(violation?.rule.id, "r");
    assert.deepEqual([violation?.left, violation?.right, violation?.figures], [5, 4, ["a", "b", "c"]]);
  });

  it("skips a side that is partly missing under skip_if_any_missing", () => {
    assert.deepEqual(evaluateRules(ruleForm("<=", "skip_if_any_missing", ["a", "b"], ["c"]), { a: 9, c: 4 }), []);
  });

  it("counts a partly missing side as its present part under skip_if_all_missing", () => {
    const [violation] = evaluateRules(ruleForm("<=", "skip_if_all_missing", ["a", "b"], ["c"]), { a: 9, c: 4 });
    assert.deepEqual([violation?.left, violation?.right], [9, 4]);
  });

  it("reports an absent side as undefined, not 0", () => {
    const [violation] = evaluateRules(ruleForm(">", "never_skip"), {});
    assert.deepEqual([violation?.left, violation?.right], [undefined, undefined]);
  });

  it("treats a text value under a numeric id as missing", () => {
    assert.equal(violated(">=", "skip_if_any_missing", { a: "many", b: 3 }), false);
  });
});

describe("the shipped forms' rules", () => {
  const { forms } = loadDomainConfig(CONFIG_DIR);
  const byId = (id: string) => forms.find((f) => f.id === id) ?? assert.fail(`no form ${id}`);

  it("flag more field seminars than seminars", () => {
    const violations = evaluateRules(byId("public-services"), { seminars: 21, seminars_field: 22 });
    assert.deepEqual(violations.map((v) => [v.rule.id, v.left, v.right]), [["field_seminars_within_seminars", 22, 21]]);
  });

  it("accept the seed's 14 field seminars of 21", () => {
    assert.deepEqual(evaluateRules(byId("public-services"), { seminars: 21, seminars_field: 14 }), []);
  });

  it("flag spending beyond the allotment and permanent jobs beyond jobs created", () => {
    const violations = evaluateRules(byId("employment-roadmap"), {
      funds_allotted: 17_900_000_000,
      funds_spent: 18_000_000_000,
      jobs_created: 10,
      jobs_permanent: 11,
    });
    assert.deepEqual(violations.map((v) => v.rule.id), ["spent_within_allotted", "permanent_within_created"]);
  });
});
