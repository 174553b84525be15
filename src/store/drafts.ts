// Drafts: a form being filled, one Redis hash per unit × form × period, shared by the unit's users.
//
// Fields: `v:<figure>` value as accepted; `r:<figure>` last period's value, for reference; `cursor` index of the
// current question; `upd` last Telegram update id applied; `by` user who wrote last; `base` report version being
// corrected (0 for a new report); `started` ms; `stage` free; any other field is a flag (`ack:<finding>`,
// `note:<finding>`, `pending` …). An empty string means "absent" (that is how one HSET can also remove a field).
//
// Cost per answer, whatever the form's length: loadDraftAt is one HMGET of the walk state and the few fields the
// question at the cursor needs (the cursor is guessed from the user record's `step`, read by identify anyway; a
// wrong guess costs one more HMGET), applyAnswer one HSET, plus one HSET of the user's `step` when the cursor moved,
// in the same round trip (nothing at all for a stale update id). The whole draft (one HGETALL, loadDraft) is read
// only where every value is needed: the review and the card.
// applyAnswer is guarded by the `upd` of the draft the handler loaded this update, not by a Lua script: a script
// would read `upd` inside Redis and cost 3 commands in INFO commandstats (EVALSHA + HGET + HSET). The guard is
// exact for Telegram's redeliveries, which reach a chat in order and, under sequentialize, one at a time; two users
// of one unit answering within the same milliseconds both land (last write wins per field), as they would with a
// script.
import type { Keys } from "./keys.ts";
import { execPipeline, type RedisClient } from "./redis.ts";

export interface Draft {
  id: string;
  /** figure id → accepted value (the `v:` fields); only the figures read when `complete` is false */
  values: Record<string, string>;
  /** figure id → last period's value (the `r:` fields), shown for reference; as `values` when not complete */
  refs: Record<string, string>;
  /** Whether every field was read (loadDraft, startDraft) or only those one question needs (loadDraftAt). */
  complete: boolean;
  cursor: number;
  upd: number;
  by: number;
  base: number;
  started: number;
  stage?: string;
  /** every other field (confirmations, notes, reference values …) */
  flags: Record<string, string>;
}

export interface DraftStart {
  by: number;
  /** report version being corrected, 0 for a new report */
  base: number;
  /** ms from the injected clock */
  started: number;
  /** the update that started it: answers with this id or lower are ignored */
  updateId: number;
  cursor?: number;
  stage?: string;
  /** initial `v:` values, e.g. the report being corrected */
  values?: Record<string, string>;
  /** last period's values, for reference */
  refs?: Record<string, string>;
  /** initial flags */
  flags?: Record<string, string>;
}

export interface Answer {
  updateId: number;
  /** field → value: `v:<figure>` (see valueField) or a flag */
  set: Record<string, string>;
  /** fields to remove */
  del?: string[];
  cursor: number;
  stage?: string;
  /** the user answering (a unit's akim and delegate continue the same draft) */
  by?: number;
  /** also write the cursor to this user's record (`step`), the guess the next loadDraftAt starts from */
  stepOf?: number;
}

export interface DraftStoreOptions {
  /** Drafts expire this long after they were started (default 60 days); answers do not extend it. */
  ttlMs?: number;
}

const STATE = ["cursor", "upd", "by", "base", "started", "stage"];
const RESERVED = new Set(STATE);

export const valueField = (figureId: string): string => `v:${figureId}`;
export const refField = (figureId: string): string => `r:${figureId}`;

