// Drafts: a form being filled, one Redis hash per unit × form × period, shared by the unit's users.
//
// Fields: `v:<figure>` value as accepted; `r:<figure>` last period's value, for reference; `ack:<finding>` a finding
// the person accepted; `note:<finding>` the reason they typed for it; `cursor` index of the current question; `upd`
// last Telegram update id applied; `by` user who wrote last; `base` report version being corrected (0 for a new
// report); `started` ms; `stage` free; any other field is a flag of the caller's (`pending`, `mode` …). An empty
// string means "absent" (that is how one HSET can also remove a field). The layout stays in this file: callers say
// what changes (DraftChange) and applyChange, the one pure function that applies a change, gives the draft after it
// (used by applyAnswer for what it wrote, and by the walk to preview a change before writing it).
//
// Cost per answer, whatever the form's length: loadDraftAt is one HMGET of the walk state and the few fields the
// question at the cursor needs (the cursor is guessed from the user record's `step`, read by identify anyway; a
// wrong guess costs one more HMGET), applyAnswer one HSET, plus one HSET of the user's `step` when the cursor moved,
// in the same round trip (nothing at all for a stale update id); the identity cache takes the new step rather than
// reading the record again at the next answer. The whole draft (one HGETALL, loadDraft) is read
// only where every value is needed: the review and the card. With the identity cache (long polling: one process sees
// every update) a whole draft is kept in memory from its start or its first whole read until Redis says another
// client changed it; each write here updates or forgets it as the command leaves, so an answer to a short form (read
// whole) costs its HSET alone, and so does a long form's while the draft is kept (the person's `step`, the guess for a
// partial read, is not written then).
// applyAnswer is guarded by the `upd` of the draft the handler loaded this update, not by a Lua script: a script
// would read `upd` inside Redis and cost 3 commands in INFO commandstats (EVALSHA + HGET + HSET). The guard is
// exact for Telegram's redeliveries, which reach a chat in order and, under sequentialize, one at a time; two users
// of one unit answering within the same milliseconds both land (last write wins per field), as they would with a
// script.
import type { Keys } from "./keys.ts";
import type { IdentityCache } from "./identityCache.ts";
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
  /** findings the person accepted (finding key → true) */
  acks: Record<string, true>;
  /** finding key → the reason typed for it, in the order they were written */
  notes: Record<string, string>;
  /** the caller's other fields (pending input, mode …) */
  flags: Record<string, string>;
}

/** What an update changes in a draft, in the draft's terms (figure ids, finding keys, flag names). */
export interface DraftChange {
  cursor: number;
  stage?: string;
  /** figure id → accepted value; "" removes it (a skipped figure) */
  values?: Record<string, string>;
  /** flag → value; "" removes it */
  flags?: Record<string, string>;
  /** flags to remove (applied before `flags`) */
  clear?: string[];
  /** findings accepted */
  acks?: string[];
  /** finding key → reason typed */
  notes?: Record<string, string>;
  /** findings whose acceptance and note are withdrawn (applied before `acks` and `notes`) */
  unack?: string[];
}

/** Which fields loadDraftAt reads besides the walk state. */
export interface DraftFields {
  /** figures whose accepted value is read */
  values?: readonly string[];
  /** figures whose last period's value is read */
  refs?: readonly string[];
  flags?: readonly string[];
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
  /**
   * The caller has just read that no draft with this id exists: it is written without DEL and MULTI (3 commands
   * instead of 6; two users of the unit starting at once write the same first fields).
   */
  fresh?: boolean;
  /** findings already accepted, and their notes (a draft started again keeps them) */
  acks?: Record<string, true>;
  notes?: Record<string, string>;
}

export interface Answer extends DraftChange {
  updateId: number;
  /** the user answering (a unit's akim and delegate continue the same draft) */
  by?: number;
  /** also write the cursor to this user's record (`step`), the guess the next loadDraftAt starts from (not needed, and not written, while the whole draft is kept in memory) */
  stepOf?: number;
}

export interface DraftStoreOptions {
  /** Drafts expire this long after they were started (default 60 days); answers do not extend it. */
  ttlMs?: number;
  /** Told after a write of a person's record (their pointer, their step): users.written. */
  userWritten?: (id: number) => void;
  /** Told after a successful write of only these fields of a person's record (their step, their pointer; null: removed): users.fieldsWritten. */
  userFieldsWritten?: (id: number, fields: Record<string, string | null>) => void;
  /**
   * Drafts kept in memory while Redis says they have not changed (identityCache.ts, tracking the drafts' prefix): an
   * answer then reads nothing; every write here gives the cache the draft as written, at the moment it is sent.
   */
  identityCache?: IdentityCache;
}

