// The production entry point (`node --import tsx src/main.ts`) in a child process, as the office's IT person runs it:
// started with only the settings a test gives (and PATH), its output kept, stopped with the signal the test wants.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { startRedisServer } from "../../src/devtools/redisServer.ts";
import { LocalBotApi, type BotEvent, type UserHandle } from "../../src/localapi/index.ts";
import { createRedis } from "../../src/store/redis.ts";
import { createStore, type Store } from "../../src/store/index.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

export interface MainProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
}

/** Starts `src/main.ts` (or another entry point under src/) with `env` and PATH only. */
export function spawnMain(env: Record<string, string>, entry = "src/main.ts"): MainProcess {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Resolves once the output matches `pattern`; rejects (with the output) when the process exits first. */
export function outputMatches(main: MainProcess, pattern: RegExp): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the bot exited with ${String(code)} before ${String(pattern)}:\n${main.output()}`));
    const check = () => {
      if (!pattern.test(main.output())) return;
      main.child.stdout!.off("data", check);
      main.child.stderr!.off("data", check);
      main.child.off("exit", onExit);
      resolve();
    };
    main.child.stdout!.on("data", check);
    main.child.stderr!.on("data", check);
    main.child.once("exit", onExit);
    check();
  });
}

/** Starts the bot in long-polling mode against `api` and resolves once it polls; rejects if it exits first. */
export async function startPollingMain(api: LocalBotApi, env: Record<string, string>): Promise<MainProcess> {
  const polling = once(api, "pollWaiting");
  const main = spawnMain(env);
  const exited = once(main.child, "exit").then(([code]) => {
    throw new Error(`the bot exited with ${String(code)} before polling:\n${main.output()}`);
  });
  exited.catch(() => undefined);
  await Promise.race([polling, exited]);
  return main;
}

/** The exit code, once the process has exited. */
export async function exitOf(main: MainProcess): Promise<number | null> {
  if (main.child.exitCode !== null) return main.child.exitCode;
  const [code] = (await once(main.child, "exit")) as [number | null];
  return code;
}

/** Sends `signal` and waits for the exit (nothing to do when it has already exited). */
export async function stopMain(main: MainProcess, signal: NodeJS.Signals): Promise<void> {
  if (main.child.exitCode !== null || main.child.signalCode !== null) return;
  const exited = once(main.child, "exit");
  main.child.kill(signal);
  await exited;
}

/** A message or an edit whose text matches. */
export const isText = (pattern: RegExp) => (e: BotEvent) => (e.kind === "message" || e.kind === "edit") && pattern.test(e.text ?? "");

/** Presses the inline button of the newest bot message that has one whose label matches. */
export function pressMatching(user: UserHandle, label: RegExp): Promise<unknown> {
  for (const message of user.botMessages().reverse()) {
    const button = message.reply_markup?.inline_keyboard.flat().find((b) => label.test(b.text));
    if (button) return user.press(button.text, message.message_id);
  }
  throw new Error(`no button ${String(label)} in the bot's messages`);
}

/** A throwaway redis-server, the store on it, the local Bot API with one bot, and the bot's processes as started. */
export interface PollingRig {
  store: Store;
  api: LocalBotApi;
  /** Starts `src/main.ts` in long-polling mode and resolves once it polls. */
  start(): Promise<MainProcess>;
  /** Kills every process started, then closes the Bot API and Redis. */
  close(): Promise<void>;
}

export interface PollingRigOptions {
  /** The bot's numeric id; its token and username are made from it and `name`. */
  botId: number;
  name: string;
  /** CLOCK_START of every start (region time). */
  clockStart: string;
  /** Akims put in the store before the first start. */
  akims: { id: number; unit: string }[];
  handoverTimeoutMs?: number;
  /** More variables for every start (e.g. POLLING_INBOX_AFTER). */
  env?: Record<string, string>;
}

export async function startPollingRig(options: PollingRigOptions): Promise<PollingRig> {
  const redisServer = await startRedisServer();
  const redis = createRedis(redisServer.socket);
  const prefix = `${options.name.slice(0, 2)}${randomBytes(3).toString("hex")}:`;
  const store = createStore(redis, { prefix, regionId: "almaty-region" });
  for (const akim of options.akims) await store.users.putUser({ id: akim.id, role: "district", unit: akim.unit, lang: "en" });
  // A restart of the bot (tsx compiling the sources) takes seconds on a loaded machine: user actions may wait for it.
  const api = await LocalBotApi.start(options.handoverTimeoutMs ? { handoverTimeoutMs: options.handoverTimeoutMs } : {});
  const token = `${options.botId}:LOCAL-${options.name}-test-token-not-real`;
  api.addBot({ token, id: options.botId, username: `akimat_${options.name}_bot`, first_name: "Akimat" });
  const started: MainProcess[] = [];
  return {
    store,
    api,
    async start() {
      const main = await startPollingMain(api, {
        BOT_TOKEN: token,
        BOT_API_ROOT: api.apiRoot,
        REDIS_URL: redisServer.socket,
        REDIS_PREFIX: prefix,
        ADMIN_IDS: "4242",
        CLOCK_START: options.clockStart,
        LOG_LEVEL: "warn",
        ...options.env,
      });
      started.push(main);
      return main;
    },
    async close() {
      for (const main of started) await stopMain(main, "SIGKILL");
      await api.close();
      redis.disconnect();
      await redisServer.stop();
    },
  };
}
