// The storage layer in one call: repositories over one Redis client, for one region.
import { createKeys } from "./keys.ts";
import { defineScripts, type RedisClient } from "./redis.ts";
import { createUsers, type UserStoreOptions } from "./users.ts";
import { createDrafts, type DraftStoreOptions } from "./drafts.ts";
import { createReports, type ReportStoreOptions } from "./reports.ts";
import { createAudit } from "./audit.ts";
import { createTotals } from "./totals.ts";
import { createInvites } from "./invites.ts";
import { createCalendar } from "./calendar.ts";
import { createChats } from "./chats.ts";
import { createInbox } from "./inbox.ts";

export interface StoreOptions extends UserStoreOptions, DraftStoreOptions, ReportStoreOptions {
  /** Prepended to every key, e.g. "akimat:" (tests use a fresh one each run). */
  prefix: string;
  regionId: string;
}

export function createStore(redis: RedisClient, options: StoreOptions) {
  const keys = createKeys(options.prefix, options.regionId);
  const scripted = defineScripts(redis);
  const users = createUsers(redis, keys, options);
  return {
    keys,
    users,
    drafts: createDrafts(redis, keys, { ...options, userWritten: users.written, userFieldsWritten: users.fieldsWritten }),
    reports: createReports(scripted, keys, options),
    audit: createAudit(redis, keys),
    totals: createTotals(redis, keys),
    invites: createInvites(redis, keys, { userWritten: users.written }),
    calendar: createCalendar(redis, keys),
    chats: createChats(redis, keys),
    inbox: createInbox(redis, keys),
  };
}

export type Store = ReturnType<typeof createStore>;
