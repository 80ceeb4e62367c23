/** Starting and stopping the fakes' HTTP servers on a free local port. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * How long a test's request to the desk (a Slack or Telegram delivery) may take before the
 * client gives up: a budget for a busy machine, not an assertion.
 */
export const REQUEST_BUDGET_MS = 60_000;

/** Listens on a random free port of 127.0.0.1; resolves with the port. */
export async function listenLocal(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Closes the server and every (keep-alive) connection to it. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Serves `handle` on a random free port of 127.0.0.1; a handler that throws before answering
 * gets `fail` (the fake's own error answer).
 *
 * @example
 * ```ts
 * const { server, port } = await serveLocal((req, res) => this.handle(req, res), (res, err) => res.writeHead(500).end(String(err)));
 * ```
 */
export async function serveLocal(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  fail: (res: ServerResponse, err: unknown) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) fail(res, err);
    });
  });
  return { server, port: await listenLocal(server) };
}
