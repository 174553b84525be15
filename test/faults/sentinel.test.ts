// Issue 8, "more than one machine": the real bot on a Redis primary with one replica, watched by three Sentinels
// (quorum 2), configured as production is, from REDIS_SENTINELS. A form is filled to the receipt, /totals and /language
// answer, a reminder goes out through BullMQ; then the primary fails over while every unit submits: by hand
// (SENTINEL FAILOVER) and by a SIGKILL after its replica fell behind (Sentinel promotes the replica after
// down-after-milliseconds). With REDIS_WAIT_REPLICAS=1 no acknowledged submission may be lost, and the totals must
// equal a recomputation. Quick by default (200 submissions); FAULTS_FULL=1: 1,000 and each failover twice.
import { after, before, describe } from "node:test";
import { startRedisSentinels, until, type LocalSentinels } from "../../src/devtools/redisCluster.ts";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { topologyTests } from "./topology.ts";

/** FAULTS_WAIT_REPLICAS=0 runs the bot without WAIT, to see this test catch the loss (it then fails). */
const WAIT_REPLICAS = process.env.FAULTS_WAIT_REPLICAS ?? "1";
/** How long the replica lags behind before the primary is killed (a fault's duration). */
const LAG_MS = 300;

describe("the bot on Redis with Sentinel (a primary, a replica, three Sentinels)", () => {
  let topology: LocalSentinels;
  let harness: Harness;

  before(async () => {
    topology = await startRedisSentinels({ replicas: 1, sentinels: 3, quorum: 2, downAfterMs: 1000 });
    harness = await startHarness({
      env: { REDIS_SENTINELS: topology.addresses, REDIS_SENTINEL_NAME: topology.name, REDIS_WAIT_REPLICAS: WAIT_REPLICAS, REDIS_WAIT_TIMEOUT_MS: "1000" },
    });
  });

  after(async () => {
    await harness?.close();
    await topology?.stop();
  });

  topologyTests(() => harness, {
    handOver: { name: "SENTINEL FAILOVER", run: () => failOver(topology) },
    kill: { name: "SIGKILL of the primary", run: () => killPrimary(topology) },
  });
});

/** Sentinel promotes the replica and turns the old primary into its replica. */
async function failOver(topology: LocalSentinels): Promise<void> {
  const { primary } = await topology.primary();
  await topology.sentinels[0]!.client().call("SENTINEL", "FAILOVER", topology.name);
  await topology.settled(1, primary);
}

/**
 * The replica falls behind (frozen with SIGSTOP and its link cut, while submissions go on), then the primary is
 * killed; the Sentinels, hearing nothing for down-after-milliseconds, promote the resumed replica. The killed server
 * is started again (as an operator or systemd would) and the Sentinels make it the new primary's replica; until then
 * WAIT cannot be satisfied and submissions are refused rather than acknowledged without a copy.
 */
async function killPrimary(topology: LocalSentinels): Promise<void> {
  const { primary, replicas } = await topology.primary();
  const replica = replicas[0]!;
  replica.signal("SIGSTOP");
  try {
    await primary.client().call("CLIENT", "KILL", "TYPE", "replica");
    await new Promise((resolve) => setTimeout(resolve, LAG_MS));
    await primary.kill("SIGKILL");
  } finally {
    replica.signal("SIGCONT");
  }
  await until("the Sentinels to promote the replica", async () => (await topology.primary()).primary === replica, 30_000);
  await primary.start();
  await topology.settled(1, primary);
}
