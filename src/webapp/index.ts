// The leadership's Mini App, served by the bot's own HTTP server: GET /app/ (the page) and /app/api/* (JSON).
// Every API call is authenticated by Telegram's init data and mapped to the person's role, unit and forms as the bot
// maps them (the same user record, read on every call, so a revocation takes effect at once).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { z } from "zod";
import type { App } from "../app.ts";
import { canSeeRegionForm, type Viewer } from "../bot/access.ts";
import { viewerOf } from "../bot/identity.ts";
import { negotiateLocale } from "../bot/i18n.ts";
import type { FormDefinition } from "../domain/forms.ts";
import { formsForUnit } from "../domain/forms.ts";
import { isLocale, LANGUAGE_NAMES, LOCALES, type Locale } from "../domain/locale.ts";
import { duePeriod } from "../domain/periods.ts";
import { formLabel, unitLabel } from "../reports/format.ts";
import { isShowable, parseReportPeriod } from "../reports/periods.ts";
import { monthlyForms } from "../reports/totalsText.ts";
import type { Reader, ReportEnv } from "../reports/types.ts";
import { remindMissing, remindResultText } from "../bot/calendar/remind.ts";
import { authenticate } from "./initData.ts";
import { loadStaticFiles, SECURITY_HEADERS, type StaticFiles } from "./static.ts";
import { periodChoices, summaryJson, unitJson } from "./views.ts";
import { BodyError, readJsonBody } from "../httpBody.ts";

export const WEBAPP_PATH = "/app/";
const MAX_BODY_BYTES = 4096;

export interface WebappOptions {
  /** The bot's token: init data is signed with it. Never sent to the client. */
  token: string;
  /** How long init data is accepted after its auth_date (seconds; default one day). */
  maxAgeSeconds?: number;
}

/** Answers a request under /app (true), or leaves it to the caller (false). */
export type WebappHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

type Refusal = "missing" | "forged" | "expired" | "malformed" | "revoked" | "not-allowed" | "district" | "form" | "unit" | "period" | "bad-request" | "remind-month";

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: Refusal,
  ) {
    super(code);
  }
}

const MESSAGE_OF: Record<Refusal, string> = {
  missing: "webapp-error-open-in-telegram",
  forged: "webapp-error-open-in-telegram",
  malformed: "webapp-error-open-in-telegram",
  expired: "webapp-error-expired",
  revoked: "webapp-error-revoked",
  "not-allowed": "webapp-error-not-allowed",
  district: "webapp-error-district",
  form: "webapp-error-form",
  unit: "webapp-error-unit",
  period: "webapp-error-period",
  "bad-request": "webapp-error-bad-request",
  "remind-month": "webapp-error-remind-month",
};

interface Caller {
  userId: number;
  viewer: Viewer;
  locale: Locale;
  reader: Reader;
  startParam?: string;
}

const idParam = z.string().regex(/^[\w.-]{1,64}$/);
const remindBody = z.object({ form: idParam, period: idParam });

