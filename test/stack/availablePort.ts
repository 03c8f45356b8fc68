import { createServer } from "node:net";

/** Whether nothing listens on `port` on 127.0.0.1. */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** `preferred` when it is free, else 0 (a free port, picked by whoever listens). */
export async function availablePort(preferred: number | undefined): Promise<number> {
  return preferred && (await portIsFree(preferred)) ? preferred : 0;
}
