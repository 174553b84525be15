// One measured setup: a fresh local Bot API server, a bot process polling it with the runner, and the reply router.
import { LocalBotApi } from "../../src/localapi/index.ts";
import { HARNESS_BOT, HARNESS_TOKEN } from "../../src/devtools/harness.ts";
import { startBotProcess, type BotProcess } from "./botProcess.ts";
import { ReplyRouter } from "../../src/devtools/akims.ts";

/** The instant the bot's clock starts at: 3 November 2016, when October's reports are due (by 5 November). */
export const BENCH_CLOCK = "2016-11-03T10:00:00+06:00";
export const BENCH_NOW = new Date(BENCH_CLOCK);
export const BENCH_PERIOD = "2016-10";
export const BENCH_PREFIX = "bench:";

export const BOT_INFO = {
  ...HARNESS_BOT,
  is_bot: true,
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
};

export interface Rig {
  api: LocalBotApi;
  router: ReplyRouter;
  bot: BotProcess;
  close(): Promise<void>;
}

export interface RigOptions {
  kind: "app" | "echo" | "peer";
  redisUrl?: string;
  configDir?: string;
  profileDir?: string;
}

export async function startRig(options: RigOptions): Promise<Rig> {
  // No call list (it costs time per call); the event log lives as long as this server (one scenario).
  const api = await LocalBotApi.start({ maxRecordedCalls: 0, handoverTimeoutMs: 120_000 });
  api.addBot({ token: HARNESS_TOKEN, ...HARNESS_BOT });
  api.events.setMaxListeners(0);
  const router = new ReplyRouter(api);
  let bot: BotProcess;
  try {
    bot = await startBotProcess({
      kind: options.kind,
      token: HARNESS_TOKEN,
      apiRoot: api.apiRoot,
      botInfo: BOT_INFO,
      redisUrl: options.redisUrl,
      prefix: BENCH_PREFIX,
      configDir: options.configDir,
      clock: BENCH_CLOCK,
      period: BENCH_PERIOD,
      profileDir: options.profileDir,
    });
  } catch (error) {
    router.close();
    await api.close();
    throw error;
  }
  let closed = false;
  return {
    api,
    router,
    bot,
    close: async () => {
      if (closed) return;
      closed = true;
      router.close();
      await api.close();
    },
  };
}
