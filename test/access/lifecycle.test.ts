// The invite lifecycle end to end (real bot over HTTP, local Bot API, real Redis): create, use, reuse refused,
// expired, revoked; /users revocation mid-form; forged and stale buttons refused and logged; wrong codes slowed down.
// (Transcripts cannot carry a code from one person's chat to another's, so the lifecycle reads it here.)
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import type { UserHandle } from "../../src/localapi/index.ts";
import { accessFor } from "../../src/access/index.ts";
import { draftId } from "../../src/store/keys.ts";
import { answerOf, buttonsOf, codeIn, pressPlanted, t, textsOf } from "../helpers/access.ts";

const ADMIN = 900;
let redis: TestRedis;
let h: Harness;
let admin: UserHandle;
const codes: string[] = [];

before(async () => {
  redis = await startTestRedis();
  h = await startHarness({ redisUrl: redis.url, env: { ADMIN_IDS: String(ADMIN) }, logLevel: "info" });
  h.clock.set(new Date("2016-11-03T10:00:00+06:00"));
  admin = h.api.user({ id: ADMIN, first_name: "Admin", language_code: "en" });
});
after(async () => {
  await h.close();
  await redis.stop();
});

/** Walks the /invite wizard as `who` and returns the code it shows. */
async function inviteThroughWizard(who: UserHandle, ...presses: string[]): Promise<string> {
  await who.send("/invite");
  for (const data of presses) await who.press(data);
  const code = codeIn(who.lastBotMessage()?.text ?? "");
  codes.push(code);
  return code;
}

const securityEvents = () => h.logLines.filter((l) => l.event === "security");

