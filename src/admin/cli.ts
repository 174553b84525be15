// The admin shell for the office's IT staff: the same access operations as the bot's /invite and /users.
//   npm run admin -- user add <telegram-id> --role district --unit karatal [--lang ru]
//   npm run admin -- user remove <telegram-id> [--purge]      (revokes; --purge deletes the record)
//   npm run admin -- user list
//   npm run admin -- invite create --role region [--forms employment-roadmap] [--bot <username>]
//   npm run admin -- invite list | invite revoke <invite-id>
//   npm run admin -- export --out reports.json | import reports.json [--dry-run] [--skip-conflicts]
//   npm run admin -- import-xlsx figures.xlsx [--form public-services] [--lang ru] [--dry-run]
// Reads the environment (and .env) like the bot. An invite's code is printed once, at creation, and never again.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Api } from "grammy";
import { parseConfig, ConfigurationError } from "../config.ts";
import { loadDomainConfig } from "../configFiles.ts";
import { createRedis, redisTargetOf } from "../store/redis.ts";
import { createStore } from "../store/index.ts";
import { systemClock } from "../clock.ts";
import { isLocale } from "../domain/locale.ts";
import { createAccess, AccessError, grantOf, inviteLink, type Access, type Grant, type ListedUser } from "../access/index.ts";
import type { Region } from "../domain/region.ts";
import { numericFigures, type FormDefinition } from "../domain/forms.ts";
import { createTransfer, type ReportTransfer } from "../store/transfer.ts";
import { exportCommand, importCommand } from "./transfer.ts";
import { importSheetCommand } from "./sheetImport.ts";
import type { Store } from "../store/index.ts";
import { applySandboxFlag, NoSandboxError } from "./sandboxTarget.ts";

export const USAGE = `Usage: npm run admin -- [--sandbox] <command>
  --sandbox                               on the running "npm run sandbox" (its Redis and key prefix), not REDIS_URL
  user add <telegram-id> --role district --unit <unit-id> [--lang kk|ru|en]
  user add <telegram-id> --role region [--forms <form-id>,<form-id>] [--lang kk|ru|en]
  user add <telegram-id> --role admin [--lang kk|ru|en]
  user remove <telegram-id> [--purge]     revoke access at once (drafts and reports stay); --purge deletes the record
  user list
  invite create --role <role> [--unit <unit-id>] [--forms <form-id>,...] [--lang kk|ru|en] [--bot <bot-username>]
  invite list
  invite revoke <invite-id>               the id printed by "invite create" or "invite list" (8 characters or more)
  export --out <file.json>                every report (all versions) to a JSON file
  import <file.json> [--dry-run] [--skip-conflicts]
                                          writes the file's reports (never over a different history); --dry-run
                                          only says what it would write
  import-xlsx <file.xlsx> [--form <form-id>] [--lang kk|ru|en] [--dry-run]
                                          many units' figures from one sheet (columns: form, unit, period, then
                                          one per figure id or label), each row as a submission; --dry-run only
                                          says what would change`;

export interface AdminContext {
  access: Access;
  region: Region;
  forms: readonly FormDefinition[];
  timeZone: string;
  /** The bot's username for deep links, when it can be found (asked only when an invite is created). */
  botUsername(): Promise<string | undefined>;
  /** Reports to and from JSON files (export, import). */
  transfer?: ReportTransfer;
  /** The report store, for import-xlsx. */
  store?: Pick<Store, "reports" | "keys">;
}

export interface AdminOutput {
  out(line: string): void;
  err(line: string): void;
}

class UsageError extends Error {}

