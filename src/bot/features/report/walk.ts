// Walking a form one figure at a time. Every update does the same small amount of work whatever the form's length:
// the person's record (read by identify), the fields of the draft the question at the cursor needs (one HMGET) and
// one HSET with the accepted answer (with the person's `step` in the same round trip), written before the next
// question is sent. The review and the card read the whole draft, and the unit's history in one round trip.
import { isNumericFigure, type Figure, type FigureValues } from "../../../domain/forms.ts";
import { MAX_INPUT_LENGTH, parseChoice, parseText } from "../../../domain/numbers.ts";
import { decodeTyped, encodeTyped, scaleButtons, scaleChoices, scaleQuestion } from "../../../domain/scale.ts";
import { deadlineOf, formatDate, monthsInRange, parsePeriodId, previousPeriod } from "../../../domain/periods.ts";
import { isPeriodOpenFor } from "../../../store/locking.ts";
import { aggregatePeriods } from "../../../domain/aggregate.ts";
import { findingKey, reviewFindings, type Finding } from "../../../domain/review.ts";
import { evaluateRules, ruleNeighbours, rulesAbout } from "../../../domain/rules.ts";
import { numericFigures } from "../../../domain/forms.ts";
import { readFigureInput, type TypedReading } from "../../numberInput.ts";
import { applyChange, type DraftChange } from "../../../store/drafts.ts";
import type { BotContext } from "../../context.ts";
import { formName, unitName } from "../../names.ts";
import {
  cardAction,
  changeFigure,
  discardChoice,
  findingAnswer,
  optionChoice,
  questionNav,
  readBack,
  scaleChoice,
} from "./actions.ts";
import {
  cardMessage,
  discardMessage,
  figureListMessage,
  findingMessage,
  limits,
  questionMessage,
  readBackMessage,
  repeatsPrevious,
  ruleRefusal,
  scaleMessage,
  send,
} from "./render.ts";
import { completeSession, readsWhole, scaleReference, valuesOf, valuesOfFigures, type FormSession } from "./session.ts";
import { periodName } from "../../../reports/format.ts";
import { say } from "../../helpers/messages.ts";

/** How far back the review looks for the unit's own history (outliers, last month, year so far). */
const HISTORY_PERIODS = 12;

/** ask: a question; confirm: a number said back; scale: which scale a typed number has; then the review's stages. */
type Stage = "ask" | "confirm" | "scale" | "note" | "finding" | "card";
const asking = (stage: Stage) => stage === "ask" || stage === "confirm" || stage === "scale";
type Change = DraftChange;

const stageOf = (session: FormSession): Stage => (session.draft.stage as Stage | undefined) ?? "ask";

/** Writes the change unless this update was applied already (a redelivery): then nothing is sent either. */
async function apply(ctx: BotContext, session: FormSession, change: Change): Promise<boolean> {
  const person = ctx.person;
  // A short form is read whole (session.readsWhole): no guess of the cursor to keep.
  const moved = person !== undefined && person.step !== change.cursor && !readsWhole(session.form);
  const result = await ctx.deps.store.drafts.applyAnswer(session.draft, {
    ...change,
    updateId: ctx.update.update_id,
    by: ctx.viewer.userId,
    ...(moved ? { stepOf: person.id } : {}),
  });
  session.draft = result.draft;
  if (moved && result.applied) person.step = change.cursor;
  return result.applied;
}

const isRedelivery = (ctx: BotContext, session: FormSession) => ctx.update.update_id <= session.draft.upd;

/** Handles an update inside an open draft; `session` may hold only the fields of the question at the cursor. */
export async function handleWalk(ctx: BotContext, session: FormSession): Promise<void> {
  if (isRedelivery(ctx, session)) {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    // The last update applied, sent again after a crash before its reply: the akim gets the step it leads to.
    const unanswered = ctx.deps.redeliveryIsUnanswered === true && ctx.update.update_id === session.draft.upd;
    const partial = stageOf(session) === "ask" || stageOf(session) === "confirm";
    if (unanswered && (partial || (await completeSession(ctx, session)))) await showCurrentStep(ctx, session);
    return;
  }
  // Past the questions (findings, notes, the card) every value is needed.
  const stage = stageOf(session);
  if (!asking(stage) && !(await completeSession(ctx, session))) {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await say(ctx, ctx.t("report-draft-gone"));
    return;
  }
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) {
    await ctx.answerCallbackQuery();
    return onButton(ctx, session, data);
  }
  const text = ctx.message?.text;
  if (text === undefined) {
    await say(ctx, ctx.t("report-error-not-text"));
    return showCurrentStep(ctx, session);
  }
  return onText(ctx, session, text);
}

