/**
 * Files staff shared in Slack, fetched for delivery elsewhere (a staff photo or PDF in a
 * ticket's thread goes to the customer on Telegram): `files.info` for the private URL, then a
 * download with the bot token, as Slack requires.
 */
import type { WebClient } from "@slack/web-api";
import { DeliveryError } from "../../core/outbox/index.ts";

/**
 * Downloads a Slack file; a missing file or a refused download is permanent, a server or
 * network failure is retried.
 *
 * @example
 * ```ts
 * const { data, filename } = await downloadSlackFile(slack.client, botToken, "F0123");
 * ```
 */
export async function downloadSlackFile(client: WebClient, botToken: string, fileId: string): Promise<{ data: Buffer; filename: string }> {
  let info: { url_private_download?: string; url_private?: string; name?: string } | undefined;
  try {
    info = (await client.files.info({ file: fileId })).file as typeof info;
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    if (code === "file_not_found" || code === "file_deleted")
      throw new DeliveryError("PERMANENT", `slack file ${fileId}: ${code}`, { cause: err });
    throw new DeliveryError("TEMPORARY", `slack files.info: ${(err as Error).message}`, { cause: err });
  }
  const url = info?.url_private_download ?? info?.url_private;
  if (!url) throw new DeliveryError("PERMANENT", `slack file ${fileId} has no private URL`);
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${botToken}` }, redirect: "manual" });
  } catch (err) {
    throw new DeliveryError("TEMPORARY", `slack file download: ${(err as Error).message}`, { cause: err });
  }
  if (res.status >= 500) throw new DeliveryError("TEMPORARY", `slack file download: HTTP ${res.status}`);
  // Slack answers a download without a valid token with a sign-in page or a redirect
  if (res.status !== 200 || /text\/html/i.test(res.headers.get("content-type") ?? "")) {
    throw new DeliveryError("PERMANENT", `slack file download refused: HTTP ${res.status}`);
  }
  return { data: Buffer.from(await res.arrayBuffer()), filename: info?.name ?? fileId };
}
