// Schema pieces shared by the region and form definitions.
import { z } from "zod";
import type { Localized } from "./locale.ts";

/** Stable ids end up in storage keys and callback data: keep them short and plain. */
export const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, {
    error: "expected an id: lowercase latin letters, digits, '-' or '_', starting with a letter, at most 40 characters",
  });

const text = z.string().trim().min(1, { error: "must not be empty" });

export const localizedSchema: z.ZodType<Localized> = z.strictObject({ kk: text, ru: text, en: text });