async function onText(ctx: BotContext, session: FormSession, text: string): Promise<void> {
  const stage = stageOf(session);
  if (stage === "note") return onNote(ctx, session, text);
  if (stage === "finding" || stage === "card") {
    await say(ctx, ctx.t("report-use-buttons"));
    return showCurrentStep(ctx, session);
  }
  const index = session.draft.cursor;
  const figure = session.form.figures[index];
  if (!figure) return review(ctx, session, { cursor: index, stage: "card" });
  const parsed = parseAnswer(ctx, figure, text);
  // A number far from the unit's usual (or a fraction of a tenge) is asked about before anything is stored.
  const reading = parsed.reading;
  const typed = reading?.typed;
  if (reading && typed) {
    const reference = scaleReference(session, figure);
    const scale = scaleQuestion(reading, figure, reference?.value);
    if (scale) {
      if (!(await apply(ctx, session, { flags: { pending: encodeTyped(typed) }, cursor: index, stage: "scale" }))) return;
      return send(ctx, scaleMessage(ctx, figure, index, typed, scale, reference));
    }
  }
  if (!parsed.ok) {
    // "Too long" is about characters: a number's limit is the input's length, not the figure's maximum.
    const max = parsed.error === "too_long" && isNumericFigure(figure) ? MAX_INPUT_LENGTH : limits(ctx, figure).max!;
    await say(ctx, ctx.t(`report-error-${parsed.error}`, { ...limits(ctx, figure), max, input: text.slice(0, 40) }));
    return send(ctx, questionMessage(ctx, session, index));
  }
  if (await refusedByRule(ctx, session, figure, parsed.value)) return;
  if (parsed.confirm) {
    if (!(await apply(ctx, session, { flags: { pending: String(parsed.value) }, cursor: index, stage: "confirm" }))) return;
    return send(ctx, readBackMessage(ctx, figure, Number(parsed.value), index));
  }
  return accept(ctx, session, index, String(parsed.value));
}

/**
 * A high-importance rule about this figure that the new value breaks, now that its other figures are known. Only
 * the rules naming the figure are evaluated, with the values they compare (read with the draft: see fieldsAt).
 */
function brokenRule(session: FormSession, figure: Figure, value: number | string) {
  const { form } = session;
  const values = { ...valuesOfFigures(form, session.draft.values, ruleNeighbours(form, figure.id)), [figure.id]: value };
  return evaluateRules({ rules: rulesAbout(form, figure.id) }, values).find((violation) => violation.rule.importance === "high");
}

/**
 * While walking forward a rule is checked as soon as its figures are known (changes from the card are checked
 * there): a broken one is said with both values it compares, and the question is asked again.
 */
async function refusedByRule(ctx: BotContext, session: FormSession, figure: Figure, value: number | string): Promise<boolean> {
  const broken = session.draft.flags.mode === "jump" ? undefined : brokenRule(session, figure, value);
  if (!broken) return false;
  await say(ctx, ruleRefusal(ctx, session.form, broken));
  const index = session.form.figures.indexOf(figure);
  if (stageOf(session) !== "ask") await apply(ctx, session, { clear: ["pending"], cursor: index, stage: "ask" });
  await send(ctx, questionMessage(ctx, session, index));
  return true;
}

type Parsed = ({ ok: true; value: number | string; confirm: boolean } | { ok: false; error: string }) & {
  /** a numeric answer as read, for the scale check */
  reading?: TypedReading;
};

function parseAnswer(ctx: BotContext, figure: Figure, text: string): Parsed {
  if (isNumericFigure(figure)) {
    const reading = readFigureInput(text, figure, ctx.locale);
    const { result } = reading;
    return result.ok ? { ok: true, value: result.value, confirm: result.needsConfirmation, reading } : { ok: false, error: result.error, reading };
  }
  const result = figure.type === "choice" ? parseChoice(text, figure, ctx.locale) : parseText(text, figure);
  return result.ok ? { ok: true, value: result.value, confirm: false } : result;
}

