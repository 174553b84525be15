// What the calendar's messages promise is true at the moment they are written (issue 13.2 and 13.5).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { zonedTimeToUtc } from "../../src/domain/periods.ts";
import { translator } from "../../src/bot/translate.ts";
import { readerOf, reminderText } from "../../src/bot/calendar/texts.ts";

const TZ = "Asia/Almaty";
const { region, forms } = loadDomainConfig("config");
const services = forms.find((form) => form.id === "public-services")!;
const withGrace = { ...services, deadline: { ...services.deadline, lateAfterDays: 2 } };
const local = (month: number, day: number, hour: number) => zonedTimeToUtc({ year: 2016, month, day, hour, minute: 0 }, TZ);
const ru = readerOf(translator(), "ru", TZ);

describe("a reminder after the due time", () => {
  test("before reports count as late, says it is still accepted without the late mark, and until when", () => {
    const text = reminderText(ru, region, { form: withGrace, unit: "talgar", period: "2016-10", now: local(11, 6, 10) });
    assert.match(text, /До 7 ноября 2016 г\., 18:00 его ещё примут без отметки об опоздании/);
    assert.doesNotMatch(text, /с отметкой об опоздании/);
  });

  test("once reports count as late, says it will be marked late until the period locks", () => {
    const text = reminderText(ru, region, { form: withGrace, unit: "talgar", period: "2016-10", now: local(11, 8, 10) });
    assert.match(text, /Его ещё примут с отметкой об опоздании, пока период не закрыт/);
    assert.match(text, /Закрывается: 30 ноября 2016 г\., 18:00/);
  });
});
