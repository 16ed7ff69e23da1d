/**
 * Semantic checks of `faults:`, `adversaries:` and `protocol.quorumOverride` (issue 6): node ids in range,
 * regions that nodes are placed in, ends after starts, disjoint partition groups and twins splits, one
 * strategy per node, equivocation only where a protocol-aware strategy exists. Every problem names its field.
 */
import type { AdversaryDocument, FaultDocument, ScenarioDocument, TargetDocument } from "./document.js";
import { mismatch, type Issue, type PathSegment } from "./errors.js";
import { suggest } from "./suggest.js";
import { parseDurationUs } from "./units.js";

/** Protocols with a protocol-aware equivocation strategy (src/faults/strategies/<protocol>.ts). */
export const EQUIVOCATING_PROTOCOLS: readonly string[] = ["pbft", "hotstuff", "tendermint"];

function checkId(doc: ScenarioDocument, id: number, path: readonly PathSegment[], issues: Issue[]): boolean {
  if (id < doc.nodes.count) return true;
  issues.push(mismatch(path, `a node id from 0 to ${doc.nodes.count - 1} (nodes.count is ${doc.nodes.count})`, String(id)));
  return false;
}

function checkIds(doc: ScenarioDocument, ids: readonly number[], path: PathSegment[], issues: Issue[]): void {
  ids.forEach((id, index) => {
    const idPath = [...path, index];
    if (checkId(doc, id, idPath, issues) && ids.indexOf(id) !== index) issues.push({ path: idPath, message: `node ${id} is listed twice` });
  });
}

function checkTarget(doc: ScenarioDocument, target: TargetDocument | undefined, path: PathSegment[], issues: Issue[]): void {
  if (target === undefined) return;
  if (Array.isArray(target)) {
    checkIds(doc, target, path, issues);
    return;
  }
  if (!target.startsWith("region:")) return;
  const region = target.slice("region:".length);
  const placed = doc.nodes.placement.regions;
  if (!placed.includes(region)) {
    issues.push(mismatch(path, `region:<name> with a region nodes are placed in (${placed.join(", ")})`, `'${target}'`, suggest(region, placed)));
  }
}

function endOf(fault: FaultDocument): { key: string; value: string | number | undefined } {
  switch (fault.kind) {
    case "crash":
      return { key: "recover", value: fault.recover };
    case "partition":
    case "isolate":
      return { key: "heal", value: fault.heal };
    default:
      return { key: "until", value: fault.until };
  }
}

export function checkFault(doc: ScenarioDocument, fault: FaultDocument, path: PathSegment[], issues: Issue[]): void {
  const atUs = parseDurationUs(fault.at);
  if (atUs >= parseDurationUs(doc.duration)) {
    issues.push(mismatch([...path, "at"], `a time before the end of the run (duration ${String(doc.duration)})`, `'${String(fault.at)}'`));
  }
  const end = endOf(fault);
  if (end.value !== undefined && parseDurationUs(end.value) <= atUs) {
    issues.push(mismatch([...path, end.key], `a time after 'at' (${String(fault.at)})`, `'${String(end.value)}'`));
  }
  if (fault.kind === "link") {
    checkTarget(doc, fault.from, [...path, "from"], issues);
    checkTarget(doc, fault.to, [...path, "to"], issues);
    return;
  }
  if (fault.kind === "partition") {
    checkPartition(doc, fault, path, issues);
    return;
  }
  checkTarget(doc, fault.nodes, [...path, "nodes"], issues);
}

function checkPartition(
  doc: ScenarioDocument, fault: Extract<FaultDocument, { kind: "partition" }>, path: PathSegment[], issues: Issue[],
): void {
  if ((fault.groups === undefined) === (fault.nodes === undefined)) {
    issues.push({ path: [...path, fault.groups === undefined ? "groups" : "nodes"], message: "a partition needs exactly one of 'groups' (explicit) or 'nodes' (those nodes against the rest)" });
    return;
  }
  if (fault.groups === undefined) {
    checkTarget(doc, fault.nodes, [...path, "nodes"], issues);
    return;
  }
  checkDisjoint(doc, fault.groups, [...path, "groups"], "partition groups", issues);
}

function checkDisjoint(doc: ScenarioDocument, groups: readonly number[][], path: PathSegment[], what: string, issues: Issue[]): void {
  const groupOf = new Map<number, number>();
  groups.forEach((group, g) => {
    group.forEach((id, index) => {
      const idPath = [...path, g, index];
      if (!checkId(doc, id, idPath, issues)) return;
      const earlier = groupOf.get(id);
      if (earlier !== undefined) {
        const where = earlier === g ? "twice in this group" : `already in group ${earlier}`;
        issues.push({ path: idPath, message: `node ${id} is ${where}; ${what} must be disjoint`, found: String(id) });
      } else {
        groupOf.set(id, g);
      }
    });
  });
}

export function checkAdversary(doc: ScenarioDocument, entry: AdversaryDocument, path: PathSegment[], issues: Issue[]): void {
  checkIds(doc, entry.nodes, [...path, "nodes"], issues);
  const earlier = (doc.adversaries ?? []).slice(0, Number(path[path.length - 1]));
  entry.nodes.forEach((id, index) => {
    if (earlier.some((other) => other.nodes.includes(id))) {
      issues.push({ path: [...path, "nodes", index], message: `node ${id} already has a strategy in an earlier adversaries entry` });
    }
  });
  if (entry.strategy === "equivocate" && !EQUIVOCATING_PROTOCOLS.includes(doc.protocol.name)) {
    issues.push(mismatch([...path, "strategy"], `a strategy ${doc.protocol.name} supports (equivocate: ${EQUIVOCATING_PROTOCOLS.join(", ")})`, "'equivocate'"));
  }
  if (entry.strategy !== "twins") {
    if (entry.split !== undefined) issues.push({ path: [...path, "split"], message: `only used with strategy: twins (the strategy is ${entry.strategy})` });
    return;
  }
  if (entry.split === undefined) {
    issues.push({ path: [...path, "strategy"], message: "strategy: twins needs split: [[peers of copy 1], [peers of copy 2]]" });
    return;
  }
  if (entry.split.length !== 2) issues.push(mismatch([...path, "split"], "exactly two groups (one per copy)", `${entry.split.length} groups`));
  checkDisjoint(doc, entry.split, [...path, "split"], "twins groups", issues);
  entry.split.forEach((group, g) => group.forEach((id, index) => {
    if (entry.nodes.includes(id)) issues.push({ path: [...path, "split", g, index], message: `node ${id} is the twinned node itself; list its peers` });
  }));
}

export function checkQuorumOverride(doc: ScenarioDocument, issues: Issue[]): void {
  const override = doc.protocol.quorumOverride;
  if (typeof override !== "number") return;
  const powers = Array.isArray(doc.protocol.votingPower) ? (doc.protocol.votingPower as number[]) : undefined;
  const total = powers === undefined ? doc.nodes.count : powers.reduce((a, b) => a + b, 0);
  if (override > total) {
    const what = powers === undefined ? `nodes.count (${total})` : `the total voting power (${total})`;
    issues.push(mismatch(["protocol", "quorumOverride"], `at most ${what}`, String(override)));
  }
}
