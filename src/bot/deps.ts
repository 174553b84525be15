// What the bot needs from the world, injected by main, the sandbox and the tests.
import type { Clock } from "../clock.ts";
import type { Logger } from "../logger.ts";
import type { Locale } from "../domain/locale.ts";
import type { Region } from "../domain/region.ts";
import type { FormDefinition } from "../domain/forms.ts";
import type { Store } from "../store/index.ts";
import type { UserRecord } from "../store/users.ts";
import type { Metrics } from "../metrics.ts";
import type { Outbox } from "../outbox/index.ts";

/** The person as the bot reads them: the store's user record, one type for both. */
export type PersonRecord = UserRecord;

export interface People {
  get(id: number): Promise<PersonRecord | undefined>;
  put(record: PersonRecord): Promise<void>;
  setLanguage(id: number, lang: Locale): Promise<void>;
}

export interface BotDeps {
  prefix: string;
  store: Store;
  /** Messages sent within Telegram's limits by any instance's outbox worker (the scheduler's, "remind the missing"). */
  outbox: Outbox;
  people: People;
  region: Region;
  forms: FormDefinition[];
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  timeZone: string;
  adminIds: readonly number[];
  inviteTtlDays: number;
  /** The leadership's Mini App (WEBAPP_URL): buttons open it when set. */
  webappUrl?: string;
  /**
   * Long polling (src/bot/polling.ts) confirms an update only after it was handled, so Telegram sends one again only
   * when no process finished it: its reply was never sent. A webhook's retry may follow a finished update.
   */
  redeliveryIsUnanswered?: boolean;
}