/** Stores the answer to question `index` and moves on: the next question, or the review after the last one. */
async function accept(ctx: BotContext, session: FormSession, index: number, value: string): Promise<void> {
  const figure = session.form.figures[index]!;
  // A new value withdraws what was said about the old one.
  const cleared = { clear: ["pending"], unack: [`outlier:${figure.id}`, `decrease:${figure.id}`], values: { [figure.id]: value } };
  const jumping = session.draft.flags.mode === "jump";
  const next = index + 1;
  if (!jumping && next < session.form.figures.length) {
    if (!(await apply(ctx, session, { ...cleared, cursor: next, stage: "ask" }))) return;
    return send(ctx, questionMessage(ctx, session, next));
  }
  return review(ctx, session, { ...cleared, clear: [...cleared.clear, "mode"], cursor: session.form.figures.length, stage: "card" });
}

async function onNote(ctx: BotContext, session: FormSession, text: string): Promise<void> {
  const key = session.draft.flags.noteFor;
  const note = parseText(text, { id: "note", type: "text", maxLength: 500 } as Figure);
  if (!key) return review(ctx, session, { cursor: session.draft.cursor, stage: "card" });
  if (!note.ok) {
    await say(ctx, ctx.t(`report-error-${note.error}`, { max: 500 }));
    return showCurrentStep(ctx, session);
  }
  return review(ctx, session, {
    notes: { [key]: note.value },
    acks: [key],
    clear: ["noteFor"],
    cursor: session.draft.cursor,
    stage: "card",
  });
}

async function onButton(ctx: BotContext, session: FormSession, data: string): Promise<void> {
  const stage = stageOf(session);
  const cursor = session.draft.cursor;
  const nav = questionNav.unpack(data);
  if (nav) {
    const [op, index] = nav;
    if (op === "cancel") return send(ctx, discardMessage(ctx));
    if (!asking(stage) || index !== cursor) return stale(ctx, session);
    const figure = session.form.figures[index]!;
    if (op === "back") {
      if (index === 0) return stale(ctx, session);
      if (!(await apply(ctx, session, { clear: ["pending"], cursor: index - 1, stage: "ask" }))) return;
      return send(ctx, questionMessage(ctx, session, index - 1));
    }
    if (op === "skip") {
      if (figure.required) return stale(ctx, session);
      return accept(ctx, session, index, "");
    }
    if (op === "same") {
      const previous = session.draft.refs[figure.id];
      if (!repeatsPrevious(figure, previous, session.draft.values[figure.id])) return stale(ctx, session);
      if (await refusedByRule(ctx, session, figure, Number(previous))) return;
      return accept(ctx, session, index, previous);
    }
    const current = session.draft.values[figure.id];
    if (current === undefined) return stale(ctx, session);
    return accept(ctx, session, index, current);
  }
  const scale = scaleChoice.unpack(data);
  if (scale) {
    const [choice, index] = scale;
    const figure = session.form.figures[index];
    const typed = decodeTyped(session.draft.flags.pending);
    if (stage !== "scale" || index !== cursor || !figure || !typed) return stale(ctx, session);
    // The readings are computed again from the draft: the button says only which of them was pressed.
    const reading = scaleButtons(scaleChoices(typed, figure, scaleReference(session, figure)?.value))[choice];
    if (!reading) return stale(ctx, session);
    if (await refusedByRule(ctx, session, figure, reading.value)) return;
    return accept(ctx, session, index, String(reading.value));
  }
  const option = optionChoice.unpack(data);
  if (option) {
    const [choice, index] = option;
    const figure = session.form.figures[index];
    const picked = figure?.type === "choice" ? figure.choices?.[choice] : undefined;
    if (!asking(stage) || index !== cursor || !picked) return stale(ctx, session);
    return accept(ctx, session, index, picked.id);
  }
  const back = readBack.unpack(data);
  if (back) {
    const [answer, index] = back;
    const pending = session.draft.flags.pending;
    // "Type again" also leaves a scale question; "yes" answers only a number said back.
    const allowed = answer === "yes" ? stage === "confirm" : stage === "confirm" || stage === "scale";
    if (!allowed || index !== cursor || pending === undefined) return stale(ctx, session);
    if (answer === "yes") return accept(ctx, session, index, pending);
    if (!(await apply(ctx, session, { clear: ["pending"], cursor: index, stage: "ask" }))) return;
    return send(ctx, questionMessage(ctx, session, index));
  }
  const finding = findingAnswer.unpack(data);
  if (finding) return onFindingAnswer(ctx, session, finding[0]);
  const change = changeFigure.unpack(data);
  if (change) {
    const [index] = change;
    if (stage !== "finding" && stage !== "card") return stale(ctx, session);
    if (!session.form.figures[index]) return stale(ctx, session);
    if (!(await apply(ctx, session, { flags: { mode: "jump" }, clear: ["pending", "noteFor"], cursor: index, stage: "ask" }))) return;
    return send(ctx, questionMessage(ctx, session, index));
  }
  const card = cardAction.unpack(data);
  if (card) {
    const [op] = card;
    if (op === "cancel") return send(ctx, discardMessage(ctx));
    if (stage !== "card" && stage !== "finding") return stale(ctx, session);
    if (op === "change") return send(ctx, figureListMessage(ctx, session));
    if (op === "show") return showCurrentStep(ctx, session);
    return submit(ctx, session);
  }
  const discard = discardChoice.unpack(data);
  if (discard) {
    if (discard[0] === "no") return showCurrentStep(ctx, session);
    await ctx.deps.store.drafts.discardDraft(session.draft.id, ctx.viewer.userId!);
    await say(ctx, ctx.t("report-discarded"));
    return;
  }
  return stale(ctx, session);
}

