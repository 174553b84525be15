// The access service against real Redis: invite codes, taking them once, expiry, revocation, wrong-code throttling,
// and user management.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startAccess, type AccessFixture } from "../helpers/accessStore.ts";
import { createRedis } from "../../src/store/redis.ts";
import { createStore } from "../../src/store/index.ts";
import { createAccess, AccessError, looksLikeInviteCode } from "../../src/access/index.ts";
import { inviteIdOf } from "../../src/store/invites.ts";
import { draftId } from "../../src/store/keys.ts";
import { viewerOf } from "../../src/bot/identity.ts";

let f: AccessFixture;
before(async () => {
  f = await startAccess({ adminIds: [900] });
});
after(() => f.stop());

const ADMIN = 900;
const DAY = 86_400_000;

describe("invite codes", () => {
  it("are 24 base64url characters (144 random bits) and never repeat", async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { code } = await f.access.createInvite({ role: "region" }, ADMIN);
      assert.ok(looksLikeInviteCode(code), code);
      assert.equal(Buffer.from(code, "base64url").length, 18);
      codes.add(code);
    }
    assert.equal(codes.size, 200);
  });

  it("are stored only as their SHA-256: the key keys.invite(code) uses, and no code anywhere in Redis", async () => {
    const { code, id } = await f.access.createInvite({ role: "district", unit: "karatal" }, ADMIN);
    assert.equal(id, inviteIdOf(code));
    assert.equal(await f.redis.exists(f.store.keys.invite(code)), 1);
    assert.ok(f.store.keys.invite(code).endsWith(id));
    const dump = await f.dump();
    assert.ok(dump.includes(id));
    assert.ok(!dump.includes(code), "the code itself is in Redis");
  });

  it("expire in Redis some time after their validity, by a TTL relative to now whatever the bot's clock says", async () => {
    const { code } = await f.access.createInvite({ role: "region" }, ADMIN);
    const ttl = await f.redis.pttl(f.store.keys.invite(code));
    assert.ok(ttl > 7 * DAY && ttl <= 37 * DAY, `ttl ${ttl}`);
  });
});

describe("redeeming an invite", () => {
  it("binds the person to its role and unit, with their first name", async () => {
    const { code } = await f.access.createInvite({ role: "district", unit: "karatal" }, ADMIN);
    const outcome = await f.access.redeem(code, { id: 1001, name: "Bisembayev" });
    assert.equal(outcome.status, "ok");
    assert.deepEqual(outcome.status === "ok" && outcome.grant, { role: "district", unit: "karatal" });
    const user = await f.store.users.getUser(1001);
    assert.equal(user?.role, "district");
    assert.equal(user?.unit, "karatal");
    assert.equal((await f.access.getUser(1001))?.name, "Bisembayev");
  });

  it("works once: the second person with the same code is told it was used", async () => {
    const { code } = await f.access.createInvite({ role: "region", forms: ["public-services"] }, ADMIN);
    assert.equal((await f.access.redeem(code, { id: 1002 })).status, "ok");
    assert.equal((await f.access.redeem(code, { id: 1003 })).status, "used");
    assert.deepEqual((await f.store.users.getUser(1002))?.forms, ["public-services"]);
    assert.equal(await f.store.users.getUser(1003), null);
  });

  it("two people pressing the link at once over two connections: exactly one gets in", async () => {
    const other = createRedis(f.server.url);
    try {
      const otherAccess = createAccess({ ...f.deps, store: createStore(other, { prefix: f.server.prefix, regionId: f.deps.region.id }) });
      for (let round = 0; round < 20; round++) {
        const { code } = await f.access.createInvite({ role: "district", unit: "talgar" }, ADMIN);
        const a = 2000 + round * 2;
        const b = a + 1;
        const outcomes = await Promise.all([f.access.redeem(code, { id: a }), otherAccess.redeem(code, { id: b })]);
        assert.deepEqual(outcomes.map((o) => o.status).sort(), ["ok", "used"], `round ${round}`);
        const bound = (await Promise.all([f.store.users.getUser(a), f.store.users.getUser(b)])).filter(Boolean);
        assert.equal(bound.length, 1);
      }
    } finally {
      await other.quit();
    }
  });

  it("is refused once the invite has expired by the bot's clock, and works until then", async () => {
    const start = f.clock.now();
    const late = await f.access.createInvite({ role: "region" }, ADMIN);
    const inTime = await f.access.createInvite({ role: "region" }, ADMIN);
    f.clock.set(new Date(start.getTime() + 7 * DAY - 60_000));
    assert.equal((await f.access.redeem(inTime.code, { id: 3001 })).status, "ok");
    f.clock.set(new Date(start.getTime() + 7 * DAY + 60_000));
    assert.equal((await f.access.redeem(late.code, { id: 3002 })).status, "expired");
    f.clock.set(start);
  });

  it("is refused for a revoked invite, and revoking needs an unambiguous id of 8 characters or more", async () => {
    const { code, id } = await f.access.createInvite({ role: "region" }, ADMIN);
    assert.ok((await f.access.listInvites()).some((i) => i.id === id));
    assert.equal(await f.access.revokeInvite(id.slice(0, 7)), "unknown");
    assert.equal(await f.access.revokeInvite(id.slice(0, 8)), "ok");
    assert.equal(await f.access.revokeInvite(id), "revoked");
    assert.ok(!(await f.access.listInvites()).some((i) => i.id === id));
    assert.equal((await f.access.redeem(code, { id: 3003 })).status, "revoked");
    assert.equal(await f.store.users.getUser(3003), null);
  });

  it("cannot revoke an invite that was used", async () => {
    const { code, id } = await f.access.createInvite({ role: "region" }, ADMIN);
    await f.access.redeem(code, { id: 3004 });
    assert.equal(await f.access.revokeInvite(id), "used");
    assert.equal((await f.store.users.getUser(3004))?.role, "region");
  });

  it("is refused for codes that never existed or do not look like one", async () => {
    assert.equal((await f.access.redeem("A".repeat(24), { id: 3005 })).status, "unknown");
    assert.equal((await f.access.redeem("report", { id: 3005 })).status, "unknown");
  });

  it("keeps a language the person chose before and lets a revoked person back in", async () => {
    await f.store.users.putUser({ id: 3006, role: "district", unit: "aksu", lang: "kk", revoked: true });
    const { code } = await f.access.createInvite({ role: "district", unit: "ile" }, ADMIN, { lang: "ru" });
    assert.equal((await f.access.redeem(code, { id: 3006 })).status, "ok");
    const user = await f.store.users.getUser(3006);
    assert.deepEqual([user?.unit, user?.lang, user?.revoked], ["ile", "kk", undefined]);
  });

  it("gives a new person the invite's language", async () => {
    const { code } = await f.access.createInvite({ role: "district", unit: "ile" }, ADMIN, { lang: "en" });
    await f.access.redeem(code, { id: 3007 });
    assert.equal((await f.store.users.getUser(3007))?.lang, "en");
  });
});

