// Shared by the calendar's end-to-end tests: the real bot (harness) on a private Redis, people, reports, local time.
import { numericFigures } from "../../src/domain/forms.ts";
import { zonedTimeToUtc } from "../../src/domain/periods.ts";
import type { Harness } from "../../src/devtools/harness.ts";
import { HARNESS_BOT, HARNESS_TOKEN } from "../../src/devtools/harness.ts";
import { createApp, type App } from "../../src/app.ts";
import { parseConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { createRedis } from "../../src/store/redis.ts";
import type { BotEvent } from "../../src/localapi/index.ts";
import type { Locale } from "../../src/domain/locale.ts";

export const TZ = "Asia/Almaty";

/** The instant Almaty's clocks show this local time. */
export const local = (year: number, month: number, day: number, hour = 0, minute = 0): Date => zonedTimeToUtc({ year, month, day, hour, minute }, TZ);

export interface PersonSpec {
  id: number;
  name: string;
  role: "district" | "region" | "admin";
  unit?: string;
  forms?: string[];
  lang?: Locale;
}

/** A person with a private chat with the bot and a record in the store. */
export async function person(harness: Harness, spec: PersonSpec): Promise<void> {
  harness.api.user({ id: spec.id, first_name: spec.name, ...(spec.lang ? { language_code: spec.lang } : {}) });
  await harness.app.deps.people.put({ id: spec.id, role: spec.role, unit: spec.unit, forms: spec.forms, lang: spec.lang });
  await harness.app.store.invites.setName(spec.id, spec.name);
}

let updateId = 8_000_000_000;

/** A report stored as the submit path stores it (values scaled as stored). */
export async function given(
  harness: Harness,
  report: { form: string; unit: string; period: string; values: Record<string, number>; at: Date; by?: number; late?: boolean; reason?: string },
): Promise<void> {
  const form = harness.app.deps.forms.find((f) => f.id === report.form)!;
  const current = await harness.app.store.reports.getReport(report.form, report.unit, report.period);
  const result = await harness.app.store.reports.submitReport({
    form: { id: form.id, figures: numericFigures(form) },
    unit: report.unit,
    period: report.period,
    values: report.values,
    expectedVersion: current?.version ?? 0,
    author: report.by ?? 0,
    updateId: updateId++,
    at: report.at.getTime(),
    ...(report.late ? { late: true } : {}),
    ...(report.reason ? { reason: report.reason } : {}),
  });
  if (result.status !== "ok") throw new Error(`given: ${result.status}`);
}

/** Texts the bot sent to a chat since a mark. */
export function textsTo(harness: Harness, chatId: number, mark: number): string[] {
  return harness.api.eventsSince(mark, chatId).filter((e: BotEvent) => e.kind === "message").map((e) => e.text ?? "");
}

/** A second bot instance on the same Redis and key prefix (not receiving updates: it only runs a scheduler). */
export async function secondInstance(harness: Harness, redisUrl: string): Promise<{ app: App; close(): void }> {
  const config = parseConfig({ BOT_API_ROOT: harness.api.apiRoot, REDIS_URL: redisUrl, REDIS_PREFIX: harness.prefix, LOG_LEVEL: "warn" });
  const redis = createRedis(redisUrl);
  const logger = createLogger({ level: "warn", secrets: [HARNESS_TOKEN], destination: { write: () => true } as never });
  const botInfo = { ...HARNESS_BOT, is_bot: true, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true } as never;
  const app = await createApp(config, HARNESS_TOKEN, { redis, clock: harness.clock, logger, botInfo });
  return {
    app,
    close: () => {
      void app.close().finally(() => redis.disconnect());
    },
  };
}
