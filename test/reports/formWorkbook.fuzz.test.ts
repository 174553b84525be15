// Malformed files against the spreadsheet reader: random bytes, truncated and bit-flipped ZIPs, mutated XML inside
// a real template. Whatever comes in, openTemplate and readValues return (a problem or values) and never throw.
import { numberWords } from "../../src/bot/numberInput.ts";
import { before, after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { createI18n, translatorOf } from "../../src/bot/i18n.ts";
import { buildTemplate, openTemplate, readValues, templateKey } from "../../src/reports/formWorkbook.ts";
import { fillWorkbook } from "../../src/devtools/xlsxFill.ts";
import { startStore, type StoreFixture } from "../helpers/store.ts";
import { CONFIG_DIR } from "../helpers/domain.ts";
import { unzip, zipOf } from "../helpers/zip.ts";

const domain = loadDomainConfig(CONFIG_DIR);
const translate = translatorOf(createI18n() as never);
const services = domain.forms.find((form) => form.id === "public-services")!;
const KEY = templateKey("fuzz");
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

let f: StoreFixture;
let good: Buffer;
before(async () => {
  f = await startStore(domain.region.id);
  const env = { store: f.store, region: domain.region, forms: domain.forms, timeZone: "Asia/Almaty" };
  const template = await buildTemplate(env, { locale: "ru", t: (k, v) => translate("ru", k, v) }, { form: services, unit: "karatal", period: "2016-10" }, KEY, new Date());
  good = await fillWorkbook(template, { C7: 1500, C8: "1 600", C10: "2", C11: 1, C12: 0 });
});
after(() => f.stop());

/** Opens and reads the file; fails the property only if something throws past the boundary. */
async function readNeverThrows(bytes: Buffer): Promise<void> {
  const opened = await openTemplate(bytes, domain.forms, KEY);
  if ("problem" in opened) return;
  const values = readValues(opened, numberWords(), { services_ekyzmet: "1000" });
  assert.ok(Array.isArray(values.problems));
}

describe("the spreadsheet reader under malformed input", () => {
  it("reads the unmutated file (the fuzzing starts from a good one)", async () => {
    const opened = await openTemplate(good, domain.forms, KEY);
    assert.ok(!("problem" in opened));
  });

  it("never throws on random bytes, with or without a ZIP signature", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), async (random, signed) => {
        const bytes = Buffer.from(random);
        if (signed && bytes.length >= 4) bytes.writeUInt32LE(0x04034b50, 0);
        await readNeverThrows(bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it("never throws on a truncated or bit-flipped template", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: good.length }),
        fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 1, max: 255 })), { maxLength: 8 }),
        async (cut, flips) => {
          const bytes = Buffer.from(good.subarray(0, Math.max(cut, good.length - 1 - cut)));
          for (const [at, mask] of flips) if (at < bytes.length) bytes[at]! ^= mask;
          await readNeverThrows(bytes);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("never throws when the XML inside is mutated: bytes cut, replaced or inserted, entries dropped", async () => {
    const entries = unzip(good);
    const names = entries.map((entry) => entry.name);
    const fragments = ["<", ">", "</row>", "<c r=\"C7\" t=\"s\"><v>999999</v></c>", "&", "\"", "<f>SUM(A1)</f>", "\u0000", "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>"];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.nat(),
        fc.nat({ max: 200 }),
        fc.constantFrom(...fragments),
        fc.boolean(),
        async (name, position, length, fragment, drop) => {
          const mutated = entries.flatMap((entry) => {
            if (entry.name !== name) return [entry];
            if (drop) return [];
            const text = entry.data.toString("utf8");
            const at = position % (text.length + 1);
            return [{ name: entry.name, data: Buffer.from(text.slice(0, at) + fragment + text.slice(at + length)) }];
          });
          await readNeverThrows(zipOf(mutated));
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });
});
