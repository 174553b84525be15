// The parent's side of a bot child process (see botChild.ts): start it, ask it for samples, stop it.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildMessage, ChildSample, ParentMessage } from "./botChild.ts";

export type { ChildSample };

export interface BotProcessOptions {
  kind: "app" | "echo" | "peer";
  token: string;
  apiRoot: string;
  botInfo: object;
  redisUrl?: string;
  prefix?: string;
  configDir?: string;
  /** ISO instant the bot's clock starts at (it runs on in real time). */
  clock?: string;
  /** The period the peer bot offers. */
  period?: string;
  /** Write a V8 CPU profile of the bot process into this folder (node --cpu-prof). */
  profileDir?: string;
}

export interface BotProcess {
  readonly pid: number;
  /** CPU, memory, errors; `collect`: after a minor garbage collection (see botChild.ts). */
  sample(options?: { collect?: boolean }): Promise<ChildSample>;
  /** Stops the runner and the process; the last sample. */
  stop(): Promise<ChildSample>;
}

const CHILD = fileURLToPath(new URL("./botChild.ts", import.meta.url));

export async function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  // --expose-gc: a sample may collect young garbage first (formLength.ts); nothing else calls gc.
  const execArgv = ["--import", "tsx", "--expose-gc"];
  // Node names the files CPU.<date>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the bot, the others are tsx's loader.
  if (options.profileDir) execArgv.push("--cpu-prof", `--cpu-prof-dir=${options.profileDir}`);
  // Node flags for the bot processes of one experiment (e.g. BENCH_NODE_FLAGS="--heap-prof"), split at spaces.
  if (process.env.BENCH_NODE_FLAGS) execArgv.push(...process.env.BENCH_NODE_FLAGS.split(" ").filter(Boolean));
  const child: ChildProcess = fork(CHILD, [], {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: {
      ...process.env,
      BENCH_BOT_KIND: options.kind,
      BENCH_TOKEN: options.token,
      BENCH_API_ROOT: options.apiRoot,
      BENCH_BOT_INFO: JSON.stringify(options.botInfo),
      BENCH_REDIS_URL: options.redisUrl ?? "",
      BENCH_PREFIX: options.prefix ?? "",
      BENCH_CONFIG_DIR: options.configDir ?? "",
      BENCH_CLOCK: options.clock ?? "",
      BENCH_PERIOD: options.period ?? "",
    },
  });
  const pending = new Map<number, { resolve: (sample: ChildSample) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited: Error | undefined;
  child.on("exit", (code, signal) => {
    exited = new Error(`the bot process exited (${code ?? signal})`);
    for (const { reject } of pending.values()) reject(exited);
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.on("message", (message: ChildMessage) => {
      if (message.type === "ready") resolve();
      else if (message.type === "failed") reject(new Error(`the bot process failed to start: ${message.message}`));
      else {
        pending.get(message.id)?.resolve(message.sample);
        pending.delete(message.id);
      }
    });
    child.once("exit", (code) => reject(new Error(`the bot process exited with ${code} before it was ready`)));
  });
  const ask = (type: ParentMessage["type"], collect?: boolean): Promise<ChildSample> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<ChildSample>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.send({ type, id, ...(collect ? { collect } : {}) } satisfies ParentMessage);
    });
  };
  return {
    pid: child.pid!,
    sample: (options) => ask("sample", options?.collect),
    stop: async () => {
      const last = await ask("stop");
      if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
      return last;
    },
  };
}
