// Errors of BullMQ's queues and workers, logged once per kind and quiet period: while Redis is down each of them
// emits an error at every reconnect attempt (about 270 lines in a 30 s outage). The first error with a given message
// is logged; the same message again within `quietMs` is only counted, and the count goes with its next line.
import type { Logger } from "../logger.ts";

export interface ErrorLogOptions {
  /** How long the same message stays quiet after it was logged (ms, default one minute). */
  quietMs?: number;
  now?: () => number;
}

export function quietErrorLog(logger: Logger, event: string, message: string, options: ErrorLogOptions = {}): (err: Error) => void {
  const quietMs = options.quietMs ?? 60_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, { at: number; suppressed: number }>();
  return (err) => {
    const at = now();
    const last = seen.get(err.message);
    if (last && at - last.at < quietMs) {
      last.suppressed++;
      return;
    }
    logger.error({ err, event, ...(last?.suppressed ? { suppressed: last.suppressed } : {}) }, message);
    seen.set(err.message, { at, suppressed: 0 });
    // Messages carry addresses and counters at most: the map stays small, but never unbounded.
    if (seen.size > 100) seen.delete(seen.keys().next().value!);
  };
}
