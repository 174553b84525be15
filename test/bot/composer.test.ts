// FlatComposer (src/bot/composer.ts) against grammY's own Composer: the same handlers, built the same way, see the
// same updates in the same order; `next`, filters, nesting and failures behave as grammY's do.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Api, Composer, Context, type Middleware, type NextFunction } from "grammy";
import type { Update } from "grammy/types";
import { FlatComposer } from "../../src/bot/composer.ts";
import { BOT_INFO } from "../helpers/localapi.ts";

const me = BOT_INFO;
const api = new Api("1:unused");

const from = { id: 7, is_bot: false, first_name: "Akim" };
const privateChat = { id: 7, type: "private" as const, first_name: "Akim" };
const groupChat = { id: -100, type: "group" as const, title: "Office" };

function text(value: string, chat: typeof privateChat | typeof groupChat = privateChat): Update {
  const entities = value.startsWith("/") ? [{ type: "bot_command" as const, offset: 0, length: value.split(" ")[0]!.length }] : undefined;
  return { update_id: 1, message: { message_id: 1, date: 0, chat, from, text: value, ...(entities ? { entities } : {}) } };
}

function button(data: string): Update {
  return {
    update_id: 2,
    callback_query: { id: "q", from, chat_instance: "c", data, message: { message_id: 2, date: 0, chat: privateChat, from, text: "…" } },
  };
}

const UPDATES: Update[] = [
  text("/start"),
  text("/report"),
  text("/report", groupChat),
  text("12 345"),
  text("hello", groupChat),
  button("form:public-services"),
  button("period:2016-10"),
  button("other"),
  { update_id: 3, inline_query: { id: "i", from, query: "totals", offset: "" } },
];

type Make = (...middleware: Middleware<Context>[]) => Composer<Context>;

/** One bot's handlers, as the features build theirs; each handler writes what it saw to `trace`. */
function build(make: Make, trace: string[]): Composer<Context> {
  const root = make();
  const note =
    (name: string, pass = false) =>
    async (ctx: Context, next: NextFunction) => {
      const match = typeof ctx.match === "string" ? ctx.match : (ctx.match?.join("|") ?? "");
      trace.push(`${name}:${ctx.update.update_id}:${match}`);
      if (pass) await next();
    };
  root.use(note("first", true));
  root.use(async (ctx, next) => {
    trace.push("around:before");
    await next();
    trace.push("around:after");
  });
  const privateChats = root.chatType("private");
  privateChats.command("start", note("start"));
  // Handlers added to a filter's composer after it was made still count.
  const feature = make();
  privateChats.use(feature);
  feature.callbackQuery(/^form:(.+)$/, note("form"));
  feature.filter(async (ctx) => ctx.callbackQuery?.data?.startsWith("period:") === true, note("period-async"));
  feature.drop((ctx) => ctx.callbackQuery === undefined, note("other-button", true));
  root.command("report", note("report"));
  root.on("message:text", note("text", true)).hears(/^[\d ]+$/, note("number"));
  root.branch((ctx) => ctx.inlineQuery !== undefined, note("inline"), note("not-inline", true));
  root.lazy(() => [note("lazy-a", true), note("lazy-b", true)]);
  root.errorBoundary(() => trace.push("boundary"), note("in-boundary", true));
  root.use(note("last"));
  return root;
}

async function runAll(make: Make): Promise<string[]> {
  const trace: string[] = [];
  const middleware = build(make, trace).middleware();
  for (const [index, update] of UPDATES.entries()) {
    trace.push(`-- ${index + 1}`);
    await middleware(new Context({ ...update, update_id: index + 1 }, api, me), async () => void trace.push("end"));
  }
  return trace;
}

const grammy: Make = (...middleware) => new Composer<Context>(...middleware);
const flat: Make = (...middleware) => new FlatComposer<Context>(...middleware);

describe("FlatComposer", () => {
  it("runs the same handlers in the same order as grammY's Composer", async () => {
    const expected = await runAll(grammy);
    assert.ok(expected.includes("form:6:form:public-services|public-services"), "the trace covers a matched callback query");
    assert.ok(expected.includes("number:4:12 345"), "and nested filters");
    assert.ok(expected.includes("in-boundary:8:"), "and updates no early handler takes");
    assert.deepEqual(await runAll(flat), expected);
  });

  it("takes grammY composers and plain functions alike, and a grammY composer's later handlers too", async () => {
    const trace: string[] = [];
    const plain = new Composer<Context>();
    const root = new FlatComposer<Context>((_ctx, next) => (trace.push("fn"), next()), plain);
    plain.use(() => void trace.push("added later"));
    await root.middleware()(new Context(text("x"), api, me), async () => void trace.push("end"));
    assert.deepEqual(trace, ["fn", "added later"]);
  });

  it("refuses a second call of next, as grammY does", async () => {
    const twice = async (_ctx: Context, next: NextFunction) => {
      await next();
      await next();
    };
    const ctx = () => new Context(text("x"), api, me);
    const failure = (composer: Composer<Context>) =>
      Promise.resolve(composer.middleware()(ctx(), async () => {})).then(
        () => "no failure",
        (e: Error) => e.message,
      );
    const fromGrammy = await failure(new Composer<Context>(twice, () => {}));
    const fromFlat = await failure(new FlatComposer<Context>(twice, () => {}));
    assert.equal(fromFlat, fromGrammy);
    assert.match(String(fromFlat), /already called/);
  });

  it("fails as a rejection, never a throw, when a filter's test throws", async () => {
    const root = new FlatComposer<Context>();
    root.filter(() => {
      throw new Error("bad test");
    }, () => {});
    const run = root.middleware()(new Context(text("x"), api, me), async () => {});
    assert.ok(run instanceof Promise);
    await assert.rejects(run as Promise<unknown>, /bad test/);
  });

  it("passes a failure in a handler up to the caller as a rejection, thrown at once or later", async () => {
    for (const handler of [
      async () => {
        throw new Error("handler failed");
      },
      () => {
        throw new Error("handler failed");
      },
    ]) {
      const root = new FlatComposer<Context>(new FlatComposer<Context>(), (_ctx, next) => next());
      root.on("message", handler);
      const run = root.middleware()(new Context(text("x"), api, me), async () => {});
      assert.ok(run instanceof Promise);
      await assert.rejects(run as Promise<unknown>, /handler failed/);
    }
  });

  it("waits for a handler that answers later, and takes one that answers a plain value", async () => {
    const trace: string[] = [];
    const root = new FlatComposer<Context>(
      () => "a plain value" as unknown as void,
    );
    const later = new FlatComposer<Context>(async (_ctx, next) => {
      await new Promise((resolve) => setImmediate(resolve));
      trace.push("later");
      await next();
    });
    await root.middleware()(new Context(text("x"), api, me), async () => void trace.push("never"));
    await later.middleware()(new Context(text("x"), api, me), async () => void trace.push("end"));
    assert.deepEqual(trace, ["later", "end"]);
  });

  it("falls through to next when no handler takes the update", async () => {
    const root = new FlatComposer<Context>();
    root.on("callback_query", () => assert.fail("not a button"));
    root.command("report", () => assert.fail("not a command"));
    let reached = false;
    await root.middleware()(new Context(text("hello"), api, me), async () => void (reached = true));
    assert.equal(reached, true);
  });
});
