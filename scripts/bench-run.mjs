// Runs one benchmark command for scripts/bench-all.mjs: in its own process group, so a timeout or a
// Ctrl-C of the runner stops the whole tree (pnpm → tsx → anvil/ponder …), not just the pnpm at its top.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Process-group ids (= leader pids) of the benchmarks running now. */
const active = new Set();

/** pid → { ppid, pgrp, state } of every process, from /proc (Linux); undefined elsewhere. */
function processTable() {
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return undefined;
  }
  const table = new Map();
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.set(Number(name), { state, ppid: Number(ppid), pgrp: Number(pgrp) });
    } catch {
      // exited meanwhile
    }
  }
  return table;
}

/** Whether any live (non-zombie) process is left in process group `pgid`. */
export function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return error.code === "EPERM";
  }
  // kill(0) also succeeds while only zombies are left (an init that does not reap re-parented
  // grandchildren keeps them forever), so on Linux look for a member that is still running.
  const table = processTable();
  if (!table) return true;
  for (const { state, pgrp } of table.values()) if (pgrp === pgid && state !== "Z" && state !== "X") return true;
  return false;
}

/**
 * The process groups of group `pgid` and of everything descending from it: a benchmark may start servers
 * in groups of their own (test/stack's spawnGroup does, for anvil and Ponder), which killing `pgid` alone misses.
 */
function groupsOfTree(pgid) {
  const table = processTable();
  if (!table) return [pgid];
  const pids = [...table].filter(([, p]) => p.pgrp === pgid).map(([pid]) => pid);
  for (let i = 0; i < pids.length; i++)
    for (const [pid, p] of table) if (p.ppid === pids[i] && !pids.includes(pid)) pids.push(pid);
  const own = table.get(process.pid)?.pgrp; // never the runner's own group
  return [...new Set([pgid, ...pids.map((pid) => table.get(pid).pgrp)])].filter((g) => g > 1 && g !== own && g !== process.pid);
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM to group `pgid` and the groups its processes started, SIGKILL to whatever is left after `graceMs`. */
export async function killGroup(pgid, graceMs = 5000) {
  if (!pgid) return;
  const groups = groupsOfTree(pgid);
  const alive = () => groups.some(groupAlive);
  for (const group of groups) signalGroup(group, "SIGTERM");
  for (const deadline = Date.now() + graceMs; Date.now() < deadline; await sleep(100)) if (!alive()) return;
  for (const group of groups) signalGroup(group, "SIGKILL");
  for (const deadline = Date.now() + 2000; Date.now() < deadline && alive(); ) await sleep(50);
}

/** Stops every running benchmark (for the runner's SIGINT/SIGTERM). */
export const stopAll = (graceMs) => Promise.all([...active].map((pgid) => killGroup(pgid, graceMs)));

/** Last resort when the runner exits: SIGKILL every running group (synchronous). */
export function killAllNow() {
  for (const pgid of active) signalGroup(pgid, "SIGKILL");
}

/**
 * Runs `command` (argv array) as its own process group with its output captured (and passed to `onOutput`).
 * After `timeoutMs` the group gets SIGTERM, then SIGKILL after `graceMs`. Resolves once the group leader has
 * exited and the pipes closed — or `drainMs` later, when something outside the group still holds them.
 * Processes the leader leaves behind in its group are killed too, so the next benchmark starts clean.
 * Resolves to `{ code, signal, timedOut, output, seconds }`.
 */
export async function runWithTimeout(command, { cwd, env, timeoutMs, graceMs = 5000, drainMs = 1000, onOutput } = {}) {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  let output = "";
  let child;
  try {
    child = spawn(command[0], command.slice(1), { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  } catch (error) {
    return { code: 1, signal: null, timedOut: false, output: error.message, seconds: seconds() };
  }
  const keep = (chunk) => {
    output += chunk.toString();
    onOutput?.(chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const pgid = child.pid;
  if (pgid) active.add(pgid);

  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const closed = new Promise((resolve) => child.once("close", resolve));
  const failed = new Promise((resolve) => child.once("error", (error) => resolve({ error })));
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve({ timeout: true }), timeoutMs)));

  let result = await Promise.race([exited, failed, timeout]);
  clearTimeout(timer);
  let timedOut = false;
  if (result.timeout) {
    timedOut = true;
    await killGroup(pgid, graceMs);
    result = await Promise.race([exited, failed, sleep(2000).then(() => ({ code: null, signal: "SIGKILL" }))]);
  } else if (!result.error) {
    await Promise.race([closed, sleep(drainMs)]);
    if (pgid && groupAlive(pgid)) {
      output += "\n[bench] the command exited but left processes running in its group; stopping them\n";
      await killGroup(pgid, graceMs);
    }
  }
  await Promise.race([closed, sleep(drainMs)]);
  child.stdout.destroy();
  child.stderr.destroy();
  if (pgid) active.delete(pgid);
  if (result.error) return { code: 1, signal: null, timedOut, output: `${output}\n${result.error.message}`, seconds: seconds() };
  return { code: result.code, signal: result.signal, timedOut, output, seconds: seconds() };
}

/** The status cell of the summary: `ok`, or why it failed. */
export function statusOf({ code, signal, timedOut }, timeoutMs) {
  if (timedOut) return `FAILED: timed out after ${+(timeoutMs / 1000).toFixed(3)} s (BENCH_TIMEOUT_MS)`;
  if (code === 0) return "ok";
  return `FAILED (exit ${code ?? (signal ? `signal ${signal}` : 1)})`;
}
