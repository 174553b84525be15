import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadRegion } from "../../src/configFiles.ts";
import { findUnits, normalizeText } from "../../src/domain/unitNames.ts";
import { CONFIG_DIR } from "../helpers/domain.ts";

const region = loadRegion(join(CONFIG_DIR, "region.yaml"));
const best = (text: string) => findUnits(text, region)[0];

describe("findUnits", () => {
  const rows: [string, string][] = [
    ["Талгарском районе", "talgar"],
    ["Талгар", "talgar"],
    ["Талғар ауданында", "talgar"],
    ["в Талгаре", "talgar"],
    ["Ұйғыр", "uygur"],
    ["Ұйғыр ауданының әкімі", "uygur"],
    ["Uygur", "uygur"],
    ["uigur", "uygur"],
    ["Uighur district", "uygur"],
    ["Уйгурского района", "uygur"],
    ["Balkhashskiy", "balkhash"],
    ["Балқаш", "balkhash"],
    ["Енбекшиказахском районе", "enbekshikazakh"],
    ["Еңбекші қазақ", "enbekshikazakh"],
    ["Илийский район", "ile"],
    ["Іле ауданы", "ile"],
    ["город Талдыкорган", "taldykorgan"],
    ["Талдыкоргане", "taldykorgan"],
    ["Қапшағай қаласы", "kapshagay"],
    ["Kapchagay", "kapshagay"],
    ["Конаев", "kapshagay"],
    ["Текелі", "tekeli"],
    ["Ақсуда", "aksu"],
    ["Карасаю", "karasai"],
    ["Кербулаке", "kerbulak"],
    ["Жамбылский", "zhambyl"],
    ["Jambyl", "zhambyl"],
    ["Райымбек", "raiymbek"],
    ["Сарқан", "sarkand"],
    ["Ескельдинского", "eskeldi"],
    ["Алакольский", "alakol"],
    ["Көксу", "koksu"],
    ["Панфиловский", "panfilov"],
    ["Қаратал", "karatal"],
  ];
  for (const [text, unitId] of rows) {
    it(`finds ${unitId} in "${text}"`, () => assert.equal(best(text)?.unit.id, unitId));
  }

  it("finds the seed's misspelt \"Uigulrskiy\" with a lower score", () => {
    const match = best("Uigulrskiy district");
    assert.equal(match?.unit.id, "uygur");
    assert.ok((match?.score ?? 1) < 0.9);
  });

  it("scores an exact name above an inflected one", () => {
    const [first, second] = findUnits("в Талгаре и Аксу", region);
    assert.deepEqual([first?.unit.id, first?.score, second?.unit.id], ["aksu", 1, "talgar"]);
    assert.ok((second?.score ?? 1) < 1);
  });

  it("says which words named the unit", () => {
    assert.equal(best("сколько в Енбекшиказахском районе?")?.matched, "енбекшиказахском");
  });

  it("does not take the Russian word \"или\" for the Ili district", () => {
    assert.deepEqual(findUnits("Талгар или Аксу", region).map((m) => m.unit.id).sort(), ["aksu", "talgar"]);
  });

  it("does not take a word that merely starts like a short name for it", () => {
    assert.deepEqual(findUnits("ілеспе хат", region), []); // "cover letter", not the Ile district
  });

  it("finds nothing in a question about the whole region", () => {
    assert.deepEqual(findUnits("сколько всего по области за октябрь", region), []);
    assert.deepEqual(findUnits("", region), []);
  });
});

describe("normalizeText", () => {
  it("lowers case, drops punctuation and extra spaces", () => {
    assert.equal(normalizeText("  Талгарский   РАЙОН!! "), "талгарский район");
  });
  it("treats ё as е", () => assert.equal(normalizeText("Ёлка"), "елка"));
  it("keeps Kazakh letters", () => assert.equal(normalizeText("ҰЙҒЫР, Әкім"), "ұйғыр әкім"));
});
