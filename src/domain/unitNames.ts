// Finds units named in typed text, in any language, inflected or transliterated ("Талгарском районе", "Ұйғыр", "uigur").
import type { Region, Unit } from "./region.ts";
import { normalizeText } from "./textNormalize.ts";

export { normalizeText } from "./textNormalize.ts";

export interface UnitMatch {
  unit: Unit;
  /** 1 exact, about 0.9 inflected, 0.6–0.75 misspelt. */
  score: number;
  /** The words of the text that named the unit. */
  matched: string;
}

const MIN_SCORE = 0.6;
const MAX_SUFFIX = 5; // Kazakh case endings stack: "талғардағы", "ауданының"

const CYRILLIC: Record<string, string> = {
  а: "a", ә: "a", б: "b", в: "v", г: "g", ғ: "g", д: "d", е: "e", ж: "j", з: "z", и: "i", й: "i", і: "i",
  к: "k", қ: "k", л: "l", м: "m", н: "n", ң: "n", о: "o", ө: "o", п: "p", р: "r", с: "s", т: "t", у: "u",
  ұ: "u", ү: "u", ф: "f", х: "h", һ: "h", ц: "ts", ч: "ch", ш: "sh", щ: "sh", ъ: "", ы: "i", ь: "", э: "e",
  ю: "iu", я: "ia", ş: "sh", ç: "ch", ğ: "g", ı: "i",
};

// Words that say what a unit is, not which one.
const KIND_WORDS = /^(raion|audan|kala|gorod|district|city|town|oblast)/;

/** One spelling for all scripts and transliterations: "Талғар", "Талгар", "Talgar" → "talgar". */
export function nameKey(word: string): string {
  const latin = [...normalizeText(word)].map((char) => CYRILLIC[char] ?? char).join("");
  return latin
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/dzh|zh/g, "j")
    .replace(/kh/g, "h")
    .replace(/gh/g, "g")
    .replace(/q/g, "k")
    .replace(/y/g, "i")
    .replace(/(.)\1+/g, "$1")
    .replace(/sk(i|ogo|omu|om|im|aia|ai|oi|oe|ie|ih|uiu)$/, "sk"); // Russian adjective endings: "Талгарском" = "Талгарский"
}

function unitKeys(unit: Unit): string[] {
  const names = [...Object.values(unit.names), ...(unit.aliases ?? [])];
  const keys = names.map((name) =>
    normalizeText(name)
      .split(" ")
      .map(nameKey)
      .filter((key) => key !== "" && !KIND_WORDS.test(key))
      .join(""),
  );
  return [...new Set(keys.filter((key) => key.length > 0))];
}

const keyCache = new WeakMap<Unit, string[]>();

export function findUnits(text: string, region: Region): UnitMatch[] {
  const words = normalizeText(text).split(" ").filter((word) => word !== "");
  // Single words and neighbouring pairs, for names written in two words ("Еңбекші қазақ").
  const candidates = [
    ...words.map((word) => ({ key: nameKey(word), words: word, fuzzy: true })),
    // Pairs only match exactly or inflected: a misspelling across two words is more often two other words.
    ...words.slice(1).map((word, i) => ({ key: nameKey(`${words[i] ?? ""}${word}`), words: `${words[i] ?? ""} ${word}`, fuzzy: false })),
  ];
  const matches: UnitMatch[] = [];
  for (const unit of region.units) {
    let keys = keyCache.get(unit);
    if (keys === undefined) keyCache.set(unit, (keys = unitKeys(unit)));
    let best: UnitMatch | undefined;
    for (const candidate of candidates) {
      for (const key of keys) {
        const score = matchScore(candidate.key, key, candidate.fuzzy);
        if (score >= MIN_SCORE && score > (best?.score ?? 0)) best = { unit, score, matched: candidate.words };
      }
    }
    if (best !== undefined) matches.push(best);
  }
  return matches.sort((a, b) => b.score - a.score);
}

function matchScore(word: string, key: string, fuzzy: boolean): number {
  if (word === key) return 1;
  if (key.length < 4) return 0; // "Іле" must be exact: short keys prefix too many words
  const suffix = word.length - key.length;
  if (suffix > 0 && suffix <= MAX_SUFFIX && word.startsWith(key)) return 0.9 - 0.02 * suffix;
  if (!fuzzy || key.length < 5) return 0;
  const allowed = key.length >= 8 ? 2 : 1;
  const whole = levenshtein(word, key);
  if (whole <= allowed) return whole === 1 ? 0.75 : 0.6;
  const inflected = suffix > 0 && suffix <= MAX_SUFFIX && key.length >= 6;
  if (inflected && levenshtein(word.slice(0, key.length), key) <= 1) return 0.7;
  return 0;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
