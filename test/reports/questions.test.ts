// Typed questions read from the form and unit definitions: units, figures, forms and periods in three languages.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadDomainConfig } from "../../src/domain/loader.ts";
import { parseQuestion } from "../../src/reports/questions.ts";
import { CONFIG_DIR } from "../domain/fixtures.ts";

const { region, forms } = loadDomainConfig(CONFIG_DIR);
const DUE = "2016-10";

function read(text: string) {
  const q = parseQuestion(text, region, forms, DUE);
  const period = q.period
    ? q.period.kind === "month"
      ? `${q.period.year}-${q.period.month}`
      : q.period.kind === "quarter"
        ? `${q.period.year}Q${q.period.quarter}`
        : q.period.kind === "ytd"
          ? `ytd${q.period.year}-${q.period.month}`
          : `${q.period.year}`
    : "-";
  return {
    units: q.units.map((u) => u.id).join(",") || "-",
    what: [...q.forms.map((f) => `form:${f.id}`), ...q.figures.map((f) => f.id)].join(",") || "-",
    period,
    guesses: q.unitGuesses.map((u) => u.id).join(",") || "-",
    unplaced: q.unplaced.join(",") || "-",
  };
}

describe("typed questions", () => {
  const rows: [string, string, string, string][] = [
    // text, units, what, period
    ["Талгар занятость октябрь", "talgar", "form:employment-roadmap", "2016-10"],
    ["сколько трудоустроено в Талгарском районе с начала года", "talgar", "people_employed", "ytd2016-10"],
    ["e-gov Q3", "-", "services_egov", "2016Q3"],
    ["Ұйғыр қызметтер", "uygur", "form:public-services", "-"],
    ["Талғар жұмыспен қамту қазан", "talgar", "form:employment-roadmap", "2016-10"],
    ["3-тоқсан e-Government", "-", "services_egov", "2016Q3"],
    ["egov.kz III квартал", "-", "services_egov", "2016Q3"],
    ["выездные семинары за март", "-", "seminars_field", "2016-3"],
    ["семинары", "-", "seminars,seminars_field", "-"],
    ["доля электронных услуг", "-", "electronic_share", "-"],
    ["people employed in Aksu since the start of the year", "aksu", "people_employed", "ytd2016-10"],
    ["Е-кызмет декабрь", "-", "services_ekyzmet", "2015-12"],
    ["занятость 2015", "-", "form:employment-roadmap", "2015"],
    ["Кербулак услуги первый квартал 2016", "kerbulak", "form:public-services", "2016Q1"],
    ["Uighur services", "uygur", "form:public-services", "-"],
    ["Еңбекшіқазақ ауданы", "enbekshikazakh", "-", "-"],
  ];
  for (const [text, units, what, period] of rows) {
    it(`reads "${text}"`, () => {
      const got = read(text);
      assert.deepEqual({ units: got.units, what: got.what, period: got.period }, { units, what, period });
      assert.equal(got.unplaced, "-");
    });
  }

  it("offers the likely unit for a misspelt name instead of guessing", () => {
    const got = read("Талгр");
    assert.equal(got.units, "-");
    assert.equal(got.guesses, "talgar");
  });

  it("says which words it could not place", () => {
    assert.equal(read("Талгар абракадабра").unplaced, "абракадабра");
  });

  it("takes a month later than the one due as last year's", () => {
    assert.equal(read("ноябрь").period, "2015-11");
    assert.equal(read("Q4").period, "2016Q4");
  });
});
