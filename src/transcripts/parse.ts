// Transcripts: conversations with the bot as plain text. This module reads a .chat file into steps.
export type Media = "photo" | "sticker" | "document" | "contact" | "location" | "xlsx";

export type Expectation =
  | { type: "text"; text: string }
  | { type: "regex"; regex: RegExp }
  | { type: "button"; label: string }
  | { type: "photo" }
  | { type: "document"; glob: string };

export type Step = { line: number } & (
  | { kind: "user"; name: string; id: number; lang?: string; role?: string; unit?: string; forms?: string[] }
  | { kind: "clock"; local: string; offset?: string }
  | { kind: "say"; name: string; text: string }
  | { kind: "press"; name: string; label: string }
  | { kind: "send"; name: string; media: Media; file?: string }
  /** `> …` checks the speaker's chat; `Name> …` the chat of that person (since they last did something). */
  | { kind: "expect"; negate: boolean; expectation: Expectation; person?: string }
  /** `Name: (inline QUERY)`: an inline query; the `>` lines after it check its results. */
  | { kind: "inline"; name: string; query: string }
  /** `calendar brief=09:00`: the morning brief at that local time (default: none, as in production). */
  | { kind: "calendar"; brief: string | null }
  | { kind: "restart" }
  | { kind: "given"; form: string; unit: string; period: string; values: Record<string, string> }
);

export class TranscriptSyntaxError extends Error {}

const USER = /^user\s+(\S+)\s+(.*)$/;
const CLOCK = /^clock\s+(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\s*([+-]\d{2}:\d{2}|Z))?$/;
const GIVEN = /^given\s+(\S+)\s+(\S+)\s+(\S+)((?:\s+\S+=\S+)*)$/;
const SPEAKER = /^([^\s:>#][^:]*?):\s?(.*)$/;
const MEDIA = /^\((photo|sticker|contact|location|document|xlsx)(?:\s+(.+))?\)$/;
const INLINE = /^\(inline(?:\s+(.*))?\)$/;
const CALENDAR = /^calendar\s+brief=(\d{2}:\d{2}|none)$/;
/** `Name> text` or `Name>! text`: an expectation on a declared person's chat. */
const PERSON_EXPECT = /^([^\s:>#][^:>]*?)(>!?)\s*(.*)$/;

export function parseTranscript(source: string): Step[] {
  const steps: Step[] = [];
  const names = new Set<string>();
  source.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (!text || text.startsWith("#")) return;
    const step = parseLine(text, line, names);
    if (step.kind === "user") names.add(step.name);
    if ((step.kind === "say" || step.kind === "press" || step.kind === "send" || step.kind === "inline") && !names.has(step.name)) {
      throw new TranscriptSyntaxError(`line ${line}: ${step.name} is not declared with a "user" line`);
    }
    steps.push(step);
  });
  return steps;
}

function parseLine(text: string, line: number, names: ReadonlySet<string>): Step {
  if (text === "restart") return { line, kind: "restart" };
  const calendar = CALENDAR.exec(text);
  if (calendar) return { line, kind: "calendar", brief: calendar[1] === "none" ? null : calendar[1]! };
  const personal = PERSON_EXPECT.exec(text);
  if (personal && names.has(personal[1]!.trim())) {
    return { line, kind: "expect", negate: personal[2] === ">!", expectation: parseExpectation(personal[3]!.trim(), line), person: personal[1]!.trim() };
  }
  const given = GIVEN.exec(text);
  if (given) return { line, kind: "given", form: given[1]!, unit: given[2]!, period: given[3]!, values: parseValues(given[4] ?? "", line) };
  const user = USER.exec(text);
  if (user) return { line, kind: "user", name: user[1]!, ...parseAttributes(user[2]!, line) };
  const clock = CLOCK.exec(text);
  if (clock) return { line, kind: "clock", local: clock[1]!, offset: clock[2] };
  if (text.startsWith(">!")) return { line, kind: "expect", negate: true, expectation: parseExpectation(text.slice(2).trim(), line) };
  if (text.startsWith(">")) return { line, kind: "expect", negate: false, expectation: parseExpectation(text.slice(1).trim(), line) };
  const speaker = SPEAKER.exec(text);
  if (!speaker) throw new TranscriptSyntaxError(`line ${line}: cannot read "${text}"`);
  const name = speaker[1]!.trim();
  const said = speaker[2]!;
  const inline = INLINE.exec(said);
  if (inline) return { line, kind: "inline", name, query: (inline[1] ?? "").trim() };
  const media = MEDIA.exec(said);
  if (media) return { line, kind: "send", name, media: media[1] as Media, file: media[2] };
  const button = /^\[(.+)\]$/.exec(said);
  if (button) return { line, kind: "press", name, label: button[1]! };
  return { line, kind: "say", name, text: said };
}

function parseAttributes(text: string, line: number) {
  const attributes: Record<string, string> = {};
  for (const part of text.split(/\s+/).filter(Boolean)) {
    const [key, value] = part.split("=");
    if (!key || value === undefined) throw new TranscriptSyntaxError(`line ${line}: expected key=value, got "${part}"`);
    attributes[key] = value;
  }
  const id = Number(attributes.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new TranscriptSyntaxError(`line ${line}: user needs id=<positive number>`);
  return {
    id,
    lang: attributes.lang,
    role: attributes.role,
    unit: attributes.unit,
    forms: attributes.forms?.split(",").filter(Boolean),
  };
}

function parseValues(text: string, line: number): Record<string, string> {
  const values: Record<string, string> = {};
  for (const part of text.trim().split(/\s+/).filter(Boolean)) {
    const [key, value] = part.split("=");
    if (!key || value === undefined) throw new TranscriptSyntaxError(`line ${line}: expected figure=value, got "${part}"`);
    values[key] = value;
  }
  return values;
}

function parseExpectation(text: string, line: number): Expectation {
  if (!text) throw new TranscriptSyntaxError(`line ${line}: an expectation needs text`);
  const regex = /^\/(.+)\/([a-z]*)$/.exec(text);
  if (regex) return { type: "regex", regex: new RegExp(regex[1]!, regex[2]) };
  const button = /^\[(.+)\]$/.exec(text);
  if (button) return { type: "button", label: button[1]! };
  if (text === "(photo)") return { type: "photo" };
  const document = /^\(document\s+(.+)\)$/.exec(text);
  if (document) return { type: "document", glob: document[1]! };
  return { type: "text", text };
}

/** Ordinary, no-break and thin spaces compare equal; case does not matter. */
export function normalizeForMatch(text: string): string {
  return text.replace(/[\s\u00a0\u202f\u2009]+/g, " ").toLowerCase();
}
