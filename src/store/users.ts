// Users: one hash per Telegram user, so one HGETALL per update gives identity, role, unit, language and open draft.
import { assertSegment, parseDraftId, type Keys } from "./keys.ts";
import { execPipeline, type RedisClient } from "./redis.ts";
import type { IdentityCache } from "./identityCache.ts";

import { isLocale, type Locale } from "../domain/locale.ts";
import { isRole, type Role } from "../domain/people.ts";

export interface UserRecord {
  id: number;
  role: Role;
  unit?: string;
  forms?: string[];
  lang?: Locale;
  /** id of the open draft (see keys.draftId) */
  draft?: string;
  /** the open draft's cursor when this user last moved it: where the next answer's read starts (drafts.loadDraftAt) */
  step?: number;
  revoked?: boolean;
  lastSeen?: number;
  /** the first name Telegram gave when the person was last seen (the names hash keeps it for those who leave) */
  name?: string;
  /**
   * The state of the person's short dialogue in their private chat (conversations plugin), as stored: kept in the
   * record so that the read of every update that reaches the plugin is the identity's HGETALL (bot/conversations/storage.ts).
   */
  conversation?: string;
}

export interface UserStoreOptions {
  /** touch() writes lastSeen at most this often (default one minute). */
  touchIntervalMs?: number;
  /** The identity reads' cache (identityCache.ts): getPerson reads through it, and every write here forgets. */
  identityCache?: IdentityCache;
}


export function createUsers(redis: RedisClient, keys: Keys, options: UserStoreOptions = {}) {
  const touchInterval = options.touchIntervalMs ?? 60_000;
  const cache = options.identityCache;
  /** After a write of the record: this process reads it again at once (identityCache.ts). */
  const written = (id: number) => cache?.forget(keys.user(id));
  /** After a successful write of these fields only (null: removed): the cached record takes them (one read less per answer). */
  const fieldsWritten = (id: number, fields: Record<string, string | null>) => cache?.patch(keys.user(id), fields);
  /** Runs a write of `id`'s record and forgets the cached one, whether it succeeded or not. */
  const writing = async (id: number, write: Promise<unknown>): Promise<void> => {
    try {
      await write;
    } finally {
      written(id);
    }
  };
  /**
   * Runs a write of these fields of `id`'s record (null: removed) and nothing else: once it succeeded the cached record
   * takes them (the next update reads nothing); a failed one forgets it.
   */
  const writingFields = async (id: number, fields: Record<string, string | null>, write: Promise<unknown>): Promise<void> => {
    try {
      await write;
    } catch (error) {
      written(id);
      throw error;
    }
    fieldsWritten(id, fields);
  };

  /** One command: HGETALL. */
  async function getUser(id: number): Promise<UserRecord | null> {
    return parseUser(id, await redis.hgetall(keys.user(id)));
  }

  /**
   * The record as every update's identity check reads it: through the identity cache when there is one (no command
   * while Redis has not said the record changed), else as getUser. A new object each time: callers may change it.
   */
  async function getPerson(id: number): Promise<UserRecord | null> {
    if (!cache) return getUser(id);
    const key = keys.user(id);
    return parseUser(id, await cache.get(key, () => redis.hgetall(key)));
  }

  /** Replaces the whole record (fields left out are removed) in one MULTI. */
  async function putUser(user: UserRecord): Promise<void> {
    const key = keys.user(user.id);
    await writing(user.id, execPipeline(redis.multi().del(key).hset(key, encodeUser(user)).sadd(keys.userIndex(), String(user.id))));
  }

  /** One HSET. For a user with a record; before one exists use setChatLanguage. */
  async function setUserLanguage(id: number, lang: Locale): Promise<void> {
    await writingFields(id, { lang }, redis.hset(keys.user(id), "lang", lang));
  }

  /** Points the user at a draft (or nowhere): one HSET or HDEL. */
  async function setOpenDraft(id: number, draft: string | null): Promise<void> {
    if (draft === null) {
      await writingFields(id, { draft: null, step: null }, redis.hdel(keys.user(id), "draft", "step"));
      return;
    }
    parseDraftId(draft);
    await writingFields(id, { draft }, redis.hset(keys.user(id), "draft", draft));
  }

  /**
   * Records activity: one HSET of lastSeen (and of the first name when it is new), none when the record read this
   * update shows a recent one. The names hash, which outlives the record (history names who submitted), is written
   * only when the name changed: a second command then. Returns whether it wrote.
   */
  async function touch(user: Pick<UserRecord, "id" | "lastSeen" | "name">, at: number, name?: string): Promise<boolean> {
    if (user.lastSeen !== undefined && at - user.lastSeen < touchInterval) return false;
    const key = keys.user(user.id);
    const seen = String(at);
    const newName = name && name !== user.name ? name : undefined;
    await writingFields(
      user.id,
      newName ? { lastSeen: seen, name: newName } : { lastSeen: seen },
      newName
        ? execPipeline(redis.pipeline().hset(key, "lastSeen", seen, "name", newName).hset(keys.names(), String(user.id), newName))
        : redis.hset(key, "lastSeen", seen),
    );
    return true;
  }

  /** The person's short-dialogue state (see UserRecord.conversation): one HSET, or HDEL for null. */
  async function setConversation(id: number, state: string | null): Promise<void> {
    await writingFields(id, { conv: state }, state === null ? redis.hdel(keys.user(id), "conv") : redis.hset(keys.user(id), "conv", state));
  }

  /** Deletes the record (the unit's drafts and reports stay). */
  async function removeUser(id: number): Promise<void> {
    await writing(id, execPipeline(redis.pipeline().del(keys.user(id)).srem(keys.userIndex(), String(id))));
  }

  /** Every user, in two round trips (SMEMBERS, then one HGETALL each, pipelined), sorted by id. */
  async function listUsers(): Promise<UserRecord[]> {
    const ids = (await redis.smembers(keys.userIndex())).map(Number).sort((a, b) => a - b);
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(keys.user(id));
    const replies = await execPipeline(pipeline);
    return ids.flatMap((id, i) => parseUser(id, replies[i] as Record<string, string>) ?? []);
  }

  /** The language of a chat whose user has no record yet: one HGET. */
  async function getChatLanguage(chatId: number): Promise<Locale | null> {
    const lang = await redis.hget(keys.chatLanguages(), String(chatId));
    return isLocale(lang) ? lang : null;
  }

  async function setChatLanguage(chatId: number, lang: Locale): Promise<void> {
    await redis.hset(keys.chatLanguages(), String(chatId), lang);
  }

  return { getUser, getPerson, written, fieldsWritten, putUser, setUserLanguage, setOpenDraft, touch, setConversation, removeUser, listUsers, getChatLanguage, setChatLanguage };
}

