// Does the crypto itself scale over threads? SM2 sign + verify of 3,000 messages (32 keys) in one worker
// thread, then in two at once, then one again; each thread warms up first. On the built package:
//   npm run build && node bench/crypto-threads.mjs [count]
// prints each thread's milliseconds. The parallel engine's ceiling on two cores (bench/RESULTS.md) depends on it.
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { getSuite } from "../dist/crypto/suites.js";

const suite = getSuite("sm");

function work(count) {
  const keys = Array.from({ length: 32 }, (_, i) => suite.generateKeyPair(new Uint8Array(32).fill(i + 1)));
  const run = (n) => {
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const key = keys[i % keys.length];
      const message = new Uint8Array(100).fill(i & 255);
      message[0] = i >> 8;
      if (!suite.verify(key.publicKey, message, suite.sign(key.privateKey, message))) throw new Error("verify failed");
    }
    return performance.now() - start;
  };
  run(500);
  return run(count);
}

const threads = (count, n) => Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
  const worker = new Worker(new URL(import.meta.url), { workerData: n });
  worker.on("message", resolve);
  worker.on("error", reject);
})));

if (!isMainThread) {
  parentPort.postMessage(work(workerData));
} else {
  const n = Number(process.argv[2] ?? 3000);
  const one = await threads(1, n);
  const two = await threads(2, n);
  const again = await threads(1, n);
  const ms = (xs) => xs.map((x) => x.toFixed(0)).join(" / ");
  console.log(`SM2 sign+verify × ${n}: one thread ${ms(one)} ms, two threads ${ms(two)} ms each, one again ${ms(again)} ms`);
  console.log(`two threads, each: ×${(Math.max(...two) / ((one[0] + again[0]) / 2)).toFixed(2)} the time of one alone`);
}
