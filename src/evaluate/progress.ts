/**
 * Progress of a batch of runs on stderr (ARCHITECTURE §7: progress bars only on a TTY). On a terminal, one
 * line redrawn in place: a bar, done/total, running, elapsed and an estimate of what is left. Elsewhere (CI,
 * Slurm logs, pipes), a plain line when a point finishes, at most one every `intervalSeconds`, plus the first
 * and the last. Wall clock is read here only for display; nothing reaches a result.
 */
export interface ProgressStream {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

export class Progress {
  private done = 0;
  private readonly startedMs = performance.now();
  private lastLineMs = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly label: string,
    private readonly total: number,
    /** How many run at once (the pool size): the display shows min(parallel, left) running. */
    private readonly parallel: number,
    private readonly stream: ProgressStream = process.stderr,
    private readonly intervalSeconds = 10,
  ) {}

  start(): void {
    if (this.stream.isTTY === true) {
      this.timer = setInterval(() => this.draw(), 1000);
      this.timer.unref();
      this.draw();
    } else {
      this.line();
    }
  }

  finished(): void {
    this.done++;
    if (this.stream.isTTY === true) this.draw();
    else if (this.done === this.total || performance.now() - this.lastLineMs >= this.intervalSeconds * 1000) this.line();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.stream.isTTY === true) {
      this.draw();
      this.stream.write("\n");
    }
  }

  private status(): string {
    const elapsed = (performance.now() - this.startedMs) / 1000;
    const left = this.done > 0 && this.done < this.total ? `, about ${clock((elapsed / this.done) * (this.total - this.done))} left` : "";
    return `${this.done}/${this.total} done, ${Math.min(this.parallel, this.total - this.done)} running, ${clock(elapsed)} elapsed${left}`;
  }

  private draw(): void {
    const width = 24;
    const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
    const text = `${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${this.status()}`;
    const columns = this.stream.columns ?? 100;
    this.stream.write(`\r${text.slice(0, Math.max(20, columns - 1)).padEnd(Math.max(20, columns - 1))}`);
  }

  private line(): void {
    this.lastLineMs = performance.now();
    this.stream.write(`${this.label}: ${this.status()}\n`);
  }
}
