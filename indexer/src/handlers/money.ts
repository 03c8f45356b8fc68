import { ponder } from "ponder:registry";
import { balance, withdrawal } from "ponder:schema";
import { lower } from "./store.ts";

ponder.on("Crowdlabel:Withdrawn", async ({ event, context }) => {
  const account = lower(event.args.account);
  const token = lower(event.args.token);
  await context.db.insert(withdrawal).values({
    id: event.id,
    account,
    token,
    amount: event.args.amount,
    timestamp: Number(event.block.timestamp),
    tx: event.transaction.hash,
  });
  await context.db
    .insert(balance)
    .values({ account, token, rewards: 0n, credited: 0n, withdrawn: event.args.amount })
    .onConflictDoUpdate((row) => ({ withdrawn: row.withdrawn + event.args.amount }));
});