describe("the invite lifecycle", () => {
  it("/invite asks the role, then the unit, and answers with a one-time deep link and the code", async () => {
    const sent = await admin.send("/invite");
    assert.deepEqual(textsOf(sent.replies), [t(h, "en", "invite-choose-role")]);
    const role = await admin.press("invw|role|district");
    assert.deepEqual(textsOf(role.replies), [t(h, "en", "invite-choose-unit")]);
    assert.ok(buttonsOf(role.replies).includes("invw|unit|karatal"));
    const unit = await admin.press("invw|unit|karatal");
    const [shown] = textsOf(unit.replies).slice(-1);
    const code = codeIn(shown ?? "");
    codes.push(code);
    assert.match(shown!, new RegExp(`https://t\\.me/akimat_local_bot\\?start=${code}`));
    assert.match(shown!, new RegExp(`/start ${code}`));
    assert.match(shown!, /Unit representative — Karatal District/);
    assert.match(shown!, /10 November 2016, 10:00/);

    const invitee = h.api.user({ id: 1001, first_name: "Bisembayev", language_code: "kk" });
    const redeemed = await invitee.send(`/start ${code}`);
    const texts = textsOf(redeemed.replies);
    assert.equal(texts[0], t(h, "kk", "redeem-welcome"));
    assert.match(texts[1]!, /Сәлеметсіз бе, Bisembayev/);
    assert.match(texts[1]!, /Қаратал ауданы/);
    assert.ok(buttonsOf(redeemed.replies).includes("menu|report"));
    assert.equal((await h.app.store.users.getUser(1001))?.unit, "karatal");
  });

  it("two people pressing the same link at once: one gets in, the other is told it was used and nothing else", async () => {
    const code = await inviteThroughWizard(admin, "invw|role|district", "invw|unit|talgar");
    const a = h.api.user({ id: 1101, first_name: "A", language_code: "ru" });
    const b = h.api.user({ id: 1102, first_name: "B", language_code: "ru" });
    const [ra, rb] = await Promise.all([a.send(`/start ${code}`), b.send(`/start ${code}`)]);
    const outcomes = [ra, rb].map((r) => textsOf(r.replies)[0]);
    assert.equal(outcomes.filter((text) => text === t(h, "ru", "redeem-welcome")).length, 1, outcomes.join(" | "));
    const loser = [ra, rb].find((r) => textsOf(r.replies)[0] === t(h, "ru", "redeem-used"))!;
    assert.equal(loser.replies.filter((e) => e.kind === "message").length, 1);
    assert.deepEqual(buttonsOf(loser.replies), []);
    const bound = [await h.app.store.users.getUser(1101), await h.app.store.users.getUser(1102)].filter(Boolean);
    assert.equal(bound.length, 1);
  });

  it("a region invite limited to one form, ticked in the wizard", async () => {
    await admin.send("/invite");
    await admin.press("invw|role|region");
    const ticked = await admin.press("invw|form|employment-roadmap");
    assert.ok(textsOf(ticked.replies).length === 1);
    await admin.press("invw|done|-");
    const code = codeIn(admin.lastBotMessage()?.text ?? "");
    codes.push(code);
    assert.match(admin.lastBotMessage()?.text ?? "", /Region leadership — Employment Roadmap 2020/);
    const head = h.api.user({ id: 1201, first_name: "Head", language_code: "en" });
    const redeemed = await head.send(`/start ${code}`);
    assert.match(textsOf(redeemed.replies)[1]!, /Hello, Head/);
    assert.deepEqual((await h.app.store.users.getUser(1201))?.forms, ["employment-roadmap"]);
  });

  it("an expired invite is refused with a clear message and binds nobody", async () => {
    const created = h.clock.now().getTime();
    const code = await inviteThroughWizard(admin, "invw|role|admin");
    // The clock runs on from where it was set: a week and a minute after the invite was made.
    h.clock.set(new Date(created + 7 * 86_400_000 + 60_000));
    try {
      const late = h.api.user({ id: 1301, first_name: "Late", language_code: "en" });
      const refused = await late.send(`/start ${code}`);
      assert.deepEqual(textsOf(refused.replies), [t(h, "en", "redeem-expired")]);
      assert.equal(await h.app.store.users.getUser(1301), null);
    } finally {
      h.clock.set(new Date("2016-11-03T10:00:00+06:00"));
    }
  });

  it("the administrator revokes an invite by its button: the code leaves the chat and no longer works", async () => {
    const code = await inviteThroughWizard(admin, "invw|role|district", "invw|unit|aksu");
    const revoked = await admin.press(admin.lastBotMessage()!.reply_markup!.inline_keyboard[0]![0]!.callback_data!);
    assert.deepEqual(textsOf(revoked.replies), [t(h, "en", "invite-revoked")]);
    assert.ok(!admin.messages().some((m) => m.text?.includes(code)), "the code is still shown in the chat");
    const someone = h.api.user({ id: 1401, first_name: "Someone", language_code: "ru" });
    assert.deepEqual(textsOf((await someone.send(`/start ${code}`)).replies), [t(h, "ru", "redeem-revoked")]);
  });

  it("the wizard can be cancelled, and /cancel or another command ends it", async () => {
    await admin.send("/invite");
    const cancelled = await admin.press("invw|cancel|-");
    assert.deepEqual(textsOf(cancelled.replies), [t(h, "en", "invite-cancelled")]);
    await admin.send("/invite");
    await admin.send("/help");
    const stale = await admin.press("invw|role|admin");
    assert.equal(answerOf(stale.replies), t(h, "en", "button-expired"));
  });

  it("after 5 wrong codes a person is refused for a while, even with a good code", async () => {
    const guesser = h.api.user({ id: 1501, first_name: "Guesser", language_code: "en" });
    for (let i = 0; i < 4; i++) {
      assert.deepEqual(textsOf((await guesser.send(`/start ${"x".repeat(23)}${i}`)).replies), [t(h, "en", "redeem-unknown")]);
    }
    const fifth = textsOf((await guesser.send("/start nonsense")).replies);
    assert.match(fifth[0]!, /not valid[\s\S]*Too many wrong codes. Please try again in 15 min/);
    const code = await inviteThroughWizard(admin, "invw|role|district", "invw|unit|ile");
    assert.match(textsOf((await guesser.send(`/start ${code}`)).replies)[0]!, /Too many wrong codes/);
    assert.equal(await h.app.store.users.getUser(1501), null);
    assert.ok(securityEvents().some((l) => l.reason === "wrong-codes-throttled" && l.userId === 1501));
  });

  it("a known person's /start with another payload is just greeted", async () => {
    const known = h.api.user({ id: 1001, first_name: "Bisembayev", language_code: "kk" });
    const greeted = await known.send("/start hello");
    assert.match(textsOf(greeted.replies)[0]!, /Сәлеметсіз бе/);
  });
});

