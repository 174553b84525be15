// Form definitions: what a unit reports, figure by figure, and how the figures add up and are checked.
import { z } from "zod";
import { BUTTON_ROW_CHARS, visiblePrefix } from "./buttons.ts";
import { LOCALES } from "./locale.ts";
import type { Locale, Localized } from "./locale.ts";
import type { Region } from "./region.ts";
import { idSchema, localizedSchema } from "./schemaParts.ts";

export const FIGURE_TYPES = ["count", "money", "decimal", "percentage", "text", "choice"] as const;
export type FigureType = (typeof FIGURE_TYPES)[number];
export type NumericFigureType = Exclude<FigureType, "text" | "choice">;

export interface Choice {
  id: string;
  label: Localized;
}

export interface Figure {
  id: string;
  /** As asked in the form and beside one month's value ("… за отчётный месяц"). */
  label: Localized;
  /** Beside a total over several months (a quarter, the year so far); the label when the file does not say. */
  rangeLabel?: Localized;
  /** On buttons and in compact lists (chart choice, "change X"): a few words that tell the figures apart. */
  shortLabel?: Localized;
  hint?: Localized;
  type: FigureType;
  unitWord?: Localized;
  required: boolean;
  /** Limits in the figure's natural unit (tenge, people, percent), not scaled. */
  min?: number;
  max?: number;
  /** Values are stored as integers scaled by 10^decimals (money 0 = whole tenge). */
  decimals: number;
  unitAggregation: "sum" | "none";
  monthAggregation: "sum" | "last";
  /** The figure this one is an "of which" part of. */
  partOf?: string;
  choices?: Choice[];
  maxLength?: number;
}

export const RULE_OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "compulsory_pair", "exclusive_pair"] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];
export type MissingValueStrategy = "skip_if_any_missing" | "skip_if_all_missing" | "never_skip";

export interface Rule {
  id: string;
  /** Figure ids; each side is the sum of its figures. */
  left: string[];
  operator: RuleOperator;
  right: string[];
  missing: MissingValueStrategy;
  importance: "high" | "medium" | "low";
  message: Localized;
}

/** A share recomputed from summed parts (never summed or averaged itself), shown as a percentage. */
export interface DerivedIndicator {
  id: string;
  label: Localized;
  shortLabel?: Localized;
  numerator: string[];
  denominator: string[];
}

export type PeriodType = "monthly" | "quarterly" | "yearly";

export interface Deadline {
  /** Day of the month after the period ends. */
  day: number;
  /** Local time "HH:MM" in the region's time zone. */
  time: string;
  /** Calendar days after the due instant from which a report counts as late. */
  lateAfterDays: number;
  /** Calendar days after the due instant from which entry is locked. */
  lockAfterDays: number;
}

export interface FormDefinition {
  id: string;
  names: Localized;
  shortNames?: Localized;
  periodType: PeriodType;
  units: "all" | string[];
  figures: Figure[];
  rules: Rule[];
  derived: DerivedIndicator[];
  /** Numeric figure ids shown in totals; all numeric figures when the file does not say. */
  keyFigures: string[];
  deadline: Deadline;
}

const DEFAULT_DECIMALS: Record<FigureType, number> = { count: 0, money: 0, decimal: 2, percentage: 1, text: 0, choice: 0 };
const DEFAULT_TEXT_LENGTH = 500;

const figureIds = z.preprocess(
  (value) => (typeof value === "string" ? [value] : value), // `left: seminars` reads better than `left: [seminars]`
  z.array(idSchema).min(1, { error: "expected at least one figure id" }),
);

const shortText = z
  .string()
  .trim()
  .min(1, { error: "must not be empty" })
  .max(BUTTON_ROW_CHARS - 4, { error: `a short label fits a button: at most ${BUTTON_ROW_CHARS - 4} characters` });
const shortLabelSchema: z.ZodType<Localized> = z.strictObject({ kk: shortText, ru: shortText, en: shortText });

const choiceSchema = z.strictObject({ id: idSchema, label: localizedSchema });

export const figureSchema = z
  .strictObject({
    id: idSchema,
    label: localizedSchema,
    rangeLabel: localizedSchema.optional(),
    shortLabel: shortLabelSchema.optional(),
    hint: localizedSchema.optional(),
    type: z.enum(FIGURE_TYPES),
    unitWord: localizedSchema.optional(),
    required: z.boolean().default(true),
    min: z.number().optional(),
    max: z.number().optional(),
    decimals: z.int().min(0).max(6).optional(),
    unitAggregation: z.enum(["sum", "none"]).optional(),
    monthAggregation: z.enum(["sum", "last"]).optional(),
    partOf: idSchema.optional(),
    choices: z.array(choiceSchema).min(2, { error: "expected at least two choices" }).optional(),
    maxLength: z.int().min(1).max(4000).optional(),
  })
  .transform((figure): Figure => {
    const numeric = isNumericType(figure.type);
    // A percentage is a ratio: neither units nor months add it up.
    const adds = numeric && figure.type !== "percentage";
    return {
      ...figure,
      decimals: figure.decimals ?? DEFAULT_DECIMALS[figure.type],
      unitAggregation: figure.unitAggregation ?? (adds ? "sum" : "none"),
      monthAggregation: figure.monthAggregation ?? (adds ? "sum" : "last"),
      ...(figure.type === "percentage" ? { min: figure.min ?? 0, max: figure.max ?? 100 } : {}),
      ...(figure.type === "text" ? { maxLength: figure.maxLength ?? DEFAULT_TEXT_LENGTH } : {}),
    };
  });

