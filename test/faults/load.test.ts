// Issue 8, "load held": many simulated akims submitting and correcting at once while the deadline hour is compressed
// into a short window, all through the real bot (webhook mode, local Bot API over HTTP, real Redis). Most akims have a
// unit of their own: they submit, and most then correct (/report on the submitted period → Correct → change a figure
// → Submit). Some units have two akims (colleagues, or one akim's two devices) who press Submit on the same
// correction at the same moment: one gets the receipt, the other is told (a version conflict, or an outdated button
// once the draft is gone), and nothing is lost. Then: every receipt is a stored version, no version lacks a receipt,
// no receipt twice, one audit entry per version, and the kept totals equal the sum of the latest versions.
//
// Quick mode (CI): 150 akims over 15 s. FAULTS_FULL=1: 1,000 akims over a minute.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { Akim, hasButton, ReplyRouter, RunLog, runAll } from "../../src/devtools/akims.ts";
import { changeAnswer, fillForm, openCorrection, plainAnswers, receiptId, receiptVersion, submit } from "../../src/devtools/akimForms.ts";
import { writeConfigDir, type ConfigDir } from "../../src/devtools/configDir.ts";
import { seededRandom } from "../../src/devtools/random.ts";
import { cardAction, formChoice, periodChoice } from "../../src/bot/features/report/actions.ts";
import { zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import type { FormDefinition } from "../../src/domain/forms.ts";
import type { BotEvent, Pressed } from "../../src/localapi/index.ts";

const FULL = process.env.FAULTS_FULL === "1";
const AKIMS = FULL ? 1000 : 150;
/** The deadline hour, compressed: every akim starts at a random moment within it. */
const WINDOW_MS = FULL ? 60_000 : 15_000;
/** Units with two akims pressing Submit at once (two akims each). */
const PAIRS = Math.round(AKIMS / 20);
const SOLOS = AKIMS - 2 * PAIRS;
/** Share of the solo akims who correct their report after submitting it. */
const CORRECTING = 0.6;
const FORM_ID = "load-form";
const PERIOD = "2016-10";
const FIRST_USER = 300_000;

let config: ConfigDir;
let harness: Harness;
let form: FormDefinition;
let router: ReplyRouter;

before(async () => {
  config = writeConfigDir({ units: SOLOS + PAIRS, projectForms: false, syntheticForms: { [FORM_ID]: 3 } });
  form = config.domain.forms.find((f) => f.id === FORM_ID)!;
  harness = await startHarness({ env: { CONFIG_DIR: config.dir, CHAT_LOCK: "on" }, api: { handoverTimeoutMs: 120_000, maxRecordedCalls: 0 } });
  harness.clock.set(zonedTimeToUtc({ year: 2016, month: 11, day: 3, hour: 17 }, "Asia/Almaty"));
  router = new ReplyRouter(harness.api);
});

after(async () => {
  router?.close();
  await harness?.close();
  config?.remove();
});

const userOf = (index: number) =>
  harness.api.user({ id: FIRST_USER + index, first_name: `Akim ${index + 1}`, language_code: "en" });

/** The values a report should end with, per unit, when one akim alone decided them. */
const intended = new Map<string, Record<string, number>>();

async function soloAkim(akim: Akim, unit: string, corrects: boolean, random: () => number): Promise<void> {
  await fillForm(akim, form, unit, PERIOD);
  const values = Object.fromEntries(form.figures.map((figure, i) => [figure.id, Number(plainAnswers(form)[i])]));
  if (corrects) {
    const index = Math.floor(random() * form.figures.length);
    const value = 100 + Math.floor(random() * 900);
    await openCorrection(akim, form, PERIOD);
    await changeAnswer(akim, index, String(value));
    await submit(akim, form, unit, PERIOD, 2);
    values[form.figures[index]!.id] = value;
  }
  intended.set(unit, values);
}

type Outcome = "receipt" | "conflict" | "gone" | "outdated";

/**
 * What pressing Submit got this akim: the receipt; the news of a colleague's version (their submission came between
 * reading the draft and submitting it) or of the draft being gone (it came before); or an outdated button.
 */
function outcomeOf(pressed: Pressed): Outcome {
  const texts = pressed.replies.filter((e: BotEvent) => e.kind === "message").map((e) => e.text ?? "");
  const t = (key: string, variables?: Record<string, number>) => harness.app.translate("en", key, variables);
  if (texts.some((text) => text.includes("Report accepted"))) return "receipt";
  if (texts.some((text) => text.startsWith(t("report-conflict", { version: 2 })))) return "conflict";
  if (texts.includes(t("report-draft-gone"))) return "gone";
  if (texts.length === 0 && pressed.answer?.text === t("button-expired")) return "outdated";
  throw new Error(`chat ${pressed.update.callback_query?.from.id}: unexpected answer to Submit: ${JSON.stringify(texts)}`);
}

/** A submits, opens a correction and changes a figure; B opens the same draft; both press Submit at once. */
async function pairOfAkims(a: Akim, b: Akim, unit: string, outcomes: Outcome[][]): Promise<void> {
  await fillForm(a, form, unit, PERIOD);
  await openCorrection(a, form, PERIOD);
  await changeAnswer(a, 0, "4321");
  await b.step("start", () => b.user.send("/report"), (e) => hasButton(e, formChoice.pack(form.id)));
  await b.step("form", () => b.user.press(formChoice.pack(form.id)), (e) => hasButton(e, periodChoice.pack(form.id, PERIOD)));
  await b.step("period:draft", () => b.user.press(periodChoice.pack(form.id, PERIOD)), (e) => hasButton(e, cardAction.pack("submit")), 4);
  const pressed = await Promise.all([a.user.press(cardAction.pack("submit")), b.user.press(cardAction.pack("submit"))]);
  outcomes.push(pressed.map(outcomeOf));
}

/** Every report version the bot acknowledged in any chat (the akim's unit and the receipt's version), with how many times. */
function receiptsSent(unitOfChat: (chatId: number) => string | undefined): Map<string, number> {
  const sent = new Map<string, number>();
  for (const event of harness.api.events.all()) {
    if (event.kind !== "message" || !(event.text ?? "").includes("Report accepted")) continue;
    const version = receiptVersion(event.text);
    const unit = unitOfChat(event.chatId);
    assert.ok(version !== undefined && unit !== undefined, `a receipt without a version, or in an unknown chat: ${event.text}`);
    const id = receiptId(FORM_ID, unit, PERIOD, version);
    sent.set(id, (sent.get(id) ?? 0) + 1);
  }
  return sent;
}

test(`${AKIMS} akims submit and correct at once: every receipt is a stored version and totals are exact`, { timeout: FULL ? 900_000 : 120_000 }, async (t) => {
  const units = config.unitIds;
  const unitOfAkim = (i: number) => (i < SOLOS ? units[i]! : units[SOLOS + Math.floor((i - SOLOS) / 2)]!);
  await Promise.all(Array.from({ length: AKIMS }, (_, i) => harness.app.deps.people.put({ id: FIRST_USER + i, role: "district", unit: unitOfAkim(i), lang: "en" })));
  const random = seededRandom(AKIMS);
  const log = new RunLog();
  const akims = Array.from({ length: AKIMS }, (_, i) => new Akim(userOf(i), router, log));
  const scripts: { start: number; run: () => Promise<void> }[] = [];
  // Each solo akim's first version and correction, and each pair's first version and the winner's correction.
  let expectedReceipts = 2 * PAIRS;
  for (let i = 0; i < SOLOS; i++) {
    const corrects = random() < CORRECTING;
    expectedReceipts += corrects ? 2 : 1;
    const own = seededRandom(i + 1);
    scripts.push({ start: random() * WINDOW_MS, run: () => soloAkim(akims[i]!, units[i]!, corrects, own) });
  }
  const outcomes: Outcome[][] = [];
  for (let p = 0; p < PAIRS; p++) {
    const [a, b] = [akims[SOLOS + 2 * p]!, akims[SOLOS + 2 * p + 1]!];
    scripts.push({ start: random() * WINDOW_MS, run: () => pairOfAkims(a, b, units[SOLOS + p]!, outcomes) });
  }

  const started = Date.now();
  await runAll(scripts, log, async ({ start, run }) => {
    await new Promise((resolve) => setTimeout(resolve, start)); // arrival time within the compressed hour
    await run();
  });
  const seconds = (Date.now() - started) / 1000;
  assert.deepEqual(log.errors, [], "every akim got the answer expected at each step");

  // Two akims on one correction: exactly one receipt; the other was told.
  for (const [i, pair] of outcomes.entries()) {
    assert.equal(pair.filter((o) => o === "receipt").length, 1, `pair ${i}: one receipt (${pair.join(", ")})`);
  }
  assert.equal(outcomes.length, PAIRS);

  // Receipts against stored versions.
  const store = harness.app.store;
  const sent = receiptsSent((chatId) => (chatId >= FIRST_USER && chatId < FIRST_USER + AKIMS ? unitOfAkim(chatId - FIRST_USER) : undefined));
  assert.deepEqual([...sent.values()].filter((n) => n > 1), [], "no receipt sent twice");
  const stored = new Set<string>();
  let latest = 0;
  for (const unit of units) {
    const versions = await store.reports.getReportVersions(FORM_ID, unit, PERIOD);
    assert.ok(versions.length > 0, `${unit}: reported`);
    versions.forEach((report, i) => {
      assert.equal(report.version, i + 1, `${unit}: versions 1..n without a gap`);
      stored.add(report.reportId);
    });
    const values = intended.get(unit);
    if (values) assert.deepEqual(versions.at(-1)!.values, values, `${unit}: the latest version holds what its akim sent last`);
    latest += 1;
  }
  for (const id of sent.keys()) assert.ok(stored.has(id), `receipt ${id} is a stored version`);
  for (const id of stored) assert.ok(sent.has(id), `stored version ${id} was acknowledged with a receipt`);
  assert.equal(sent.size, expectedReceipts, "one receipt per submission the akims made");

  // The audit stream: one entry per version, naming exactly the stored versions.
  const audited: string[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.audit.readAudit(FORM_ID, { ...(after ? { after } : {}), count: 1000 });
    audited.push(...page.map((entry) => entry.reportId));
    if (page.length < 1000) break;
    after = page.at(-1)!.id;
  }
  assert.equal(audited.length, stored.size, "one audit entry per version");
  assert.deepEqual(new Set(audited), stored);

  // Totals kept by the submit script equal the sum of the latest versions.
  const [kept] = await store.totals.readTotals(form, [PERIOD]);
  const [naive] = await store.totals.recomputeTotalsNaively(form, [PERIOD], units);
  assert.deepEqual(kept, naive, "totals equal the sum of the latest versions");
  assert.equal(kept!.reportedCount, latest);

  const errors = harness.logLines.filter((line) => Number(line.level) >= 50);
  assert.deepEqual(errors, [], "no error logged");
  const count = (outcome: Outcome) => outcomes.flat().filter((o) => o === outcome).length;
  const latencies = log.latencies().sort((x, y) => x - y);
  const at = (p: number) => `${(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! / 1000).toFixed(2)} s`;
  t.diagnostic(
    `${AKIMS} akims (${SOLOS} alone, ${PAIRS} pairs) in ${seconds.toFixed(1)} s (arrivals over ${WINDOW_MS / 1000} s): ` +
      `${log.updates} updates answered as expected (reply latency p50 ${at(0.5)}, p95 ${at(0.95)}, p99 ${at(0.99)}), ${sent.size} receipts = ${stored.size} versions = ${audited.length} audit entries; ` +
      `the second of a pair: ${count("conflict")} told of a version conflict, ${count("gone")} that a colleague submitted, ` +
      `${count("outdated")} shown an outdated button`,
  );
});