const STATE = ["cursor", "upd", "by", "base", "started", "stage"];
const RESERVED = new Set(STATE);
const PREFIXES = ["v:", "r:", "ack:", "note:"];

const valueField = (figureId: string): string => `v:${figureId}`;
const refField = (figureId: string): string => `r:${figureId}`;
const ackField = (finding: string): string => `ack:${finding}`;
const noteField = (finding: string): string => `note:${finding}`;

export function createDrafts(redis: RedisClient, keys: Keys, options: DraftStoreOptions = {}) {
  const ttlMs = options.ttlMs ?? 60 * 24 * 3600 * 1000;
  const written = options.userWritten ?? (() => undefined);
  const fieldsWritten = options.userFieldsWritten ?? ((id: number) => written(id));
  const cache = options.identityCache;

  /** One HGETALL (none when the cache has it); null when there is no such draft (never started, discarded or expired). */
  async function loadDraft(id: string): Promise<Draft | null> {
    const key = keys.draft(id);
    const read = async () => parseDraft(id, await redis.hgetall(key), true);
    return cache ? cache.get(key, async () => frozen(await read())) : read();
  }

  /**
   * The walk state and the fields `fieldsAt(cursor)` names (e.g. `v:`/`r:` of the figures around the cursor):
   * one HMGET when `guess` is the draft's cursor, two when not (then the second reads the fields of the real one).
   * The draft is not `complete`: values and refs hold only the figures asked for.
   */
  async function loadDraftAt(id: string, guess: number | undefined, fieldsAt: (cursor: number) => DraftFields): Promise<Draft | null> {
    const key = keys.draft(id);
    // A whole draft in memory serves any question.
    const kept = cache?.peek<Draft | null>(key);
    if (kept !== undefined) return kept;
    const read = async (cursor: number | undefined) => {
      const names = [...STATE, ...(cursor === undefined ? [] : fieldNames(fieldsAt(cursor)))];
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

  /** Starts (or starts over) a draft and points the user at it: one MULTI (DEL, HSET, PEXPIRE, HSET user), see `fresh`. */
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
    for (const [name, value] of Object.entries(start.flags ?? {})) fields[checkedFlag(name)] = value;
    for (const finding of Object.keys(start.acks ?? {})) fields[ackField(finding)] = "1";
    for (const [finding, note] of Object.entries(start.notes ?? {})) fields[noteField(finding)] = note;
    const key = keys.draft(id);
    const pointer = { draft: id, step: fields.cursor! };
    const draft = parseDraft(id, fields, true)!;
    const write = async () => {
      if (start.fresh) await execPipeline(redis.pipeline().hset(key, fields).pexpire(key, ttlMs).hset(keys.user(start.by), pointer));
      else await execPipeline(redis.multi().del(key).hset(key, fields).pexpire(key, ttlMs).hset(keys.user(start.by), pointer));
      return draft;
    };
    let kept: Draft;
    try {
      kept = cache ? await cache.write(key, async () => frozen(await write())) : await write();
    } catch (error) {
      written(start.by);
      throw error;
    }
    // The person's record takes its new pointer: the next update reads nothing of it.
    fieldsWritten(start.by, pointer);
    return kept;
  }

  /**
   * One HSET (two with `stepOf`, in one round trip), or nothing when `answer.updateId` ≤ the loaded draft's `upd`.
   * Returns the draft as it now is (as complete as the one given).
   */
  async function applyAnswer(draft: Draft, answer: Answer): Promise<{ applied: boolean; draft: Draft }> {
    if (answer.updateId <= draft.upd) return { applied: false, draft };
    const fields = changedFields(answer);
    fields.upd = String(answer.updateId);
    if (answer.by !== undefined) fields.by = String(answer.by);
    const key = keys.draft(draft.id);
    // The kept draft takes the change as the command leaves, so that a read after it (another user of the unit, in
    // this process) sees what Redis will have; a failed write forgets it.
    const kept = cache?.update<Draft | null>(key, (draft) => (draft ? frozen(patched(draft, fields)) : undefined)) === true;
    // The person's step is the guess of a read of part of the draft; while the whole draft is kept there is none
    // (a miss later costs one more HMGET with the old guess, and its answer writes the step again).
    const step = kept || answer.stepOf === undefined ? undefined : { of: answer.stepOf, fields: { step: String(answer.cursor) } };
    // A draft that expired in the milliseconds since it was loaded would come back without a TTL: accepted, as rare and small.
    try {
      // Two commands in the same tick: auto-pipelining sends them in one write, without a Pipeline of their own.
      await (step ? Promise.all([redis.hset(key, fields), redis.hset(keys.user(step.of), step.fields)]) : redis.hset(key, fields));
    } catch (error) {
      cache?.forget(key);
      if (step) written(step.of);
      throw error;
    }
    if (step) fieldsWritten(step.of, step.fields);
    return { applied: true, draft: patched(draft, fields) };
  }

  /** Deletes the draft and the user's pointer to it: two commands, one round trip. */
  async function discardDraft(id: string, userId: number): Promise<void> {
    cache?.forget(keys.draft(id));
    try {
      await execPipeline(redis.pipeline().del(keys.draft(id)).hdel(keys.user(userId), "draft", "step"));
    } catch (error) {
      written(userId);
      throw error;
    }
    fieldsWritten(userId, { draft: null, step: null });
  }

  return { loadDraft, loadDraftAt, startDraft, applyAnswer, discardDraft };
}

export type DraftStore = ReturnType<typeof createDrafts>;

/**
 * A draft kept in memory is shared by every update that reads it until it changes: frozen, so that a caller changing
 * it in place fails at once (strict mode) instead of changing what the next update reads. Changes go through patched.
 */
function frozen<D extends Draft | null>(draft: D): D {
  if (draft === null) return draft;
  for (const part of [draft.values, draft.refs, draft.acks, draft.notes, draft.flags]) Object.freeze(part);
  return Object.freeze(draft);
}

/** A caller's flag: neither a state field nor one of the draft's own prefixes. */
function checkedFlag(name: string): string {
  if (RESERVED.has(name) || name === "" || PREFIXES.some((prefix) => name.startsWith(prefix))) {
    throw new TypeError(`draft field ${JSON.stringify(name)} is reserved`);
  }
  return name;
}

function fieldNames(wanted: DraftFields): string[] {
  return [...(wanted.values ?? []).map(valueField), ...(wanted.refs ?? []).map(refField), ...(wanted.flags ?? []).map(checkedFlag)];
}

/** The fields a change writes ("" removes one): later entries win, so removals come first. */
function changedFields(change: DraftChange): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of change.clear ?? []) fields[checkedFlag(name)] = "";
  for (const finding of change.unack ?? []) {
    fields[ackField(finding)] = "";
    fields[noteField(finding)] = "";
  }
  for (const [name, value] of Object.entries(change.flags ?? {})) fields[checkedFlag(name)] = value;
  for (const [figure, value] of Object.entries(change.values ?? {})) fields[valueField(figure)] = value;
  for (const finding of change.acks ?? []) fields[ackField(finding)] = "1";
  for (const [finding, note] of Object.entries(change.notes ?? {})) fields[noteField(finding)] = note;
  fields.cursor = String(change.cursor);
  if (change.stage !== undefined) fields.stage = change.stage;
  return fields;
}

