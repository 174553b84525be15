// The Redis commands a bot sends while a test acts (MONITOR on the test's server), on the keys of one prefix.
import { Redis } from "ioredis";

export interface Call {
  command: string;
  /** the key without the prefix */
  key: string;
  args: string[];
}

/** The commands sent to Redis at `url` while `action` ran, on keys starting with `prefix`. */
export async function commandsDuring(url: string, prefix: string, action: () => Promise<unknown>): Promise<Call[]> {
  const base = new Redis(url);
  const monitor = await base.monitor();
  const calls: Call[] = [];
  monitor.on("monitor", (_time: string, args: string[]) => {
    const [command, key, ...rest] = args;
    if (command && key?.startsWith(prefix)) calls.push({ command: command.toLowerCase(), key: key.slice(prefix.length), args: rest });
  });
  // MONITOR shows commands from the next one on: a probe marks where the action's commands start and end.
  const probe = `${prefix}probe`;
  const client = new Redis(url);
  const mark = async () => {
    const seen = new Promise<void>((resolve) => monitor.on("monitor", (_t: string, args: string[]) => args[1] === probe && resolve()));
    await client.get(probe);
    await seen;
  };
  try {
    await mark();
    await action();
    await mark();
  } finally {
    monitor.disconnect();
    client.disconnect();
    base.disconnect();
  }
  return calls.filter((call) => !call.key.endsWith("probe"));
}
