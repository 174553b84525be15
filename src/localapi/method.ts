// What a Bot API method implementation receives and may return.
import type { Core } from "./core.ts";
import type { Params } from "./params.ts";
import type { BotState } from "./state.ts";

/** A method's result with the "description" Telegram adds to some answers (setWebhook's "Webhook was set"). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

export interface MethodContext {
  core: Core;
  bot: BotState;
  p: Params;
  /** The method's canonical name ("sendMessage"). */
  method: string;
  /** Aborted when the client goes away (long polls stop waiting). */
  signal: AbortSignal;
}

/** Returns the result (or a Described result); throws ApiError for a failed call. */
export type MethodHandler = (ctx: MethodContext) => unknown;
