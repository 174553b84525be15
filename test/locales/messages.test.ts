// Every message of every locale, rendered with realistic values (numbers ending in every digit, every unit's and
// form's name, every month, dates with and without times): nothing missing, no leftover braces, and no Kazakh suffix
// after a variable that the harmony function (domain/kazakhSuffix.ts) would not choose. The files are read as they
// are, so messages added later are checked too.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCALES, type Locale } from "../../src/domain/locale.ts";
import { createI18n, LOCALES_DIR, translatorOf } from "../../src/bot/i18n.ts";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { formatDate, monthName } from "../../src/domain/periodNames.ts";
import { periodName } from "../../src/reports/format.ts";
import { formatCompact, formatNumber, withPercent } from "../../src/domain/numberFormat.ts";
import { zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import { withKazakhSuffix, type KazakhSuffix } from "../../src/domain/kazakhSuffix.ts";
import { CONFIG_DIR } from "../helpers/domain.ts";

interface Message {
  id: string;
  file: string;
  source: string;
}

/** Messages of one locale: the `id = …` line and its indented continuation lines. */
function messagesOf(locale: Locale): Message[] {
  const dir = join(LOCALES_DIR, locale);
  const messages: Message[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ftl"))) {
    let current: Message | undefined;
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      const start = /^([a-z][\w-]*)\s*=(.*)$/.exec(line);
      if (start) messages.push((current = { id: start[1]!, file, source: start[2]! }));
      else if (current && (/^\s/.test(line) || line === "")) current.source += `\n${line}`;
      else current = undefined;
    }
  }
  return messages;
}

/** The variables a message uses, with those of the messages it includes (`{ help-region }`). */
function variablesOf(message: Message, all: Map<string, Message>, seen = new Set<string>()): Set<string> {
  seen.add(message.id);
  const names = new Set([...message.source.matchAll(/\$([a-zA-Z][\w-]*)/g)].map((m) => m[1]!));
  for (const [, ref] of message.source.matchAll(/\{\s*([a-z][\w-]*)\s*\}/g)) {
    const included = all.get(ref!);
    if (included && !seen.has(included.id)) for (const name of variablesOf(included, all, seen)) names.add(name);
  }
  return names;
}

const { region, forms } = loadDomainConfig(CONFIG_DIR);
const TZ = region.timeZone;
type Value = string | number;

const INTEGERS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20, 21, 30, 40, 50, 60, 70, 80, 90, 100, 1000, 2016, 27_845, 91_337, 1_000_000];
const TIMES: [number, number][] = [
  [18, 0],
  [10, 0],
  [9, 5],
  [18, 30],
  [0, 0],
  [12, 40],
  [23, 59],
  [6, 0],
];

/** Realistic values in one locale, by what a variable holds. */
function pools(locale: Locale) {
  const dates = Array.from({ length: 12 }, (_, i) => {
    const [hour, minute] = TIMES[i % TIMES.length]!;
    return zonedTimeToUtc({ year: 2016, month: i + 1, day: 1 + ((i * 3) % 28), hour, minute }, TZ);
  });
  const months = Array.from({ length: 12 }, (_, i) => `2016-${String(i + 1).padStart(2, "0")}`);
  const reader = { locale, t: (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars) };
  const formatPeriod = (period: Parameters<typeof periodName>[1]) => periodName(reader, period);
  const periods = [
    ...months.map((m) => formatPeriod(m)),
    ...[1, 2, 3, 4].map((q) => formatPeriod(`2016Q${q}`)),
    formatPeriod("2016"),
    formatPeriod({ kind: "ytd", year: 2016, month: 10 }),
  ];
  const units = [...region.units.map((u) => u.names[locale]), region.names[locale]];
  const formNames = forms.map((f) => f.names[locale]);
  const labels = forms.flatMap((f) => f.figures.map((figure) => figure.label[locale]));
  const formatted = [
    ...INTEGERS.map((n) => formatNumber(n, locale, 0)),
    formatNumber(17.9, locale, 1),
    withPercent(formatNumber(88.4, locale, 1), locale),
    `${formatCompact(17_900_000_000, locale) ?? "17,9"} ₸`,
    `${formatCompact(250_000_000, locale) ?? "250"} ₸`,
    `−${withPercent(formatNumber(96.7, locale, 1), locale)}`,
  ];
  const people = ["Айгүл Сәрсенова", "Дана", "Ерлан Жақыпов", "Marat Ospanov"];
  const texts = ["бюджетті түзету", "в этом месяце мероприятий не было", "91 337", "e-Kyzmet", "ХҚКО"];
  const lists = [units.slice(0, 3).join(", "), units.slice(5, 6).join(", "), units.slice(10).join(", ")];
  return {
    integers: INTEGERS as Value[],
    formatted,
    dates: [...dates.map((d) => formatDate(d, locale, TZ, { time: true })), ...dates.map((d) => formatDate(d, locale, TZ))],
    times: TIMES.map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
    periods,
    months: [...months.map((m) => periodName({ locale, t: (key, vars) => translate(locale, key, vars) }, m)), ...Array.from({ length: 12 }, (_, i) => monthName(i + 1, locale))],
    units,
    lists,
    formNames,
    labels,
    people,
    texts,
    years: [2015, 2016] as Value[],
    roman: ["I", "II", "III", "IV"],
    quarters: [1, 2, 3, 4] as Value[],
  };
}

