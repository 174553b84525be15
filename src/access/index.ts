// Access: invites and user management, shared by the bot and the admin shell.
import { createAccess, type Access, type AccessDeps } from "./service.ts";

export { createAccess } from "./service.ts";
export type { Access, AccessDeps, AccessOptions, CreatedInvite, ListedUser, RedeemOutcome, RevokeInviteResult, RevokeUserResult } from "./service.ts";
export { AccessError, checkGrant, grantOf, sameGrant, GRANT_ROLES, type AccessProblem, type Grant, type GrantInput, type GrantRole } from "./grants.ts";
export { inviteLink, looksLikeInviteCode, newInviteCode } from "./codes.ts";

const cache = new WeakMap<AccessDeps, Access>();

/** The access service over the bot's dependencies, made once per deps object. */
export function accessFor(deps: AccessDeps): Access {
  let access = cache.get(deps);
  if (!access) cache.set(deps, (access = createAccess(deps)));
  return access;
}
