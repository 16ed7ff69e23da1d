/**
 * bench/complexity: messages and authenticators per committed block for PBFT, HotStuff and Tendermint at
 * n = 4, 16, 64 — the O(n²) vs O(n) message patterns of the HotStuff paper (PODC 2019, Table 1), measured.
 * "Authenticators" are signatures verified by receivers, per committed block (a HotStuff QC carries n − f
 * signatures as a list, so its authenticators grow like n²; threshold signatures would make them O(n)).
 * Messages per block count consensus messages (everything but client REQUEST forwarding).
 * Usage: npx tsx bench/complexity.ts [--sizes 4,16,64]
 */
import { BFT_PROTOCOLS, runPoint, table } from "./protocol-runs.js";

const sizesArg = process.argv.indexOf("--sizes");
const sizes = sizesArg >= 0 ? (process.argv[sizesArg + 1] as string).split(",").map(Number) : [4, 16, 64];
const rows: (string | number)[][] = [];
for (const protocol of BFT_PROTOCOLS) {
  for (const n of sizes) {
    const point = runPoint(protocol, n, { seconds: 6, rate: 100, suite: "ed25519", maxWaitMs: 200 });
    const { messages, blocks } = point.outcome.metrics;
    const perBlock = (x: number) => (point.blocks > 0 ? Math.round(x / point.blocks) : 0);
    // Consensus messages only: client requests forwarded between replicas are workload, not agreement.
    const consensus = perBlock(messages.total - (messages.byType["REQUEST"]?.count ?? 0));
    rows.push([
      protocol, n, point.blocks, consensus, (consensus / (n * n)).toFixed(2), (consensus / n).toFixed(1),
      perBlock(point.outcome.authenticators.nodeSignatures), blocks.committed > 0 ? "yes" : "no",
      point.wallSeconds.toFixed(1),
    ]);
    console.error(`done ${protocol} n=${n}`);
  }
}
console.log(table(
  ["protocol", "n", "blocks", "msgs/block", "msgs/block/n²", "msgs/block/n", "auth/block", "committed", "wall s"],
  rows,
));
