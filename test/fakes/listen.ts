/** Starting and stopping the fakes' HTTP servers on a free local port. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

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
