// Kazakh case suffixes chosen as KAZAKH.md says: by the last word as it is spoken (for "91 337" the word "жеті",
// for "18:00" "сегіз", for "17,9 млрд" "миллиард"), its last vowel (back or front) and its last sound.

export type KazakhSuffix =
  | "dative" // -ға/-ге/-қа/-ке: "18:00-ге дейін"
  | "locative" // -да/-де/-та/-те
  | "ablative" // -дан/-ден/-нан/-нен/-тан/-тен: "30 қазаннан бастап"
  | "genitive" // -ның/-нің/-дың/-дің/-тың/-тің: "Ұйғыр ауданының"
  | "accusative" // -ны/-ні/-ды/-ді/-ты/-ті
  | "possessive" // 3rd person: -сы/-сі/-ы/-і: "5 сұрақтың 3-і"
  | "instrumental" // "with, and": -мен/-бен/-пен
  | "ordinal"; // "3-ші", "6-шы"; after a word -ншы/-нші, -ыншы/-інші

export const KAZAKH_SUFFIXES: readonly KazakhSuffix[] = [
  "dative",
  "locative",
  "ablative",
  "genitive",
  "accusative",
  "possessive",
  "instrumental",
  "ordinal",
];

type Sound = "vowel" | "sonorant" | "nasal" | "sibilant" | "voiceless";

const UNITS = ["нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"];
const TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"];
const POWERS = ["мың", "миллион", "миллиард", "триллион", "квадриллион"];

/** Signs and abbreviations read as words. */
const READ_AS: Record<string, string> = {
  "%": "пайыз",
  "₸": "теңге",
  млн: "миллион",
  млрд: "миллиард",
  трлн: "триллион",
  тг: "теңге",
  "№": "нөмір",
};

const BACK = new Set("аоұыяёюaou");
const FRONT = new Set("әеөүіэeiöü");
const VOWELS = new Set("аәеоөұүыіэяёюaeiouöü");
const SONORANTS = new Set("лрйуиlryw");
const NASALS = new Set("мнңmn");
const SIBILANTS = new Set("зжzj");
const LETTER = /[\p{L}]/u;

/** The last number word of an integer read aloud: 91337 → "жеті", 1000 → "мың", 120 → "жиырма". */
export function lastNumberWord(n: bigint): string {
  if (n < 0n) n = -n;
  if (n === 0n) return UNITS[0]!;
  if (n % 10n !== 0n) return UNITS[Number(n % 10n)]!;
  if ((n / 10n) % 10n !== 0n) return TENS[Number((n / 10n) % 10n)]!;
  if ((n / 100n) % 10n !== 0n) return "жүз";
  let rest = n / 1000n;
  for (const power of POWERS) {
    if (rest % 1000n !== 0n) return power;
    rest /= 1000n;
  }
  return POWERS.at(-1)!;
}

const SPACES = /[\s\u00a0\u202f]/g;
const TIME_AT_END = /(\d{1,2}):(\d{2})$/;
const NUMBER_AT_END = /(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[,.](\d+))?$/;

interface Spoken {
  /** the last word as it is spoken */
  word: string;
  /** whether the text ends in a way that is written with a hyphen before a suffix (a digit, a sign, an abbreviation) */
  hyphen: boolean;
}

