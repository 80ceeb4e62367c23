/**
 * Free ports for servers a test starts, and starting on one when another test took it first.
 */
import { createServer } from "node:net";

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as any).port;
      s.close(() => resolve(port));
    });
  });
}

/** Ports tried by {@link onFreePort} before it gives up. */
export const PORT_ATTEMPTS = 5;

/**
 * Runs `start` on a free port, and on another one if that port was taken in between (the
 * port is chosen before the server listens, since the webhook URL names it): another test
 * may take it meanwhile, and EADDRINUSE is then not a failure of the test.
 *
 * @example
 * ```ts
 * const { value: desk, port } = await onFreePort((port) => startTestDesk({ ...o, env: { PORT: String(port) } }));
 * ```
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>): Promise<{ value: T; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return { value: await start(port), port };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt >= PORT_ATTEMPTS) throw e;
    }
  }
}
