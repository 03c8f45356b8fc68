// Indexing functions for every Crowdlabel event; each module registers its handlers with `ponder.on`.
import "./handlers/tasks.ts";
import "./handlers/claims.ts";
import "./handlers/labels.ts";
import "./handlers/finalise.ts";
import "./handlers/money.ts";