export const ruleSchema = z.strictObject({
  id: idSchema,
  left: figureIds,
  operator: z.enum(RULE_OPERATORS),
  right: figureIds,
  missing: z.enum(["skip_if_any_missing", "skip_if_all_missing", "never_skip"]).default("skip_if_any_missing"),
  importance: z.enum(["high", "medium", "low"]).default("medium"),
  message: localizedSchema,
});

export const derivedIndicatorSchema = z.strictObject({
  id: idSchema,
  label: localizedSchema,
  shortLabel: shortLabelSchema.optional(),
  numerator: figureIds,
  denominator: figureIds,
});

export const deadlineSchema = z.strictObject({
  day: z.int().min(1).max(28, { error: "expected a day from 1 to 28 (every month has it)" }),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "expected a time \"HH:MM\" (24-hour)" }),
  lateAfterDays: z.int().min(0).max(366).default(0),
  lockAfterDays: z.int().min(0).max(366),
});

export const formSchema = z
  .strictObject({
    id: idSchema,
    names: localizedSchema,
    shortNames: localizedSchema.optional(),
    periodType: z.enum(["monthly", "quarterly", "yearly"]),
    units: z
      .union([z.literal("all"), z.array(idSchema).min(1)], { error: "expected \"all\" or a list of unit ids" })
      .default("all"),
    figures: z.array(figureSchema).min(1, { error: "expected at least one figure" }),
    rules: z.array(ruleSchema).default([]),
    derived: z.array(derivedIndicatorSchema).default([]),
    keyFigures: z.array(idSchema).optional(),
    deadline: deadlineSchema,
  })
  .superRefine((form, ctx) => {
    // The figures' buttons (chart choice, "change X") must not look the same on a phone.
    for (const locale of LOCALES) {
      const shown = new Map<string, number>();
      form.figures.forEach((figure, i) => {
        const text = visiblePrefix(shortLabelOf(figure, locale)).toLocaleLowerCase();
        const other = shown.get(text);
        if (other === undefined) return void shown.set(text, i);
        ctx.addIssue({
          code: "custom",
          path: ["figures", i, figure.shortLabel ? "shortLabel" : "label", locale],
          message: `a button shows "${text}…" for this figure and for "${form.figures[other]!.id}": give the figures shortLabels that differ in their first ${BUTTON_ROW_CHARS - 1} characters`,
        });
      });
    }
  })
  .transform(
    (form): FormDefinition => ({ ...form, keyFigures: form.keyFigures ?? numericFigures(form).map((figure) => figure.id) }),
  );

/** Values of one report or total by figure id: numbers are scaled integers, text and choices strings. */
export type FigureValues = Readonly<Record<string, number | string | undefined>>;

/** The value when it is a number that can be added up; anything else counts as missing. */
export function numberOf(values: FigureValues, figureId: string): number | undefined {
  const value = values[figureId];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function isNumericType(type: FigureType): type is NumericFigureType {
  return type !== "text" && type !== "choice";
}

export function isNumericFigure(figure: Figure): boolean {
  return isNumericType(figure.type);
}

export function numericFigures(form: Pick<FormDefinition, "figures">): Figure[] {
  return form.figures.filter(isNumericFigure);
}

const figureIndex = new WeakMap<readonly Figure[], Map<string, Figure>>();

/** The figure with this id (indexed once per form). */
export function figureById(form: Pick<FormDefinition, "figures">, figureId: string): Figure | undefined {
  let index = figureIndex.get(form.figures);
  if (!index) {
    index = new Map(form.figures.map((figure) => [figure.id, figure]));
    figureIndex.set(form.figures, index);
  }
  return index.get(figureId);
}

export function formUnitIds(form: FormDefinition, region: Region): string[] {
  return form.units === "all" ? region.units.map((unit) => unit.id) : [...form.units];
}

export function formsForUnit(forms: readonly FormDefinition[], unitId: string): FormDefinition[] {
  return forms.filter((form) => form.units === "all" || form.units.includes(unitId));
}

/** A figure's label for the period it stands beside: one month, or a sum over `months` months. */
export function figureLabel(figure: Pick<Figure, "label" | "rangeLabel">, locale: Locale, months: number): string {
  return (months > 1 ? figure.rangeLabel?.[locale] : undefined) ?? figure.label[locale];
}

/** The words for a button or a compact list. */
export function shortLabelOf(item: { label: Localized; shortLabel?: Localized | undefined }, locale: Locale): string {
  return item.shortLabel?.[locale] ?? item.label[locale];
}
