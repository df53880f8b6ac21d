/**
 * What commands print: aligned tables (a bold header and colour on a terminal, the same text
 * without escape codes when piped), JSON for `--json`, and single lines. A table or JSON
 * document is written with one `write`, so an interrupted command never leaves half a table.
 * Colour follows the NO_COLOR / FORCE_COLOR conventions (no-color.org).
 */

/** A table cell: printed as is; null and undefined print as `-`. */
export type Cell = string | number | bigint | boolean | null | undefined;

const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

/** A colour (or style) that commands may apply to a piece of text. */
export type Colour = keyof typeof codes;

/** Whether output to `stream` gets colour: a terminal, unless NO_COLOR says no; FORCE_COLOR says yes. */
export function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** JSON with bigints as numbers when exact, else as strings, and buffers as base64. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint')
        return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(v)
          : v.toString();
      if (v instanceof Map) return Object.fromEntries(v);
      if (v instanceof Set) return [...v];
      return v;
    },
    indent,
  );
}

/** The printed form of a cell. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '-';
  return String(cell);
}

/** Renders rows under headers, columns aligned, two spaces between them (no colour). */
export function renderTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string[] {
  const texts = rows.map((row) => headers.map((_, i) => cellText(row[i])));
  const widths = headers.map((h, i) => Math.max(h.length, ...texts.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...texts.map(line)];
}

/** A command's output on `io.stdout`. */
export class Output {
  /** Whether `--json` was given: commands print {@link json} instead of tables. */
  readonly json: boolean;
  private readonly colour: boolean;

  constructor(
    private readonly io: {
      readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
      readonly env: NodeJS.ProcessEnv;
    },
    options: { json: boolean },
  ) {
    this.json = options.json;
    this.colour = colourFor(io.stdout, io.env);
  }

  /** `text` in a colour when the output is a terminal, else as is. */
  paint(colour: Colour, text: string): string {
    if (!this.colour) return text;
    const [on, off] = codes[colour];
    return `\u001b[${on}m${text}\u001b[${off}m`;
  }

  /** Writes lines, each ended by a newline, in one write. */
  lines(lines: readonly string[]): void {
    if (lines.length > 0) this.io.stdout.write(`${lines.join('\n')}\n`);
  }

  /** Writes a value as one JSON document. */
  document(value: unknown): void {
    this.io.stdout.write(`${toJson(value, 2)}\n`);
  }

  /** Writes a table; an empty one prints its header only. */
  table(headers: readonly string[], rows: readonly (readonly Cell[])[]): void {
    const [head, ...body] = renderTable(headers, rows);
    this.lines([this.paint('bold', head!), ...body]);
  }
}
