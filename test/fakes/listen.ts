/** Starting and stopping the fakes' HTTP servers on a free local port. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * How long a test's request to the desk (a Slack or Telegram delivery) may take before the
 * client gives up: a budget for a busy machine, not an assertion (100 requests at once, each
 * waiting for its row in the inbox, took over 60 s at a load average of 20).
 */
export const REQUEST_BUDGET_MS = 180_000;

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
 * A fake's HTTP server on a random free port of 127.0.0.1: started once, stopped with every
 * keep-alive connection. A handler that throws before answering gets `fail` (the fake's own
 * error answer).
 *
 * @example
 * ```ts
 * const http = new LocalServer("FakeThing");
 * await http.start((req, res) => handle(req, res), (res, err) => res.writeHead(500).end(String(err)));
 * await fetch(`${http.origin}/ping`);
 * await http.stop();
 * ```
 */
export class LocalServer {
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly name: string) {}

  async start(
    handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
    fail: (res: ServerResponse, err: unknown) => void,
    configure?: (server: Server) => void,
  ): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      handle(req, res).catch((err) => {
        if (!res.headersSent) fail(res, err);
      });
    });
    configure?.(server);
    this.port = await listenLocal(server);
    this.server = server;
  }

  /** Closes the server (after `beforeClose`, e.g. ending pending long polls), if it runs. */
  async stop(beforeClose?: () => void): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    beforeClose?.();
    await closeServer(server);
  }

  /** `http://127.0.0.1:PORT` */
  get origin(): string {
    if (!this.server) throw new Error(`${this.name} not started`);
    return `http://127.0.0.1:${this.port}`;
  }
}
