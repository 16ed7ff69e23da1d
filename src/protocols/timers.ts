/**
 * Named timer slots for sans-IO protocols: a slot holds at most one armed timer; re-arming makes the earlier
 * arming stale, and a fired tag that is not the slot's current one is ignored. Tags count per replica (never a
 * module-global counter), so two runs of the same scenario produce the same tags.
 */
import type { NodeContext, TimerId, TimerTag } from "./types.js";

export interface TimerSlot {
  id?: TimerId;
  tag?: TimerTag;
}

/** The replica state that numbers its timers. */
export interface TimerOwner {
  timerSeq: number;
}

type TimerContext = Pick<NodeContext<unknown>, "setTimer" | "cancelTimer">;

/** (Re)arms `slot` to fire after `afterUs`; any earlier arming of the same slot becomes stale. */
export function armTimer(ctx: TimerContext, owner: TimerOwner, slot: TimerSlot, kind: string, afterUs: number): void {
  disarmTimer(ctx, slot);
  owner.timerSeq++;
  const tag: TimerTag = `${kind}#${owner.timerSeq}`;
  slot.tag = tag;
  slot.id = ctx.setTimer(Math.max(0, Math.round(afterUs)), tag);
}

export function disarmTimer(ctx: TimerContext, slot: TimerSlot): void {
  if (slot.id !== undefined) ctx.cancelTimer(slot.id);
  slot.id = undefined;
  slot.tag = undefined;
}

export function isArmed(slot: TimerSlot): boolean {
  return slot.tag !== undefined;
}

/** True when `tag` is the slot's current arming (then the slot is cleared: it has fired). */
export function firedNow(slot: TimerSlot, tag: TimerTag): boolean {
  if (slot.tag !== tag) return false;
  slot.id = undefined;
  slot.tag = undefined;
  return true;
}