/** Runs one admin command; returns the exit code (0 done, 1 refused, 2 wrong usage). */
export async function runAdmin(argv: readonly string[], context: AdminContext, output: AdminOutput): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        role: { type: "string" },
        unit: { type: "string" },
        forms: { type: "string", multiple: true },
        lang: { type: "string" },
        bot: { type: "string" },
        purge: { type: "boolean" },
        out: { type: "string" },
        form: { type: "string" },
        "dry-run": { type: "boolean" },
        "skip-conflicts": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      output.out(USAGE);
      return 0;
    }
    const [subject, verb, target, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected: ${extra.join(" ")}`);
    const forms = values.forms?.flatMap((f) => f.split(",")).map((f) => f.trim()).filter(Boolean);
    const lang = values.lang;
    if (lang !== undefined && !isLocale(lang)) throw new UsageError(`--lang is one of kk, ru, en (got "${lang}")`);
    const grantInput = () => {
      if (!values.role) throw new UsageError("--role is required (district, region or admin)");
      return { role: values.role, unit: values.unit, forms };
    };
    const { access } = context;
    if (subject === "import-xlsx") {
      if (!context.store) throw new Error("import-xlsx needs the report store");
      if (!verb || target !== undefined) throw new UsageError("import-xlsx needs one file: import-xlsx <file.xlsx>");
      const options = { store: context.store, forms: context.forms, region: context.region, locale: lang ?? "ru", dryRun: values["dry-run"] === true, now: new Date() };
      return await importSheetCommand(verb, values.form ? { ...options, form: values.form } : options, output);
    }
    if (subject === "export" || subject === "import") {
      if (!context.transfer) throw new Error("export and import need the report store");
      if (subject === "export") {
        if (verb !== undefined) throw new UsageError(`unexpected: ${verb}`);
        if (!values.out) throw new UsageError("export needs --out <file.json>");
        return await exportCommand(context.transfer, values.out, new Date(), output);
      }
      if (!verb || target !== undefined) throw new UsageError("import needs one file: import <file.json>");
      const flags = { dryRun: values["dry-run"] === true, skipConflicts: values["skip-conflicts"] === true };
      return await importCommand(context.transfer, verb, context.region.id, flags, output);
    }

    switch (`${subject ?? ""} ${verb ?? ""}`) {
      case "user add": {
        const id = userIdOf(target);
        const user = await access.addUser(id, grantInput(), lang ? { lang } : {});
        output.out(`User ${id} added: ${describe(context, grantOf(user))}${user.lang ? `, language ${user.lang}` : ""}.`);
        return 0;
      }
      case "user remove": {
        const id = userIdOf(target);
        if (values.purge) {
          const existed = await access.removeUser(id);
          output.out(existed ? `User ${id} deleted.` : `User ${id} had no record.`);
          return existed ? 0 : 1;
        }
        const result = await access.revokeUser(id);
        if (result === "ok") {
          output.out(`User ${id} revoked: refused from their next message on; their unit's drafts and reports stay.`);
          return 0;
        }
        output.err(result === "missing" ? `No user ${id}.` : `User ${id} is an administrator by ADMIN_IDS: remove the id there.`);
        return 1;
      }
      case "user list": {
        noTarget(target);
        const people = await access.listUsers();
        if (people.length === 0) output.out("No users yet.");
        for (const person of people) output.out(userLine(context, person));
        return 0;
      }
      case "invite create": {
        noTarget(target);
        const invite = await access.createInvite(grantInput(), 0, lang ? { lang } : {});
        const bot = values.bot?.replace(/^@/, "") ?? (await context.botUsername());
        output.out(`Invite for ${describe(context, invite.grant)}, valid once until ${dateTime(invite.expires, context.timeZone)}.`);
        if (bot) output.out(`Link: ${inviteLink(bot, invite.code)}`);
        output.out(`Code: ${invite.code}   (the person sends the bot: /start ${invite.code})`);
        output.out(`This code is shown only now; it is stored as a hash. Invite id: ${invite.id.slice(0, 16)}`);
        return 0;
      }
      case "invite list": {
        noTarget(target);
        const invites = await access.listInvites();
        if (invites.length === 0) output.out("No open invites.");
        for (const invite of invites) {
          const grant = grantOf(invite);
          output.out(`${invite.id.slice(0, 16)}  ${describe(context, grant)}  until ${dateTime(new Date(invite.expires), context.timeZone)}  by ${invite.by || "shell"}`);
        }
        return 0;
      }
      case "invite revoke": {
        if (!target) throw new UsageError("invite revoke needs the invite id");
        const result = await access.revokeInvite(target);
        const said = {
          ok: "Invite revoked: its link no longer works.",
          unknown: "No open invite with that id.",
          used: "That invite was already used.",
          revoked: "That invite was already revoked.",
          ambiguous: "Several invites start with that id: give more of it.",
        }[result];
        if (result === "ok") output.out(said);
        else output.err(said);
        return result === "ok" ? 0 : 1;
      }
      default:
        throw new UsageError(subject ? `unknown command: ${[subject, verb].filter(Boolean).join(" ")}` : "no command given");
    }
  } catch (error) {
    if (error instanceof AccessError) {
      output.err(explain(context, error));
      return 1;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      output.err(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

function userIdOf(text: string | undefined): number {
  const id = Number(text);
  if (!text || !/^\d{1,16}$/.test(text) || !Number.isSafeInteger(id) || id <= 0) {
    throw new UsageError(`a Telegram user id is a positive number (got "${text ?? ""}")`);
  }
  return id;
}

function noTarget(target: string | undefined): void {
  if (target !== undefined) throw new UsageError(`unexpected: ${target}`);
}

function explain(context: AdminContext, error: AccessError): string {
  switch (error.problem) {
    case "unknown-unit":
      return `Unknown unit "${error.detail}". Units: ${context.region.units.map((u) => u.id).join(", ")}`;
    case "unknown-form":
      return `Unknown form "${error.detail}". Forms: ${context.forms.map((f) => f.id).join(", ")}`;
    case "unit-required":
      return "A district user needs --unit <unit-id>.";
    case "bad-role":
      return `Unknown role "${error.detail}": district, region or admin.`;
    case "unit-not-for-role":
      return "--unit is only for the district role.";
    case "forms-not-for-role":
      return "--forms is only for the region role.";
    case "bad-user-id":
      return `Not a Telegram user id: ${error.detail}`;
  }
}

function describe(context: AdminContext, grant: Grant | undefined): string {
  if (!grant) return "no valid role";
  if (grant.role === "district") return `district of ${context.region.units.find((u) => u.id === grant.unit)?.names.en ?? grant.unit} (${grant.unit})`;
  if (grant.role === "region") return grant.forms?.length ? `region, forms ${grant.forms.join(", ")}` : "region, all forms";
  return "admin";
}

function userLine(context: AdminContext, person: ListedUser): string {
  const marks = [person.revoked ? "REVOKED" : "", person.bootstrap ? "ADMIN_IDS" : ""].filter(Boolean);
  const seen = person.lastSeen === undefined ? "never seen" : `last seen ${dateTime(new Date(person.lastSeen), context.timeZone)}`;
  return [String(person.id).padEnd(12), describe(context, grantOf(person)), person.lang ?? "-", seen, person.name ?? "", ...marks]
    .filter((part) => part !== "")
    .join("  ");
}

function dateTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")} (${timeZone})`;
}

async function main(): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  let args: string[];
  let config;
  try {
    args = applySandboxFlag(process.argv.slice(2));
    config = parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError) && !(error instanceof NoSandboxError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const domain = loadDomainConfig(config.CONFIG_DIR);
  // One attempt, no reconnecting: a shell command fails at once with the reason (never the URL: it may hold a password).
  const redis = createRedis(redisTargetOf(config), { connectionName: "akimat-admin", maxRetriesPerRequest: 0, retryStrategy: () => null });
  let redisError: Error | undefined;
  redis.on("error", (error: Error) => (redisError = error));
  const store = createStore(redis, { prefix: config.REDIS_PREFIX, regionId: domain.region.id });
  const access = createAccess({
    store,
    region: domain.region,
    forms: domain.forms,
    clock: systemClock,
    inviteTtlDays: config.INVITE_TTL_DAYS,
    adminIds: config.ADMIN_IDS,
  });
  const token = config.BOT_TOKEN;
  const botUsername = async () => {
    if (!token) return undefined;
    // Errors are not printed: they could carry the request URL, which holds the token.
    const me = await new Api(token, { apiRoot: config.BOT_API_ROOT }).getMe().catch(() => undefined);
    if (!me) console.error("Could not ask Telegram for the bot's username: pass --bot <username> for a link.");
    return me?.username;
  };
  const transfer = createTransfer(redis, store.keys, store.reports, {
    regionId: domain.region.id,
    forms: domain.forms.map((form) => ({ id: form.id, figures: numericFigures(form) })),
    units: domain.region.units.map((unit) => unit.id),
  });
  const output = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
  const context = { access, region: domain.region, forms: domain.forms, timeZone: domain.region.timeZone, botUsername, transfer, store };
  try {
    process.exitCode = await runAdmin(args, context, output);
  } catch (error) {
    if (!redisError) throw error;
    console.error(`Cannot use Redis: ${redisError.message}`);
    process.exitCode = 1;
  } finally {
    redis.disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