type Pools = ReturnType<typeof pools>;

/** Which values a variable takes, by its name; a name not listed here takes a bit of everything. */
function valuesFor(name: string, p: Pools): Value[] {
  const kinds: Record<string, Value[]> = {
    count: p.integers, days: p.integers, minutes: p.integers, total: p.integers, index: p.integers,
    reported: p.integers, expected: p.integers, version: p.integers, hours: p.integers, of: p.integers,
    shown: p.integers, onTime: p.integers, decimals: p.integers, id: p.integers,
    value: p.formatted, min: p.formatted, max: p.formatted, mean: p.formatted, previous: p.formatted, ytd: p.formatted,
    change: p.formatted, rate: p.formatted, share: p.formatted,
    at: p.dates, until: p.dates, due: p.dates, lock: p.dates, deadline: p.dates, date: p.dates,
    time: p.times,
    period: p.periods, month: p.months,
    from: [...p.integers, ...p.months], to: [...p.integers, ...p.months],
    unit: p.units, region: p.units, units: p.lists, names: p.lists, missing: p.lists,
    form: p.formNames, figure: p.labels, label: p.labels,
    name: p.people,
    year: p.years, roman: p.roman, number: p.quarters,
  };
  return kinds[name] ?? [...p.integers, ...p.formatted, ...p.dates, ...p.periods, ...p.units, ...p.texts];
}

/** A value as Fluent shows it in Kazakh text. */
const shownKk = (value: Value): string => (typeof value === "number" ? new Intl.NumberFormat("kk").format(value) : value);

/** Every form of every suffix the harmony function chooses from, to recognise one written by hand. */
const SUFFIX_FORMS: Record<string, KazakhSuffix> = {};
for (const [kind, forms] of Object.entries({
  dative: ["ға", "ге", "қа", "ке"],
  locative: ["да", "де", "та", "те"],
  ablative: ["дан", "ден", "нан", "нен", "тан", "тен"],
  genitive: ["ның", "нің", "дың", "дің", "тың", "тің"],
  accusative: ["ны", "ні", "ды", "ді", "ты", "ті"],
  possessive: ["сы", "сі", "ы", "і"],
  instrumental: ["мен", "бен", "пен"],
  ordinal: ["шы", "ші", "ншы", "нші", "ыншы", "інші"],
})) {
  for (const form of forms) SUFFIX_FORMS[form] = kind as KazakhSuffix;
}

/** Words after a value that need it in a case: "… дейін" the dative, "… бастап" the ablative. */
const GOVERNS: Record<string, KazakhSuffix> = {
  дейін: "dative",
  шейін: "dative",
  бастап: "ablative",
  кейін: "ablative",
  соң: "ablative",
  бері: "ablative",
  гөрі: "ablative",
};

const FUNCTIONS: Record<string, KazakhSuffix> = {
  DATIVE: "dative",
  LOCATIVE: "locative",
  ABLATIVE: "ablative",
  GENITIVE: "genitive",
  ACCUSATIVE: "accusative",
  POSSESSIVE: "possessive",
  WITH: "instrumental",
  ORDINAL: "ordinal",
};

