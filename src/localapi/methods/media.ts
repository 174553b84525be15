// sendDocument, sendPhoto and getFile: uploads (multipart, attach://) or file_ids of files the server holds.
import type { MethodHandler } from "../method.ts";
import { badRequest } from "../errors.ts";
import { checkMarkup, parseReplyMarkup } from "../markup.ts";
import type { Params } from "../params.ts";
import type { BotState, StoredFile } from "../state.ts";
import { finishText, parseText } from "../text/format.ts";
import type { TgMessage } from "../types.ts";
import { post, replyTarget, writableChat } from "./common.ts";

const MIME: Record<string, string> = {
  pdf: "application/pdf", txt: "text/plain", csv: "text/csv", json: "application/json", xml: "application/xml",
  html: "text/html", zip: "application/zip", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg",
  gif: "image/gif", webp: "image/webp", doc: "application/msword", xls: "application/vnd.ms-excel",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export function mimeFor(fileName: string): string {
  return MIME[fileName.split(".").at(-1)?.toLowerCase() ?? ""] ?? "application/octet-stream";
}

/** Width and height of a PNG or JPEG; 0×0 when the bytes are neither. */
export function imageSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1]!;
      const length = bytes.readUInt16BE(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: bytes.readUInt16BE(at + 7), height: bytes.readUInt16BE(at + 5) };
      }
      at += 2 + length;
    }
  }
  return { width: 0, height: 0 };
}

type Kind = "document" | "photo";
type Source = { uploaded: { fileName: string; bytes: Buffer } } | { stored: StoredFile };

/** The file argument before the chat is checked: an upload, or a file_id / URL string. */
function fileSource(bot: BotState, p: Params, kind: Kind): Source {
  const uploaded = p.file(kind);
  if (uploaded !== undefined) return { uploaded: { fileName: uploaded.fileName, bytes: uploaded.bytes } };
  const value = p.str(kind).trim();
  if (value === "" || value.startsWith("attach://")) throw badRequest(`there is no ${kind} in the request`);
  if (/^https?:\/\//i.test(value)) throw badRequest("failed to get HTTP URL content");
  const stored = bot.files.get(value);
  if (stored === undefined) throw badRequest("wrong file identifier/HTTP URL specified");
  if (stored.kind !== kind) throw badRequest(`can't use file of type ${title(stored.kind)} as ${title(kind)}`);
  return { stored };
}

const title = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

function sendFile(kind: Kind): MethodHandler {
  return ({ core, bot, p, method }) => {
    const source = fileSource(bot, p, kind);
    const parsed = parseText(p.str("caption"), p.str("parse_mode"), p.str("caption_entities"));
    const markup = parseReplyMarkup(p);
    const record = writableChat(bot, p);
    const caption = finishText(parsed, { maxLength: 1024, tooLong: "Message caption is too long", allowEmpty: true });
    checkMarkup(markup);
    const replyTo = replyTarget(record, p);
    let file: StoredFile;
    if ("stored" in source) {
      file = source.stored;
    } else {
      if (source.uploaded.bytes.length === 0) throw badRequest("file must be non-empty");
      const { fileName, bytes } = source.uploaded;
      // Telegram keeps no name for photos, but the upload's name stays on record for the events.
      file = bot.storeFile(kind, bytes, {
        fileName,
        mimeType: mimeFor(fileName),
        ...(kind === "photo" ? imageSize(bytes) : {}),
      });
    }
    const content: Partial<TgMessage> =
      kind === "photo"
        ? {
            photo: [{ file_id: file.fileId, file_unique_id: file.fileUniqueId, width: file.width ?? 0, height: file.height ?? 0, file_size: file.bytes.length }],
          }
        : {
            document: {
              file_id: file.fileId,
              file_unique_id: file.fileUniqueId,
              ...(file.fileName === undefined ? {} : { file_name: file.fileName }),
              mime_type: file.mimeType ?? "application/octet-stream",
              file_size: file.bytes.length,
            },
          };
    if (caption.text !== "") content.caption = caption.text;
    if (caption.entities.length > 0) content.caption_entities = caption.entities;
    return post(core, bot, record, {
      kind,
      method,
      content,
      markup,
      replyTo,
      file: { fileName: file.fileName, fileId: file.fileId, bytes: file.bytes },
    });
  };
}

export const sendDocument = sendFile("document");
export const sendPhoto = sendFile("photo");

export const getFile: MethodHandler = ({ bot, p }) => {
  const file = bot.files.get(p.str("file_id").trim());
  if (file === undefined) throw badRequest("wrong file_id or the file is temporarily unavailable");
  return { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.bytes.length, file_path: file.filePath };
};