export function createWebapp(app: App, options: WebappOptions): WebappHandler {
  const files: StaticFiles = loadStaticFiles();
  const maxAge = options.maxAgeSeconds ?? 86_400;
  const { deps } = app;
  const env: ReportEnv = { store: deps.store, region: deps.region, forms: deps.forms, timeZone: deps.timeZone };
  const readerFor = (locale: Locale): Reader => ({ locale, t: (key, variables) => app.translate(locale, key, variables) });
  const dueMonthOf = (form: FormDefinition) => duePeriod(form, deps.clock.now(), deps.timeZone);

  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    const path = url.pathname;
    if (path !== "/app" && !path.startsWith(WEBAPP_PATH)) return false;
    if (path === "/app") {
      res.writeHead(308, { location: WEBAPP_PATH, "cache-control": "no-store" }).end();
      return true;
    }
    if (!path.startsWith(`${WEBAPP_PATH}api/`)) {
      if (req.method !== "GET" && req.method !== "HEAD") return json(req, res, 405, { error: "method-not-allowed" }), true;
      if (!files.serve(req, res, path)) json(req, res, 404, { error: "not-found" });
      return true;
    }
    const fallbackLocale = negotiateLocale(undefined, url.searchParams.get("lang") ?? String(req.headers["accept-language"] ?? ""));
    try {
      const caller = await identify(req, url);
      const body = await route(req, url, path.slice(`${WEBAPP_PATH}api/`.length), caller);
      json(req, res, 200, body);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        deps.logger.error({ err: error, path }, "webapp request failed");
        return json(req, res, 500, { error: "server", message: readerFor(fallbackLocale).t("webapp-error-server") }), true;
      }
      if (error.status === 401 || error.status === 403) {
        deps.logger.warn({ event: "security", reason: error.code, path, status: error.status }, "webapp request refused");
      }
      const locale = (error as ApiError & { locale?: Locale }).locale ?? fallbackLocale;
      json(req, res, error.status, { error: error.code, message: readerFor(locale).t(MESSAGE_OF[error.code]) });
    }
    return true;
  };

  /** 401 without valid init data; the person's viewer otherwise (unknown for revoked and unknown people). */
  async function identify(req: IncomingMessage, url: URL): Promise<Caller> {
    const auth = authenticate(req.headers.authorization, options.token, maxAge);
    if (!auth.ok) throw new ApiError(401, auth.reason);
    const record = await deps.people.get(auth.userId);
    const viewer = viewerOf(record, auth.userId, deps.adminIds);
    const asked = url.searchParams.get("lang");
    const locale = isLocale(asked) ? asked : negotiateLocale(viewer.role === "unknown" ? undefined : record?.lang, auth.languageCode);
    if (viewer.role === "unknown") throw withLocale(new ApiError(403, record?.revoked ? "revoked" : "not-allowed"), locale);
    return { userId: auth.userId, viewer, locale, reader: readerFor(locale), ...(auth.startParam ? { startParam: auth.startParam } : {}) };
  }

  async function route(req: IncomingMessage, url: URL, endpoint: string, caller: Caller): Promise<unknown> {
    const method = req.method ?? "GET";
    if (endpoint === "remind") {
      if (method !== "POST") throw new ApiError(405, "bad-request");
      return remind(caller, await readJson(req));
    }
    if (method !== "GET") throw new ApiError(405, "bad-request");
    const param = (name: string) => {
      const parsed = idParam.safeParse(url.searchParams.get(name));
      if (!parsed.success) throw withLocale(new ApiError(400, "bad-request"), caller.locale);
      return parsed.data;
    };
    if (endpoint === "me") return me(caller);
    if (endpoint === "summary") return summary(caller, param("form"), param("period"));
    if (endpoint === "unit") return unit(caller, param("unit"));
    throw withLocale(new ApiError(404, "bad-request"), caller.locale);
  }

  function regionForms(viewer: Viewer): FormDefinition[] {
    return monthlyForms(deps.forms).filter((form) => canSeeRegionForm(viewer, form.id));
  }

  /** The form and period of a region view, or the refusal: 403 for a district or a form outside the grant. */
  function regionRequest(caller: Caller, formId: string, periodId: string) {
    const refuse = (status: number, code: Refusal) => withLocale(new ApiError(status, code), caller.locale);
    if (caller.viewer.role === "district") throw refuse(403, "district");
    const form = regionForms(caller.viewer).find((f) => f.id === formId);
    if (!form) throw refuse(deps.forms.some((f) => f.id === formId) ? 403 : 404, "form");
    const range = parseReportPeriod(periodId);
    if (!range) throw refuse(400, "bad-request");
    const dueMonth = dueMonthOf(form);
    if (!isShowable(range, dueMonth)) throw refuse(400, "period");
    return { form, range, dueMonth };
  }

  function me(caller: Caller) {
    const { viewer, reader } = caller;
    const forms = viewer.role === "district" ? [] : regionForms(viewer);
    const strings = Object.fromEntries(UI_KEYS.map((key) => [key, reader.t(key)]));
    return {
      role: viewer.role,
      locale: caller.locale,
      languages: LOCALES.map((id) => ({ id, name: LANGUAGE_NAMES[id] })),
      unit: viewer.role === "district" ? { id: viewer.unit, name: unitLabel(deps.region, viewer.unit, caller.locale) } : null,
      forms: forms.map((form) => {
        const dueMonth = dueMonthOf(form);
        return { id: form.id, name: formLabel(form, caller.locale, true), dueMonth, ...periodChoices(dueMonth, reader) };
      }),
      start: startOf(caller.startParam),
      strings,
    };
  }

  async function summary(caller: Caller, formId: string, periodId: string) {
    const { form, range, dueMonth } = regionRequest(caller, formId, periodId);
    return summaryJson(env, caller.reader, form, range, dueMonth);
  }

  /** A unit's page: a district akim their own unit only; region users the units of the forms they may see. */
  async function unit(caller: Caller, unitId: string) {
    const { viewer } = caller;
    const refuse = () => withLocale(new ApiError(403, "unit"), caller.locale);
    if (!deps.region.units.some((u) => u.id === unitId)) throw withLocale(new ApiError(404, "unit"), caller.locale);
    if (viewer.role === "district" && viewer.unit !== unitId) throw refuse();
    const forms = viewer.role === "district" ? formsForUnit(monthlyForms(deps.forms), unitId) : formsForUnit(regionForms(viewer), unitId);
    if (forms.length === 0) throw refuse();
    return unitJson(env, caller.reader, unitId, forms, dueMonthOf);
  }

  /** "Remind the missing", with the chat's rules: a month, a form the person may see, each unit at most once an hour. */
  async function remind(caller: Caller, body: unknown) {
    const parsed = remindBody.safeParse(body);
    if (!parsed.success) throw withLocale(new ApiError(400, "bad-request"), caller.locale);
    const { form, range } = regionRequest(caller, parsed.data.form, parsed.data.period);
    if (range.kind !== "month") throw withLocale(new ApiError(400, "remind-month"), caller.locale);
    const result = await remindMissing(deps, { form: form.id, period: parsed.data.period, askedBy: caller.userId });
    return { reminded: result.reminded.length, text: remindResultText(caller.reader.t, deps, caller.locale, result) };
  }

  /** `startapp=<form>__<period>` of a direct link opens that summary. */
  function startOf(param: string | undefined): { form: string; period: string } | null {
    const [form, period] = param?.split("__") ?? [];
    return form && period ? { form, period } : null;
  }
}