/** What is wrong with the Kazakh words right after each variable of a message, for the values it takes. */
function kazakhProblems(message: Message, p: Pools): string[] {
  const problems: string[] = [];
  const placeable = /\{\s*(?:([A-Z][A-Z_]*)\(\s*)?\$([a-zA-Z][\w-]*)\s*\)?\s*\}([^\s{]*)(?:\s+([\p{L}]+))?/gu;
  for (const [, fn, name, glued, next] of message.source.matchAll(placeable)) {
    const values = valuesFor(name!, p);
    const attached = /^-?[\p{L}]+/u.exec(glued ?? "")?.[0];
    if (fn !== undefined) {
      const kind = FUNCTIONS[fn];
      if (kind === undefined) continue;
      const governed = next === undefined || attached !== undefined ? undefined : GOVERNS[next];
      if (governed !== undefined && governed !== kind) problems.push(`${fn}($${name}) before "${next}", which needs the ${governed}`);
      continue;
    }
    if (attached !== undefined) {
      const suffix = attached.replace(/^-/, "");
      const kind = SUFFIX_FORMS[suffix];
      if (kind !== undefined) {
        for (const value of values) {
          const right = withKazakhSuffix(shownKk(value), kind);
          if (right !== shownKk(value) + attached) problems.push(`"{ $${name} }${attached}" gives "${shownKk(value)}${attached}", not "${right}"`);
        }
      } else if (!attached.startsWith("-") || !values.every((v) => typeof v === "number" && Number.isInteger(v))) {
        // "{ $version }-нұсқа" writes an ordinal with digits; anything else glued to a variable is a suffix by hand.
        problems.push(`"${attached}" glued to { $${name} }`);
      }
      continue;
    }
    if (next === undefined || /^[-\p{L}]/u.test(glued ?? "")) continue;
    const governed = GOVERNS[next];
    if (governed !== undefined && glued === "") {
      problems.push(`{ $${name} } ${next}: the value needs the ${governed} (write { ${Object.keys(FUNCTIONS).find((f) => FUNCTIONS[f] === governed)}($${name}) })`);
    }
    if (SUFFIX_FORMS[next] === "instrumental" && glued === "") {
      for (const value of values) {
        const right = withKazakhSuffix(shownKk(value), "instrumental").slice(shownKk(value).length).replace(/^-/, "");
        if (right !== next) problems.push(`"{ $${name} } ${next}" gives "${shownKk(value)} ${next}", not "${shownKk(value)} ${right}"`);
      }
    }
  }
  return [...new Set(problems)];
}

const translate = translatorOf(createI18n() as never);

interface CallSite {
  where: string;
  key: string;
  /** the variables passed (an object literal's keys), or undefined when they cannot be read (a spread, a variable) */
  passed: Set<string> | undefined;
}

/** The text of the balanced (…), {…} or […] starting at `open`, strings skipped. */
function balanced(text: string, open: number): string {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("({[".includes(c)) depth++;
    else if (")}]".includes(c) && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/** Top-level keys of an object literal's text, or undefined when it spreads another object. */
function keysOf(literal: string): Set<string> | undefined {
  const inner = literal.slice(1, -1);
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote !== undefined) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if ("({[".includes(c)) depth++;
    else if (")}]".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  const keys = new Set<string>();
  for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
    if (part.startsWith("...")) return undefined;
    const key = /^["']?([A-Za-z_$][\w$-]*)["']?\s*(?::|$)/.exec(part)?.[1];
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return keys;
}

/** Every call that names its message literally: `t("key")`, `ctx.t("key", { a, b: … })`, `t(locale, "key", {…})`. */
function callSites(): CallSite[] {
  const sites: CallSite[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) {
        const text = readFileSync(path, "utf8");
        for (const match of text.matchAll(/\bt\(\s*(?:[\w.]+\s*,\s*)?"([a-z][\w-]*)"\s*([,)])/g)) {
          const where = `${path.slice(LOCALES_DIR.length - "locales".length)}:${text.slice(0, match.index).split("\n").length}`;
          if (match[2] === ")") {
            sites.push({ where, key: match[1]!, passed: new Set() });
            continue;
          }
          const rest = text.slice(match.index + match[0].length);
          const open = rest.search(/\S/);
          sites.push({ where, key: match[1]!, passed: rest[open] === "{" ? keysOf(balanced(rest, open)) : undefined });
        }
      }
    }
  };
  walk(join(LOCALES_DIR, "..", "src"));
  return sites;
}

describe("every message of every locale", () => {
  for (const locale of LOCALES) {
    const messages = messagesOf(locale);
    const byId = new Map(messages.map((m) => [m.id, m]));
    const p = pools(locale);

    it(`${locale}: renders with realistic values, with no variable missing and nothing left in braces`, () => {
      assert.ok(messages.length > 100);
      const problems: string[] = [];
      for (const message of messages) {
        const names = [...variablesOf(message, byId)];
        const pools = names.map((name) => valuesFor(name, p));
        const runs = Math.max(1, ...pools.map((values) => values.length));
        for (let run = 0; run < runs; run++) {
          const args = Object.fromEntries(names.map((name, i) => [name, pools[i]![(run + i) % pools[i]!.length]!]));
          let text: string;
          try {
            text = translate(locale, message.id, args);
          } catch (error) {
            problems.push(`${message.file} ${message.id}: ${(error as Error).message}`);
            break;
          }
          if (/[{}]|undefined|NaN|\[object/.test(text)) {
            problems.push(`${message.file} ${message.id}: "${text}"`);
            break;
          }
          // A Kazakh ending chosen by a function shows on the value it follows.
          if (locale === "kk") {
            for (const [, fn, name] of message.source.matchAll(/\{\s*([A-Z][A-Z_]*)\(\s*\$([\w-]+)\s*\)\s*\}/g)) {
              const kind = FUNCTIONS[fn!];
              const value = args[name!];
              if (kind !== undefined && value !== undefined && !text.includes(withKazakhSuffix(shownKk(value), kind))) {
                problems.push(`${message.id}: ${fn}($${name}) does not show "${withKazakhSuffix(shownKk(value), kind)}" in "${text}"`);
              }
            }
          }
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  it("every call that names a message passes every variable the message uses, in every locale", () => {
    const sites = callSites();
    assert.ok(sites.filter((site) => site.passed !== undefined).length > 150);
    const problems: string[] = [];
    for (const locale of LOCALES) {
      const messages = messagesOf(locale);
      const byId = new Map(messages.map((m) => [m.id, m]));
      for (const site of sites) {
        const message = byId.get(site.key);
        if (message === undefined || site.passed === undefined) continue;
        const missing = [...variablesOf(message, byId)].filter((name) => !site.passed!.has(name));
        if (missing.length > 0) problems.push(`${site.where} ${locale} ${site.key}: ${missing.map((n) => `$${n}`).join(", ")} not passed`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it("kk: every suffix after a variable is the one vowel harmony and the last sound choose", () => {
    const p = pools("kk");
    const problems = messagesOf("kk").flatMap((message) => kazakhProblems(message, p).map((problem) => `${message.file} ${message.id}: ${problem}`));
    assert.deepEqual(problems, []);
  });

  it("the check catches suffixes written by hand", () => {
    const p = pools("kk");
    const cases: [string, RegExp][] = [
      ["{ $total } сұрақтың { $index }-сі", /"\{ \$index \}-сі" gives "3-сі", not "3-і"/],
      ["{ $until } дейін ашық", /\{ \$until \} дейін: the value needs the dative/],
      ["{ $lock } бастап жабық", /the value needs the ablative/],
      ["{ $decimals }-ден аспауы керек", /"\{ \$decimals \}-ден" gives "0-ден", not "0-ге"|gives "6-ден", not "6-дан"/],
      ["{ $min } мен { $max } аралығында", /gives "3 мен", not "3 пен"/],
      ["{ ABLATIVE($until) } дейін", /ABLATIVE\(\$until\) before "дейін", which needs the dative/],
      ["{ $unit }дың", /"\{ \$unit \}дың" gives "Талдықорған қаласыдың", not "Талдықорған қаласының"/],
    ];
    for (const [source, expected] of cases) {
      const problems = kazakhProblems({ id: "x", file: "x.ftl", source }, p);
      assert.ok(problems.some((problem) => expected.test(problem)), `${source}: ${problems.join("; ")}`);
    }
    assert.deepEqual(kazakhProblems({ id: "x", file: "x.ftl", source: "{ DATIVE($until) } дейін · { $version }-нұсқа" }, p), []);
  });
});
