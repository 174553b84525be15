// What the reports need from the world and from the reader; nothing of grammY, so benchmarks and tests call them directly.
import type { FormDefinition } from "../domain/forms.ts";
import type { Locale } from "../domain/locale.ts";
import type { Region } from "../domain/region.ts";
import type { Store } from "../store/index.ts";

export interface ReportEnv {
  store: Store;
  region: Region;
  forms: readonly FormDefinition[];
  timeZone: string;
}

/** A translation in the reader's language (ctx.t in the bot). */
export type Translate = (key: string, variables?: Record<string, string | number>) => string;

export interface Reader {
  locale: Locale;
  t: Translate;
}