async function stale(ctx: BotContext, session: FormSession): Promise<void> {
  await say(ctx, ctx.t("report-stale-button"));
  return showCurrentStep(ctx, session);
}

/** Sends what the person is asked now, without changing anything. */
export async function showCurrentStep(ctx: BotContext, session: FormSession): Promise<void> {
  const stage = stageOf(session);
  const index = session.draft.cursor;
  const figure = session.form.figures[index];
  if (stage === "confirm" && figure && session.draft.flags.pending !== undefined) {
    return send(ctx, readBackMessage(ctx, figure, Number(session.draft.flags.pending), index));
  }
  const typed = stage === "scale" && figure ? decodeTyped(session.draft.flags.pending) : undefined;
  if (typed && figure) {
    const reference = scaleReference(session, figure);
    const choices = scaleChoices(typed, figure, reference?.value);
    if (scaleButtons(choices).length > 0) return send(ctx, scaleMessage(ctx, figure, index, typed, choices, reference));
  }
  if (asking(stage) && figure) return send(ctx, questionMessage(ctx, session, index));
  if (stage === "note" && !session.draft.flags.noteFor?.startsWith("decrease:")) {
    await say(ctx, ctx.t("report-comment-ask"));
    return;
  }
  return review(ctx, session, undefined);
}

// ── Review and card ─────────────────────────────────────────────────────────

interface History {
  byPeriod: Map<string, FigureValues>;
  stored?: { version: number; values: FigureValues };
  /** Newest first. */
  earlier: FigureValues[];
  previousInYear?: FigureValues;
}

/**
 * The unit's numbers of the earlier periods, from its history hash (one HMGET: store.reports.getUnitNumbers), and
 * for a correction the version being corrected (one HGETALL: the card shows its text answers too).
 */
async function loadHistory(ctx: BotContext, session: FormSession): Promise<History> {
  const periods: string[] = [];
  for (let period = session.period, i = 0; i < HISTORY_PERIODS; i++) periods.push((period = previousPeriod(period)));
  const { reports } = ctx.deps.store;
  const [numbers, current] = await Promise.all([
    reports.getUnitNumbers(session.form.id, session.unit, periods),
    session.draft.base > 0 ? reports.getReport(session.form.id, session.unit, session.period) : null,
  ]);
  const byPeriod = new Map<string, FigureValues>(numbers);
  if (current) byPeriod.set(session.period, current.values);
  const year = parsePeriodId(session.period).year;
  const earlier = periods.map((p) => byPeriod.get(p)).filter((v): v is FigureValues => v !== undefined);
  const previousInYear = periods.filter((p) => parsePeriodId(p).year === year).map((p) => byPeriod.get(p)).find((v) => v !== undefined);
  return {
    byPeriod,
    earlier,
    previousInYear,
    ...(current && session.draft.base > 0 ? { stored: { version: current.version, values: current.values } } : {}),
  };
}

