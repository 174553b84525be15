// Per-chat state the bot keeps outside forms: the lock of several instances, the unknown person's notice, and the
// short dialogues' storage (conversations). The bot reaches Redis for these only through this module.
import type { StorageAdapter } from "grammy";
import { RedisAdapter } from "@grammyjs/storage-redis";
import type { Redis } from "ioredis";
import type { Keys } from "./keys.ts";
import type { RedisClient } from "./redis.ts";

// Extends the lock only while it is still this holder's.
const EXTEND_LUA = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

type LockRedis = RedisClient & { extendChatLock(key: string, token: string, ttlMs: number): Promise<number> };

function withScripts(redis: RedisClient): LockRedis {
  if (!("extendChatLock" in redis)) redis.defineCommand("extendChatLock", { numberOfKeys: 1, lua: EXTEND_LUA });
  return redis as LockRedis;
}

export function createChats(plainRedis: RedisClient, keys: Keys) {
  const redis = withScripts(plainRedis);
  return {
    /** Whether a filled spreadsheet's update was read already (one EXISTS). */
    async fileSeen(updateId: number): Promise<boolean> {
      return (await redis.exists(keys.fileClaim(updateId))) === 1;
    },
    /** Marks a filled spreadsheet's update as read, for as long as Telegram may send it again (2 days). */
    async rememberFile(updateId: number): Promise<void> {
      await redis.set(keys.fileClaim(updateId), "1", "EX", 2 * 24 * 3600);
    },
    /** One SET NX PX: true when this token now holds the chat. */
    async takeLock(chatId: number, token: string, ttlMs: number): Promise<boolean> {
      return (await redis.set(keys.chatLock(chatId), token, "PX", ttlMs, "NX")) === "OK";
    },
    /** Extends the lock while it is still this token's: false when it was lost. */
    async extendLock(chatId: number, token: string, ttlMs: number): Promise<boolean> {
      return (await redis.extendChatLock(keys.chatLock(chatId), token, ttlMs)) === 1;
    },
    /**
     * One GETDEL. When the lock had expired and another holder took it meanwhile, its token is put back at once
     * and false is returned (ours was lost).
     */
    async releaseLock(chatId: number, token: string, ttlMs: number): Promise<boolean> {
      const key = keys.chatLock(chatId);
      const holder = await redis.getdel(key);
      if (holder === null || holder === token) return true;
      await redis.set(key, holder, "PX", ttlMs, "NX");
      return false;
    },
    /** True the first time within `seconds` for this person (one SET NX EX): an unknown person's notice is sent then. */
    async firstNotice(userId: number, seconds: number): Promise<boolean> {
      return (await redis.set(keys.notice(userId), "1", "EX", seconds, "NX")) === "OK";
    },
    /** Storage of the short dialogues (conversations plugin), under the region's keys. */
    conversationStorage<T>(): StorageAdapter<T> {
      // Typed for one server; it only uses GET, SET and DEL, which a Cluster client routes by key.
      const adapter = new RedisAdapter<T>({ instance: plainRedis as Redis });
      return {
        read: (id) => adapter.read(keys.conversation(id)),
        write: (id, value) => adapter.write(keys.conversation(id), value),
        delete: (id) => adapter.delete(keys.conversation(id)),
      };
    },
  };
}

export type Chats = ReturnType<typeof createChats>;
