/**
 * A progress line on a terminal: one line of stderr rewritten in place (`\r` and erase to the
 * end of the line, ECMA-48 EL) a few times a second, and left in place with a newline at the
 * end. Only when stderr is a terminal: piped or redirected, it writes nothing, so a script's
 * stderr holds errors only.
 */

/** How often the line is redrawn, ms: faster is flicker, slower looks stuck. */
const redrawMs = 250;

/** A line of stderr that says how far a long command got. */
export class ProgressLine {
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly started = performance.now();

  /**
   * @param text what the line says; given the seconds since the start, so it can show rates
   */
  constructor(
    private readonly stderr: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly text: (seconds: number) => string,
  ) {
    if (stderr.isTTY !== true) return;
    this.timer = setInterval(() => this.draw(), redrawMs);
    // A finished command must not wait for the next redraw to exit.
    this.timer.unref();
  }

  /** Whether the line is drawn (stderr is a terminal). */
  get active(): boolean {
    return this.timer !== undefined;
  }

  private draw(): void {
    this.stderr.write(`\r\u001b[K${this.text((performance.now() - this.started) / 1000)}`);
  }

  /** Draws the line a last time and ends it, so what follows starts on a line of its own. */
  finish(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.draw();
    this.stderr.write('\n');
  }
}

/** `1234567` as `1,234,567`: counts on a progress line are read at a glance. */
export function groupedDigits(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