function findingsFor(session: FormSession, history: History): Finding[] {
  const acknowledged = new Set(Object.keys(session.draft.acks));
  return reviewFindings({
    form: session.form,
    values: valuesOf(session.form, session.draft.values),
    history: history.earlier,
    previousInYear: history.previousInYear,
    acknowledged,
  });
}

/** Applies `change` (if any), puts the draft at the first open finding (or the card) and shows it. */
async function review(ctx: BotContext, session: FormSession, change: Change | undefined): Promise<void> {
  if (!(await completeSession(ctx, session))) {
    await say(ctx, ctx.t("report-draft-gone"));
    return;
  }
  const history = await loadHistory(ctx, session);
  const preview = change ? { ...session, draft: applyChange(session.draft, change) } : session;
  const first = findingsFor(preview, history)[0];
  // A decrease of an allocation needs a reason typed as text; other findings are answered with buttons.
  const stage: Stage = !first ? "card" : first.kind === "decrease" ? "note" : "finding";
  const noteFor = first?.kind === "decrease" ? findingKey(first) : undefined;
  if (change || stage !== stageOf(session) || noteFor !== session.draft.flags.noteFor) {
    const base: Change = change ?? { cursor: session.draft.cursor };
    const flags = { ...base.flags, ...(noteFor ? { noteFor } : {}) };
    const clear = [...(base.clear ?? []), ...(noteFor ? [] : ["noteFor"])];
    if (!(await apply(ctx, session, { ...base, flags, clear, stage }))) return;
  }
  if (first) return send(ctx, findingMessage(ctx, session, first));
  return send(ctx, cardMessage(ctx, session, cardContext(session, history)));
}

function cardContext(session: FormSession, history: History) {
  const year = parsePeriodId(session.period).year;
  const months = monthsInRange({ kind: "ytd", year, month: parsePeriodId(session.period).kind === "month" ? Number(session.period.slice(5, 7)) : 12 });
  const series = new Map(history.byPeriod);
  series.set(session.period, valuesOf(session.form, session.draft.values));
  return {
    previous: history.byPeriod.get(previousPeriod(session.period)),
    yearToDate: aggregatePeriods(session.form, months, series),
    ...(history.stored ? { stored: history.stored } : {}),
  };
}

async function onFindingAnswer(ctx: BotContext, session: FormSession, answer: "accept" | "comment"): Promise<void> {
  if (stageOf(session) !== "finding") return stale(ctx, session);
  const history = await loadHistory(ctx, session);
  const first = findingsFor(session, history)[0];
  if (!first || (first.kind === "rule" && first.blocking) || first.kind === "decrease") return stale(ctx, session);
  const key = findingKey(first);
  if (answer === "comment") {
    if (!(await apply(ctx, session, { flags: { noteFor: key }, cursor: session.draft.cursor, stage: "note" }))) return;
    await say(ctx, ctx.t("report-comment-ask"));
    return;
  }
  return review(ctx, session, { acks: [key], cursor: session.draft.cursor, stage: "card" });
}

// ── Submission ──────────────────────────────────────────────────────────────

