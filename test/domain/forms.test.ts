import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { figureById, figureLabel, formSchema, formsForUnit, formUnitIds, numericFigures, shortLabelOf } from "../../src/domain/forms.ts";
import { visiblePrefix } from "../../src/domain/buttons.ts";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { LOCALES } from "../../src/domain/locale.ts";
import { CONFIG_DIR, figure, form, text } from "../helpers/domain.ts";

describe("figure defaults", () => {
  it("keep counts and money whole and adding up over units and months", () => {
    for (const type of ["count", "money"] as const) {
      const f = figure({ type });
      assert.deepEqual([f.decimals, f.unitAggregation, f.monthAggregation, f.required], [0, "sum", "sum", true]);
    }
  });

  it("give a decimal two decimals and a percentage one, limited to 0–100 and never summed", () => {
    assert.equal(figure({ type: "decimal" }).decimals, 2);
    const pct = figure({ type: "percentage" });
    assert.deepEqual([pct.decimals, pct.min, pct.max, pct.unitAggregation, pct.monthAggregation], [1, 0, 100, "none", "last"]);
  });

  it("limit text to 500 characters and keep what the file says", () => {
    assert.equal(figure({ type: "text" }).maxLength, 500);
    assert.equal(figure({ type: "text", maxLength: 80 }).maxLength, 80);
    assert.equal(figure({ type: "decimal", decimals: 3 }).decimals, 3);
  });

  it("make every numeric figure a key figure unless the file lists them", () => {
    const f = form({ figures: [{ id: "a", label: text("a"), type: "count" }, { id: "t", label: text("t"), type: "text" }] });
    assert.deepEqual(f.keyFigures, ["a"]);
    assert.deepEqual([f.units, f.rules, f.derived], ["all", [], []]);
  });
});

describe("form helpers", () => {
  const { region, forms } = loadDomainConfig(CONFIG_DIR);
  const limited = form({ units: ["talgar", "aksu"] });

  it("pick the numeric figures and a figure by id", () => {
    const f = form({ figures: [{ id: "a", label: text("a"), type: "count" }, { id: "t", label: text("t"), type: "text" }] });
    assert.deepEqual(numericFigures(f).map((x) => x.id), ["a"]);
    assert.equal(figureById(f, "t")?.type, "text");
    assert.equal(figureById(f, "zzz"), undefined);
  });

  it("find the forms a unit reports", () => {
    assert.deepEqual(formsForUnit([...forms, limited], "talgar").map((f) => f.id).sort(), ["employment-roadmap", "public-services", "test-form"]);
    assert.deepEqual(formsForUnit([...forms, limited], "tekeli").map((f) => f.id).sort(), ["employment-roadmap", "public-services"]);
  });

  it("list the units expected to report a form", () => {
    assert.equal(formUnitIds(forms[0] ?? limited, region).length, 19);
    assert.deepEqual(formUnitIds(limited, region), ["talgar", "aksu"]);
  });
});

