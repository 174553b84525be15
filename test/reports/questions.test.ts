// Typed questions read from the form and unit definitions: units, figures, forms and periods in three languages.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { parseQuestion } from "../../src/reports/questions.ts";
import { questionVocabulary } from "../../src/bot/questionWords.ts";
import { monthOfWord } from "../../src/reports/questionPeriod.ts";
import { normalizeText } from "../../src/domain/unitNames.ts";
import { CONFIG_DIR } from "../helpers/domain.ts";

const { region, forms } = loadDomainConfig(CONFIG_DIR);
const DUE = "2016-10";

function read(text: string, due = DUE) {
  const q = parseQuestion(text, region, forms, due, questionVocabulary());
  const period = q.period
    ? q.period.kind === "month"
      ? `${q.period.year}-${q.period.month}`
      : q.period.kind === "quarter"
        ? `${q.period.year}Q${q.period.quarter}`
        : q.period.kind === "ytd"
          ? `ytd${q.period.year}-${q.period.month}`
          : `${q.period.year}`
    : q.span
      ? `span${q.span.from}..${q.span.to}`
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

  describe("reads a range of months however it is written", () => {
    // text, what, period (due: October 2016)
    const rows: [string, string, string][] = [
      ["Е-кызмет январь-октябрь", "services_ekyzmet", "ytd2016-10"],
      ["Е-кызмет январь – октябрь", "services_ekyzmet", "ytd2016-10"],
      ["Е-кызмет январь—октябрь 2016", "services_ekyzmet", "ytd2016-10"],
      ["е-кызмет янв–окт", "services_ekyzmet", "ytd2016-10"],
      ["е-кызмет янв.-сент.", "services_ekyzmet", "ytd2016-9"],
      ["е-кызмет с января по октябрь", "services_ekyzmet", "ytd2016-10"],
      ["е-кызмет за январь-октябрь 2015 года", "services_ekyzmet", "ytd2015-10"],
      ["е-кызмет за 10 месяцев", "services_ekyzmet", "ytd2016-10"],
      ["е-кызмет за первые 10 месяцев 2015 года", "services_ekyzmet", "ytd2015-10"],
      ["е-кызмет с начала года", "services_ekyzmet", "ytd2016-10"],
      ["е-кызмет нарастающим итогом", "services_ekyzmet", "ytd2016-10"],
      ["е-кызмет за год", "services_ekyzmet", "ytd2016-10"],
      ["е-кызмет за прошлый год", "services_ekyzmet", "2015"],
      ["е-кызмет октябрь прошлого года", "services_ekyzmet", "2015-10"],
      ["е-кызмет за 2015 год", "services_ekyzmet", "2015"],
      ["е-кызмет в мае", "services_ekyzmet", "2016-5"],
      ["е-кызмет за июль-сентябрь", "services_ekyzmet", "2016Q3"],
      ["е-кызмет январь-декабрь 2015", "services_ekyzmet", "2015"],
      ["е-қызмет қаңтар–қазан", "services_ekyzmet", "ytd2016-10"],
      ["е-қызмет қаңтардан қазанға дейін", "services_ekyzmet", "ytd2016-10"],
      ["е-қызмет қаң-қаз", "services_ekyzmet", "ytd2016-10"],
      ["е-қызмет 10 айда", "services_ekyzmet", "ytd2016-10"],
      ["е-қызмет 2016 жылғы 10 айдағы", "services_ekyzmet", "ytd2016-10"],
      ["е-қызмет жыл басынан", "services_ekyzmet", "ytd2016-10"],
      ["е-қызмет жыл басынан бері", "services_ekyzmet", "ytd2016-10"],
      ["е-қызмет биыл", "services_ekyzmet", "ytd2016-10"],
      ["е-қызмет өткен жылы", "services_ekyzmet", "2015"],
      ["е-қызмет қазан айында", "services_ekyzmet", "2016-10"],
      ["е-қызмет 2015 жылғы қарашада", "services_ekyzmet", "2015-11"],
      ["e-Kyzmet January–October", "services_ekyzmet", "ytd2016-10"],
      ["ekyzmet Jan-Oct", "services_ekyzmet", "ytd2016-10"],
      ["ekyzmet from January to October 2016", "services_ekyzmet", "ytd2016-10"],
      ["ekyzmet year to date", "services_ekyzmet", "ytd2016-10"],
      ["ekyzmet first 10 months", "services_ekyzmet", "ytd2016-10"],
      ["ekyzmet last year", "services_ekyzmet", "2015"],
      ["ekyzmet in Sept", "services_ekyzmet", "2016-9"],
      ["е-кызмет между январём и октябрём", "services_ekyzmet", "ytd2016-10"],
      ["е-қызмет қаңтар мен қазан аралығында", "services_ekyzmet", "ytd2016-10"],
      ["ekyzmet between January and October", "services_ekyzmet", "ytd2016-10"],
      ["трудоустроено март-июнь", "people_employed", "span2016-03..2016-06"],
      ["трудоустроено ноябрь–февраль", "people_employed", "span2015-11..2016-02"],
    ];
    for (const [text, what, period] of rows) {
      it(`reads "${text}"`, () => {
        const got = read(text);
        assert.deepEqual({ what: got.what, period: got.period, unplaced: got.unplaced }, { what, period, unplaced: "-" });
      });
    }
  });

  it("reads no word of a unit's name or a form's or figure's label as a month", () => {
    const texts = [
      ...region.units.flatMap((unit) => [...Object.values(unit.names), ...(unit.aliases ?? [])]),
      ...forms.flatMap((form) => [...Object.values(form.names), ...form.figures.flatMap((figure) => Object.values(figure.label))]),
    ];
    for (const text of texts) {
      for (const word of normalizeText(text).split(" ")) {
        assert.equal(monthOfWord(word, questionVocabulary(), new Set()), undefined, `"${word}" (of "${text}") read as a month`);
      }
    }
  });

  it("reads two months joined by \"и\" as two months, not as the range between them", () => {
    const got = read("е-кызмет январь и октябрь");
    assert.equal(got.period, "2016-10");
    assert.equal(got.unplaced, "январь");
  });

  it("reads \"там\" (\"there\") as a word, not as July", () => {
    assert.equal(read("сколько там трудоустроено").period, "-");
  });
});