function withLocale(error: ApiError, locale: Locale): ApiError {
  return Object.assign(error, { locale });
}

/** Words the page shows by itself (the rest comes composed with each answer). */
const UI_KEYS = [
  "webapp-title",
  "webapp-loading",
  "webapp-form",
  "webapp-period",
  "webapp-period-month",
  "webapp-period-quarter",
  "webapp-period-ytd",
  "webapp-period-other",
  "webapp-language",
  "webapp-region-total",
  "webapp-table-title",
  "webapp-table-unit",
  "webapp-table-sort",
  "webapp-mark-late",
  "webapp-mark-corrected",
  "webapp-trend",
  "webapp-trend-show",
  "webapp-remind",
  "webapp-remind-yes",
  "webapp-remind-no",
  "webapp-unit-history",
  "webapp-unit-month",
  "webapp-unit-no-report",
  "webapp-versions",
  "webapp-version-late",
  "webapp-notes",
  "webapp-no-notes",
  "webapp-back",
  "webapp-retry",
  "webapp-error-network",
  "webapp-error-district",
  "reports-table-key",
] as const;

function json(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body));
  const gzip = text.length > 1024 && String(req.headers["accept-encoding"] ?? "").includes("gzip");
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store, private",
    vary: "authorization, accept-encoding",
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
  res.end(gzip ? gzipSync(text) : text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  try {
    return await readJsonBody(req, MAX_BODY_BYTES);
  } catch (error) {
    throw error instanceof BodyError ? new ApiError(error.status, "bad-request") : error;
  }
}

/** A server with the Mini App alone (polling mode, or a port of its own in webhook mode). */
export function createWebappServer(handler: WebappHandler): Server {
  return createServer((req, res) => {
    handler(req, res)
      .then((served) => {
        if (!served) res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
}