describe("the shipped definitions", () => {
  const { region, forms } = loadDomainConfig(CONFIG_DIR);
  const byId = (id: string) => forms.find((f) => f.id === id) ?? assert.fail(`no form ${id}`);

  it("hold the region's 3 cities and 16 districts with the agreed ids", () => {
    const ids = (kind: string) => region.units.filter((u) => u.kind === kind).map((u) => u.id);
    assert.deepEqual(ids("city"), ["taldykorgan", "kapshagay", "tekeli"]);
    assert.deepEqual(ids("district"), [
      "aksu", "alakol", "balkhash", "enbekshikazakh", "eskeldi", "zhambyl", "ile", "karasai",
      "karatal", "kerbulak", "koksu", "panfilov", "raiymbek", "sarkand", "talgar", "uygur",
    ]);
    assert.equal(region.timeZone, "Asia/Almaty");
  });

  it("define public services with channels, seminars of which field seminars, and violations", () => {
    const services = byId("public-services");
    assert.deepEqual(services.figures.map((f) => [f.id, f.type, f.required, f.partOf]), [
      ["services_ekyzmet", "count", true, undefined],
      ["services_egov", "count", true, undefined],
      ["services_other", "count", false, undefined],
      ["seminars", "count", true, undefined],
      ["seminars_field", "count", true, "seminars"],
      ["violations", "count", true, undefined],
    ]);
    assert.deepEqual(services.derived.map((d) => [d.id, d.numerator, d.denominator]), [
      ["electronic_share", ["services_ekyzmet", "services_egov"], ["services_ekyzmet", "services_egov", "services_other"]],
    ]);
  });

  it("define the Employment Roadmap with the allotment and spending as last-values and flows as sums", () => {
    const roadmap = byId("employment-roadmap");
    assert.deepEqual(roadmap.figures.map((f) => [f.id, f.type, f.monthAggregation, f.partOf]), [
      ["funds_allotted", "money", "last", undefined],
      ["funds_spent", "money", "last", undefined],
      ["people_employed", "count", "sum", undefined],
      ["jobs_created", "count", "sum", undefined],
      ["jobs_permanent", "count", "sum", "jobs_created"],
    ]);
    assert.equal(figureById(roadmap, "funds_allotted")?.max, 100_000_000_000);
  });

  it("bound every numeric figure so a typo cannot pass as a figure", () => {
    for (const f of forms.flatMap(numericFigures)) assert.ok(f.max !== undefined, f.id);
  });

  it("write every label, hint and message in three languages, Kazakh in Kazakh letters", () => {
    for (const f of forms) {
      const texts = [f.names, ...f.figures.flatMap((x) => [x.label, x.hint ?? x.label]), ...f.rules.map((r) => r.message), ...f.derived.map((d) => d.label)];
      for (const t of texts) {
        for (const locale of LOCALES) assert.ok(t[locale].trim().length > 0, `${f.id}: ${JSON.stringify(t)}`);
        assert.notEqual(t.kk, t.ru, `${f.id}: ${t.kk}`);
      }
      const kazakh = texts.map((t) => t.kk).join(" ");
      assert.match(kazakh, /[әғқңөұүһі]/);
    }
  });
});

describe("labels for periods and buttons", () => {
  const shipped = loadDomainConfig(CONFIG_DIR).forms;
  const employment = shipped.find((f) => f.id === "employment-roadmap")!;

  it("give a month's figure one label beside a month and another beside a sum of months, in every language", () => {
    const employed = figureById(employment, "people_employed")!;
    assert.equal(figureLabel(employed, "ru", 1), "Трудоустроено по программе за отчётный месяц");
    assert.equal(figureLabel(employed, "ru", 10), "Трудоустроено по программе");
    for (const locale of LOCALES) {
      assert.notEqual(figureLabel(employed, locale, 10), figureLabel(employed, locale, 1), locale);
      assert.doesNotMatch(figureLabel(employed, locale, 10), /есепті ай|отчётный месяц|reporting month/, locale);
    }
  });

  it("keep a label without a range label for both", () => {
    const allotted = figureById(employment, "funds_allotted")!;
    assert.equal(figureLabel(allotted, "kk", 10), allotted.label.kk);
  });

  it("give every shipped figure a short label that tells it apart on a button, in every language", () => {
    for (const f of shipped) {
      for (const locale of LOCALES) {
        const shown = f.figures.map((fig) => visiblePrefix(shortLabelOf(fig, locale)));
        assert.equal(new Set(shown).size, shown.length, `${f.id} ${locale}: ${shown.join(" | ")}`);
        for (const fig of f.figures) assert.ok(fig.shortLabel, `${f.id} ${fig.id} has no shortLabel`);
      }
    }
  });

  it("refuse a form whose figures' buttons would show the same words, naming the figure", () => {
    const long = (tail: string) => ({ kk: `Көрсетілген мемлекеттік қызметтер саны ${tail}`, ru: `Оказано государственных услуг через ${tail}`, en: `Public services rendered via ${tail}` });
    const parsed = formSchema.safeParse({
      id: "test-form",
      names: text("Test form"),
      periodType: "monthly",
      deadline: { day: 5, time: "18:00", lockAfterDays: 25 },
      figures: [
        { id: "a", label: long("«Е-кызмет»"), type: "count" },
        { id: "b", label: long("портал egov.kz"), type: "count" },
      ],
    });
    assert.equal(parsed.success, false);
    const issue = parsed.error!.issues[0]!;
    assert.deepEqual(issue.path.slice(0, 3), ["figures", 1, "label"]);
    assert.match(issue.message, /"a".*shortLabel/);
  });

  it("refuse a short label too long for a button", () => {
    assert.throws(() => figure({ type: "count", shortLabel: text("a short label that is much too long for any button") }), /at most 26 characters/);
  });
});