export function createDrafts(redis: RedisClient, keys: Keys, options: DraftStoreOptions = {}) {
  const ttlMs = options.ttlMs ?? 60 * 24 * 3600 * 1000;

  /** One HGETALL; null when there is no such draft (never started, discarded or expired). */
  async function loadDraft(id: string): Promise<Draft | null> {
    return parseDraft(id, await redis.hgetall(keys.draft(id)), true);
  }

  /**
   * The walk state and the fields `fieldsAt(cursor)` names (e.g. `v:`/`r:` of the figures around the cursor):
   * one HMGET when `guess` is the draft's cursor, two when not (then the second reads the fields of the real one).
   * The draft is not `complete`: values and refs hold only the figures asked for.
   */
  async function loadDraftAt(id: string, guess: number | undefined, fieldsAt: (cursor: number) => string[]): Promise<Draft | null> {
    const key = keys.draft(id);
    const read = async (cursor: number | undefined) => {
      const names = [...STATE, ...(cursor === undefined ? [] : fieldsAt(cursor).map(checkedField))];
      const reply = await redis.hmget(key, ...names);
      const hash: Record<string, string> = {};
      names.forEach((name, i) => {
        const value = reply[i];
        if (value !== null && value !== undefined) hash[name] = value;
      });
      return parseDraft(id, hash, false);
    };
    const first = await read(guess);
    if (!first || first.cursor === guess) return first;
    const second = await read(first.cursor);
    // The cursor moved between the two reads (another user of the unit answering): read everything.
    return !second || second.cursor === first.cursor ? second : loadDraft(id);
  }

  /** Starts (or starts over) a draft and points the user at it: one MULTI (DEL, HSET, PEXPIRE, HSET user). */
  async function startDraft(id: string, start: DraftStart): Promise<Draft> {
    const fields: Record<string, string> = {
      cursor: String(start.cursor ?? 0),
      upd: String(start.updateId),
      by: String(start.by),
      base: String(start.base),
      started: String(start.started),
      ...(start.stage === undefined ? {} : { stage: start.stage }),
    };
    for (const [figure, value] of Object.entries(start.values ?? {})) fields[valueField(figure)] = value;
    for (const [figure, value] of Object.entries(start.refs ?? {})) fields[refField(figure)] = value;
    for (const [name, value] of Object.entries(start.flags ?? {})) fields[checkedField(name)] = value;
    const key = keys.draft(id);
    await execPipeline(
      redis
        .multi()
        .del(key)
        .hset(key, fields)
        .pexpire(key, ttlMs)
        .hset(keys.user(start.by), { draft: id, step: fields.cursor! }),
    );
    return parseDraft(id, fields, true)!;
  }

  /**
   * One HSET (two with `stepOf`, in one round trip), or nothing when `answer.updateId` ≤ the loaded draft's `upd`.
   * Returns the draft as it now is (as complete as the one given).
   */
  async function applyAnswer(draft: Draft, answer: Answer): Promise<{ applied: boolean; draft: Draft }> {
    if (answer.updateId <= draft.upd) return { applied: false, draft };
    const fields: Record<string, string> = {};
    for (const name of answer.del ?? []) fields[checkedField(name)] = "";
    for (const [name, value] of Object.entries(answer.set)) fields[checkedField(name)] = value;
    fields.cursor = String(answer.cursor);
    fields.upd = String(answer.updateId);
    if (answer.stage !== undefined) fields.stage = answer.stage;
    if (answer.by !== undefined) fields.by = String(answer.by);
    // A draft that expired in the milliseconds since it was loaded would come back without a TTL: accepted, as rare and small.
    if (answer.stepOf === undefined) await redis.hset(keys.draft(draft.id), fields);
    else await execPipeline(redis.pipeline().hset(keys.draft(draft.id), fields).hset(keys.user(answer.stepOf), "step", fields.cursor));
    return { applied: true, draft: patched(draft, fields) };
  }

  /** Deletes the draft and the user's pointer to it: two commands, one round trip. */
  async function discardDraft(id: string, userId: number): Promise<void> {
    await execPipeline(redis.pipeline().del(keys.draft(id)).hdel(keys.user(userId), "draft", "step"));
  }

  return { loadDraft, loadDraftAt, startDraft, applyAnswer, discardDraft };
}

export type DraftStore = ReturnType<typeof createDrafts>;

function checkedField(name: string): string {
  if (RESERVED.has(name) || name === "") throw new TypeError(`draft field ${JSON.stringify(name)} is reserved`);
  return name;
}

function parseDraft(id: string, hash: Record<string, string>, complete: boolean): Draft | null {
  if (hash.upd === undefined) return null;
  const draft: Draft = {
    id,
    complete,
    values: {},
    refs: {},
    cursor: Number(hash.cursor ?? 0),
    upd: Number(hash.upd),
    by: Number(hash.by ?? 0),
    base: Number(hash.base ?? 0),
    started: Number(hash.started ?? 0),
    flags: {},
  };
  if (hash.stage) draft.stage = hash.stage;
  for (const [name, value] of Object.entries(hash)) {
    if (value === "" || RESERVED.has(name)) continue;
    if (name.startsWith("v:")) draft.values[name.slice(2)] = value;
    else if (name.startsWith("r:")) draft.refs[name.slice(2)] = value;
    else draft.flags[name] = value;
  }
  return draft;
}

/** The draft after `fields` were written (only those fields touched: the work does not grow with the draft). */
function patched(draft: Draft, fields: Record<string, string>): Draft {
  const next: Draft = { ...draft, values: { ...draft.values }, refs: { ...draft.refs }, flags: { ...draft.flags } };
  for (const [name, value] of Object.entries(fields)) {
    if (name === "cursor") next.cursor = Number(value);
    else if (name === "upd") next.upd = Number(value);
    else if (name === "by") next.by = Number(value);
    else if (name === "stage") {
      if (value) next.stage = value;
      else delete next.stage;
    } else if (name.startsWith("v:")) {
      if (value === "") delete next.values[name.slice(2)];
      else next.values[name.slice(2)] = value;
    } else if (name.startsWith("r:")) {
      if (value === "") delete next.refs[name.slice(2)];
      else next.refs[name.slice(2)] = value;
    } else if (value === "") delete next.flags[name];
    else next.flags[name] = value;
  }
  return next;
}
