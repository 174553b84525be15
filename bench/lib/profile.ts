// What a V8 CPU profile (node --cpu-prof) of the bot spent its time on, by broad category: each sample goes to the
// category of its innermost frame that has one (native frames take their caller's), idle time left out.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

// A sample belongs to the innermost frame of a library or of the project; Node's own frames (sockets, streams,
// promises) and native code take their caller's, so a socket write made by ioredis counts as ioredis.
/** file:///…/main/ — the project's own files (node_modules left out by the tests below). */
const PROJECT = new URL("../../", import.meta.url).href;
const START_UP = "module loading (start-up)";
const HTTP = "HTTP client to the Bot API (undici, node-fetch, node:http)";
const CATEGORIES: [name: string, test: (url: string) => boolean][] = [
  [HTTP, (url) => /node_modules\/(node-fetch|undici|whatwg-url|tr46|webidl-conversions|abort-controller|event-target-shim)\/|node:_http_|node:internal\/http/.test(url)],
  ["Redis client (ioredis)", (url) => /node_modules\/(ioredis|@ioredis|redis-parser|denque|cluster-key-slot|standard-as-callback)\//.test(url)],
  ["i18n (@grammyjs/i18n, Fluent)", (url) => /node_modules\/(@grammyjs\/i18n|@fluent)\//.test(url)],
  ["grammY, runner, conversations", (url) => /node_modules\/(grammy|@grammyjs\/(runner|conversations|storage-redis|auto-retry))\//.test(url)],
  ["logging (pino)", (url) => /node_modules\/pino/.test(url)],
  ["zod", (url) => /node_modules\/zod\//.test(url)],
  ["project code: src/domain", (url) => url.startsWith(`${PROJECT}src/domain/`)],
  ["project code: src/bot", (url) => url.startsWith(`${PROJECT}src/bot/`)],
  ["project code: src/store", (url) => url.startsWith(`${PROJECT}src/store/`)],
  ["project code: other", (url) => url.startsWith(PROJECT) && !url.includes("node_modules/")],
  [START_UP, (url) => /node:internal\/modules|node_modules\/(tsx|yaml)\//.test(url)],
  ["other libraries", (url) => url.includes("node_modules/")],
];

const NODE_INTERNALS = "Node internals (sockets, timers, promises)";

export interface ProfileShare {
  category: string;
  percent: number;
}

export interface ProfileSummary {
  /** CPU time after start-up (module loading left out), ms. */
  busyMs: number;
  startUpMs: number;
  shares: ProfileShare[];
  /** The project's functions with the most self time (share of busyMs). */
  topProjectFunctions: ProfileShare[];
}

export function summarizeProfile(file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = categoryOf.get(id);
    if (known !== undefined) return known;
    const { url, functionName } = byId.get(id)!.callFrame;
    const up = parent.get(id);
    let category: string;
    if (functionName === "(garbage collector)") category = "garbage collection";
    else if (functionName === "(idle)") category = "idle";
    else category = CATEGORIES.find(([, test]) => test(url))?.[0] ?? (up === undefined ? NODE_INTERNALS : classify(up));
    if (category === "(root)") category = NODE_INTERNALS;
    categoryOf.set(id, category);
    return category;
  };
  const totals = new Map<string, number>();
  const projectFrames = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const category = classify(id);
    const micros = profile.timeDeltas[i] ?? 0;
    totals.set(category, (totals.get(category) ?? 0) + micros);
    const { url, functionName } = byId.get(id)!.callFrame;
    if (url.startsWith(PROJECT) && !url.includes("node_modules/")) {
      const frame = `${functionName || "(anonymous)"} (${url.slice(PROJECT.length)})`;
      projectFrames.set(frame, (projectFrames.get(frame) ?? 0) + micros);
    }
  });
  const startUp = totals.get(START_UP) ?? 0;
  totals.delete("idle");
  totals.delete(START_UP);
  const busy = [...totals.values()].reduce((a, b) => a + b, 0);
  const percent = (micros: number) => Math.round((1000 * micros) / busy) / 10;
  const shares = [...totals].sort((a, b) => b[1] - a[1]).map(([category, micros]) => ({ category, percent: percent(micros) }));
  const topProjectFunctions = [...projectFrames]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([category, micros]) => ({ category, percent: percent(micros) }));
  return { busyMs: Math.round(busy / 1000), startUpMs: Math.round(startUp / 1000), shares, topProjectFunctions };
}

/** The main-thread profiles in a folder (Node names them CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile; thread 0 is main). */
export function mainThreadProfiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}
