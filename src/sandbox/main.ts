// npm run sandbox: the local Bot API (Telegram's send limits on), the real bot, its calendar and outbox, and Redis,
// with a chat in the terminal. Nothing in it is fake but Telegram's servers.
import { createInterface } from "node:readline/promises";
import { existsSync, mkdirSync, createWriteStream, writeFileSync, readFileSync } from "node:fs";
import { join, basename } from "node:path";
import { parseArgs } from "node:util";
import { HARNESS_BOT, startHarness, type Harness } from "../devtools/harness.ts";
import { startRedisServer, type RedisServer } from "../devtools/redisServer.ts";
import type { BotEvent, GroupHandle, InlineResult, UserHandle } from "../localapi/index.ts";
import { localTextToUtc, localDateParts } from "../domain/zonedTime.ts";
import { PERSONAS, personaByChat, type Persona } from "./personas.ts";
import { seedDemo } from "../seed/demo.ts";
import { formatEvent, formatInlineResult, formatMessage, findButton, messagesWithButtons } from "./show.ts";
import { startSandboxCalendar } from "./calendar.ts";
import { removeSandboxLocation, sandboxDir, writeSandboxLocation } from "../admin/sandboxTarget.ts";
import type { Undelivered } from "../scheduler/settle.ts";
import { webappLinks } from "../devtools/webappLinks.ts";

const DEFAULT_CLOCK = "2016-11-03T10:00";
const GROUP = { id: -1001700000, title: "Akimat leadership", tag: "group" };
/** The sandbox shows the leadership's morning brief too (production: off unless configured). */
const CALENDAR = { morningBrief: { time: "09:00" } };

const USAGE = `Usage: npm run sandbox -- [--as NAME] [--clock ${DEFAULT_CLOCK}] [--fresh] [--help]
  --as NAME      start as this persona: ${PERSONAS.map((p) => p.name).join(", ")} (default ${PERSONAS[0]!.name})
  --clock TIME   the bot's clock at start, region time (default ${DEFAULT_CLOCK}); it runs on from there
  --fresh        delete the sandbox's data (its key prefix) and start again from the demo data
  --help         this text
Reads lines from the terminal or from a pipe:  printf '/start\\n:clock 2016-12-05T10:00\\n:quit\\n' | npm run -s sandbox -- --fresh`;

const COMMANDS = `Type a message and press Enter; commands start with / as in Telegram.
  [3]  [2015]  [Submit]   press a button of the newest message with buttons (an edited one counts as newest):
                          a label equal to what is typed first, then button number 3, then a label containing it
  :as NAME                play another persona (${PERSONAS.map((p) => p.name).join(", ")}) and see their chat;
                          messages to the others are shown as they arrive, tagged "→ NAME:"
  :clock 2016-12-05T10:00 move the bot's clock (region time); returns once every reminder, digest, brief and
                          notice due by then is sent, missed ones included (as a bot back from a stop sends them)
  :inline 91              an inline query (@bot 91 in any chat) as the persona played: lists the results
  :post 2                 post result 2 of the last :inline into the group "${GROUP.title}"
  :photo  :sticker  :contact  :location  :doc FILE    send other kinds of message
  :where                  the Redis, key prefix and shell commands of this sandbox
  :help                   this text
  :quit                   stop (Ctrl-D too)`;

interface Flags {
  as?: string;
  clock?: string;
  fresh?: boolean;
  help?: boolean;
}

