import { Hono } from "hono";
import { cors } from "hono/cors";
import { db } from "ponder:api";
import schema from "ponder:schema";
import { graphql, like } from "ponder";
import { indexerConfig } from "../config/loadIndexerConfig.ts";
import { relaxPgliteCommits } from "../database/pgliteCommits.ts";
import { startChainMonitor } from "../health/chainMonitor.ts";
import { healthReport } from "../health/healthReport.ts";
import { ApiError, errorResponse } from "./ApiError.ts";
import { refreshUnavailable } from "./manifestOverlay.ts";
import { startPublicServer } from "./publicServer.ts";
import { annotatorRoutes, leaderboardRoutes } from "./routes/annotators.ts";
import { taskExportRoutes } from "./routes/taskExport.ts";
import { tasksRoutes } from "./routes/tasks.ts";
import { taskStatsRoutes } from "./routes/taskStats.ts";

const app = new Hono();
app.onError((error, c) => errorResponse(c, error));
app.notFound((c) => errorResponse(c, new ApiError(404, "not_found", `no route ${c.req.method} ${c.req.path}`)));

app.use("/graphql", graphql({ db, schema }));
app.route("/api/tasks", tasksRoutes);
app.route("/api/tasks", taskStatsRoutes);
app.route("/api/tasks", taskExportRoutes);
app.route("/api/annotators", annotatorRoutes);
app.route("/api/leaderboard", leaderboardRoutes);

export default app;

// The public listener adds /health (reserved on Ponder's own server) in front of the same routes.
const config = indexerConfig();
// Ponder loads this module after migrating the database and before indexing starts.
await relaxPgliteCommits(db, !config.databaseUrl);
const publicApp = new Hono();
// Read-only public data: any origin may read it (as Ponder's own server allows).
publicApp.use(cors({ origin: "*", maxAge: 86_400 }));
publicApp.get("/health", async (c) => {
  const report = await healthReport(db);
  return c.json(report, report.status === "ok" ? 200 : 503);
});
publicApp.route("/", app);
publicApp.onError((error, c) => errorResponse(c, error));
publicApp.notFound((c) => errorResponse(c, new ApiError(404, "not_found", `no route ${c.req.method} ${c.req.path}`)));
startPublicServer(publicApp, config.port, process.env.INDEXER_HOST);
startChainMonitor();

// Manifests that IPFS could not serve while indexing are fetched again in the background.
const refreshTimer = setInterval(() => {
  void db
    .select({ manifestCid: schema.task.manifestCid, manifestError: schema.task.manifestError })
    .from(schema.task)
    .where(like(schema.task.manifestError, "unavailable:%"))
    .then(refreshUnavailable)
    .catch(() => undefined);
}, 10_000);
refreshTimer.unref();

