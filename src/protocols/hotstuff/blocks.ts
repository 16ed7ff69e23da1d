/**
 * The block tree: every stored block descends from the committed root (a block is stored only once its parent
 * is), so "b extends b_lock" (Alg. 1, safeNode) is a walk up parent links, and a proposal's "branch" — its
 * uncommitted ancestors — is what transaction dedupe checks against. Forks that lost to a commit are pruned.
 */
import type { ReplicaState, StoredBlock } from "./state.js";

/** Stores a block whose parent is already stored. */
export function insertBlock(s: ReplicaState, b: StoredBlock): void {
  s.blocks.set(b.hashHex, b);
  if (b.block.height > s.committedHeight) s.uncommitted.add(b.hashHex);
}

export function parentOf(s: ReplicaState, b: StoredBlock): StoredBlock | undefined {
  return b.recoveredRoot ? undefined : s.blocks.get(b.parentHex);
}

/** The ancestor of `b` at `height` (b itself at its own height), if stored. */
export function ancestorAt(s: ReplicaState, b: StoredBlock, height: number): StoredBlock | undefined {
  let cur: StoredBlock | undefined = b;
  while (cur !== undefined && cur.block.height > height) cur = parentOf(s, cur);
  return cur !== undefined && cur.block.height === height ? cur : undefined;
}

/**
 * "b extends b_target": the target is on b's ancestor path. A target at or below the committed height lies on
 * every stored block's path exactly when it is the committed block there.
 */
export function extendsBlock(s: ReplicaState, b: StoredBlock, targetHex: string, targetHeight: number): boolean {
  if (targetHeight <= s.committedHeight) return s.committedByHeight.get(targetHeight) === targetHex;
  return ancestorAt(s, b, targetHeight)?.hashHex === targetHex;
}

/** Transaction ids in `tip` and its uncommitted ancestors (the branch a new child of `tip` extends). */
export function branchTxIds(s: ReplicaState, tip: StoredBlock): Set<number> {
  const ids = new Set<number>();
  for (let cur: StoredBlock | undefined = tip; cur !== undefined && cur.block.height > s.committedHeight; cur = parentOf(s, cur)) {
    for (const tx of cur.block.txs) ids.add(tx.id);
  }
  return ids;
}

/** The uncommitted blocks from the committed root (exclusive) up to `tip`, in ascending height. */
export function uncommittedPath(s: ReplicaState, tip: StoredBlock): StoredBlock[] | undefined {
  const path: StoredBlock[] = [];
  let cur: StoredBlock | undefined = tip;
  while (cur !== undefined && cur.block.height > s.committedHeight) {
    path.push(cur);
    cur = parentOf(s, cur);
  }
  if (cur === undefined || cur.hashHex !== s.committedHex) return undefined;
  return path.reverse();
}

/** After a commit: drops stored blocks that no longer descend from the committed block (forks). */
export function pruneForks(s: ReplicaState): void {
  for (const hex of [...s.uncommitted]) {
    const b = s.blocks.get(hex);
    if (b === undefined) {
      s.uncommitted.delete(hex);
      continue;
    }
    if (b.block.height <= s.committedHeight) {
      s.uncommitted.delete(hex);
      if (s.committedByHeight.get(b.block.height) !== hex) s.blocks.delete(hex);
      continue;
    }
    if (ancestorAt(s, b, s.committedHeight)?.hashHex !== s.committedHex) {
      s.uncommitted.delete(hex);
      s.blocks.delete(hex);
    }
  }
}
