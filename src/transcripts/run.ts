// Runs a parsed transcript against the real bot (see devtools/harness.ts) and reports the first failing line.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Harness } from "../devtools/harness.ts";
import type { BotEvent, InlineResult, UserHandle } from "../localapi/index.ts";
import { createScheduler, type CalendarSettings, type Scheduler } from "../scheduler/index.ts";
import { outboxDrained, runDueAndDrain, type Undelivered } from "../scheduler/settle.ts";
import { LOCALES, type Locale } from "../domain/locale.ts";
import { normalizeForMatch, parseTranscript, type Expectation, type Step } from "./parse.ts";
import { localTextToUtc } from "../domain/zonedTime.ts";
import { numericFigures } from "../domain/forms.ts";
import { spreadsheetOf } from "./xlsx.ts";

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

/**
 * The calendar as in production (the scheduler and its BullMQ outbox on the transcript's Redis), checked when a
 * `clock` line moves time rather than every minute, and without the per-chat spacing (it would only add seconds).
 */
const TRANSCRIPT_CALENDAR: Partial<CalendarSettings> = { tickEveryMs: 0, perChatGapMs: 0 };

/** What a transcript run keeps between steps. */
interface Run {
  harness: Harness;
  people: Map<string, UserHandle>;
  baseDir: string;
  scheduler: Scheduler;
  settings: Partial<CalendarSettings>;
  /** A person's last inline query's answer, while it is the last thing they did. */
  inline: Map<UserHandle, InlineResult>;
}

export async function runSteps(steps: Step[], harness: Harness, baseDir: string): Promise<void> {
  // Named groups of matched expectations (`> /start=(?<code>[\w-]+)/`), used later as {code} in what people say.
  const captured = new Map<string, string>();
  let speaker: UserHandle | undefined;
  const errorsBefore = countErrors(harness);
  const run: Run = {
    harness,
    people: new Map(),
    baseDir,
    scheduler: await createScheduler(harness.app, { settings: TRANSCRIPT_CALENDAR, owner: "transcript" }),
    settings: TRANSCRIPT_CALENDAR,
    inline: new Map(),
  };
  try {
    for (const step of steps) {
      try {
        speaker = (await runStep(withCaptured(step, captured), run)) ?? speaker;
        if (step.kind === "expect") {
          const whose = step.person === undefined ? speaker : run.people.get(step.person);
          check(step.expectation, step.negate, whose, step.line, captured, whose && run.inline.get(whose));
        }
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
  } finally {
    await run.scheduler.stop();
  }
}

/** Fails the step when the outbox gave up on a message (a transcript's people all have chats). */
function delivered(undelivered: readonly Undelivered[]): void {
  if (undelivered.length > 0) throw new Error(`the outbox could not deliver: ${undelivered.map((u) => `${u.job} (${u.reason})`).join(", ")}`);
}

async function restartScheduler(run: Run): Promise<void> {
  await run.scheduler.stop();
  run.scheduler = await createScheduler(run.harness.app, { settings: run.settings, owner: "transcript" });
}

const countErrors = (harness: Harness) => harness.logLines.filter((line) => Number(line.level) >= 50).length;

async function runStep(step: Step, run: Run): Promise<UserHandle | undefined> {
  const { harness, people, baseDir } = run;
  const acting = step.kind === "say" || step.kind === "press" || step.kind === "send" || step.kind === "inline" ? people.get(step.name)! : undefined;
  if (acting) run.inline.delete(acting);
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
      // Whatever fell due by the new time (missed moments included, as after a stop) is sent before the next line.
      delivered((await runDueAndDrain(run.scheduler, harness.app.deps)).undelivered);
      return undefined;
    case "calendar":
      run.settings = { ...run.settings, morningBrief: step.brief === null ? null : { time: step.brief } };
      await restartScheduler(run);
      return undefined;
    case "restart":
      await run.scheduler.stop();
      await harness.restart();
      run.scheduler = await createScheduler(harness.app, { settings: run.settings, owner: "transcript" });
      return undefined;
    case "given":
      await givenReport(harness, step);
      return undefined;
    case "say":
      await acting!.send(step.text);
      break;
    case "press": {
      const { messageId, data } = findButton(acting!, step.label);
      await acting!.press(data, messageId);
      break;
    }
    case "send": {
      const handle = acting!;
      if (step.media === "photo") await handle.sendPhoto();
      else if (step.media === "sticker") await handle.sendSticker();
      else if (step.media === "contact") await handle.sendContact();
      else if (step.media === "location") await handle.sendLocation(44.99, 78.38);
      else if (step.media === "xlsx") await handle.sendDocument("report.xlsx", await spreadsheetOf(harness, handle, step.file ?? ""));
      else {
        const path = resolve(baseDir, step.file ?? "missing-file");
        await handle.sendDocument(step.file ?? "file", readFileSync(path));
      }
      break;
    }
    case "inline":
      run.inline.set(acting!, await acting!.inlineQuery(step.query));
      break;
    case "expect":
      return undefined;
  }
  // What the action set going through the outbox ("remind the missing") arrives before the next line.
  delivered(await outboxDrained(run.scheduler, harness.app.deps));
  return acting;
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

function check(
  expectation: Expectation,
  negate: boolean,
  speaker: UserHandle | undefined,
  line: number,
  captured: Map<string, string>,
  inline: InlineResult | undefined,
): void {
  if (!speaker) throw new StepFailure(line, "an expectation before anybody spoke", []);
  if (inline) return checkInline(expectation, negate, inline, line);
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

/** After `(inline …)`: some result's title, description or message contains the text (or matches the regex). */
function checkInline(expectation: Expectation, negate: boolean, inline: InlineResult, line: number): void {
  const shown = inline.results.map((result) => {
    const r = result as { title?: string; description?: string; input_message_content?: { message_text?: string } };
    return [r.title, r.description, r.input_message_content?.message_text].filter(Boolean).join("\n");
  });
  let found: boolean;
  if (expectation.type === "text") found = shown.some((text) => normalizeForMatch(text).includes(normalizeForMatch(expectation.text)));
  else if (expectation.type === "regex") found = shown.some((text) => expectation.regex.test(text));
  else throw new StepFailure(line, "inline results are checked by text or /regex/ only", []);
  if (found === negate) {
    const listed = shown.length > 0 ? shown.map((text) => `[inline result] ${text}`) : ["(no inline results)"];
    throw new StepFailure(line, `${negate ? "no " : ""}inline result ${describeExpectation(expectation)}`, listed);
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
