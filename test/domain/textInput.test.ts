import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { choiceLabel, parseChoice, parseText } from "../../src/domain/numbers.ts";
import { figure } from "../helpers/domain.ts";

describe("parseText", () => {
  const comment = figure({ type: "text", maxLength: 10 });

  it("keeps the text without surrounding spaces", () => {
    assert.deepEqual(parseText("  всё хорошо \n", comment), { ok: true, value: "всё хорошо" });
  });
  it("refuses an empty answer", () => assert.deepEqual(parseText(" \n ", comment), { ok: false, error: "empty" }));
  it("refuses text beyond the figure's length", () => {
    assert.deepEqual(parseText("12345678901", comment), { ok: false, error: "too_long" });
    assert.deepEqual(parseText("1234567890", comment), { ok: true, value: "1234567890" });
  });
  it("allows 500 characters by default", () => {
    assert.equal(parseText("a".repeat(500), figure({ type: "text" })).ok, true);
    assert.equal(parseText("a".repeat(501), figure({ type: "text" })).ok, false);
  });
});

describe("parseChoice", () => {
  const status = figure({
    type: "choice",
    choices: [
      { id: "done", label: { kk: "Орындалды", ru: "Выполнено", en: "Done" } },
      { id: "partly", label: { kk: "Ішінара", ru: "Частично", en: "Partly" } },
    ],
  });

  it("matches a label in the user's language whatever the case and punctuation", () => {
    assert.deepEqual(parseChoice("выполнено!", status, "ru"), { ok: true, value: "done" });
  });
  it("matches a label in another language", () => {
    assert.deepEqual(parseChoice("Ішінара", status, "en"), { ok: true, value: "partly" });
  });
  it("matches a choice id, as a button sends it", () => {
    assert.deepEqual(parseChoice("partly", status, "kk"), { ok: true, value: "partly" });
  });
  it("refuses anything else", () => {
    assert.deepEqual(parseChoice("maybe", status, "en"), { ok: false, error: "unknown_choice" });
    assert.deepEqual(parseChoice("  ", status, "en"), { ok: false, error: "empty" });
  });
  it("gives a choice's label", () => {
    assert.equal(choiceLabel(status, "done", "kk"), "Орындалды");
    assert.equal(choiceLabel(status, "nothing", "kk"), undefined);
  });
});