describe("wrong codes", () => {
  it("after 5 wrong codes a user is refused, even with a good code, which stays usable by others", async () => {
    const user = { id: 4001 };
    for (let i = 1; i <= 4; i++) assert.deepEqual(await f.access.redeem(`wrong-${i}`, user), { status: "unknown" });
    const fifth = await f.access.redeem("wrong-5", user);
    assert.equal(fifth.status, "unknown");
    assert.ok(fifth.status === "unknown" && fifth.blockedForMs! > 14 * 60_000 && fifth.blockedForMs! <= 15 * 60_000);
    const { code } = await f.access.createInvite({ role: "region" }, ADMIN);
    const refused = await f.access.redeem(code, user);
    assert.equal(refused.status, "throttled");
    assert.ok(refused.status === "throttled" && refused.retryInMs > 0 && refused.retryInMs <= 15 * 60_000);
    assert.equal(await f.store.users.getUser(4001), null);
    assert.equal((await f.access.redeem(code, { id: 4002 })).status, "ok");
  });

  it("are forgotten after a successful code", async () => {
    const user = { id: 4003 };
    for (let i = 0; i < 4; i++) await f.access.redeem("nope", user);
    const { code } = await f.access.createInvite({ role: "region" }, ADMIN);
    assert.equal((await f.access.redeem(code, user)).status, "ok");
    for (let i = 0; i < 4; i++) assert.equal((await f.access.redeem("nope", user)).status, "unknown");
    assert.equal((await f.access.redeem("nope", user)).status, "unknown");
    assert.equal((await f.access.redeem("nope", user)).status, "throttled");
  });

  it("count within a window that ends", async () => {
    const quick = await startAccess({ maxWrongCodes: 2, wrongCodeWindowMs: 150 });
    try {
      await quick.access.redeem("x", { id: 1 });
      await quick.access.redeem("x", { id: 1 });
      assert.equal((await quick.access.redeem("x", { id: 1 })).status, "throttled");
      const key = `${quick.store.keys.root}redeemfail:1`;
      // Redis expires the window by itself; wait for the key to go (a Redis TTL, not a reply of the bot).
      while ((await quick.redis.exists(key)) === 1) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal((await quick.access.redeem("x", { id: 1 })).status, "unknown");
    } finally {
      await quick.stop();
    }
  });
});

