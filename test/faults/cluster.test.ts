// Issue 8, "more than one machine": the real bot on a real Redis Cluster of six redis-server processes (three masters,
// each with a replica), configured as production is, from REDIS_CLUSTER_NODES. A form is filled to the receipt,
// /totals and /language answer, a reminder goes out through BullMQ; then the master holding the region's keys fails
// over while every unit submits, twice: handed over on purpose (CLUSTER FAILOVER on its replica) and killed with
// SIGKILL (the replica is elected after cluster-node-timeout). With REDIS_WAIT_REPLICAS=1 a submission counts only
// once a replica has it, so no acknowledged submission may be lost, and the totals must equal a recomputation.
// Quick by default (200 submissions, one failover of each kind); FAULTS_FULL=1: 1,000 and each kind twice.
import { after, before, describe } from "node:test";
import assert from "node:assert/strict";
import { startRedisCluster, until, type LocalCluster } from "../../src/devtools/redisCluster.ts";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { topologyTests } from "./topology.ts";

const REGION_TAG = "{almaty-region}";
/** FAULTS_WAIT_REPLICAS=0 runs the bot without WAIT, to see this test catch the loss (it then fails). */
const WAIT_REPLICAS = process.env.FAULTS_WAIT_REPLICAS ?? "1";
/** How long the replica lags behind before its master is killed (a fault's duration). */
const LAG_MS = 300;

describe("the bot on a Redis Cluster (3 masters, 3 replicas)", () => {
  let cluster: LocalCluster;
  let harness: Harness;

  before(async () => {
    cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1, nodeTimeoutMs: 1000 });
    await cluster.settled(REGION_TAG, 1);
    harness = await startHarness({
      env: { REDIS_CLUSTER_NODES: cluster.seeds, REDIS_WAIT_REPLICAS: WAIT_REPLICAS, REDIS_WAIT_TIMEOUT_MS: "1000" },
    });
  });

  after(async () => {
    await harness?.close();
    await cluster?.stop();
  });

  topologyTests(() => harness, {
    handOver: { name: "CLUSTER FAILOVER", run: () => handOver(cluster) },
    kill: { name: "SIGKILL of the master", run: () => killMaster(cluster) },
  });
});

/** A coordinated failover: the replica catches up with its master, then takes over; no write is lost by design. */
async function handOver(cluster: LocalCluster): Promise<void> {
  const { master, replicas } = await cluster.shardOf(REGION_TAG);
  const replica = replicas[0]!;
  await replica.client().cluster("FAILOVER");
  await until("the replica to take over", async () => (await cluster.shardOf(REGION_TAG)).master === replica);
  await cluster.settled(REGION_TAG, 1);
  assert.notEqual(master, replica);
}

/**
 * The replica falls behind (frozen with SIGSTOP and its link cut, while submissions go on), then the master is killed and
 * the replica, resumed, is elected once the others have not heard from the master for cluster-node-timeout. Without
 * WAIT the submissions the master acknowledged meanwhile would be gone; with it they were never acknowledged.
 * The killed node is then started again (as an operator or systemd would) and comes back as the new master's replica:
 * until then WAIT cannot be satisfied and submissions are refused rather than acknowledged without a copy.
 */
async function killMaster(cluster: LocalCluster): Promise<void> {
  const { master, replicas } = await cluster.shardOf(REGION_TAG);
  const replica = replicas[0]!;
  replica.signal("SIGSTOP");
  try {
    // The link is cut too, so what the master acknowledges from now on reaches no replica (not even a socket buffer).
    await master.client().call("CLIENT", "KILL", "TYPE", "replica");
    await new Promise((resolve) => setTimeout(resolve, LAG_MS));
    await master.kill("SIGKILL");
  } finally {
    replica.signal("SIGCONT");
  }
  await until("the replica to be elected", async () => (await cluster.shardOf(REGION_TAG)).master === replica, 30_000);
  await master.start();
  await cluster.settled(REGION_TAG, 1);
}