/** The last word of the text as it is read aloud. */
export function spokenLastWord(text: string): Spoken {
  const quoted = /[»"”)\]]$/u.test(text.trimEnd());
  const trimmed = text.trimEnd().replace(/[»"”)\]]+$/u, "");
  const time = TIME_AT_END.exec(trimmed);
  if (time !== null) {
    const [hours, minutes] = [BigInt(time[1]!), BigInt(time[2]!)];
    return { word: minutes === 0n ? lastNumberWord(hours) : lastNumberWord(minutes), hyphen: true };
  }
  const number = NUMBER_AT_END.exec(trimmed);
  if (number !== null) {
    // "17,9" is read "он жеті бүтін оннан тоғыз", "31.12.2016" ends with "екі мың он алты": the last group's word.
    const last = number[2] ?? number[1]!.replace(SPACES, "");
    return { word: lastNumberWord(BigInt(last)), hyphen: true };
  }
  const sign = trimmed.at(-1) ?? "";
  if (READ_AS[sign] !== undefined) return { word: READ_AS[sign], hyphen: true };
  const word = /[\p{L}]+$/u.exec(trimmed)?.[0] ?? "";
  const lower = word.toLowerCase();
  if (READ_AS[lower] !== undefined) return { word: READ_AS[lower], hyphen: true };
  // An abbreviation (no vowel, or in capitals: "ХҚКО") or a Latin word ("e-Kyzmet") takes its suffix after a hyphen.
  const abbreviation = word.length > 1 && (word === word.toUpperCase() || ![...lower].some((c) => VOWELS.has(c)));
  return { word: lower, hyphen: quoted || abbreviation || /[a-z]$/i.test(word) || !LETTER.test(trimmed.at(-1) ?? "") };
}

function isBack(word: string): boolean {
  for (const c of [...word].reverse()) {
    if (BACK.has(c)) return true;
    if (FRONT.has(c)) return false;
  }
  return false;
}

function lastSound(word: string): Sound {
  const c = [...word.replace(/[ьъ]+$/u, "")].at(-1) ?? "";
  if (VOWELS.has(c)) return "vowel";
  if (SONORANTS.has(c)) return "sonorant";
  if (NASALS.has(c)) return "nasal";
  if (SIBILANTS.has(c)) return "sibilant";
  return "voiceless";
}

function pick(back: boolean, backForm: string, frontForm: string): string {
  return back ? backForm : frontForm;
}

/** The suffix alone ("-ге", "ның", "-сы"), with a hyphen where Kazakh writes one (after digits, signs, abbreviations). */
export function kazakhSuffix(text: string, kind: KazakhSuffix): string {
  const { word, hyphen } = spokenLastWord(text);
  const back = isBack(word);
  const sound = lastSound(word);
  const voiceless = sound === "voiceless";
  let suffix: string;
  switch (kind) {
    case "dative":
      suffix = voiceless ? pick(back, "қа", "ке") : pick(back, "ға", "ге");
      break;
    case "locative":
      suffix = voiceless ? pick(back, "та", "те") : pick(back, "да", "де");
      break;
    case "ablative":
      suffix = voiceless ? pick(back, "тан", "тен") : sound === "nasal" ? pick(back, "нан", "нен") : pick(back, "дан", "ден");
      break;
    case "genitive":
      suffix = voiceless ? pick(back, "тың", "тің") : sound === "vowel" || sound === "nasal" ? pick(back, "ның", "нің") : pick(back, "дың", "дің");
      break;
    case "accusative":
      suffix = voiceless ? pick(back, "ты", "ті") : sound === "vowel" ? pick(back, "ны", "ні") : pick(back, "ды", "ді");
      break;
    case "possessive":
      suffix = sound === "vowel" ? pick(back, "сы", "сі") : pick(back, "ы", "і");
      break;
    case "instrumental":
      suffix = voiceless ? "пен" : sound === "sibilant" ? "бен" : "мен";
      break;
    case "ordinal":
      suffix = hyphen ? pick(back, "шы", "ші") : sound === "vowel" ? pick(back, "ншы", "нші") : pick(back, "ыншы", "інші");
      break;
  }
  return hyphen ? `-${suffix}` : suffix;
}

const VOICED: Record<string, string> = { п: "б", к: "г", қ: "ғ" };

/** The text with its suffix: "18:00" → "18:00-ге", "Ұйғыр ауданы" → "Ұйғыр ауданының", "қыркүйек" → "қыркүйегі". */
export function withKazakhSuffix(text: string, kind: KazakhSuffix): string {
  const base = text.trimEnd();
  const suffix = kazakhSuffix(base, kind);
  const last = base.at(-1) ?? "";
  // A final п, к, қ voices before a vowel-initial suffix (кітап → кітабы, қыркүйек → қыркүйегі).
  if (!suffix.startsWith("-") && VOICED[last] !== undefined && VOWELS.has(suffix[0] ?? "")) {
    return base.slice(0, -1) + VOICED[last] + suffix;
  }
  return base + suffix;
}
