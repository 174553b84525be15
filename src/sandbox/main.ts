// npm run sandbox: the local Bot API, the real bot and Redis, and a chat in the terminal.
// Nothing in it is fake but Telegram's servers.
import { createInterface } from "node:readline/promises";
import { existsSync, mkdirSync, createWriteStream, writeFileSync, readFileSync } from "node:fs";
import { join, resolve, basename } from "node:path";
import { parseArgs } from "node:util";
import { startHarness, type Harness } from "../devtools/harness.ts";
import { startRedisServer, type RedisServer } from "../devtools/redisServer.ts";
import type { BotEvent, UserHandle } from "../localapi/index.ts";
import { localTextToUtc } from "../domain/zonedTime.ts";
import { PERSONAS, type Persona } from "./personas.ts";
import { seedDemo } from "../seed/demo.ts";
import { formatEvent, findButton } from "./show.ts";
import { webappLinks } from "../devtools/webappLinks.ts";

const HELP = `Type a message and press Enter. Commands start with / as in Telegram.
  [3] or [Submit]     press inline button 3 (or the one whose label contains "Submit") of the newest message with buttons
  :photo  :sticker  :contact  :location  :doc FILE    send a non-text message
  :as NAME            switch persona (${PERSONAS.map((p) => p.name).join(", ")})
  :clock 2016-11-03T10:00   move the bot's clock (region time)
  :help  :quit`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { as: { type: "string" }, clock: { type: "string" }, fresh: { type: "boolean" } },
  });
  if (existsSync(".env")) process.loadEnvFile(".env");
  const dataDir = resolve("data");
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
    logTo: createWriteStream(join(dataDir, "sandbox.log"), { flags: "a" }),
    logLevel: "info",
    env: { ADMIN_IDS: String(PERSONAS.find((p) => p.role === "admin")!.id) },
  });
  const clockText = values.clock ?? "2016-11-03T10:00";
  harness.clock.set(localTextToUtc(clockText, harness.app.deps.timeZone));
  const seeded = await seedDemo(harness.app.store, harness.app.deps.region, harness.app.deps.forms, harness.app.deps.timeZone);
  for (const persona of PERSONAS) await ensurePersona(harness, persona);

  const handles = new Map<string, UserHandle>();
  const handleOf = (persona: Persona) => {
    let handle = handles.get(persona.name);
    if (!handle) {
      handle = harness.api.user({ id: persona.id, first_name: persona.firstName, language_code: persona.lang });
      handles.set(persona.name, handle);
    }
    return handle;
  };
  let persona = PERSONAS.find((p) => p.name === values.as) ?? PERSONAS[0]!;
  let handle = handleOf(persona);

  harness.api.events.on("event", (event: BotEvent) => {
    if (event.chatId !== handle.chatId) return;
    const saved = event.bytes && event.fileName ? saveFile(dataDir, event) : undefined;
    const shown = formatEvent(event, saved);
    if (shown) process.stdout.write(`${shown}\n`);
  });

  console.log(`Akimat bot sandbox. Clock: ${clockText} (region time). Data in ${dataDir}.`);
  console.log(`Demo data January–October 2016: ${seeded.written} report versions written, ${seeded.unchanged} already there.`);
  console.log(webappLinks(harness, PERSONAS));
  console.log(`You are ${persona.title}. ${HELP}\n`);
  const input = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const prompt = () => `${persona.name}> `;
  input.setPrompt(prompt());
  input.prompt();
  for await (const line of input) {
    const text = line.trim();
    try {
      if (text === ":quit" || text === ":q") break;
      if (text === ":help") console.log(HELP);
      else if (text.startsWith(":as ")) {
        const next = PERSONAS.find((p) => p.name === text.slice(4).trim());
        if (!next) console.log(`No persona "${text.slice(4).trim()}". Personas: ${PERSONAS.map((p) => p.name).join(", ")}`);
        else {
          persona = next;
          handle = handleOf(persona);
          console.log(`You are ${persona.title}.`);
        }
      } else if (text.startsWith(":clock ")) {
        harness.clock.set(localTextToUtc(text.slice(7).trim(), harness.app.deps.timeZone));
        console.log(`Clock set to ${text.slice(7).trim()}.`);
      } else if (text === ":photo") await handle.sendPhoto();
      else if (text === ":sticker") await handle.sendSticker();
      else if (text === ":contact") await handle.sendContact();
      else if (text === ":location") await handle.sendLocation(45.01, 78.37);
      else if (text.startsWith(":doc ")) {
        const path = text.slice(5).trim();
        await handle.sendDocument(basename(path), readFileSync(path));
      } else if (/^\[.+\]$/.test(text)) {
        const button = findButton(handle, text.slice(1, -1));
        if (!button) console.log("No such button on the newest messages.");
        else await handle.press(button.data, button.messageId);
      } else if (text) await handle.send(text);
    } catch (error) {
      console.log(`(${(error as Error).message})`);
    }
    input.setPrompt(prompt());
    input.prompt();
  }
  input.close();
  await harness.close();
  await redisServer?.stop();
  process.exit(0);
}

async function ensurePersona(harness: Harness, persona: Persona): Promise<void> {
  const existing = await harness.app.deps.people.get(persona.id);
  if (existing) return;
  await harness.app.deps.people.put({ id: persona.id, role: persona.role, unit: persona.unit, lang: persona.lang });
}

function saveFile(dataDir: string, event: BotEvent): string {
  const path = join(dataDir, "files", `${Date.now()}-${event.fileName}`);
  writeFileSync(path, event.bytes!);
  return path;
}


main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
