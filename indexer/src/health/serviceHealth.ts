export type ServiceState = { ok: boolean; lastError?: string; since: number };

type HealthRegistry = { ipfs: ServiceState; rpc: ServiceState };

// Handlers and the API may be loaded as separate module instances: keep one registry per process.
const key = Symbol.for("crowdlabel.indexer.health");
const store = globalThis as unknown as Record<symbol, HealthRegistry | undefined>;

export function healthRegistry(): HealthRegistry {
  store[key] ??= { ipfs: { ok: true, since: Date.now() }, rpc: { ok: true, since: Date.now() } };
  return store[key]!;
}

export function reportOk(service: keyof HealthRegistry): void {
  const state = healthRegistry()[service];
  if (!state.ok) healthRegistry()[service] = { ok: true, since: Date.now() };
}

export function reportError(service: keyof HealthRegistry, error: unknown): void {
  const message = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
  const state = healthRegistry()[service];
  healthRegistry()[service] = { ok: false, lastError: message, since: state.ok ? Date.now() : state.since };
}
