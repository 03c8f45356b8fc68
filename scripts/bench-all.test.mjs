// Tests of the benchmark runner: `node --test scripts/bench-all.test.mjs` (needs only Node and bash; no benchmark really runs —
// bench-all.mjs is pointed at a fake `pnpm` first in PATH).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { runWithTimeout, statusOf } from "./bench-run.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "bench-all-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Dead: no such process, or a zombie (an init that does not reap re-parented orphans keeps those). */
function gone(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code === "ESRCH") return true;
    throw error;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}
const pidsIn = (file) => (existsSync(file) ? readFileSync(file, "utf8").trim().split(/\s+/).filter(Boolean).map(Number) : []);
const killLeftovers = (pids) => pids.forEach((pid) => gone(pid) || process.kill(pid, "SIGKILL"));

test("runWithTimeout: a timeout kills the whole group, grandchildren holding the pipes too", async () => {
  const pidFile = join(dir, "helper.pids");
  // sleeps that keep stdout open, one ignoring SIGTERM (needs the SIGKILL after the grace period), one in a
  // process group of its own (like test/stack's anvil and Ponder)
  const script = `sleep 60 & echo $! >> ${pidFile}; (trap '' TERM; exec sleep 61) & echo $! >> ${pidFile}; setsid sleep 63 & echo $! >> ${pidFile}; sleep 62; wait`;
  const started = Date.now();
  const result = await runWithTimeout(["bash", "-c", script], { timeoutMs: 500, graceMs: 1000, drainMs: 300 });
  const elapsed = Date.now() - started;
  const pids = pidsIn(pidFile);
  try {
    assert.equal(result.timedOut, true);
    assert.ok(elapsed < 500 + 1000 + 3000, `resolved after ${elapsed} ms`);
    assert.match(statusOf(result, 500), /^FAILED: timed out after 0\.5 s \(BENCH_TIMEOUT_MS\)$/);
    assert.equal(pids.length, 3);
    for (const pid of pids) assert.ok(gone(pid), `grandchild ${pid} still running`);
  } finally {
    killLeftovers(pids);
  }
});

test("runWithTimeout: the brief's `sleep 60 & sleep 60; wait` is stopped within the grace period", async () => {
  const started = Date.now();
  const result = await runWithTimeout(["bash", "-c", "sleep 60 & sleep 60; wait"], { timeoutMs: 300, graceMs: 2000 });
  assert.equal(result.timedOut, true);
  assert.ok(Date.now() - started < 300 + 2000 + 3000);
  assert.match(statusOf(result, 300), /timed out after 0\.3 s/);
});

test("runWithTimeout: exit code and output of a failure; leftovers of a finished command are stopped", async () => {
  const failed = await runWithTimeout(["bash", "-c", "echo partial; echo boom >&2; exit 3"], { timeoutMs: 10_000 });
  assert.equal(statusOf(failed, 10_000), "FAILED (exit 3)");
  assert.match(failed.output, /partial[\s\S]*boom/);

  const pidFile = join(dir, "leftover.pids");
  const started = Date.now();
  const ok = await runWithTimeout(["bash", "-c", `sleep 60 & echo $! > ${pidFile}; echo done`], { timeoutMs: 10_000, graceMs: 1000, drainMs: 300 });
  const pids = pidsIn(pidFile);
  try {
    assert.equal(statusOf(ok, 10_000), "ok");
    assert.ok(Date.now() - started < 3000, "did not wait for the pipe held by the leftover sleep");
    for (const pid of pids) assert.ok(gone(pid), `leftover ${pid} still running`);
  } finally {
    killLeftovers(pids);
  }
});

// --- bench-all.mjs end to end, with a fake `pnpm` (the gas benchmark runs `pnpm bench:gas`) -------------------
const fakeBin = join(dir, "bin");
const fakePnpm = join(fakeBin, "pnpm");
mkdirSync(fakeBin, { recursive: true });
writeFileSync(
  fakePnpm,
  `#!/usr/bin/env bash
case "$FAKE_BENCH" in
  ok) echo "--- results ---"; echo "fake_gas 1234 gas"; exit 0 ;;
  rewrite) echo '{"fake_gas": 1}' > "$FAKE_RESULTS"; echo "--- results ---"; echo "fake_gas 1 gas"; exit 0 ;;
  hang) sleep 60 & echo $! >> "$FAKE_PIDS"; (trap '' TERM; exec sleep 61) & echo $! >> "$FAKE_PIDS"; echo ready; wait ;;
esac
`,
);
chmodSync(fakePnpm, 0o755);

