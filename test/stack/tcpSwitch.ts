import { createConnection, createServer, type Server, type Socket } from "node:net";

/** A TCP pass-through in front of a service that a test can cut (connection refused) and restore. */
export type TcpSwitch = {
  url: string;
  port: number;
  /** Stops listening and drops open connections: clients see the service as down. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
};

export async function startTcpSwitch(options: { targetPort: number; targetHost?: string; port?: number; host?: string }): Promise<TcpSwitch> {
  const host = options.host ?? "127.0.0.1";
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = createConnection({ port: options.targetPort, host: options.targetHost ?? "127.0.0.1" });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.once("close", () => sockets.delete(socket));
          socket.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      s.once("error", reject);
      s.listen(port, host, () => {
        server = s;
        const address = s.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });

  const port = await listen(options.port ?? 0);
  return {
    url: `http://${host}:${port}`,
    port,
    cut: stop,
    restore: async () => {
      if (!server) await listen(port);
    },
    close: stop,
  };
}
