/**
 * Downloads a customer's file from Telegram (getFile, then the file endpoint), e.g. to
 * upload a photo into the ticket's Slack thread.
 */
import type { Agent } from "node:http";
import type { Api } from "grammy";
import { DeskError } from "../../core/errors.ts";
import { getThrough } from "./proxy.ts";

/** Bot API: bots can download files up to 20 MB. */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export type TelegramFileErrorCode = "TG_FILE_NOT_FOUND" | "TG_FILE_TOO_BIG" | "TG_FILE_DOWNLOAD";

/** A customer's file that cannot be fetched from the Bot API; `permanent` ones are not retried. */
export class TelegramFileError extends DeskError<TelegramFileErrorCode> {
  constructor(
    code: TelegramFileErrorCode,
    message: string,
    readonly permanent: boolean,
  ) {
    super(code, message);
  }
}

/**
 * @example
 * ```ts
 * const { data, filename } = await downloadTelegramFile(bot.api, token, apiRoot, fileId);
 * ```
 */
export async function downloadTelegramFile(
  api: Api,
  token: string,
  apiRoot: string,
  fileId: string,
  /** the TELEGRAM_PROXY agent, when there is one */
  agent?: Agent,
): Promise<{ data: Buffer; filename: string }> {
  let path: string | undefined;
  try {
    const file = await api.getFile(fileId);
    if (file.file_size && file.file_size > TELEGRAM_DOWNLOAD_LIMIT)
      throw new TelegramFileError("TG_FILE_TOO_BIG", `file ${fileId} is over 20 MB`, true);
    path = file.file_path;
  } catch (err) {
    if (err instanceof TelegramFileError) throw err;
    const code = (err as { error_code?: number }).error_code;
    throw new TelegramFileError("TG_FILE_NOT_FOUND", `getFile ${fileId}: ${(err as Error).message}`, code === 400);
  }
  if (!path) throw new TelegramFileError("TG_FILE_NOT_FOUND", `no file_path for ${fileId}`, true);
  const url = `${apiRoot.replace(/\/$/, "")}/file/bot${token}/${path}`;
  const filename = path.split("/").pop() || "photo.jpg";
  if (agent) {
    let r;
    try {
      r = await getThrough(agent, url, TELEGRAM_DOWNLOAD_LIMIT);
    } catch (err) {
      throw new TelegramFileError("TG_FILE_DOWNLOAD", `download ${path}: ${(err as Error).message}`, false);
    }
    if (r.status !== 200) throw new TelegramFileError("TG_FILE_DOWNLOAD", `download ${path}: HTTP ${r.status}`, r.status === 404);
    return { data: r.body, filename };
  }
  const res = await fetch(url);
  if (!res.ok) throw new TelegramFileError("TG_FILE_DOWNLOAD", `download ${path}: HTTP ${res.status}`, res.status === 404);
  return { data: Buffer.from(await res.arrayBuffer()), filename };
}