export type UserStore = ReturnType<typeof createUsers>;

function encodeUser(user: UserRecord): Record<string, string> {
  if (!isRole(user.role)) throw new TypeError(`unknown role: ${user.role}`);
  const fields: Record<string, string> = { id: String(user.id), role: user.role };
  if (user.unit !== undefined) {
    assertSegment(user.unit, "unit id");
    fields.unit = user.unit;
  }
  if (user.forms !== undefined) {
    for (const form of user.forms) assertSegment(form, "form id");
    fields.forms = user.forms.join(",");
  }
  if (user.lang !== undefined) fields.lang = user.lang;
  if (user.draft !== undefined) fields.draft = user.draft;
  if (user.step !== undefined) fields.step = String(user.step);
  if (user.revoked) fields.revoked = "1";
  if (user.lastSeen !== undefined) fields.lastSeen = String(user.lastSeen);
  if (user.name !== undefined) fields.name = user.name;
  if (user.conversation !== undefined) fields.conv = user.conversation;
  return fields;
}

/** null for a missing key, and for a stray hash without a role (e.g. a touch racing removeUser). */
function parseUser(id: number, hash: Record<string, string>): UserRecord | null {
  const role = hash.role;
  if (!isRole(role)) return null;
  const user: UserRecord = { id, role };
  if (hash.unit) user.unit = hash.unit;
  if (hash.forms !== undefined) user.forms = hash.forms === "" ? [] : hash.forms.split(",");
  if (isLocale(hash.lang)) user.lang = hash.lang;
  if (hash.draft) user.draft = hash.draft;
  if (hash.step && Number.isSafeInteger(Number(hash.step))) user.step = Number(hash.step);
  if (hash.revoked === "1") user.revoked = true;
  if (hash.lastSeen) user.lastSeen = Number(hash.lastSeen);
  if (hash.name) user.name = hash.name;
  if (hash.conv) user.conversation = hash.conv;
  return user;
}
