// Runs a parsed transcript against the real bot (see devtools/harness.ts) and reports the first failing line.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Harness } from "../devtools/harness.ts";
import type { BotEvent, UserHandle } from "../localapi/index.ts";
import { LOCALES, type Locale } from "../domain/locale.ts";
import { normalizeForMatch, parseTranscript, type Expectation, type Step } from "./parse.ts";
import { localTextToUtc } from "../domain/zonedTime.ts";
import { numericFigures } from "../domain/forms.ts";

export interface TranscriptFailure {
  line: number;
  expected: string;
  /** Every message the bot sent or edited in the chat since the person last spoke. */
  actual: string[];
}

export interface TranscriptResult {
  file: string;
  ok: boolean;
  failure?: TranscriptFailure;
}

class StepFailure extends Error {
  constructor(
    readonly line: number,
    readonly expected: string,
    readonly actual: string[],
  ) {
    super(`line ${line}: ${expected}`);
  }
}

export async function runTranscriptFile(file: string, harness: Harness): Promise<TranscriptResult> {
  const steps = parseTranscript(readFileSync(file, "utf8"));
  try {
    await runSteps(steps, harness, dirname(resolve(file)));
    return { file, ok: true };
  } catch (error) {
    if (error instanceof StepFailure) {
      return { file, ok: false, failure: { line: error.line, expected: error.expected, actual: error.actual } };
    }
    const line = (error as { line?: number }).line ?? 0;
    return { file, ok: false, failure: { line, expected: (error as Error).message, actual: [] } };
  }
}

export async function runSteps(steps: Step[], harness: Harness, baseDir: string): Promise<void> {
  const people = new Map<string, UserHandle>();
  // Named groups of matched expectations (`> /start=(?<code>[\w-]+)/`), used later as {code} in what people say.
  const captured = new Map<string, string>();
  let speaker: UserHandle | undefined;
  const errorsBefore = countErrors(harness);
  for (const step of steps) {
    try {
      speaker = (await runStep(withCaptured(step, captured), harness, people, baseDir)) ?? speaker;
      if (step.kind === "expect") check(step.expectation, step.negate, speaker, step.line, captured);
      const errors = countErrors(harness);
      if (errors > errorsBefore) {
        const last = harness.logLines.filter((l) => Number(l.level) >= 50).at(-1);
        throw new StepFailure(step.line, `no error in the bot's log, but it logged: ${JSON.stringify(last).slice(0, 500)}`, []);
      }
    } catch (error) {
      if (error instanceof StepFailure) throw error;
      throw new StepFailure(step.line, (error as Error).message, speaker ? describe(speaker.sinceLastSpoke()) : []);
    }
  }
}

const countErrors = (harness: Harness) => harness.logLines.filter((line) => Number(line.level) >= 50).length;

async function runStep(step: Step, harness: Harness, people: Map<string, UserHandle>, baseDir: string): Promise<UserHandle | undefined> {
  switch (step.kind) {
    case "user": {
      const handle = harness.api.user({ id: step.id, first_name: step.name, language_code: step.lang });
      people.set(step.name, handle);
      if (step.role) {
        const lang = LOCALES.includes(step.lang as Locale) ? (step.lang as Locale) : undefined;
        await harness.app.deps.people.put({ id: step.id, role: step.role as never, unit: step.unit, forms: step.forms, lang });
      }
      return undefined;
    }
    case "clock":
      harness.clock.set(step.offset ? new Date(`${step.local}${step.offset}`) : localTextToUtc(step.local, harness.app.deps.timeZone));
      return undefined;
    case "restart":
      await harness.restart();
      return undefined;
    case "given":
      await givenReport(harness, step);
      return undefined;
    case "say": {
      const handle = people.get(step.name)!;
      await handle.send(step.text);
      return handle;
    }
    case "press": {
      const handle = people.get(step.name)!;
      const { messageId, data } = findButton(handle, step.label);
      await handle.press(data, messageId);
      return handle;
    }
    case "send": {
      const handle = people.get(step.name)!;
      if (step.media === "photo") await handle.sendPhoto();
      else if (step.media === "sticker") await handle.sendSticker();
      else if (step.media === "contact") await handle.sendContact();
      else if (step.media === "location") await handle.sendLocation(44.99, 78.38);
      else {
        const path = resolve(baseDir, step.file ?? "missing-file");
        await handle.sendDocument(step.file ?? "file", readFileSync(path));
      }
      return handle;
    }
    case "expect":
      return undefined;
  }
}

