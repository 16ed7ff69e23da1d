/**
 * How a command plugs into the CLI: each command lives in its own module and registers itself on the
 * commander program; `setExit` records the exit code its action decided.
 */
import type { Command } from "commander";

export type SetExit = (code: number) => void;
export type RegisterCommand = (program: Command, setExit: SetExit) => void;

/** commander's collector for repeatable options (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[]): string[] {
  return previous.concat(value);
}
