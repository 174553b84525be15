// The form being filled in this update: the definition, the unit, the period and the draft as stored.
import type { FigureValues, FormDefinition, Figure } from "../../../domain/forms.ts";
import { isNumericFigure } from "../../../domain/forms.ts";
import type { Draft } from "../../../store/drafts.ts";
import { draftId, parseDraftId } from "../../../store/keys.ts";
import type { BotContext } from "../../context.ts";

export interface FormSession {
  form: FormDefinition;
  unit: string;
  period: string;
  draft: Draft;
}

export const draftIdOf = (form: string, unit: string, period: string) => draftId({ form, unit, period });

/** Loads the person's open draft (one HGETALL), or undefined when it is gone or not theirs any more. */
export async function openSession(ctx: BotContext): Promise<FormSession | undefined> {
  const viewer = ctx.viewer;
  const pointer = ctx.person?.draft;
  if (viewer.role !== "district" || !pointer) return undefined;
  const ref = parseDraftId(pointer);
  const form = ctx.deps.forms.find((f) => f.id === ref.form);
  const draft = ref.unit === viewer.unit && form ? await ctx.deps.store.drafts.loadDraft(pointer) : null;
  if (!form || !draft) {
    await ctx.deps.store.users.setOpenDraft(viewer.userId, null);
    return undefined;
  }
  return { form, unit: ref.unit, period: ref.period, draft };
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
