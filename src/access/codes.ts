// Invite codes: 144 random bits from the OS's CSPRNG, written in the 64 characters Telegram allows in a /start payload.
import { randomBytes } from "node:crypto";

const CODE_BYTES = 18;
const CODE_SHAPE = /^[A-Za-z0-9_-]{24}$/;

/** A fresh invite code: 24 characters of base64url (18 random bytes, ≥ 128 bits as asked). */
export function newInviteCode(): string {
  return randomBytes(CODE_BYTES).toString("base64url");
}

/** Whether a /start payload has the shape of an invite code (other deep links have other shapes). */
export function looksLikeInviteCode(text: string): boolean {
  return CODE_SHAPE.test(text);
}

/** The deep link that opens the bot and sends `/start <code>`. */
export function inviteLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}
