// Bot methods through the real grammY client: Telegram's validation errors as GrammyErrors, edits,
// commands, files, callback and inline queries, groups, blocked users.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Bot, InlineKeyboard, InputFile, Keyboard } from "grammy";
import type { LocalBotApi } from "../../src/localapi/index.ts";
import { BOT_ID, grammyError, makeBot, rawCall, startApi, TOKEN } from "../helpers/localapi.ts";

describe("bot methods", () => {
  let api: LocalBotApi;
  let bot: Bot;
  before(async () => {
    api = await startApi();
    bot = makeBot(api);
  });
  after(() => api.close());

  test("unknown token: 401 Unauthorized; not a token: 404; unknown method: 404 Not Found", async () => {
    const unknown = await rawCall(api, "getMe", {}, "7000002:AAother");
    assert.deepEqual([unknown.status, unknown.json], [401, { ok: false, error_code: 401, description: "Unauthorized" }]);
    assert.equal((await rawCall(api, "getMe", {}, "not-a-token")).status, 404);
    const method = await rawCall(api, "sendTelepathy");
    assert.deepEqual([method.status, method.json], [404, { ok: false, error_code: 404, description: "Not Found" }]);
    const me = await rawCall(api, "GETME");
    assert.equal((me.json.result as { id: number }).id, BOT_ID, "method names are case-insensitive");
  });

  test("sendMessage limits give Telegram's errors, raised by grammY as GrammyError", async () => {
    const user = api.user({ id: 901, first_name: "Nurlan" });
    const cases: [() => Promise<unknown>, string][] = [
      [() => bot.api.sendMessage(user.chatId, ""), "Bad Request: message text is empty"],
      [() => bot.api.sendMessage(user.chatId, "x".repeat(4097)), "Bad Request: message is too long"],
      [() => bot.api.sendMessage(user.chatId, "  \n "), "Bad Request: text must be non-empty"],
      [() => bot.api.sendMessage(user.chatId, "<b>bold", { parse_mode: "HTML" }), 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'],
      [() => bot.api.sendMessage(user.chatId, "<marquee>x</marquee>", { parse_mode: "HTML" }), 'Bad Request: can\'t parse entities: Unsupported start tag "marquee" at byte offset 0'],
      [() => bot.api.sendMessage(user.chatId, "3.5", { parse_mode: "MarkdownV2" }), "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"],
      [() => bot.api.sendMessage(user.chatId, "x", { reply_markup: new InlineKeyboard().text("go", "d".repeat(65)) }), "Bad Request: BUTTON_DATA_INVALID"],
      [() => bot.api.sendMessage(user.chatId, "x", { reply_markup: new InlineKeyboard().text("", "data") }), "Bad Request: BUTTON_TEXT_INVALID"],
      [() => bot.api.sendMessage(user.chatId, "x", { reply_markup: { inline_keyboard: [[{ text: "t", callback_data: "" }]] } as never }), "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"],
      [() => bot.api.sendMessage(123456789, "hello"), "Bad Request: chat not found"],
      [() => bot.api.sendMessage(user.chatId, "x", { reply_parameters: { message_id: 999 } }), "Bad Request: message to be replied not found"],
    ];
    for (const [call, description] of cases) {
      const error = await grammyError(call());
      assert.equal(error.error_code, 400, description);
      assert.equal(error.description, description);
    }
    assert.deepEqual(user.botMessages(), [], "nothing was sent");
    const fits = await bot.api.sendMessage(user.chatId, "ok", { reply_markup: new InlineKeyboard().text("go", "d".repeat(64)) });
    assert.deepEqual(fits.reply_markup?.inline_keyboard, [[{ text: "go", callback_data: "d".repeat(64) }]]);
    const cyrillic = "ж".repeat(33); // 66 bytes in UTF-8
    assert.equal((await grammyError(bot.api.sendMessage(user.chatId, "x", { reply_markup: new InlineKeyboard().text("go", cyrillic) }))).description, "Bad Request: BUTTON_DATA_INVALID");
  });

  test("reply_markup errors are worded as Telegram words them", async () => {
    const user = api.user({ id: 913, first_name: "Erzhan" });
    const cases: [unknown, string][] = [
      ["{not json", "Bad Request: can't parse reply keyboard markup JSON object"],
      [{ force_reply: "yes" }, 'Bad Request: field "force_reply" must be of type Boolean'],
      [{ inline_keyboard: "bad" }, 'Bad Request: field "inline_keyboard" must be of type Array'],
      [{ inline_keyboard: [[{ callback_data: "x" }]] }, 'Bad Request: can\'t parse inline keyboard button: Can\'t find field "text"'],
      [{ inline_keyboard: [[{ text: "link", url: "ftp://example.com" }]] }, "Bad Request: inline keyboard button URL 'ftp://example.com' is invalid: Unsupported URL protocol"],
      [{ keyboard: [[{ text: "A" }]], one_time_keyboard: "yes" }, 'Bad Request: field "one_time_keyboard" must be of type Boolean'],
    ];
    for (const [markup, description] of cases) {
      const { status, json } = await rawCall(api, "sendMessage", { chat_id: user.chatId, text: "x", reply_markup: markup });
      assert.deepEqual([status, json.description], [400, description]);
    }
    const keyboard = { keyboard: [["Да", { text: "Нет" }]], resize_keyboard: true };
    const { json } = await rawCall(api, "sendMessage", { chat_id: user.chatId, text: "ok?", reply_markup: keyboard });
    assert.equal((json.result as { reply_markup?: unknown }).reply_markup, undefined, "reply keyboards are not part of the message");
    assert.deepEqual(user.replyKeyboard(), { keyboard: [[{ text: "Да" }, { text: "Нет" }]], resize_keyboard: true });
  });

  test("HTML is stored as plain text with entities; message ids increase per chat", async () => {
    const one = api.user({ id: 902, first_name: "Aliya" });
    const two = api.user({ id: 903, first_name: "Marat" });
    const sent = await bot.api.sendMessage(one.chatId, "<b>Итого:</b> 1&nbsp;2 &lt;3 <a href='https://gov.kz'>портал</a>", { parse_mode: "HTML" });
    assert.equal(sent.text, "Итого: 1&nbsp;2 <3 портал");
    assert.deepEqual(sent.entities, [
      { type: "bold", offset: 0, length: 6 },
      { type: "text_link", offset: 19, length: 6, url: "https://gov.kz/" },
    ]);
    assert.deepEqual([sent.from?.id, sent.chat.id, typeof sent.date], [BOT_ID, one.chatId, "number"]);
    const second = await bot.api.sendMessage(one.chatId, "again");
    const other = await bot.api.sendMessage(two.chatId, "first there");
    assert.deepEqual([sent.message_id, second.message_id, other.message_id], [1, 2, 1]);
    assert.equal(api.messages(one.chatId).length, 2);
  });

  test("editMessageText: not modified, keyboard removal, missing and foreign messages", async () => {
    const user = api.user({ id: 904, first_name: "Dias" });
    const sent = await bot.api.sendMessage(user.chatId, "Total: 5", { reply_markup: new InlineKeyboard().text("Refresh", "refresh") });
    const same = await grammyError(bot.api.editMessageText(user.chatId, sent.message_id, "Total: 5", { reply_markup: new InlineKeyboard().text("Refresh", "refresh") }));
    assert.equal(same.description, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
    const edited = await bot.api.editMessageText(user.chatId, sent.message_id, "Total: 5");
    assert.ok(edited !== true);
    assert.equal(edited.reply_markup, undefined, "an edit without reply_markup removes the keyboard");
    assert.equal(typeof edited.edit_date, "number");
    assert.equal((await grammyError(bot.api.editMessageText(user.chatId, 999, "x"))).description, "Bad Request: message to edit not found");
    assert.equal((await grammyError(bot.api.editMessageText(555000, 1, "x"))).description, "Bad Request: chat not found");
    const own = user.send("my text"); // nobody polls here: the test confirms the update itself
    await rawCall(api, "getUpdates", { offset: own.updateId + 1 });
    const ownId = (await own).message.message_id;
    assert.equal((await grammyError(bot.api.editMessageText(user.chatId, ownId, "x"))).description, "Bad Request: message can't be edited");
    assert.equal((await grammyError(bot.api.editMessageReplyMarkup(user.chatId, sent.message_id))).description.startsWith("Bad Request: message is not modified"), true);
    const events = api.eventsSince(0, user.chatId).map((e) => [e.kind, e.messageId, e.text]);
    assert.deepEqual(events, [["message", 1, "Total: 5"], ["edit", 1, "Total: 5"]]);
    assert.deepEqual(user.messages().map((m) => m.text), ["Total: 5", "my text"]);
  });

  test("deleteMessage removes it from the chat and is recorded", async () => {
    const user = api.user({ id: 905, first_name: "Zhanna" });
    const sent = await bot.api.sendMessage(user.chatId, "temporary");
    assert.equal(await bot.api.deleteMessage(user.chatId, sent.message_id), true);
    assert.equal((await grammyError(bot.api.deleteMessage(user.chatId, sent.message_id))).description, "Bad Request: message to delete not found");
    assert.deepEqual(user.messages(), []);
    assert.deepEqual(api.eventsSince(0, user.chatId).map((e) => e.kind), ["message", "delete"]);
  });

  test("setMyCommands per scope and language_code; getMyCommands returns exactly what was stored", async () => {
    const user = api.user({ id: 906, first_name: "Kairat" });
    const ru = [{ command: "report", description: "Сдать отчёт" }, { command: "help", description: "Помощь" }];
    const kk = [{ command: "report", description: "Есеп тапсыру" }];
    assert.equal(await bot.api.setMyCommands(ru, { language_code: "ru" }), true);
    await bot.api.setMyCommands(kk, { language_code: "kk" });
    await bot.api.setMyCommands([{ command: "admin", description: "Admin" }], { scope: { type: "chat", chat_id: user.chatId } });
    assert.deepEqual(await bot.api.getMyCommands({ language_code: "ru" }), ru);
    assert.deepEqual(await bot.api.getMyCommands({ language_code: "kk" }), kk);
    assert.deepEqual(await bot.api.getMyCommands(), []);
    assert.deepEqual(await bot.api.getMyCommands({ scope: { type: "chat", chat_id: user.chatId } }), [{ command: "admin", description: "Admin" }]);
    await bot.api.deleteMyCommands({ language_code: "kk" });
    assert.deepEqual(await bot.api.getMyCommands({ language_code: "kk" }), []);
    assert.equal((await grammyError(bot.api.setMyCommands([{ command: "Bad-Name", description: "x" }]))).description, "Bad Request: BOT_COMMAND_INVALID");
    assert.equal((await grammyError(bot.api.setMyCommands([], { scope: { type: "planet" } as never }))).description, "Bad Request: can't parse BotCommandScope: Unsupported type specified");
  });

  test("sendDocument and sendPhoto through grammY's multipart upload keep name and bytes; file_ids work again", async () => {
    const user = api.user({ id: 907, first_name: "Asel" });
    const bytes = Buffer.from("район;показатель\nАлмалинский;42\n", "utf8");
    const doc = await bot.api.sendDocument(user.chatId, new InputFile(bytes, "отчёт март.csv"), { caption: "<b>March</b>", parse_mode: "HTML" });
    assert.equal(doc.document?.file_name, "отчёт март.csv");
    assert.equal(doc.document?.mime_type, "text/csv");
    assert.equal(doc.document?.file_size, bytes.length);
    assert.deepEqual([doc.caption, doc.caption_entities], ["March", [{ type: "bold", offset: 0, length: 5 }]]);
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000400000002008060000000000", "hex");
    const photo = await bot.api.sendPhoto(user.chatId, new InputFile(png));
    assert.deepEqual([photo.photo?.[0]?.width, photo.photo?.[0]?.height], [64, 32]);
    const events = api.eventsSince(0, user.chatId);
    assert.deepEqual(events.map((e) => [e.kind, e.fileName]), [["document", "отчёт март.csv"], ["photo", "photo.jpg"]]);
    assert.ok(events[0]!.bytes?.equals(bytes));
    assert.ok(events[1]!.bytes?.equals(png));
    const again = await bot.api.sendDocument(user.chatId, doc.document!.file_id);
    assert.equal(again.document?.file_id, doc.document?.file_id);
    assert.equal((await grammyError(bot.api.sendDocument(user.chatId, "no-such-file"))).description, "Bad Request: wrong file identifier/HTTP URL specified");
    assert.equal((await grammyError(bot.api.sendPhoto(user.chatId, doc.document!.file_id))).description, "Bad Request: can't use file of type Document as Photo");
    assert.equal((await grammyError(bot.api.sendDocument(user.chatId, new InputFile(Buffer.alloc(0), "empty.txt")))).description, "Bad Request: file must be non-empty");
    const tooLong = await grammyError(bot.api.sendDocument(user.chatId, doc.document!.file_id, { caption: "c".repeat(1025) }));
    assert.equal(tooLong.description, "Bad Request: message caption is too long");
    const file = await bot.api.getFile(doc.document!.file_id);
    const download = await fetch(`${api.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
    assert.ok(Buffer.from(await download.arrayBuffer()).equals(bytes));
  });

  test("sendChatAction is recorded; an unknown action is refused", async () => {
    const user = api.user({ id: 908, first_name: "Yerbol" });
    assert.equal(await bot.api.sendChatAction(user.chatId, "upload_document"), true);
    assert.equal((await grammyError(bot.api.sendChatAction(user.chatId, "dancing" as never))).description, "Bad Request: wrong parameter action in request");
    assert.deepEqual(api.eventsSince(0, user.chatId).map((e) => [e.kind, e.action]), [["action", "upload_document"]]);
  });

  test("several bots: each has its own chats and message ids; events tell them apart", async () => {
    api.addBot({ token: "7000003:AAsecondBot", id: 7000003, username: "second_test_bot", first_name: "Second" });
    const second = new Bot("7000003:AAsecondBot", { client: { apiRoot: api.apiRoot } });
    const me = await second.api.getMe();
    assert.deepEqual([me.id, me.username, me.is_bot], [7000003, "second_test_bot", true]);
    const withFirst = api.user({ id: 910, first_name: "Ainur" });
    assert.equal((await grammyError(second.api.sendMessage(withFirst.chatId, "x"))).description, "Bad Request: chat not found");
    const withSecond = api.user({ id: 910, first_name: "Ainur" }, "7000003:AAsecondBot");
    await bot.api.sendMessage(withFirst.chatId, "from the first");
    const sent = await second.api.sendMessage(withSecond.chatId, "from the second");
    assert.equal(sent.message_id, 1);
    assert.deepEqual(withSecond.botMessages().map((m) => m.text), ["from the second"]);
    assert.deepEqual(withFirst.botMessages().map((m) => m.text), ["from the first"]);
    assert.deepEqual(api.eventsSince(0, 910).map((e) => e.botId), [BOT_ID, 7000003]);
  });

  test("waitFor resolves on the event itself, with a mark for what came before; it times out otherwise", async () => {
    const user = api.user({ id: 911, first_name: "Bauyrzhan" });
    const mark = api.mark();
    const waiting = api.waitFor(user.chatId, (e) => e.kind === "photo", 2000);
    await bot.api.sendMessage(user.chatId, "not this one");
    await bot.api.sendPhoto(user.chatId, new InputFile(Buffer.from("img"), "chart.png"));
    const photo = await waiting;
    assert.deepEqual([photo.kind, photo.fileName], ["photo", "chart.png"]);
    const earlier = await api.waitFor(user.chatId, (e) => e.text === "not this one", { since: mark, timeoutMs: 100 });
    assert.equal(earlier.kind, "message");
    assert.deepEqual(api.eventsSince(mark, user.chatId).map((e) => e.kind), ["message", "photo"]);
    await assert.rejects(api.waitFor(user.chatId, (e) => e.kind === "delete", 50), /no matching bot event in chat 911 within 50 ms/);
  });

  test("getChat, the chat menu button and the bot's name", async () => {
    const user = api.user({ id: 912, first_name: "Saltanat", username: "saltanat" });
    const chat = await bot.api.getChat("@saltanat");
    assert.deepEqual([chat.id, chat.type, chat.first_name], [912, "private", "Saltanat"]);
    assert.deepEqual(await bot.api.getChatMenuButton({ chat_id: user.chatId }), { type: "default" });
    await bot.api.setChatMenuButton({ chat_id: user.chatId, menu_button: { type: "commands" } });
    assert.deepEqual(await bot.api.getChatMenuButton({ chat_id: user.chatId }), { type: "commands" });
    await bot.api.setMyName("Әкімдік", { language_code: "kk" });
    assert.deepEqual(await bot.api.getMyName({ language_code: "kk" }), { name: "Әкімдік" });
  });

  test("a user who blocked the bot: 403 Forbidden", async () => {
    const user = api.user({ id: 909, first_name: "Timur" });
    user.block();
    const error = await grammyError(bot.api.sendMessage(user.chatId, "reminder"));
    assert.deepEqual([error.error_code, error.description], [403, "Forbidden: bot was blocked by the user"]);
  });
});

describe("user interactions with a polling bot", () => {
  let api: LocalBotApi;
  let bot: Bot;
  let stopped: Promise<void>;
  before(async () => {
    api = await startApi();
    bot = makeBot(api);
    bot.command("start", (ctx) =>
      ctx.reply("Confirm the figures?", { reply_markup: new InlineKeyboard().text("Yes", "confirm:yes").text("No", "confirm:no") }),
    );
    bot.command("phone", (ctx) => ctx.reply("Share your phone", { reply_markup: new Keyboard().requestContact("Send phone").oneTime() }));
    bot.callbackQuery(/^confirm:(.+)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: `You chose ${ctx.match[1]}`, show_alert: true });
      await ctx.editMessageText(`Chosen: ${ctx.match[1]}`);
    });
    bot.on("message:contact", (ctx) => ctx.reply(`Phone ${ctx.message.contact.phone_number}`, { reply_markup: { remove_keyboard: true } }));
    bot.on("message:text", (ctx) => ctx.reply(`${ctx.chat.type}: ${ctx.message.text}`));
    bot.on("inline_query", (ctx) =>
      ctx.answerInlineQuery(
        [{ type: "article", id: "r1", title: `Result for ${ctx.inlineQuery.query}`, input_message_content: { message_text: "x" } }],
        { cache_time: 0 },
      ),
    );
    stopped = bot.start();
  });
  after(async () => {
    await bot.stop();
    await stopped;
    await api.close();
  });

  test("press() sends a callback_query on the newest matching message; the bot's answer comes back", async () => {
    const user = api.user({ id: 1001, first_name: "Madina" });
    await user.send("/start");
    const pressed = await user.press("Yes");
    assert.equal(pressed.callbackQuery?.data, "confirm:yes");
    assert.equal(pressed.callbackQuery?.message?.text, "Confirm the figures?");
    assert.deepEqual(pressed.answer, { text: "You chose yes", show_alert: true });
    assert.deepEqual(pressed.replies.map((e) => [e.kind, e.text]), [["callback_answer", "You chose yes"], ["edit", "Chosen: yes"]]);
    assert.equal(user.lastBotMessage()?.reply_markup, undefined);
    assert.throws(() => user.press("Yes"), /no button "Yes"/);
    const late = await grammyError(bot.api.answerCallbackQuery(pressed.callbackQuery!.id));
    assert.equal(late.description, "Bad Request: query is too old and response timeout expired or query ID is invalid");
  });

  test("press() on a reply keyboard button sends what the button sends", async () => {
    const user = api.user({ id: 1002, first_name: "Arman" });
    await user.send("/phone");
    assert.deepEqual(user.replyKeyboard()?.keyboard, [[{ text: "Send phone", request_contact: true }]]);
    const pressed = await user.press("Send phone");
    assert.equal(pressed.message?.contact !== undefined, true);
    assert.match(pressed.replies[0]?.text ?? "", /^Phone \+7700/);
    assert.equal(user.replyKeyboard(), undefined);
  });

  test("inlineQuery() resolves with the bot's answered results", async () => {
    const user = api.user({ id: 1003, first_name: "Sultan" });
    const result = await user.inlineQuery("budget");
    assert.equal(result.status, "handled");
    assert.deepEqual(result.results, [{ type: "article", id: "r1", title: "Result for budget", input_message_content: { message_text: "x" } }]);
    assert.equal(result.answer?.cache_time, 0);
  });

  test("groups: a user writes in a group, the bot answers there; edits arrive as edited_message", async () => {
    const group = api.group({ id: -1001234567890, title: "Akims", type: "supergroup" });
    const user = api.user({ id: 1004, first_name: "Ruslan" }).in(group);
    const sent = await user.send("hello group");
    assert.deepEqual(sent.replies.map((e) => [e.chatId, e.text]), [[group.chatId, "supergroup: hello group"]]);
    const edited = await user.editText(sent.message.message_id, "hello again");
    assert.equal(edited.update.edited_message?.text, "hello again");
    assert.deepEqual(group.botMessages().map((m) => m.text), ["supergroup: hello group"]);
    const chat = await bot.api.getChat(group.chatId);
    assert.deepEqual([chat.type, chat.title], ["supergroup", "Akims"]);
  });
});
