// Scripts of a district akim filling a form through the bot's buttons and questions, with the checks that each
// answer is the expected next step (a wrong or missing answer is an error, never a silent pass). Used by the
// benchmarks and the load test.
import type { FormDefinition } from "../domain/forms.ts";
import { cardAction, changeFigure, correctChoice, formChoice, periodChoice, questionNav } from "../bot/features/report/actions.ts";
import { hasButton, type Akim } from "./akims.ts";

/** A plain answer the form accepts without a read-back: small integers, a part never above its whole. */
export function plainAnswers(form: FormDefinition): string[] {
  return form.figures.map((figure, index) => {
    if (figure.type !== "count" && figure.type !== "money") throw new Error(`benchmark answers: figure ${figure.id} is ${figure.type}`);
    return figure.partOf ? "1" : String(5 + (index % 50));
  });
}

/** /report, the form's button, the period's button: the first question is shown. */
export async function openForm(akim: Akim, form: FormDefinition, period: string): Promise<void> {
  await akim.step("start", () => akim.user.send("/report"), (e) => hasButton(e, formChoice.pack(form.id)));
  await akim.step("form", () => akim.user.press(formChoice.pack(form.id)), (e) => hasButton(e, periodChoice.pack(form.id, period)));
  await akim.step("period", () => akim.user.press(periodChoice.pack(form.id, period)), (e) => hasButton(e, questionNav.pack("cancel", 0)));
}

/** Answers question `index`; the next question follows, or the card after the last one (a long card comes in parts). */
export async function answer(akim: Akim, form: FormDefinition, index: number, text: string): Promise<void> {
  const last = index === form.figures.length - 1;
  if (last) {
    await akim.step("last-answer", () => akim.user.send(text), (e) => hasButton(e, cardAction.pack("submit")), 4);
    return;
  }
  await akim.step(`answer:${index}`, () => akim.user.send(text), (e) => hasButton(e, questionNav.pack("cancel", index + 1)));
}

/** Presses Submit on the card and waits for the receipt of `version` (a receipt names the version, not the report id). */
export async function submit(akim: Akim, form: FormDefinition, unit: string, period: string, version = 1): Promise<void> {
  await akim.step("submit", () => akim.user.press(cardAction.pack("submit")), (e) => receiptVersion(e.text) === version);
}

/** The version a receipt acknowledges ("✅ … версия 2", "нұсқасы: 2", "version 2"), or undefined for any other text. */
export function receiptVersion(text: string | undefined): number | undefined {
  if (!text?.startsWith("✅")) return undefined;
  const match = /(?:версия|нұсқасы:|version)\s+(\d+)/iu.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** A report's id in the store (never shown to people): "public-services/2016-10/karatal/v1". */
export const receiptId = (form: string, unit: string, period: string, version: number): string => `${form}/${period}/${unit}/v${version}`;

/** /report on a period already submitted, then "Correct": the card of the stored report is shown. */
export async function openCorrection(akim: Akim, form: FormDefinition, period: string): Promise<void> {
  await akim.step("start", () => akim.user.send("/report"), (e) => hasButton(e, formChoice.pack(form.id)));
  await akim.step("form", () => akim.user.press(formChoice.pack(form.id)), (e) => hasButton(e, periodChoice.pack(form.id, period)));
  const correct = correctChoice.pack(form.id, period, "correct");
  await akim.step("period:submitted", () => akim.user.press(periodChoice.pack(form.id, period)), (e) => hasButton(e, correct));
  await akim.step("correct", () => akim.user.press(correct), (e) => hasButton(e, cardAction.pack("submit")), 4);
}

/** From the card: "Change", the figure, a new answer; the card comes back. */
export async function changeAnswer(akim: Akim, index: number, text: string): Promise<void> {
  await akim.step("change", () => akim.user.press(cardAction.pack("change")), (e) => hasButton(e, changeFigure.pack(index)));
  await akim.step("change:figure", () => akim.user.press(changeFigure.pack(index)), (e) => hasButton(e, questionNav.pack("cancel", index)));
  await akim.step("change:answer", () => akim.user.send(text), (e) => hasButton(e, cardAction.pack("submit")), 4);
}

/** The whole form, start to receipt. */
export async function fillForm(akim: Akim, form: FormDefinition, unit: string, period: string): Promise<void> {
  const answers = plainAnswers(form);
  await openForm(akim, form, period);
  for (const [index, text] of answers.entries()) await answer(akim, form, index, text);
  await submit(akim, form, unit, period);
}