/** The draft after `change` (pure; what applyAnswer returns once it has written the change). */
export function applyChange(draft: Draft, change: DraftChange): Draft {
  return patched(draft, changedFields(change));
}

function parseDraft(id: string, hash: Record<string, string>, complete: boolean): Draft | null {
  if (hash.upd === undefined) return null;
  const draft: Draft = {
    id,
    complete,
    values: {},
    refs: {},
    acks: {},
    notes: {},
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
    setField(draft, name, value);
  }
  return draft;
}

/** The draft after `fields` were written (only those fields touched: the work does not grow with the draft). */
function patched(draft: Draft, fields: Record<string, string>): Draft {
  const next: Draft = {
    ...draft,
    values: { ...draft.values },
    refs: { ...draft.refs },
    acks: { ...draft.acks },
    notes: { ...draft.notes },
    flags: { ...draft.flags },
  };
  for (const [name, value] of Object.entries(fields)) {
    if (name === "cursor") next.cursor = Number(value);
    else if (name === "upd") next.upd = Number(value);
    else if (name === "by") next.by = Number(value);
    else if (name === "stage") {
      if (value) next.stage = value;
      else delete next.stage;
    } else setField(next, name, value);
  }
  return next;
}

/** One non-state field into the draft's parts; "" removes it. */
function setField(draft: Draft, name: string, value: string): void {
  if (name.startsWith("ack:")) {
    if (value === "") delete draft.acks[name.slice(4)];
    else draft.acks[name.slice(4)] = true;
    return;
  }
  const [part, key] = name.startsWith("v:")
    ? [draft.values, name.slice(2)]
    : name.startsWith("r:")
      ? [draft.refs, name.slice(2)]
      : name.startsWith("note:")
        ? [draft.notes, name.slice(5)]
        : [draft.flags, name];
  if (value === "") delete part[key];
  else part[key] = value;
}
