// Scripts of a district akim filling a form through the bot's buttons and questions, with the checks that each
// answer is the expected next step (a wrong or missing answer is an error, never a silent pass).
import type { FormDefinition } from "../../src/domain/forms.ts";
import { cardAction, formChoice, periodChoice, questionNav } from "../../src/bot/features/report/actions.ts";
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

export async function submit(akim: Akim, form: FormDefinition, unit: string, period: string): Promise<void> {
  const receipt = `${form.id}/${period}/${unit}/v1`;
  await akim.step("submit", () => akim.user.press(cardAction.pack("submit")), (e) => (e.text ?? "").includes(receipt));
}

/** The whole form, start to receipt. */
export async function fillForm(akim: Akim, form: FormDefinition, unit: string, period: string): Promise<void> {
  const answers = plainAnswers(form);
  await openForm(akim, form, period);
  for (const [index, text] of answers.entries()) await answer(akim, form, index, text);
  await submit(akim, form, unit, period);
}
