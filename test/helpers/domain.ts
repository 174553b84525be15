// Small builders for domain tests: definitions go through the real schemas, so defaults are the shipped ones.
import { fileURLToPath } from "node:url";
import type { Figure, FormDefinition } from "../../src/domain/forms.ts";
import { figureSchema, formSchema } from "../../src/domain/forms.ts";
import type { Localized } from "../../src/domain/locale.ts";

export const CONFIG_DIR = fileURLToPath(new URL("../../config", import.meta.url));

export function text(value: string): Localized {
  return { kk: `${value} (kk)`, ru: `${value} (ru)`, en: value };
}

export function figure(input: Record<string, unknown> & { type: Figure["type"] }): Figure {
  return figureSchema.parse({ id: "figure", label: text("figure"), ...input });
}

export function form(input: Record<string, unknown> = {}): FormDefinition {
  return formSchema.parse({
    id: "test-form",
    names: text("Test form"),
    periodType: "monthly",
    deadline: { day: 5, time: "18:00", lockAfterDays: 25 },
    figures: [{ id: "a", label: text("a"), type: "count" }],
    ...input,
  });
}