function findButton(handle: UserHandle, label: string): { messageId: number; data: string } {
  const wanted = normalizeForMatch(label);
  for (const message of handle.botMessages().reverse()) {
    const button = message.reply_markup?.inline_keyboard
      ?.flat()
      .find((b) => "callback_data" in b && normalizeForMatch(b.text).includes(wanted));
    if (button && "callback_data" in button && typeof button.callback_data === "string") {
      return { messageId: message.message_id, data: button.callback_data };
    }
  }
  throw new Error(`no button labelled "${label}" in the bot's messages`);
}

/** What a person says, with {name} replaced by what an earlier expectation captured. */
function withCaptured(step: Step, captured: ReadonlyMap<string, string>): Step {
  if (step.kind !== "say") return step;
  const text = step.text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = captured.get(name);
    if (value === undefined) throw new Error(`nothing was captured as {${name}}`);
    return value;
  });
  return { ...step, text };
}

function check(expectation: Expectation, negate: boolean, speaker: UserHandle | undefined, line: number, captured: Map<string, string>): void {
  if (!speaker) throw new StepFailure(line, "an expectation before anybody spoke", []);
  const events = speaker.sinceLastSpoke();
  const found = events.some((event) => matches(event, expectation));
  if (found && expectation.type === "regex") {
    const event = events.find((e) => matches(e, expectation))!;
    const groups = expectation.regex.exec(event.text ?? event.caption ?? "")?.groups ?? {};
    for (const [name, value] of Object.entries(groups)) if (value !== undefined) captured.set(name, value);
  }
  if (found === negate) {
    throw new StepFailure(line, `${negate ? "no " : ""}message ${describeExpectation(expectation)}`, describe(events));
  }
}

function matches(event: BotEvent, expectation: Expectation): boolean {
  const shown = event.kind === "message" || event.kind === "edit" || event.kind === "photo" || event.kind === "document";
  if (!shown) return false;
  const text = event.text ?? event.caption ?? "";
  switch (expectation.type) {
    case "text":
      return normalizeForMatch(text).includes(normalizeForMatch(expectation.text));
    case "regex":
      return expectation.regex.test(text);
    case "button":
      return buttonLabels(event).some((label) => normalizeForMatch(label).includes(normalizeForMatch(expectation.label)));
    case "photo":
      return event.kind === "photo";
    case "document":
      return event.kind === "document" && globToRegex(expectation.glob).test(event.fileName ?? "");
  }
}

function buttonLabels(event: BotEvent): string[] {
  const markup = event.replyMarkup as { inline_keyboard?: { text: string }[][] } | undefined;
  return markup?.inline_keyboard?.flat().map((b) => b.text) ?? [];
}

const globToRegex = (glob: string) =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");

function describeExpectation(expectation: Expectation): string {
  switch (expectation.type) {
    case "text":
      return `containing "${expectation.text}"`;
    case "regex":
      return `matching ${expectation.regex}`;
    case "button":
      return `with a button "${expectation.label}"`;
    case "photo":
      return "with a photo";
    case "document":
      return `with a document named like ${expectation.glob}`;
  }
}

function describe(events: BotEvent[]): string[] {
  return events
    .filter((e) => e.kind !== "action" && e.kind !== "callback_answer")
    .map((e) => {
      const buttons = buttonLabels(e);
      const body = e.text ?? e.caption ?? (e.fileName ? `(${e.kind} ${e.fileName})` : `(${e.kind})`);
      return `[${e.kind}] ${body}${buttons.length ? `  {${buttons.join(" | ")}}` : ""}`;
    });
}

export function formatFailure(result: TranscriptResult): string {
  if (result.ok || !result.failure) return `ok   ${result.file}`;
  const { line, expected, actual } = result.failure;
  const sent = actual.length ? actual.map((a) => `      ${a.replace(/\n/g, "\n      ")}`).join("\n") : "      (nothing)";
  return `FAIL ${result.file}:${line}\n  expected: ${expected}\n  the bot sent:\n${sent}`;
}


let givenUpdateId = 9_000_000_000;

/** Test setup: a report already stored (values as stored: whole numbers, scaled by the figure's decimals). */
async function givenReport(harness: Harness, step: Extract<Step, { kind: "given" }>): Promise<void> {
  const form = harness.app.deps.forms.find((f) => f.id === step.form);
  if (!form) throw new Error(`no form "${step.form}"`);
  const values: Record<string, number | string> = {};
  for (const [figure, value] of Object.entries(step.values)) values[figure] = /^-?\d+$/.test(value) ? Number(value) : value;
  const current = await harness.app.store.reports.getReport(form.id, step.unit, step.period);
  const result = await harness.app.store.reports.submitReport({
    form: { id: form.id, figures: numericFigures(form) },
    unit: step.unit,
    period: step.period,
    values,
    expectedVersion: current?.version ?? 0,
    author: 0,
    updateId: givenUpdateId++,
    at: harness.clock.now().getTime(),
  });
  if (result.status !== "ok") throw new Error(`given: could not store the report (${result.status})`);
}