async function submit(ctx: BotContext, session: FormSession): Promise<void> {
  const { form, unit, period, draft } = session;
  const now = ctx.deps.clock.now();
  if (!(await isPeriodOpenFor(ctx.deps, form, unit, period, now))) {
    await say(ctx, ctx.t("report-locked", { period: periodName(ctx, period) }));
    return;
  }
  const values = valuesOf(form, draft.values);
  const missing = form.figures.findIndex((figure) => figure.required && values[figure.id] === undefined);
  if (missing >= 0) {
    await say(ctx, ctx.t("report-missing-required", { label: form.figures[missing]!.label[ctx.locale] }));
    if (!(await apply(ctx, session, { flags: { mode: "jump" }, cursor: missing, stage: "ask" }))) return;
    return send(ctx, questionMessage(ctx, session, missing));
  }
  // The card is shown only once every finding is answered, and values change only through the review again:
  // a draft at the card needs no second read of the history. Blocking rules are re-checked (pure, no Redis).
  if (stageOf(session) !== "card") return showCurrentStep(ctx, session);
  const broken = evaluateRules(form, values).find((violation) => violation.rule.importance === "high");
  if (broken) return review(ctx, session, undefined);

  if (draft.base > 0 && (await unchangedCorrection(ctx, session, values))) return;

  const deadline = deadlineOf(form, period, ctx.deps.timeZone);
  // Lateness belongs to the first submission: a correction keeps it (issue 13.1).
  const late = draft.base > 0 ? await ctx.deps.store.calendar.firstVersionLate(form.id, unit, period) : now.getTime() >= deadline.lateAt.getTime();
  const notes = Object.values(draft.notes);
  const result = await ctx.deps.store.reports.submitReport({
    form: { id: form.id, figures: numericFigures(form) },
    unit,
    period,
    values,
    expectedVersion: draft.base,
    author: ctx.viewer.userId!,
    updateId: ctx.update.update_id,
    at: now.getTime(),
    late,
    ...(notes.length ? { reason: notes.join("; ") } : {}),
  });
  if (result.status === "conflict") return onConflict(ctx, session, result.currentVersion);
  const at = formatDate(new Date(result.at), ctx.locale, ctx.deps.timeZone, { time: true });
  const lines = [
    ctx.t("report-receipt", {
      form: formName(ctx, form.id),
      unit: unitName(ctx, unit),
      period: periodName(ctx, period),
      version: result.version,
      at,
    }),
  ];
  if (draft.base > 0) lines.push(ctx.t(late ? "calendar-receipt-correction-late" : "calendar-receipt-correction-on-time"));
  else if (late) lines.push(ctx.t("report-receipt-late", { deadline: formatDate(deadline.dueAt, ctx.locale, ctx.deps.timeZone, { time: true }) }));
  // The draft goes after the receipt: a crash before it leaves the draft, and the update sent again gets the same receipt.
  try {
    await say(ctx, lines.join("\n\n"));
  } finally {
    await ctx.deps.store.drafts.discardDraft(draft.id, ctx.viewer.userId!);
  }
}

/**
 * A correction whose values are those of the version in force makes no new version: the person is told so and the
 * draft is closed. (When a colleague submitted meanwhile the versions differ and the submission reports the conflict.)
 */
async function unchangedCorrection(ctx: BotContext, session: FormSession, values: FigureValues): Promise<boolean> {
  const { form, unit, period, draft } = session;
  const stored = await ctx.deps.store.reports.getReport(form.id, unit, period);
  if (!stored || stored.version !== draft.base) return false;
  const same = (value: number | string | undefined) => (value === undefined ? "" : String(value));
  if (form.figures.some((figure) => same(values[figure.id]) !== same(stored.values[figure.id]))) return false;
  await ctx.deps.store.drafts.discardDraft(draft.id, ctx.viewer.userId!);
  const at = formatDate(new Date(stored.at), ctx.locale, ctx.deps.timeZone, { time: true });
  await say(ctx, ctx.t("report-correction-unchanged", { version: stored.version, at }));
  return true;
}

/** Someone else of the unit submitted meanwhile: keep the answers, rebase on their version, show the card again. */
async function onConflict(ctx: BotContext, session: FormSession, currentVersion: number): Promise<void> {
  const { draft } = session;
  session.draft = await ctx.deps.store.drafts.startDraft(draft.id, {
    by: ctx.viewer.userId!,
    base: currentVersion,
    started: draft.started,
    updateId: ctx.update.update_id,
    cursor: draft.cursor,
    stage: "card",
    values: draft.values,
    refs: draft.refs,
    flags: draft.flags,
    acks: draft.acks,
    notes: draft.notes,
  });
  await say(ctx, ctx.t("report-conflict", { version: currentVersion }));
  return review(ctx, session, undefined);
}
