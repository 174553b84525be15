// Links that open the Mini App in a browser as a given person, as Telegram would open it (init data signed by the
// local Bot API with the bot's token; valid for WEBAPP_AUTH_MAX_AGE_S, a day by default).
import type { Harness } from "./harness.ts";

export interface LinkPerson {
  name: string;
  id: number;
  firstName: string;
  lang?: string;
}

export function webappLinks(harness: Harness, people: readonly LinkPerson[]): string {
  const lines = people.map((person) => {
    const user = harness.api.user({ id: person.id, first_name: person.firstName, ...(person.lang ? { language_code: person.lang } : {}) });
    return `  ${person.name}: ${user.openWebApp(harness.appUrl)}`;
  });
  return `The Mini App in a browser, as each persona (valid for a day):\n${lines.join("\n")}`;
}
