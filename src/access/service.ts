// Who may use the bot: invites and user management, one code path for the bot (/invite, /users, /start <code>) and
// the admin shell (npm run admin). Knows nothing of Telegram.
import type { Region } from "../domain/region.ts";
import type { FormDefinition } from "../domain/forms.ts";
import type { Clock } from "../clock.ts";
import type { Store } from "../store/index.ts";
import { inviteIdOf, type InviteRecord } from "../store/invites.ts";
import type { UserRecord } from "../store/users.ts";
import type { Locale } from "../domain/locale.ts";
import { looksLikeInviteCode, newInviteCode } from "./codes.ts";
import { AccessError, checkGrant, grantOf, type Grant, type GrantInput } from "./grants.ts";

export interface AccessDeps {
  store: Store;
  region: Region;
  forms: readonly FormDefinition[];
  clock: Clock;
  inviteTtlDays: number;
  /** Bootstrap admins (ADMIN_IDS): admins whatever their record says, so never revoked here. */
  adminIds: readonly number[];
}

export interface AccessOptions {
  /** Wrong codes a user may send within the window before being refused for the rest of it (default 5). */
  maxWrongCodes?: number;
  /** The window, from the first wrong code (default 15 minutes). */
  wrongCodeWindowMs?: number;
}

export interface CreatedInvite {
  /** Shown once to whoever created it; stored nowhere. */
  code: string;
  /** SHA-256 of the code: safe to show, list and log. */
  id: string;
  grant: Grant;
  expires: Date;
}

export type RedeemOutcome =
  | { status: "ok"; grant: Grant; invite: InviteRecord }
  | { status: "unknown" | "used" | "revoked" | "expired"; /** set when this wrong code used up the attempts */ blockedForMs?: number }
  | { status: "throttled"; retryInMs: number };

export type RevokeUserResult = "ok" | "missing" | "bootstrap-admin";
export type RevokeInviteResult = "ok" | "unknown" | "used" | "revoked" | "ambiguous";

export interface ListedUser extends UserRecord {
  name?: string;
  /** ADMIN_IDS admins have no record; they are listed too. */
  bootstrap?: boolean;
}