describe("user management", () => {
  it("revoking a person marks them revoked and clears only their pointer: the unit's draft stays", async () => {
    await f.access.addUser(5001, { role: "district", unit: "karatal" });
    const id = draftId({ form: "public-services", unit: "karatal", period: "2016-10" });
    await f.store.drafts.startDraft(id, { by: 5001, base: 0, started: 1, updateId: 1, values: { services_egov: "28" } });
    assert.equal(await f.access.revokeUser(5001), "ok");
    const record = await f.store.users.getUser(5001);
    assert.equal(record?.revoked, true);
    assert.equal(record?.draft, undefined);
    assert.deepEqual((await f.store.drafts.loadDraft(id))?.values, { services_egov: "28" });
    assert.equal(viewerOf(record ?? undefined, 5001, []).role, "unknown");
  });

  it("a missing person or an ADMIN_IDS administrator cannot be revoked", async () => {
    assert.equal(await f.access.revokeUser(5999), "missing");
    assert.equal(await f.store.users.getUser(5999), null);
    assert.equal(await f.access.revokeUser(ADMIN), "bootstrap-admin");
  });

  it("adding a person lifts a revocation; changing the unit drops the pointer to the old unit's draft", async () => {
    await f.access.addUser(5002, { role: "district", unit: "aksu" }, { lang: "kk" });
    await f.store.users.setOpenDraft(5002, draftId({ form: "public-services", unit: "aksu", period: "2016-10" }));
    await f.access.revokeUser(5002);
    await f.access.addUser(5002, { role: "district", unit: "aksu" });
    assert.deepEqual(await f.store.users.getUser(5002), { id: 5002, role: "district", unit: "aksu", lang: "kk" });
    await f.store.users.setOpenDraft(5002, draftId({ form: "public-services", unit: "aksu", period: "2016-10" }));
    const changed = await f.access.changeUser(5002, { role: "district", unit: "talgar" });
    assert.deepEqual(changed, { id: 5002, role: "district", unit: "talgar", lang: "kk" });
    assert.equal(await f.access.changeUser(5998, { role: "admin" }), null);
  });

  it("changing a revoked person's role keeps them revoked", async () => {
    await f.access.addUser(5003, { role: "district", unit: "aksu" });
    await f.access.revokeUser(5003);
    const changed = await f.access.changeUser(5003, { role: "region", forms: ["employment-roadmap"] });
    assert.deepEqual(changed, { id: 5003, role: "region", forms: ["employment-roadmap"], revoked: true });
  });

  it("grants are checked against the region and the forms", () => {
    const problem = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof AccessError ? error.problem : "other";
      }
      return "none";
    };
    assert.equal(problem(() => f.access.checkGrant({ role: "district" })), "unit-required");
    assert.equal(problem(() => f.access.checkGrant({ role: "district", unit: "atlantis" })), "unknown-unit");
    assert.equal(problem(() => f.access.checkGrant({ role: "region", forms: ["poetry"] })), "unknown-form");
    assert.equal(problem(() => f.access.checkGrant({ role: "region", unit: "aksu" })), "unit-not-for-role");
    assert.equal(problem(() => f.access.checkGrant({ role: "admin", forms: ["public-services"] })), "forms-not-for-role");
    assert.equal(problem(() => f.access.checkGrant({ role: "boss" })), "bad-role");
    assert.deepEqual(f.access.checkGrant({ role: "region", forms: ["public-services", "employment-roadmap"] }), { role: "region" });
  });

  it("the list has every person with a record and the ADMIN_IDS administrators", async () => {
    const people = await f.access.listUsers();
    assert.ok(people.some((p) => p.id === ADMIN && p.bootstrap && p.role === "admin"));
    assert.ok(people.some((p) => p.id === 1001 && p.name === "Bisembayev" && p.unit === "karatal"));
    assert.ok(people.some((p) => p.id === 5001 && p.revoked));
  });

  it("re-issuing makes a new invite with the grant the person holds", async () => {
    const invite = await f.access.reissueInvite(1002, ADMIN);
    assert.deepEqual(invite?.grant, { role: "region", forms: ["public-services"] });
    assert.equal(await f.access.reissueInvite(5997, ADMIN), null);
  });

  it("last activity is written at most once a minute, with the first name", async () => {
    const before = (await f.store.users.getUser(1001))?.lastSeen;
    assert.ok(before !== undefined);
    await f.access.noteActivity({ id: 1001, lastSeen: before }, "Renamed too soon");
    assert.equal((await f.access.getUser(1001))?.name, "Bisembayev");
    const now = f.clock.now().getTime();
    f.clock.set(new Date(now + 120_000));
    await f.access.noteActivity({ id: 1001, lastSeen: before }, "Bisembayev B.");
    f.clock.set(new Date(now));
    assert.ok(((await f.store.users.getUser(1001))?.lastSeen ?? 0) >= now + 120_000);
    assert.equal((await f.access.getUser(1001))?.name, "Bisembayev B.");
  });
});
