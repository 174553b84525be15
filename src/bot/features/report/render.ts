// What the person sees while filling a form: questions, read-backs, findings, the card and the receipt.
import { InlineKeyboard } from "grammy";
import { figureById, isNumericFigure, numberOf, shortLabelOf, type Figure, type FigureValues, type FormDefinition } from "../../../domain/forms.ts";
import type { RuleViolation } from "../../../domain/rules.ts";
import { formatFigureValue, formatScaled, choiceLabel, NO_VALUE } from "../../../domain/numbers.ts";
import type { TypedNumber } from "../../../domain/numberParse.ts";
import { formatReading, scaleButtons, type ScaleChoices } from "../../../domain/scale.ts";
import type { Finding } from "../../../domain/review.ts";
import { findingFigures } from "../../../domain/review.ts";
import type { BotContext } from "../../context.ts";
import { unitName } from "../../names.ts";
import type { FormSession } from "./session.ts";
import { valuesOf } from "./session.ts";
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
import { periodName } from "../../../reports/format.ts";
import { say } from "../../helpers/messages.ts";

export interface Message {
  text: string;
  keyboard?: InlineKeyboard;
  html?: boolean;
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const BUTTON_LABEL_LIMIT = 40;
const shortLabel = (text: string) => (text.length > BUTTON_LABEL_LIMIT ? `${text.slice(0, BUTTON_LABEL_LIMIT - 1)}…` : text);

/** A stored value as the reader writes it; "—" when there is none. */
export function showValue(ctx: BotContext, figure: Figure, value: number | string | undefined): string {
  if (value === undefined || value === "") return NO_VALUE;
  if (isNumericFigure(figure)) return formatFigureValue(Number(value), figure, ctx.locale);
  if (figure.type === "choice") return choiceLabel(figure, String(value), ctx.locale) ?? String(value);
  return String(value);
}


export function heading(ctx: BotContext, session: FormSession): string {
  const form = session.form.shortNames?.[ctx.locale] ?? session.form.names[ctx.locale];
  return `${form} · ${unitName(ctx, session.unit)} · ${periodName(ctx, session.period)}`;
}

export function questionMessage(ctx: BotContext, session: FormSession, index: number): Message {
  const figure = session.form.figures[index]!;
  const { draft } = session;
  const lines = [
    escape(`${heading(ctx, session)}`),
    escape(ctx.t("report-question-progress", { index: index + 1, total: session.form.figures.length })),
    "",
    `<b>${escape(figure.label[ctx.locale])}</b>`,
  ];
  if (figure.hint) lines.push(`<i>${escape(figure.hint[ctx.locale])}</i>`);
  lines.push(escape(ctx.t(`report-how-${figure.type}`, limits(ctx, figure))));
  const reference = draft.refs[figure.id];
  if (reference !== undefined) lines.push(escape(ctx.t("report-question-previous", { value: showValue(ctx, figure, reference) })));
  const current = draft.values[figure.id];
  if (current !== undefined) lines.push(escape(ctx.t("report-question-current", { value: showValue(ctx, figure, current) })));
  if (!figure.required) lines.push(escape(ctx.t("report-question-optional")));

  const keyboard = new InlineKeyboard();
  if (figure.type === "choice") {
    (figure.choices ?? []).forEach((choice, option) => keyboard.text(choice.label[ctx.locale], optionChoice.pack(option, index)).row());
  }
  if (current !== undefined) keyboard.text(ctx.t("report-keep"), questionNav.pack("keep", index)).row();
  if (repeatsPrevious(figure, reference, current)) {
    const period = PERIOD_KINDS[session.form.periodType];
    keyboard.text(ctx.t("report-same-as-previous", { period, value: showValue(ctx, figure, reference) }), questionNav.pack("same", index)).row();
  }
  if (index > 0) keyboard.text(ctx.t("report-back"), questionNav.pack("back", index));
  if (!figure.required) keyboard.text(ctx.t("report-skip"), questionNav.pack("skip", index));
  keyboard.text(ctx.t("report-cancel"), questionNav.pack("cancel", index));
  return { text: lines.join("\n"), keyboard, html: true };
}

const PERIOD_KINDS = { monthly: "month", quarterly: "quarter", yearly: "year" } as const;

/** A state carried from period to period (an annual allotment) may repeat last period's value with one tap. */
export function repeatsPrevious(figure: Figure, reference: string | undefined, current: string | undefined): reference is string {
  return isNumericFigure(figure) && figure.monthAggregation === "last" && reference !== undefined && reference !== "" && reference !== current;
}

/** Limits for the "how to answer" line, formatted as the reader writes numbers. */
export function limits(ctx: BotContext, figure: Figure): Record<string, string | number> {
  if (!isNumericFigure(figure)) return { max: figure.maxLength ?? 500 };
  const scale = 10 ** figure.decimals;
  const show = (natural: number | undefined) => (natural === undefined ? NO_VALUE : formatFigureValue(Math.round(natural * scale), figure, ctx.locale));
  return { min: show(figure.min ?? 0), max: show(figure.max), decimals: figure.decimals };
}

export function readBackMessage(ctx: BotContext, figure: Figure, value: number, index: number): Message {
  const keyboard = new InlineKeyboard()
    .text(ctx.t("report-readback-yes"), readBack.pack("yes", index))
    .text(ctx.t("report-readback-retype"), readBack.pack("retype", index));
  return { text: ctx.t("report-readback", { value: showValue(ctx, figure, value) }), keyboard };
}

/** Asks which scale a typed number has ("441": ₸, thousand, million …); each button is an index into `choices`. */
export function scaleMessage(
  ctx: BotContext,
  figure: Figure,
  index: number,
  typed: TypedNumber,
  choices: ScaleChoices,
  reference: { value: number; source: "own" | "region" } | undefined,
): Message {
  const { literal } = choices;
  const text =
    literal && reference
      ? ctx.t("report-scale-far", {
          value: showValue(ctx, figure, literal.value),
          // The unit's own value exactly; the region's average is only a size, shown compact.
          reference:
            reference.source === "own" ? showValue(ctx, figure, reference.value) : formatFigureValue(reference.value, figure, ctx.locale, { compact: true }),
          direction: literal.value < reference.value ? "below" : "above",
          source: reference.source,
        })
      : ctx.t("report-scale-fraction", { typed: formatScaled(Number(typed.digits), typed.scale, ctx.locale) });
  const keyboard = new InlineKeyboard();
  scaleButtons(choices).forEach((reading, choice) => {
    const label = formatReading(typed, reading, figure, ctx.locale);
    keyboard.text(reading === literal ? ctx.t("report-scale-literal", { value: label }) : label, scaleChoice.pack(choice, index)).row();
  });
  keyboard.text(ctx.t("report-readback-retype"), readBack.pack("retype", index));
  return { text, keyboard };
}

/** A rule's refusal while typing: its message, then each side it compares with its value. */
export function ruleRefusal(ctx: BotContext, form: FormDefinition, violation: RuleViolation): string {
  const side = (ids: readonly string[], sum: number | undefined) => {
    const figures = ids.map((id) => figureById(form, id)).filter((f): f is Figure => f !== undefined);
    const label = figures.map((f) => f.label[ctx.locale]).join(" + ");
    return `• ${label}: ${figures[0] ? showValue(ctx, figures[0], sum) : NO_VALUE}`;
  };
  const { rule } = violation;
  const values = [side(rule.left, violation.left), side(rule.right, violation.right)].join("\n");
  return ctx.t("report-error-rule", { message: rule.message[ctx.locale], values });
}

export function findingMessage(ctx: BotContext, session: FormSession, finding: Finding): Message {
  const keyboard = new InlineKeyboard();
  const values = valuesOf(session.form, session.draft.values);
  let text: string;
  if (finding.kind === "rule") {
    const shown = finding.violation.figures
      .map((id) => session.form.figures.find((f) => f.id === id))
      .filter((f): f is Figure => f !== undefined)
      .map((f) => `• ${f.label[ctx.locale]}: ${showValue(ctx, f, values[f.id])}`);
    text = [ctx.t("report-finding-rule", { message: finding.violation.rule.message[ctx.locale] }), ...shown].join("\n");
    text += `\n${ctx.t(finding.blocking ? "report-finding-rule-fix" : "report-finding-rule-check")}`;
    if (!finding.blocking) keyboard.text(ctx.t("report-finding-accept"), findingAnswer.pack("accept")).row();
  } else if (finding.kind === "outlier") {
    const { figure } = finding;
    text = ctx.t(finding.check.reason === "below_third_of_mean" ? "report-finding-outlier-low" : "report-finding-outlier-high", {
      label: figure.label[ctx.locale],
      value: showValue(ctx, figure, finding.value),
      mean: showValue(ctx, figure, Math.round(finding.check.mean)),
    });
    keyboard.text(ctx.t("report-finding-accept"), findingAnswer.pack("accept")).text(ctx.t("report-finding-comment"), findingAnswer.pack("comment")).row();
  } else {
    const { figure } = finding;
    text = ctx.t("report-finding-decrease", {
      label: figure.label[ctx.locale],
      previous: showValue(ctx, figure, finding.previous),
      value: showValue(ctx, figure, finding.value),
    });
  }
  for (const figure of findingFigures(session.form, finding)) {
    const index = session.form.figures.indexOf(figure);
    keyboard.text(shortLabel(ctx.t("report-change-figure", { label: shortLabelOf(figure, ctx.locale) })), changeFigure.pack(index)).row();
  }
  return { text, keyboard };
}

export interface CardContext {
  previous?: FigureValues;
  yearToDate: Record<string, number>;
  /** The stored version being corrected (values and number), when this is a correction. */
  stored?: { version: number; values: FigureValues };
}

export function cardMessage(ctx: BotContext, session: FormSession, context: CardContext): Message {
  const values = valuesOf(session.form, session.draft.values);
  const lines = [heading(ctx, session), ""];
  const stored = context.stored;
  lines.push(stored ? ctx.t("report-card-correction", { version: stored.version }) : ctx.t("report-card-intro"));
  for (const figure of session.form.figures) {
    const now = showValue(ctx, figure, values[figure.id]);
    const before = stored ? showValue(ctx, figure, stored.values[figure.id]) : undefined;
    const value = before !== undefined && before !== now ? `${before} → ${now}` : now;
    lines.push(`• ${figure.label[ctx.locale]}: ${value}`);
    if (!isNumericFigure(figure)) continue;
    const previous = context.previous ? numberOf(context.previous, figure.id) : undefined;
    const ytd = context.yearToDate[figure.id];
    lines.push(
      `   ${ctx.t("report-card-context", {
        previous: showValue(ctx, figure, previous),
        ytd: showValue(ctx, figure, ytd),
      })}`,
    );
  }
  for (const note of Object.values(session.draft.notes)) lines.push(ctx.t("report-card-note", { note }));
  const keyboard = new InlineKeyboard()
    .text(ctx.t("report-card-submit"), cardAction.pack("submit"))
    .row()
    .text(ctx.t("report-card-change"), cardAction.pack("change"))
    .text(ctx.t("report-cancel"), cardAction.pack("cancel"));
  return { text: lines.join("\n"), keyboard };
}

export function figureListMessage(ctx: BotContext, session: FormSession): Message {
  const keyboard = new InlineKeyboard();
  session.form.figures.forEach((figure, index) => keyboard.text(shortLabel(shortLabelOf(figure, ctx.locale)), changeFigure.pack(index)).row());
  keyboard.text(ctx.t("report-back-to-card"), cardAction.pack("show"));
  return { text: ctx.t("report-choose-figure"), keyboard };
}

export function discardMessage(ctx: BotContext): Message {
  const keyboard = new InlineKeyboard()
    .text(ctx.t("report-discard-yes"), discardChoice.pack("yes"))
    .text(ctx.t("report-discard-no"), discardChoice.pack("no"));
  return { text: ctx.t("report-discard-ask"), keyboard };
}

export async function send(ctx: BotContext, message: Message): Promise<void> {
  await say(ctx, message.text, {
    ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
    ...(message.html ? { parse_mode: "HTML" as const } : {}),
  });
}
