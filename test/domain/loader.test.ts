import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadDomainConfig, loadForms, loadRegion } from "../../src/configFiles.ts";
import { CONFIG_DIR } from "../helpers/domain.ts";

const REGION = loadRegion(join(CONFIG_DIR, "region.yaml"));

const VALID_FORM = `
id: third-form
names: {kk: Үшінші, ru: Третья, en: Third}
periodType: monthly
deadline: {day: 10, time: "09:00", lockAfterDays: 20}
figures:
  - id: schools
    type: count
    label: {kk: Мектептер, ru: Школы, en: Schools}
  - id: comment
    type: text
    required: false
    label: {kk: Түсініктеме, ru: Комментарий, en: Comment}
`;

/** A config directory with the shipped region and the given form files. */
function configWith(forms: Record<string, string>, region = readFileSync(join(CONFIG_DIR, "region.yaml"), "utf8")): string {
  const dir = mkdtempSync(join(tmpdir(), "domain-config-"));
  mkdirSync(join(dir, "forms"));
  writeFileSync(join(dir, "region.yaml"), region);
  for (const [name, source] of Object.entries(forms)) writeFileSync(join(dir, "forms", name), source);
  return dir;
}

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  return assert.fail("expected a ConfigError");
}

describe("the shipped configuration", () => {
  it("loads cleanly: the region with its 19 units and both forms", () => {
    const { region, forms } = loadDomainConfig(CONFIG_DIR);
    assert.equal(region.units.length, 19);
    assert.deepEqual(forms.map((f) => f.id).sort(), ["employment-roadmap", "public-services"]);
  });
});

describe("a new form", () => {
  it("needs only a new file in the forms directory", () => {
    const dir = configWith({ "third.yaml": VALID_FORM });
    const [third] = loadForms(join(dir, "forms"), REGION);
    assert.equal(third?.id, "third-form");
    assert.deepEqual(third?.figures.map((f) => f.id), ["schools", "comment"]);
  });
});