describe("/users and revocation", () => {
  it("lists people per unit with role, language and last activity; non-administrators are refused", async () => {
    const listed = await admin.send("/users");
    const [text] = textsOf(listed.replies);
    assert.match(text!, /Karatal District:\n• Bisembayev — Unit representative · not chosen · 3 November 2016, 10:0\d/);
    assert.match(text!, /Region leadership and administrators:/);
    assert.ok(buttonsOf(listed.replies).includes("usc|1001"));
    const district = h.api.user({ id: 1001, first_name: "Bisembayev", language_code: "kk" });
    assert.deepEqual(textsOf((await district.send("/users")).replies), [t(h, "kk", "not-allowed")]);
  });

  it("revoking mid-form: the next answer gets nothing of the bot's, the unit's draft stays for whoever reports next", async () => {
    const akim = h.api.user({ id: 2001, first_name: "Akim", language_code: "ru" });
    await h.app.deps.people.put({ id: 2001, role: "district", unit: "koksu" });
    const id = draftId({ form: "public-services", unit: "koksu", period: "2016-10" });
    await h.app.store.drafts.startDraft(id, { by: 2001, base: 0, started: 1, updateId: 1, values: { services_egov: "28" } });

    await admin.send("/users");
    await admin.press("usc|2001");
    await admin.press("usrv|2001");
    const done = await admin.press("usrvy|2001");
    assert.match(textsOf(done.replies)[0]!, /Access of the person with no name revoked/);
    assert.equal((await h.app.store.users.getUser(2001))?.revoked, true);

    const answer = await akim.send("1234");
    assert.ok(textsOf(answer.replies).every((text) => text === t(h, "ru", "unknown-user")), textsOf(answer.replies).join(" | "));
    const menu = await pressPlanted(h, akim, "menu|report");
    assert.deepEqual(textsOf(menu.replies), []);
    assert.deepEqual((await h.app.store.drafts.loadDraft(id))?.values, { services_egov: "28" });
    assert.equal((await h.app.store.users.getUser(2001))?.draft, undefined);
  });

  it("an administrator revoked in the middle of /invite gets no invite", async () => {
    const second = h.api.user({ id: 2101, first_name: "Second", language_code: "en" });
    await h.app.deps.people.put({ id: 2101, role: "admin" });
    await second.send("/invite");
    await second.press("invw|role|district");
    const before = (await accessFor(h.app.deps).listInvites()).length;
    await accessFor(h.app.deps).revokeUser(2101);
    const press = await second.press("invw|unit|karatal");
    assert.ok(textsOf(press.replies).every((text) => text === t(h, "en", "unknown-user")));
    assert.equal((await accessFor(h.app.deps).listInvites()).length, before);
  });

  it("an administrator made a district user in the middle of /invite gets no invite", async () => {
    const third = h.api.user({ id: 2201, first_name: "Third", language_code: "en" });
    await h.app.deps.people.put({ id: 2201, role: "admin" });
    await third.send("/invite");
    await third.press("invw|role|district");
    const before = (await accessFor(h.app.deps).listInvites()).length;
    await accessFor(h.app.deps).changeUser(2201, { role: "district", unit: "karatal" });
    const press = await third.press("invw|unit|karatal");
    assert.deepEqual(textsOf(press.replies), [t(h, "en", "not-allowed")]);
    assert.equal((await accessFor(h.app.deps).listInvites()).length, before);
  });

  it("changes a person's unit and role through the card's buttons", async () => {
    await h.app.deps.people.put({ id: 2301, role: "district", unit: "aksu" });
    await admin.send("/users");
    await admin.press("usc|2301");
    await admin.press("usro|2301");
    const units = await admin.press("usrs|2301|district");
    assert.ok(buttonsOf(units.replies).includes("usu|2301|alakol"));
    const saved = await admin.press("usu|2301|alakol");
    assert.match(textsOf(saved.replies)[0]!, /Saved: the person with no name — Unit representative — Alakol District/);
    await admin.press("usro|2301");
    await admin.press("usrs|2301|region");
    const publicServices = 1 << h.app.deps.forms.findIndex((form) => form.id === "public-services");
    const ticked = await admin.press(`usf|2301|${publicServices}`);
    assert.ok(buttonsOf(ticked.replies).includes(`usfy|2301|${publicServices}`));
    const region = await admin.press(`usfy|2301|${publicServices}`);
    assert.match(textsOf(region.replies)[0]!, /Region leadership — Public services/);
    assert.deepEqual(await h.app.store.users.getUser(2301), { id: 2301, role: "region", forms: ["public-services"] });
  });

  it("re-issues an invite with the person's grant", async () => {
    await admin.send("/users");
    await admin.press("usc|1001");
    const reissued = await admin.press("usi|1001");
    const text = textsOf(reissued.replies).at(-1)!;
    codes.push(codeIn(text));
    assert.match(text, /Unit representative — Karatal District/);
  });

  it("an administrator cannot revoke themselves or an ADMIN_IDS administrator", async () => {
    await h.app.deps.people.put({ id: 2401, role: "admin" });
    const other = h.api.user({ id: 2401, first_name: "Other", language_code: "en" });
    const self = await pressPlanted(h, other, "usrvy|2401");
    assert.equal(answerOf(self.replies), t(h, "en", "users-self"));
    const bootstrap = await pressPlanted(h, other, "usrvy|900");
    assert.equal(answerOf(bootstrap.replies), t(h, "en", "users-bootstrap-admin"));
    assert.equal((await h.app.store.users.getUser(2401))?.revoked, undefined);
  });
});

