// Every word a user reads is in locales/, in all three languages, and every key the code asks for exists.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCALES } from "../../src/domain/locale.ts";
import { LOCALES_DIR } from "../../src/bot/i18n.ts";

function keysOf(locale: string): Set<string> {
  const dir = join(LOCALES_DIR, locale);
  const keys = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ftl"))) {
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      const match = /^([a-z][\w-]*)\s*=/.exec(line);
      if (!match) continue;
      assert.ok(!keys.has(match[1]!), `${locale}: ${match[1]} is defined twice`);
      keys.add(match[1]!);
    }
  }
  return keys;
}

test("kk, ru and en define the same keys", () => {
  const [first, ...others] = LOCALES.map((locale) => ({ locale, keys: keysOf(locale) }));
  for (const other of others) {
    const missing = [...first!.keys].filter((k) => !other.keys.has(k));
    const extra = [...other.keys].filter((k) => !first!.keys.has(k));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${other.locale} against ${first!.locale}`);
  }
});

test("every literal key the code translates is defined", () => {
  const keys = keysOf("ru");
  const used = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) {
        for (const match of readFileSync(path, "utf8").matchAll(/\bt\(\s*"([a-z][\w-]*)"/g)) used.add(match[1]!);
      }
    }
  };
  walk(join(LOCALES_DIR, "..", "src"));
  const missing = [...used].filter((k) => !keys.has(k));
  assert.deepEqual(missing, []);
});