describe("configuration errors", () => {
  it("name the file, the path inside it and the problem, with the value found", () => {
    const source = VALID_FORM.replace("    type: count\n", "    type: count\n    max: abc\n");
    const dir = configWith({ "public-services.yaml": source });
    const file = join(dir, "forms", "public-services.yaml");
    const [problem, ...rest] = problemsOf(() => loadForms(join(dir, "forms"), REGION));
    assert.deepEqual(rest, []);
    assert.equal(problem, `${file}: figures[0].max: expected a number, got "abc" (line 9)`);
  });

  it("report a YAML syntax error with its line", () => {
    const dir = configWith({ "broken.yaml": "id: x\nfigures:\n  - id: a\n   type: count\n" });
    const [problem] = problemsOf(() => loadForms(join(dir, "forms"), REGION));
    assert.match(problem ?? "", /broken\.yaml: line 4, column \d+: YAML syntax: /);
  });

  it("report a duplicate key as a YAML error", () => {
    const dir = configWith({ "dup.yaml": VALID_FORM.replace("periodType: monthly", "periodType: monthly\nperiodType: yearly") });
    assert.match(problemsOf(() => loadForms(join(dir, "forms"), REGION))[0] ?? "", /dup\.yaml: line 5, .*unique/i);
  });

  it("list every problem of every file, one line each", () => {
    const broken = `
id: broken
names: {kk: Сынық, ru: Сломанная}
periodType: weekly
units: [talgar, atlantis]
deadline: {day: 31, time: "25:00", lockAfterDays: 20}
figures:
  - id: total
    type: count
    label: {kk: Барлығы, ru: Всего, en: Total}
    min: 10
    max: 5
  - id: part
    type: count
    partOf: total
    monthAggregation: last
    label: {kk: Бөлігі, ru: Часть, en: Part}
  - id: part
    type: choice
    requried: true
    label: {kk: Таңдау, ru: Выбор, en: Choice}
rules:
  - id: r1
    left: part
    operator: "<="
    right: [total, ghost]
    message: {kk: Қате, ru: Ошибка, en: Error}
keyFigures: [total, nothing]
`;
    const wrongType = VALID_FORM.replace("third-form", "other").replace("type: count", "type: number");
    const dir = configWith({ "a-broken.yaml": broken, "b-wrong-type.yaml": wrongType, "c-third.yaml": VALID_FORM });
    const a = join(dir, "forms", "a-broken.yaml");
    const b = join(dir, "forms", "b-wrong-type.yaml");
    const problems = problemsOf(() => loadForms(join(dir, "forms"), REGION)).map((p) => p.replace(/ \(line \d+\)$/, ""));
    assert.deepEqual(problems, [
      `${a}: names.en: missing: expected text`,
      `${a}: periodType: expected one of "monthly", "quarterly", "yearly", got "weekly"`,
      `${a}: figures[2].requried: unknown key`,
      `${a}: deadline.day: expected a day from 1 to 28 (every month has it)`,
      `${a}: deadline.time: expected a time "HH:MM" (24-hour), got "25:00"`,
      `${b}: figures[0].type: expected one of "count", "money", "decimal", "percentage", "text", "choice", got "number"`,
    ]);
  });

  it("list the problems found across figures once the shapes are right", () => {
    const crossed = `
id: crossed
names: {kk: Қ, ru: К, en: C}
periodType: monthly
units: [talgar, atlantis, talgar]
deadline: {day: 5, time: "18:00", lateAfterDays: 10, lockAfterDays: 5}
figures:
  - id: total
    type: count
    label: {kk: Барлығы, ru: Всего, en: Total}
    min: 10
    max: 5
  - id: part
    type: count
    partOf: total
    monthAggregation: last
    label: {kk: Бөлігі, ru: Часть, en: Part}
  - id: part
    type: choice
    label: {kk: Таңдау, ru: Выбор, en: Choice}
  - id: note
    type: text
    label: {kk: Ескерту, ru: Примечание, en: Note}
    max: 5
  - id: rate
    type: percentage
    unitAggregation: sum
    label: {kk: Үлес, ru: Доля, en: Rate}
rules:
  - id: r1
    left: part
    operator: "<="
    right: [total, ghost]
    message: {kk: Қате, ru: Ошибка, en: Error}
  - id: r2
    left: note
    operator: "=="
    right: rate
    message: {kk: Қате, ru: Ошибка, en: Error}
derived:
  - id: total
    label: {kk: Үлес, ru: Доля, en: Share}
    numerator: [total]
    denominator: [nothing]
keyFigures: [total, note]
`;
    const dir = configWith({ "crossed.yaml": crossed });
    const file = join(dir, "forms", "crossed.yaml");
    const problems = problemsOf(() => loadForms(join(dir, "forms"), REGION)).map((p) => p.replace(/ \(line \d+\)$/, ""));
    assert.deepEqual(problems, [
      `${file}: figures[2].id: duplicate id "part"`,
      `${file}: derived[0].id: duplicate id "total"`,
      `${file}: figures[0].min: min (10) is greater than max (5)`,
      `${file}: figures[1].partOf: monthAggregation "last" differs from "sum" of "total"`,
      `${file}: figures[2].choices: a choice figure needs choices`,
      `${file}: figures[3].max: does not apply to a text figure`,
      `${file}: figures[4].unitAggregation: a percentage cannot be summed; use a derived indicator`,
      `${file}: rules[0].left[0]: figure "part" is choice, not a number`, // the later of the two "part"s
      `${file}: rules[0].right[1]: unknown figure "ghost"`,
      `${file}: rules[1].left[0]: figure "note" is text, not a number`,
      `${file}: derived[0].denominator[0]: unknown figure "nothing"`,
      `${file}: keyFigures[1]: figure "note" is text, not a number`,
      `${file}: units[2]: duplicate id "talgar"`,
      `${file}: units[1]: unknown unit "atlantis" (not in the region)`,
      `${file}: deadline.lockAfterDays: must not be less than lateAfterDays`,
    ]);
  });

  it("point at the line of the value at fault", () => {
    const dir = configWith({ "third.yaml": VALID_FORM.replace('time: "09:00"', 'time: "9 am"') });
    const [problem] = problemsOf(() => loadForms(join(dir, "forms"), REGION));
    assert.match(problem ?? "", /: deadline\.time: .* \(line 5\)$/);
  });

  it("reject one form id used by two files", () => {
    const dir = configWith({ "a.yaml": VALID_FORM, "b.yaml": VALID_FORM });
    assert.deepEqual(problemsOf(() => loadForms(join(dir, "forms"), REGION)), [
      `${join(dir, "forms", "b.yaml")}: id: form id "third-form" is already used in ${join(dir, "forms", "a.yaml")}`,
    ]);
  });

  it("say so when the forms directory has no forms", () => {
    const dir = configWith({ "README.txt": "nothing" });
    assert.deepEqual(problemsOf(() => loadForms(join(dir, "forms"), REGION)), [
      `${join(dir, "forms")}: no form definitions (*.yaml) found`,
    ]);
  });

  it("list region and form problems together", () => {
    const region = `
id: almaty-region
names: {kk: Алматы облысы, ru: Алматинская область, en: Almaty Region}
timeZone: Asia/Taldykorgan
units:
  - {id: talgar, kind: district, names: {kk: Талғар, ru: Талгар, en: Talgar}, aliases: [Talgar]}
  - {id: talgar, kind: village, names: {kk: Талғар, ru: Талгар, en: Talgar}}
  - {id: aksu, kind: district, names: {kk: Ақсу, ru: Аксу, en: Aksu}, aliases: [talgar]}
`;
    const dir = configWith({ "bad.yaml": VALID_FORM.replace("day: 10", "day: 0") }, region);
    const problems = problemsOf(() => loadDomainConfig(dir)).map((p) => p.replace(/ \(line \d+\)$/, ""));
    const regionFile = join(dir, "region.yaml");
    assert.deepEqual(problems, [
      `${regionFile}: timeZone: expected an IANA time zone such as "Asia/Almaty"`,
      `${regionFile}: units[1].kind: expected one of "district", "city", got "village"`,
      `${join(dir, "forms", "bad.yaml")}: deadline.day: expected at least 1, got 0`,
    ]);
  });

  it("catch duplicate unit ids and an alias naming two units", () => {
    const region = `
id: r
names: {kk: Р, ru: Р, en: R}
units:
  - {id: talgar, kind: district, names: {kk: Талғар, ru: Талгар, en: Talgar}, aliases: [Talgar]}
  - {id: talgar, kind: district, names: {kk: Талғар, ru: Талгар, en: Talgar}}
  - {id: aksu, kind: district, names: {kk: Ақсу, ru: Аксу, en: Aksu}, aliases: [talgar]}
`;
    const dir = configWith({}, region);
    const file = join(dir, "region.yaml");
    assert.deepEqual(
      problemsOf(() => loadRegion(file)).map((p) => p.replace(/ \(line \d+\)$/, "")),
      [`${file}: units[1].id: duplicate unit id "talgar"`, `${file}: units[2].aliases[0]: alias "talgar" is also an alias of "talgar"`],
    );
  });

  it("default the region's time zone to Asia/Almaty", () => {
    const dir = configWith({}, "id: r\nnames: {kk: Р, ru: Р, en: R}\nunits:\n  - {id: a, kind: city, names: {kk: А, ru: А, en: A}}\n");
    assert.equal(loadRegion(join(dir, "region.yaml")).timeZone, "Asia/Almaty");
  });

  it("say which file cannot be read", () => {
    assert.match(problemsOf(() => loadRegion("/nonexistent/region.yaml"))[0] ?? "", /^\/nonexistent\/region\.yaml: cannot read: /);
  });

  it("carry all problems in the error message too", () => {
    const dir = configWith({ "a.yaml": "id: [", "b.yaml": "id: {" });
    assert.throws(() => loadForms(join(dir, "forms"), REGION), (error: Error) => {
      assert.match(error.message, /^Configuration has 2 problems:\n.*a\.yaml.*\n.*b\.yaml/);
      return true;
    });
  });
});
