import { sql } from "ponder";
import type { db as apiDb } from "ponder:api";

/** Longest stretch of committed indexing work that a crash (or a stop) of a PGlite indexer can lose. */
export const PGLITE_WAL_FLUSH_MS = 1_000;

type Timers = { flush?: NodeJS.Timeout };
const key = Symbol.for("crowdlabel.indexer.pgliteCommits");
const store = globalThis as unknown as Record<symbol, Timers | undefined>;

/**
 * PGlite only: commits stop waiting for their WAL to reach the disk (`synchronous_commit = off`), and the
 * WAL is flushed once a second instead, as PostgreSQL's WAL writer does for such commits (PGlite has no
 * background processes).
 *
 * PGlite writes its WAL with O_DSYNC, so every commit of an indexing run (each block range, each live
 * block, each batch of Ponder's RPC cache) waited for a synchronous disk write; on a virtual disk that was
 * the largest cost of indexing after the CPU work. PostgreSQL keeps the database consistent either way: a
 * crash can only lose the commits of the last second, as if they had been rolled back, and Ponder then
 * resumes from the checkpoint that survived and indexes those blocks again from chain + IPFS. PGlite runs
 * a single session for the whole process, so the setting covers Ponder's indexing transactions. A
 * PostgreSQL server (DATABASE_URL) keeps its own configuration.
 */
export async function relaxPgliteCommits(db: typeof apiDb, usingPglite: boolean): Promise<void> {
  if (!usingPglite) return;
  const timers = (store[key] ??= {});
  if (timers.flush) clearInterval(timers.flush); // `ponder dev` reloads this module
  await db.execute(sql`SET synchronous_commit = off`);
  try {
    await flushWal(db);
  } catch (error) {
    // Without a working flush, keep PostgreSQL's default: every commit durable.
    await db.execute(sql`SET synchronous_commit = on`);
    console.warn(`crowdlabel indexer: cannot flush PGlite's WAL (${(error as Error).message}); commits stay synchronous`);
    return;
  }
  timers.flush = setInterval(() => void flushWal(db).catch(() => undefined), PGLITE_WAL_FLUSH_MS);
  timers.flush.unref();
}

/** Makes every commit so far durable: a synchronous commit that wrote WAL flushes the WAL up to its record. */
async function flushWal(db: typeof apiDb): Promise<void> {
  // Each statement waits for PGlite's transaction lock, so these never run inside one of Ponder's
  // transactions; one of those committing in between only commits synchronously.
  await db.execute(sql`SET synchronous_commit = on`);
  try {
    // A transactional WAL record without touching any table; its commit then waits for the flush.
    await db.execute(sql`SELECT pg_logical_emit_message(true, 'crowdlabel', 'flush')`);
  } finally {
    await db.execute(sql`SET synchronous_commit = off`);
  }
}
