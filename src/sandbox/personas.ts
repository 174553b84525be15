// Who you can be in the sandbox.
import type { Locale } from "../domain/locale.ts";
import type { Role } from "../domain/people.ts";

export interface Persona {
  name: string;
  title: string;
  id: number;
  firstName: string;
  role: Role;
  unit?: string;
  lang: Locale;
}

export const PERSONAS: Persona[] = [
  { name: "akim", title: "the akim of Karatal District", id: 700001, firstName: "Бисембаев", role: "district", unit: "karatal", lang: "ru" },
  { name: "akim-kk", title: "the akim of Uygur District (Kazakh)", id: 700002, firstName: "Тохтасунов", role: "district", unit: "uygur", lang: "kk" },
  { name: "deputy", title: "the First Deputy Akim of the region", id: 700010, firstName: "Турлашов", role: "region", lang: "ru" },
  { name: "admin", title: "the administrator (the office's IT staff)", id: 700020, firstName: "Admin", role: "admin", lang: "en" },
];

/** The persona whose private chat this is. */
export function personaByChat(chatId: number): Persona | undefined {
  return PERSONAS.find((p) => p.id === chatId);
}
