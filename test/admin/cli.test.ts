// The admin shell against real Redis: in process through runAdmin, and once as the real command.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { startAccess, type AccessFixture } from "../helpers/accessStore.ts";
import { runAdmin, type AdminContext } from "../../src/admin/cli.ts";
import { createStore } from "../../src/store/index.ts";
import { createRedis } from "../../src/store/redis.ts";

let f: AccessFixture;
let context: AdminContext;
before(async () => {
  f = await startAccess({ adminIds: [900] });
  context = { access: f.access, region: f.deps.region, forms: f.deps.forms, timeZone: "Asia/Almaty", botUsername: async () => "akimat_bot" };
});
after(() => f.stop());

async function admin(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(argv, context, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run admin", () => {
  it("user add gives a district user their unit and language", async () => {
    const result = await admin("user", "add", "1001", "--role", "district", "--unit", "karatal", "--lang", "ru");
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /User 1001 added: district of Karatal District \(karatal\), language ru/);
    assert.deepEqual(await f.store.users.getUser(1001), { id: 1001, role: "district", unit: "karatal", lang: "ru" });
  });

  it("user add gives a region user a limited set of forms", async () => {
    const result = await admin("user", "add", "1002", "--role", "region", "--forms", "employment-roadmap");
    assert.equal(result.code, 0, result.err);
    assert.deepEqual((await f.store.users.getUser(1002))?.forms, ["employment-roadmap"]);
  });

  it("user add refuses an unknown unit, naming the units there are, and writes nothing", async () => {
    const result = await admin("user", "add", "1003", "--role", "district", "--unit", "atlantis");
    assert.equal(result.code, 1);
    assert.match(result.err, /Unknown unit "atlantis". Units: taldykorgan, /);
    assert.equal(await f.store.users.getUser(1003), null);
  });

  it("wrong usage prints the usage and exits 2", async () => {
    for (const argv of [[], ["user", "add", "abc", "--role", "admin"], ["user", "add", "5"], ["user", "fly"], ["user", "list", "--colour"]]) {
      const result = await admin(...argv);
      assert.equal(result.code, 2, argv.join(" "));
      assert.match(result.err, /Usage: npm run admin/);
    }
  });

  it("user list shows role, unit, language and marks, one line a person", async () => {
    const result = await admin("user", "list");
    assert.equal(result.code, 0);
    const lines = result.out.split("\n");
    assert.ok(lines.some((l) => /^1001 .*district of Karatal District .* ru .*never seen/.test(l)), result.out);
    assert.ok(lines.some((l) => /^1002 .*region, forms employment-roadmap/.test(l)), result.out);
    assert.ok(lines.some((l) => /^900 .*admin.*ADMIN_IDS/.test(l)), result.out);
  });

  it("user remove revokes at once; --purge deletes the record; an ADMIN_IDS admin is refused", async () => {
    assert.equal((await admin("user", "remove", "1001")).code, 0);
    assert.equal((await f.store.users.getUser(1001))?.revoked, true);
    assert.match((await admin("user", "list")).out, /^1001 .*REVOKED/m);
    assert.equal((await admin("user", "remove", "1001", "--purge")).code, 0);
    assert.equal(await f.store.users.getUser(1001), null);
    assert.equal((await admin("user", "remove", "1001")).code, 1);
    const bootstrap = await admin("user", "remove", "900");
    assert.equal(bootstrap.code, 1);
    assert.match(bootstrap.err, /ADMIN_IDS/);
  });

  it("invite create prints the link and code once; invite list shows only the id; the code redeems", async () => {
    const created = await admin("invite", "create", "--role", "region", "--forms", "employment-roadmap");
    assert.equal(created.code, 0, created.err);
    const code = /start=([\w-]{24})/.exec(created.out)?.[1];
    assert.ok(code, created.out);
    assert.match(created.out, new RegExp(`Link: https://t\\.me/akimat_bot\\?start=${code}`));
    assert.match(created.out, new RegExp(`Code: ${code}`));
    const id = /Invite id: ([0-9a-f]{16})/.exec(created.out)?.[1];
    const listed = await admin("invite", "list");
    assert.ok(listed.out.includes(id!), listed.out);
    assert.ok(!listed.out.includes(code), "invite list must not print the code");
    assert.ok(!(await f.dump()).includes(code), "the code is in Redis");
    assert.equal((await f.access.redeem(code, { id: 1004 })).status, "ok");
    assert.deepEqual((await f.store.users.getUser(1004))?.forms, ["employment-roadmap"]);
  });

  it("invite revoke makes the code useless", async () => {
    const created = await admin("invite", "create", "--role", "district", "--unit", "talgar", "--bot", "@other_bot");
    assert.match(created.out, /https:\/\/t\.me\/other_bot\?start=/);
    const code = /Code: ([\w-]{24})/.exec(created.out)![1]!;
    const id = /Invite id: ([0-9a-f]{16})/.exec(created.out)![1]!;
    assert.equal((await admin("invite", "revoke", id)).code, 0);
    assert.equal((await admin("invite", "revoke", id)).code, 1);
    assert.equal((await f.access.redeem(code, { id: 1005 })).status, "revoked");
  });

  it("runs as the real command on the configured Redis, and says so when it cannot reach it", async () => {
    const root = join(import.meta.dirname, "..", "..");
    const tsx = join(root, "node_modules", ".bin", "tsx");
    const cwd = mkdtempSync(join(tmpdir(), "admin-cli-"));
    const env = { PATH: process.env.PATH ?? "", REDIS_URL: f.server.url, REDIS_PREFIX: `${f.server.prefix}cli:`, CONFIG_DIR: join(root, "config") };
    const run = promisify(execFile);
    const cli = join(root, "src/admin/cli.ts");
    const [{ stdout }, failed] = await Promise.all([
      run(tsx, [cli, "user", "add", "7001", "--role", "district", "--unit", "koksu"], { cwd, env }),
      run(tsx, [cli, "user", "list"], { cwd, env: { ...env, REDIS_URL: "redis://127.0.0.1:1" } }).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      ),
    ]);
    assert.match(stdout, /User 7001 added/);
    const redis = createRedis(f.server.url);
    try {
      const store = createStore(redis, { prefix: `${f.server.prefix}cli:`, regionId: f.deps.region.id });
      assert.equal((await store.users.getUser(7001))?.unit, "koksu");
    } finally {
      await redis.quit();
    }
    assert.equal(failed?.code, 1);
    assert.match(failed?.stderr ?? "", /Cannot use Redis/);
  });
});
