// Where a running sandbox keeps its data, so that `npm run admin -- --sandbox …` and `npm run seed:demo -- --sandbox`
// work on the same Redis and key prefix: the sandbox writes data/sandbox.json (SANDBOX_DIR) at start, removes it at the end.
// It lives with the admin commands (the product never imports a dev tool); the sandbox imports it from here.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

export interface SandboxLocation {
  /** REDIS_URL: the sandbox's own unix socket, or the REDIS_URL it was started with. */
  redisUrl: string;
  prefix: string;
  pid: number;
}

/** The sandbox's folder: SANDBOX_DIR, or data/ of the current folder (tests give each run its own). */
export const sandboxDir = (): string => resolve(process.env.SANDBOX_DIR ?? "data");
const sandboxFile = () => join(sandboxDir(), "sandbox.json");

export function writeSandboxLocation(location: SandboxLocation, file = sandboxFile()): void {
  writeFileSync(file, `${JSON.stringify(location, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function removeSandboxLocation(file = sandboxFile()): void {
  rmSync(file, { force: true });
}

export class NoSandboxError extends Error {}

/** The running sandbox's location; throws NoSandboxError (a message for the person at the shell) when none runs. */
export function readSandboxLocation(path = sandboxFile()): SandboxLocation {
  const missing = `No sandbox is running in this folder (${relative(process.cwd(), path)} not found). Start one with "npm run sandbox" in another terminal.`;
  if (!existsSync(path)) throw new NoSandboxError(missing);
  const location = JSON.parse(readFileSync(path, "utf8")) as SandboxLocation;
  if (!isRunning(location.pid)) throw new NoSandboxError(missing.replace("not found", "names a sandbox that has stopped"));
  return location;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * For the shell commands: without `--sandbox` in argv, nothing changes; with it, REDIS_URL and REDIS_PREFIX point at
 * the running sandbox and the flag is taken out. Returns the remaining arguments.
 */
export function applySandboxFlag(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  if (!argv.includes("--sandbox")) return [...argv];
  const location = readSandboxLocation();
  env.REDIS_URL = location.redisUrl;
  env.REDIS_PREFIX = location.prefix;
  for (const name of ["REDIS_CLUSTER_NODES", "REDIS_SENTINELS"]) delete env[name];
  return argv.filter((arg) => arg !== "--sandbox");
}