let runs = 0;
function runner(fake, env, args = []) {
  const out = join(dir, `${fake}-${++runs}.md`);
  const pids = join(dir, `${fake}-${runs}.pids`);
  const child = spawn(process.execPath, [join(here, "bench-all.mjs"), "--only", "gas", "--out", out, ...args], {
    env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH}`, FAKE_BENCH: fake, FAKE_PIDS: pids, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const done = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, output })));
  return { child, done, out, pids };
}

test("bench-all: a passing benchmark exits 0 with its figures", async () => {
  const { done, out } = runner("ok", {});
  const { code, output } = await done;
  assert.equal(code, 0, output);
  assert.match(readFileSync(out, "utf8"), /\| Contract gas \(forge\) \| `pnpm bench:gas` \| ok \|[\s\S]*\| fake_gas \| 1,234 \| gas \|/);
});

test("bench-all: a timeout is reported, stops the grandchildren, and exits 1", async () => {
  const started = Date.now();
  const { done, out, pids } = runner("hang", { BENCH_TIMEOUT_MS: "1000" });
  const { code, output } = await done;
  const leftovers = pidsIn(pids);
  try {
    assert.equal(code, 1, output);
    assert.ok(Date.now() - started < 1000 + 5000 + 4000, `took ${Date.now() - started} ms`);
    assert.match(readFileSync(out, "utf8"), /\| FAILED: timed out after 1 s \(BENCH_TIMEOUT_MS\) \|/);
    assert.match(output, /1 benchmark\(s\) failed: gas \(FAILED: timed out after 1 s/);
    assert.equal(leftovers.length, 2);
    for (const pid of leftovers) assert.ok(gone(pid), `grandchild ${pid} still running`);
  } finally {
    killLeftovers(leftovers);
  }
});

test("bench-all: SIGINT to the runner stops the benchmark's process group and writes nothing", async () => {
  const { child, done, pids, out } = runner("hang", { BENCH_TIMEOUT_MS: "60000" });
  let seen = "";
  await new Promise((resolve) => child.stdout.on("data", (c) => (seen += c) && seen.includes("ready") && resolve()));
  child.kill("SIGINT");
  const started = Date.now();
  const { code } = await done;
  const leftovers = pidsIn(pids);
  try {
    assert.equal(code, 130);
    assert.ok(!existsSync(out), "wrote a summary of an interrupted run");
    assert.ok(Date.now() - started < 5000 + 4000);
    assert.equal(leftovers.length, 2);
    for (const pid of leftovers) assert.ok(gone(pid), `grandchild ${pid} still running`);
  } finally {
    killLeftovers(leftovers);
  }
});

test("bench-all: the commit line reflects the tree before the run, not the results files the benchmarks rewrite", () => {
  // A throwaway checkout holding the runner, with a tracked results file that the fake benchmark rewrites.
  const repo = join(dir, "checkout");
  mkdirSync(join(repo, "scripts"), { recursive: true });
  mkdirSync(join(repo, "contracts", "test", "bench"), { recursive: true });
  for (const file of ["bench-all.mjs", "bench-run.mjs"]) writeFileSync(join(repo, "scripts", file), readFileSync(join(here, file)));
  writeFileSync(join(repo, "package.json"), JSON.stringify({ scripts: { "bench:gas": "true" } }));
  writeFileSync(join(repo, "results.json"), "{}\n");
  writeFileSync(join(repo, "contracts", "test", "bench", ".keep"), "");
  const git = (...args) => {
    const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: repo, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  git("init", "-q");
  git("add", ".");
  git("commit", "-q", "-m", "fixture");
  const head = git("rev-parse", "--short=12", "HEAD");
  const bench = (label) => {
    const out = join(dir, `commit-line-${label}.md`);
    const r = spawnSync(process.execPath, [join(repo, "scripts", "bench-all.mjs"), "--only", "gas", "--out", out], {
      env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH}`, FAKE_BENCH: "rewrite", FAKE_RESULTS: join(repo, "results.json") },
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    return readFileSync(out, "utf8");
  };
  assert.match(bench("clean"), new RegExp(`at commit ${head}\\.`));
  writeFileSync(join(repo, "package.json"), JSON.stringify({ scripts: { "bench:gas": "true" }, edited: true }));
  assert.match(bench("edited"), new RegExp(`at commit ${head} with uncommitted changes\\.`));
});
