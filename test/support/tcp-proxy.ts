/**
 * A TCP proxy in front of PostgreSQL that a test (or a bench) can cut and restore: the
 * database going away as the desk sees it, a network outage, with no change to the server.
 */
import net from "node:net";

/**
 * @example
 * ```ts
 * const proxy = await TcpProxy.start(5432);
 * const url = `postgresql://postgres@127.0.0.1:${proxy.port}/test`;
 * proxy.cut();      // open connections are reset, new ones refused
 * proxy.restore();
 * await proxy.stop();
 * ```
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private isCut = false;

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number, targetHost = "127.0.0.1"): Promise<TcpProxy> {
    const holder: { proxy?: TcpProxy } = {};
    const server = net.createServer((client) => {
      const proxy = holder.proxy!;
      if (proxy.isCut) return void client.destroy();
      const upstream = net.connect(targetPort, targetHost);
      for (const s of [client, upstream]) {
        proxy.sockets.add(s);
        s.on("close", () => proxy.sockets.delete(s));
        s.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    holder.proxy = new TcpProxy(server, (server.address() as net.AddressInfo).port);
    return holder.proxy;
  }

  /** The database is gone: every open connection is reset, new ones are refused at once. */
  cut(): void {
    this.isCut = true;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.isCut = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