export function createAccess(deps: AccessDeps, options: AccessOptions = {}) {
  const { store } = deps;
  const maxWrongCodes = options.maxWrongCodes ?? 5;
  const windowMs = options.wrongCodeWindowMs ?? 15 * 60_000;
  const now = () => deps.clock.now().getTime();
  const check = (input: GrantInput) => checkGrant(input, deps);

  async function createInvite(input: GrantInput, by: number, extra: { lang?: Locale } = {}): Promise<CreatedInvite> {
    const grant = check(input);
    const code = newInviteCode();
    const created = now();
    const expires = created + deps.inviteTtlDays * 86_400_000;
    const id = await store.invites.saveInvite(code, { ...grant, lang: extra.lang, by, created, expires });
    return { code, id, grant, expires: new Date(expires) };
  }

  /** Open invites, soonest expiry first. */
  async function listInvites(): Promise<InviteRecord[]> {
    return store.invites.listOpenInvites(now());
  }

  /** Revokes an open invite by its id or an unambiguous start of it (at least 8 characters). */
  async function revokeInvite(idOrPrefix: string): Promise<RevokeInviteResult> {
    if (idOrPrefix.length === 64) return store.invites.revokeInvite(idOrPrefix.toLowerCase());
    if (idOrPrefix.length < 8) return "unknown";
    const ids = await store.invites.findInviteIds(idOrPrefix);
    if (ids.length > 1) return "ambiguous";
    return ids[0] === undefined ? "unknown" : store.invites.revokeInvite(ids[0]);
  }

  /**
   * `/start <code>`: takes the invite and binds the person in one atomic step. Wrong codes (unknown, used, revoked,
   * expired) are counted per user; after `maxWrongCodes` within the window the user is refused until it ends.
   */
  async function redeem(code: string, user: { id: number; name?: string }): Promise<RedeemOutcome> {
    const before = await store.invites.failures(user.id);
    if (before.count >= maxWrongCodes) return { status: "throttled", retryInMs: before.msLeft };
    const taken = looksLikeInviteCode(code)
      ? await store.invites.takeInvite(code, user, now())
      : ({ status: "unknown" } as const);
    if (taken.status === "ok") {
      const grant = grantOf(taken.invite);
      if (!grant) throw new Error(`invite ${taken.invite.id} holds no valid grant`);
      return { status: "ok", grant, invite: taken.invite };
    }
    const after = await store.invites.countFailure(user.id, windowMs);
    return after.count >= maxWrongCodes ? { status: taken.status, blockedForMs: after.msLeft } : { status: taken.status };
  }

  /** An open, unexpired invite by its code, without taking it (to ask a person whose role it would change). */
  async function peekInvite(code: string): Promise<InviteRecord | null> {
    if (!looksLikeInviteCode(code)) return null;
    const invite = await store.invites.getInvite(inviteIdOf(code));
    return invite && invite.state === "open" && invite.expires > now() ? invite : null;
  }

  /** Holds an invite for the person to confirm the change of role it makes (10 minutes). */
  async function holdInvite(userId: number, invite: InviteRecord): Promise<void> {
    await store.invites.holdInvite(userId, invite.id, 600);
  }

  /** Takes the invite this person confirmed; "unknown" when nothing is held (expired, or answered already). */
  async function redeemHeld(user: { id: number; name?: string }): Promise<RedeemOutcome> {
    const id = await store.invites.takeHeldInvite(user.id);
    if (id === null) return { status: "unknown" };
    const taken = await store.invites.takeInviteById(id, user, now());
    if (taken.status !== "ok") return { status: taken.status };
    const grant = grantOf(taken.invite);
    if (!grant) throw new Error(`invite ${taken.invite.id} holds no valid grant`);
    return { status: "ok", grant, invite: taken.invite };
  }

  /** Drops a held invite: the person keeps their role (the invite stays open). */
  async function dropHeld(userId: number): Promise<boolean> {
    return (await store.invites.takeHeldInvite(userId)) !== null;
  }

  /**
   * Grants a person a role directly (the shell's `user add`): creates or replaces the record, lifts a revocation,
   * keeps their language unless one is given and their open draft while the unit stays the same.
   */
  async function addUser(id: number, input: GrantInput, extra: { lang?: Locale } = {}): Promise<UserRecord> {
    assertUserId(id);
    const grant = check(input);
    const existing = await store.users.getUser(id);
    const record = recordFor(id, grant, existing);
    const lang = extra.lang ?? existing?.lang;
    if (lang !== undefined) record.lang = lang;
    await store.users.putUser(record);
    return record;
  }

  /** Changes the role, unit or forms of a person who has a record; a revocation stays. Null when there is no such person. */
  async function changeUser(id: number, input: GrantInput): Promise<UserRecord | null> {
    assertUserId(id);
    const grant = check(input);
    const existing = await store.users.getUser(id);
    if (!existing) return null;
    const record = recordFor(id, grant, existing);
    if (existing.lang !== undefined) record.lang = existing.lang;
    if (existing.revoked) record.revoked = true;
    await store.users.putUser(record);
    return record;
  }

  /** Revocation: effective on the person's next update; the unit's drafts and reports stay, only the person's pointer goes. */
  async function revokeUser(id: number): Promise<RevokeUserResult> {
    assertUserId(id);
    if (deps.adminIds.includes(id)) return "bootstrap-admin";
    return (await store.invites.revokeUser(id)) ? "ok" : "missing";
  }

  /** Deletes the record altogether (the shell's `user remove --purge`); reports keep the id as their author. */
  async function removeUser(id: number): Promise<boolean> {
    assertUserId(id);
    const existing = await store.users.getUser(id);
    await store.users.removeUser(id);
    await store.invites.removeName(id);
    return existing !== null;
  }

  async function getUser(id: number): Promise<ListedUser | null> {
    assertUserId(id);
    const record = await store.users.getUser(id);
    const names = await store.invites.getNames([id]);
    if (!record) return deps.adminIds.includes(id) ? { id, role: "admin", bootstrap: true, name: names.get(id) } : null;
    return { ...record, name: names.get(id), ...(deps.adminIds.includes(id) ? { bootstrap: true } : {}) };
  }

  /** Every person with a record, and the ADMIN_IDS admins, with the first names Telegram gave. */
  async function listUsers(): Promise<ListedUser[]> {
    const records = await store.users.listUsers();
    const ids = new Set(records.map((r) => r.id));
    const bootstrap = deps.adminIds.filter((id) => !ids.has(id)).map((id): UserRecord => ({ id, role: "admin" }));
    const all = [...records, ...bootstrap];
    const names = await store.invites.getNames(all.map((r) => r.id));
    return all.map((record) => ({
      ...record,
      ...(names.has(record.id) ? { name: names.get(record.id) } : {}),
      ...(deps.adminIds.includes(record.id) ? { bootstrap: true } : {}),
    }));
  }

  /** A new invite with the grant the person holds (for a new phone or account, or to come back after a revocation). */
  async function reissueInvite(id: number, by: number): Promise<CreatedInvite | null> {
    const record = await store.users.getUser(id);
    const grant = record ? grantOf(record) : undefined;
    if (!record || !grant) return null;
    return createInvite(grant, by, record.lang ? { lang: record.lang } : {});
  }

  /** Last activity (at most one write a minute) and the first name shown in /users: one HSET, two when the name is new. */
  async function noteActivity(person: { id: number; lastSeen?: number; name?: string }, name: string | undefined): Promise<void> {
    await store.users.touch(person, now(), name);
  }

  return {
    checkGrant: check,
    createInvite,
    listInvites,
    revokeInvite,
    redeem,
    peekInvite,
    holdInvite,
    redeemHeld,
    dropHeld,
    addUser,
    changeUser,
    revokeUser,
    removeUser,
    getUser,
    listUsers,
    reissueInvite,
    noteActivity,
  };
}

export type Access = ReturnType<typeof createAccess>;

function assertUserId(id: number): void {
  if (!Number.isSafeInteger(id) || id <= 0) throw new AccessError("bad-user-id", String(id));
}

/** The record for a grant, keeping what belongs to the person (last activity, name, dialogue; the open draft while the unit stays). */
function recordFor(id: number, grant: Grant, existing: UserRecord | null): UserRecord {
  const record: UserRecord = { id, role: grant.role };
  if (grant.role === "district") record.unit = grant.unit;
  if (grant.role === "region" && grant.forms) record.forms = [...grant.forms];
  if (existing?.lastSeen !== undefined) record.lastSeen = existing.lastSeen;
  if (existing?.name !== undefined) record.name = existing.name;
  // A short dialogue under way goes on: it checks the new grant itself (the invite wizard refuses a district user).
  if (existing?.conversation !== undefined) record.conversation = existing.conversation;
  if (existing?.draft !== undefined && grant.role === "district" && existing.unit === grant.unit) record.draft = existing.draft;
  return record;
}