describe("buttons are never trusted", () => {
  it("a users button pressed by a non-administrator is refused, changes nothing and is logged", async () => {
    const district = h.api.user({ id: 1001, first_name: "Bisembayev", language_code: "kk" });
    const before = securityEvents().length;
    for (const data of ["usrvy|2301", "usu|2301|karatal", "usi|2301", "usc|2301", "invrv|0123456789abcdef", "menu|users", "menu|invite"]) {
      const pressed = await pressPlanted(h, district, data);
      assert.equal(answerOf(pressed.replies), t(h, "kk", "not-allowed"), data);
      assert.deepEqual(textsOf(pressed.replies), [], data);
    }
    assert.equal(securityEvents().length - before, 7);
    assert.ok(securityEvents().slice(before).every((l) => l.reason === "not-admin" && l.userId === 1001));
    assert.equal((await h.app.store.users.getUser(2301))?.revoked, undefined);
  });

  it("forged, malformed and stale buttons of an administrator are refused and logged", async () => {
    const before = securityEvents().length;
    const cases: [string, string][] = [
      ["usu|2301|atlantis", "forged"],
      ["usfy|2301|64", "forged"],
      ["usc|99999", "stale"],
      ["usrvy|99999", "stale"],
      ["usc|abc", "malformed"],
    ];
    for (const [data, reason] of cases) {
      const pressed = await pressPlanted(h, admin, data);
      assert.equal(answerOf(pressed.replies), t(h, "en", "button-expired"), data);
      assert.equal(securityEvents().at(-1)?.reason, reason, data);
    }
    assert.equal(securityEvents().length - before, cases.length);
    assert.deepEqual((await h.app.store.users.getUser(2301))?.forms, ["public-services"]);
  });

  it("a forged wizard button naming a unit that does not exist creates no invite", async () => {
    await admin.send("/invite");
    await admin.press("invw|role|district");
    const invites = (await accessFor(h.app.deps).listInvites()).length;
    const forged = await pressPlanted(h, admin, "invw|unit|atlantis");
    assert.equal(answerOf(forged.replies), t(h, "en", "button-expired"));
    assert.equal(securityEvents().at(-1)?.reason, "forged");
    assert.equal((await accessFor(h.app.deps).listInvites()).length, invites);
  });

  it("no invite code ever reaches the log", () => {
    assert.ok(codes.length >= 6, `${codes.length} codes`);
    const log = JSON.stringify(h.logLines);
    assert.ok(h.logLines.some((l) => l.event === "invite-redeemed"), "the log has the redemptions");
    for (const code of codes) assert.ok(!log.includes(code), "a code is in the log");
  });
});
