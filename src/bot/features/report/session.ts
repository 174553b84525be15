// The form being filled in this update: the definition, the unit, the period and the draft as stored.
import type { FigureValues, FormDefinition, Figure } from "../../../domain/forms.ts";
import { figureById, isNumericFigure } from "../../../domain/forms.ts";
import { ruleNeighbours } from "../../../domain/rules.ts";
import type { Draft, DraftFields } from "../../../store/drafts.ts";
import { draftId, parseDraftId } from "../../../store/keys.ts";
import type { BotContext } from "../../context.ts";

export interface FormSession {
  form: FormDefinition;
  unit: string;
  period: string;
  draft: Draft;
}

export const draftIdOf = (form: string, unit: string, period: string) => draftId({ form, unit, period });

/**
 * The flag with the region's usual value of a figure (scaled like it), kept when the draft starts for a unit with no
 * value of its own last period: what a typed value's scale is checked against (domain/scale.ts).
 */
export const usualField = (figureId: string): string => `usual:${figureId}`;

/** The value a typed answer's scale is checked against: the unit's last period's value, else the region's usual one. */
export function scaleReference(session: FormSession, figure: Figure): { value: number; source: "own" | "region" } | undefined {
  const own = Number(session.draft.refs[figure.id]);
  if (own > 0) return { value: own, source: "own" };
  const usual = Number(session.draft.flags[usualField(figure.id)]);
  return usual > 0 ? { value: usual, source: "region" } : undefined;
}

/**
 * Forms this short are read whole at every answer (one HGETALL of a few hundred bytes): the person's `step`, the
 * guess a partial read starts from, is then neither needed nor written (an answer costs 3 commands, not 4).
 */
export const WHOLE_DRAFT_FIGURES = 12;
export const readsWhole = (form: FormDefinition): boolean => form.figures.length <= WHOLE_DRAFT_FIGURES;

/** Flags the walk reads at every step. */
const WALK_FLAGS = ["pending", "mode", "noteFor"];

/**
 * The draft fields the question at `cursor` needs, a handful whatever the form's length: the figures before, at and
 * after it (value and last period's value: Back, Keep and the next question show them) and the values the rules
 * about the figure at the cursor compare it with.
 */
export function fieldsAt(form: FormDefinition, cursor: number): DraftFields {
  const around = form.figures.slice(Math.max(0, cursor - 1), cursor + 2).map((figure) => figure.id);
  const figure = form.figures[cursor];
  return {
    values: [...new Set([...around, ...(figure ? ruleNeighbours(form, figure.id) : [])])],
    refs: around,
    flags: [...WALK_FLAGS, ...(figure ? [usualField(figure.id)] : [])],
  };
}

/**
 * Loads the person's open draft, or undefined when it is gone or not theirs any more. `whole`: every field (one
 * HGETALL); otherwise only what the question at the cursor needs (one HMGET, see fieldsAt and drafts.loadDraftAt).
 */
export async function openSession(ctx: BotContext, whole = true): Promise<FormSession | undefined> {
  const viewer = ctx.viewer;
  const pointer = ctx.person?.draft;
  if (viewer.role !== "district" || !pointer) return undefined;
  const ref = parseDraftId(pointer);
  const form = ctx.deps.forms.find((f) => f.id === ref.form);
  const drafts = ctx.deps.store.drafts;
  let draft: Draft | null = null;
  if (ref.unit === viewer.unit && form) {
    // At the last question (its answer leads to the review) and past it (findings, the card) every field is
    // needed: read them all at once rather than an HMGET first.
    const step = ctx.person?.step;
    draft =
      whole || readsWhole(form) || (step ?? -1) >= form.figures.length - 1
        ? await drafts.loadDraft(pointer)
        : await drafts.loadDraftAt(pointer, step, (cursor) => fieldsAt(form, cursor));
  }
  if (!form || !draft) {
    await ctx.deps.store.users.setOpenDraft(viewer.userId, null);
    return undefined;
  }
  return { form, unit: ref.unit, period: ref.period, draft };
}

/** The session with every field of the draft read (one HGETALL unless it is so already); false when the draft is gone. */
export async function completeSession(ctx: BotContext, session: FormSession): Promise<boolean> {
  if (session.draft.complete) return true;
  const draft = await ctx.deps.store.drafts.loadDraft(session.draft.id);
  if (!draft) return false;
  session.draft = draft;
  return true;
}

/** Values of some figures as the domain reads them (numbers for numeric figures): no work for the others. */
export function valuesOfFigures(form: FormDefinition, raw: Record<string, string>, ids: readonly string[]): Record<string, number | string> {
  const values: Record<string, number | string> = {};
  for (const id of ids) {
    const figure = figureById(form, id);
    const text = raw[id];
    if (!figure || text === undefined || text === "") continue;
    values[id] = isNumericFigure(figure) ? Number(text) : text;
  }
  return values;
}

/** Draft values as the domain reads them: numbers for numeric figures, strings otherwise. */
export function valuesOf(form: FormDefinition, raw: Record<string, string>): Record<string, number | string> {
  const values: Record<string, number | string> = {};
  for (const figure of form.figures) {
    const text = raw[figure.id];
    if (text === undefined || text === "") continue;
    values[figure.id] = isNumericFigure(figure) ? Number(text) : text;
  }
  return values;
}

export function figureAt(session: FormSession, index: number): Figure | undefined {
  return session.form.figures[index];
}

export const NO_VALUES: FigureValues = {};
