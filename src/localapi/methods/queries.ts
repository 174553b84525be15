// answerCallbackQuery and answerInlineQuery: answers are kept with the query for the user's side to read.
import type { MethodHandler } from "../method.ts";
import { badRequest, queryTooOld } from "../errors.ts";
import { field, isObject, withContext } from "../params.ts";
import { checkMarkup, markupFromJson } from "../markup.ts";

export const answerCallbackQuery: MethodHandler = ({ core, bot, p, method }) => {
  const id = p.str("callback_query_id");
  const text = p.str("text");
  const query = bot.callbackQueries.get(id);
  if (query === undefined || query.answer !== undefined || Date.now() - query.createdAt > core.options.callbackQueryTtlMs) {
    throw queryTooOld();
  }
  if ([...text].length > 200) throw badRequest("MESSAGE_TOO_LONG");
  const showAlert = p.bool("show_alert");
  const url = p.str("url");
  query.answer = {
    ...(text === "" ? {} : { text }),
    show_alert: showAlert,
    ...(url === "" ? {} : { url }),
    ...(p.has("cache_time") ? { cache_time: p.int("cache_time", 0) } : {}),
  };
  core.events.record({
    kind: "callback_answer",
    botId: bot.id,
    chatId: query.chatId,
    method,
    messageId: query.messageId,
    callbackQueryId: id,
    ...(text === "" ? {} : { text }),
    showAlert,
    ...(url === "" ? {} : { url }),
  });
  return true;
};

const RESULT_TYPES = new Set([
  "article", "audio", "contact", "document", "game", "gif", "location", "mpeg4_gif", "photo", "sticker", "venue",
  "video", "voice",
]);

export const answerInlineQuery: MethodHandler = ({ core, bot, p }) => {
  const raw = p.str("results");
  let results: unknown[] = [];
  if (raw !== "") {
    let decoded: unknown;
    try {
      decoded = JSON.parse(raw);
    } catch (error) {
      throw badRequest(`Can't parse JSON encoded inline query results: ${(error as Error).message}`);
    }
    if (decoded !== null) {
      if (!Array.isArray(decoded)) throw badRequest("Expected an Array of inline query results");
      results = decoded;
    }
  }
  if (results.length > 50) throw badRequest("Too many inline query results specified");
  const ids = new Set<string>();
  for (const result of results) {
    withContext("Can't parse inline query result: ", () => {
      if (!isObject(result)) throw badRequest("Can't parse inline query result: Inline query result must be an object");
      const type = field.requiredString(result, "type").toLowerCase();
      const id = field.requiredString(result, "id");
      if (!RESULT_TYPES.has(type)) {
        throw badRequest(`Can't parse inline query result: type "${type}" is unsupported for the inline query result`);
      }
      if (type === "article") {
        const content = field.optionalObject(result, "input_message_content");
        if (content === undefined) field.requiredString(result, "message_text");
        else if (field.optionalString(content, "message_text") === "" && content.latitude === undefined && content.phone_number === undefined && content.payload === undefined) {
          throw badRequest("Can't parse inline query result: Input message content is not specified");
        }
        field.requiredString(result, "title");
      }
      const markup = field.optionalObject(result, "reply_markup");
      if (markup !== undefined) checkMarkup(markupFromJson(markup));
      if (Buffer.byteLength(id, "utf8") === 0 || Buffer.byteLength(id, "utf8") > 64) throw badRequest("RESULT_ID_INVALID");
      if (ids.has(id)) throw badRequest("RESULT_ID_DUPLICATE");
      ids.add(id);
    });
  }
  const button = p.json("button", "Can't parse inline query results button JSON object");
  const query = bot.inlineQueries.get(p.str("inline_query_id"));
  if (query === undefined || query.answer !== undefined || Date.now() - query.createdAt > core.options.inlineQueryTtlMs) {
    throw queryTooOld();
  }
  query.answer = {
    results,
    ...(p.has("cache_time") ? { cache_time: p.int("cache_time", 300) } : {}),
    ...(p.has("is_personal") ? { is_personal: p.bool("is_personal") } : {}),
    ...(p.has("next_offset") ? { next_offset: p.str("next_offset") } : {}),
    ...(button === undefined ? {} : { button }),
  };
  return true;
};