function readFlags(): Flags {
  try {
    return parseArgs({ options: { as: { type: "string" }, clock: { type: "string" }, fresh: { type: "boolean" }, help: { type: "boolean", short: "h" } } }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

/** "2016-11-03T10:00" or "2016-11-03" (00:00), region time; undefined when it is not such a time. */
function parseClock(text: string, timeZone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const instant = localTextToUtc(text.trim().replace(" ", "T"), timeZone);
  const back = localDateParts(instant, timeZone);
  const [, y, mo, d, h = "0", mi = "0"] = match.map((part) => part ?? "0");
  const same = back.year === Number(y) && back.month === Number(mo) && back.day === Number(d) && back.hour === Number(h) && back.minute === Number(mi);
  return same ? instant : undefined;
}

async function main(): Promise<void> {
  const flags = readFlags();
  if (flags.help) {
    console.log(`${USAGE}\n\n${COMMANDS}`);
    return;
  }
  let persona = PERSONAS.find((p) => p.name === (flags.as ?? PERSONAS[0]!.name));
  if (!persona) {
    console.error(`No persona "${flags.as}". Personas: ${PERSONAS.map((p) => p.name).join(", ")}`);
    process.exit(2);
  }
  const clockText = flags.clock ?? DEFAULT_CLOCK;
  if (existsSync(".env")) process.loadEnvFile(".env");
  const dataDir = sandboxDir();
  mkdirSync(join(dataDir, "files"), { recursive: true });
  let redisServer: RedisServer | undefined;
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    redisServer = await startRedisServer({ dataDir: join(dataDir, "redis") });
    redisUrl = redisServer.socket;
  }
  const prefix = process.env.REDIS_PREFIX ?? "sandbox:";
  const harness = await startHarness({
    redisUrl,
    prefix,
    api: { rateLimits: true },
    logTo: createWriteStream(join(dataDir, "sandbox.log"), { flags: "a" }),
    logLevel: "info",
    env: { ADMIN_IDS: String(PERSONAS.find((p) => p.role === "admin")!.id) },
  });
  const timeZone = harness.app.deps.timeZone;
  const start = parseClock(clockText, timeZone);
  if (!start) {
    console.error(`--clock: expected a region time like ${DEFAULT_CLOCK}, got "${clockText}"`);
    await harness.close();
    await redisServer?.stop();
    process.exit(2);
  }
  if (flags.fresh) await deletePrefix(harness, prefix);
  harness.clock.set(start);
  const seeded = await seedDemo(harness.app.store, harness.app.deps.region, harness.app.deps.forms, timeZone);
  for (const p of PERSONAS) await ensurePersona(harness, p);

  const handles = new Map<string, UserHandle>();
  const handleOf = (p: Persona) => {
    let handle = handles.get(p.name);
    if (!handle) {
      handle = harness.api.user({ id: p.id, first_name: p.firstName, language_code: p.lang });
      handles.set(p.name, handle);
    }
    return handle;
  };
  for (const p of PERSONAS) handleOf(p);
  const group: GroupHandle = harness.api.group({ id: GROUP.id, title: GROUP.title });
  let handle = handleOf(persona);
  /** The newest event each persona has seen of their chat (what `:as` shows is what came after). */
  const seen = new Map<string, number>();
  let lastInline: { persona: string; results: unknown[] } | undefined;

  // Everything the bot does in any chat is printed as it happens: the played chat plainly, the others tagged.
  const output = new Output();
  harness.api.events.on("event", (event: BotEvent) => {
    const owner = event.chatId === GROUP.id ? undefined : personaByChat(event.chatId);
    const tag = event.chatId === handle.chatId ? undefined : event.chatId === GROUP.id ? GROUP.tag : owner?.name;
    if (event.chatId !== handle.chatId && tag === undefined) return;
    const saved = event.bytes && event.fileName ? saveFile(dataDir, event) : undefined;
    const shown = formatEvent(event, saved, tag);
    if (shown) output.print(shown);
  });

  const location = { redisUrl, prefix, pid: process.pid };
  writeSandboxLocation(location);
  const where = () => describeWhere(redisServer ? { socket: redisServer.socket, dir: join(dataDir, "redis") } : undefined, prefix, dataDir);
  console.log(`Akimat bot sandbox. Clock: ${clockText} (region time), running on from there.`);
  console.log(where());
  console.log(`Demo data January–October 2016: ${seeded.written} report versions written, ${seeded.unchanged} already there.`);
  console.log(`Personas (:as NAME):\n${PERSONAS.map((p) => `  ${p.name.padEnd(9)} ${p.title}`).join("\n")}`);
  console.log(webappLinks(harness, PERSONAS));
  console.log(`Type :help for the commands. You are ${persona.title}.`);

  const calendar = await startSandboxCalendar(harness.app, CALENDAR);
  // What fell due before the start (the bot "was stopped" until now) is sent first, as a restarted bot sends it.
  reportUndelivered(await calendar.check());

  const input = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  const prompt = () => `${persona!.name}> `;
  output.attach(input, process.stdin.isTTY === true);
  input.setPrompt(prompt());
  input.prompt();
  for await (const line of input) {
    const text = line.trim();
    output.busy = true;
    if (!process.stdin.isTTY && text) console.log(text);
    try {
      if (text === ":quit" || text === ":q") break;
      else if (text === ":help") console.log(`${USAGE}\n\n${COMMANDS}`);
      else if (text === ":where") console.log(where());
      else if (text === ":as" || text.startsWith(":as ")) {
        const name = text.slice(3).trim();
        const next = PERSONAS.find((p) => p.name === name);
        if (!next) console.log(`No persona "${name}". Personas: ${PERSONAS.map((p) => p.name).join(", ")}`);
        else {
          seen.set(persona.name, harness.api.mark());
          persona = next;
          handle = handleOf(persona);
          console.log(`You are ${persona.title}.`);
          showChat(harness, handle, seen.get(persona.name) ?? 0);
        }
      } else if (text === ":clock" || text.startsWith(":clock ")) {
        const to = parseClock(text.slice(6), timeZone);
        if (!to) console.log(`Expected a region time like ${DEFAULT_CLOCK} (or a date, for 00:00).`);
        else {
          harness.clock.set(to);
          console.log(`Clock set to ${text.slice(6).trim()} (region time).`);
          reportUndelivered(await calendar.check());
        }
      } else if (text === ":inline" || text.startsWith(":inline ")) {
        const result: InlineResult = await handle.inlineQuery(text.slice(7).trim());
        lastInline = { persona: persona.name, results: result.results };
        if (result.results.length === 0) console.log("(no results: inline mode answers the leadership only)");
        else console.log(`Inline results:\n${result.results.map(formatInlineResult).join("\n")}\n:post N sends one into the group "${GROUP.title}".`);
      } else if (text === ":post" || text.startsWith(":post ")) {
        const n = Number(text.slice(5).trim());
        const chosen = lastInline?.persona === persona.name ? lastInline.results[n - 1] : undefined;
        if (!chosen) console.log(lastInline?.persona === persona.name ? `Choose one of 1…${lastInline.results.length}.` : "First ask with :inline QUERY.");
        else {
          const sent = await handle.in(group).sendViaBot(chosen);
          console.log(`\n${persona.name} → ${GROUP.tag} "${GROUP.title}" (via @${HARNESS_BOT.username}):\n${sent.message.text ?? ""}`);
        }
      } else if (text === ":photo") await handle.sendPhoto();
      else if (text === ":sticker") await handle.sendSticker();
      else if (text === ":contact") await handle.sendContact();
      else if (text === ":location") await handle.sendLocation(45.01, 78.37);
      else if (text.startsWith(":doc ")) {
        const path = text.slice(5).trim();
        await handle.sendDocument(basename(path), readFileSync(path));
      } else if (text.startsWith(":")) console.log(`No command "${text.split(/\s/)[0]}". Type :help for the commands.`);
      else if (/^\[.+\]$/.test(text)) await press(harness, handle, text.slice(1, -1));
      else if (text) await handle.send(text);
      // Whatever the line set going (reminders of "remind the missing", say) is shown before the next line is read.
      reportUndelivered(await calendar.drained());
    } catch (error) {
      console.log(`(${(error as Error).message})`);
    }
    output.busy = false;
    input.setPrompt(prompt());
    input.prompt();
  }
  output.busy = true;
  reportUndelivered(await calendar.drained());
  input.close();
  await calendar.stop();
  await harness.close();
  await redisServer?.stop();
  removeSandboxLocation();
  process.exit(0);
}

async function press(harness: Harness, handle: UserHandle, wanted: string): Promise<void> {
  const messages = messagesWithButtons(harness.api.eventsSince(0, handle.chatId), handle.botMessages());
  const choice = findButton(messages, wanted);
  if (choice.kind === "none") console.log(choice.reason);
  else if (choice.kind === "link") console.log(`"${choice.label}" opens ${choice.url}`);
  else if (choice.kind === "inline") console.log(`"${choice.label}" starts an inline query: type :inline ${choice.query}`);
  else await handle.press(choice.data, choice.messageId);
}

/** After `:as NAME`: what came to that chat meanwhile, as it stands now, buttons numbered; else its newest message. */
function showChat(harness: Harness, handle: UserHandle, since: number): void {
  const current = handle.botMessages();
  const ids = [...new Set(harness.api.eventsSince(since, handle.chatId).map((e) => e.messageId).filter((id): id is number => id !== undefined))];
  const fresh = current.filter((m) => ids.includes(m.message_id));
  const shown = fresh.length > 0 ? fresh : current.slice(-1);
  if (shown.length === 0) console.log("(no messages in this chat yet: /start begins)");
  else if (fresh.length === 0) console.log("(nothing new; the newest message:)");
  for (const message of shown) console.log(formatMessage(message));
}

function reportUndelivered(undelivered: readonly Undelivered[]): void {
  for (const item of undelivered) console.log(`(a message could not be delivered: ${item.reason})`);
}

function describeWhere(own: { socket: string; dir: string } | undefined, prefix: string, dataDir: string): string {
  const redis = own ? `its own redis-server on the unix socket ${own.socket} (data in ${own.dir})` : "REDIS_URL from the environment";
  const exact = own ? `\n  or:  REDIS_URL=${own.socket} REDIS_PREFIX=${prefix} npm run admin -- user list` : "";
  return [
    `Redis: ${redis}, key prefix "${prefix}". Bot log: ${join(dataDir, "sandbox.log")}; files the bot sends: ${join(dataDir, "files")}.`,
    `From another terminal, while this runs:`,
    `  npm run admin -- --sandbox user list          (any admin command: user add, invite create, export …)`,
    `  npm run seed:demo -- --sandbox                (the demo data again)${exact}`,
  ].join("\n");
}

async function ensurePersona(harness: Harness, persona: Persona): Promise<void> {
  await harness.app.store.invites.setName(persona.id, persona.firstName);
  const existing = await harness.app.deps.people.get(persona.id);
  if (existing) return;
  await harness.app.deps.people.put({ id: persona.id, role: persona.role, unit: persona.unit, lang: persona.lang });
}

/** --fresh: every key under the sandbox's prefix goes (only those: the Redis may be shared). */
async function deletePrefix(harness: Harness, prefix: string): Promise<void> {
  const redis = harness.app.redis;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
}

function saveFile(dataDir: string, event: BotEvent): string {
  const path = join(dataDir, "files", `${Date.now()}-${event.fileName}`);
  writeFileSync(path, event.bytes!);
  return path;
}

/** Prints what arrives; at an idle terminal prompt, the prompt is drawn again under it. */
class Output {
  busy = true;
  private input: { prompt(preserveCursor?: boolean): void } | undefined;
  private tty = false;

  attach(input: { prompt(preserveCursor?: boolean): void }, tty: boolean): void {
    this.input = input;
    this.tty = tty;
  }

  print(text: string): void {
    if (!this.busy && this.tty) process.stdout.write("\r\x1b[K");
    process.stdout.write(`${text}\n`);
    if (!this.busy && this.tty) this.input?.prompt(true);
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  removeSandboxLocation();
  process.exit(1);
});
