/**
 * The TypeScript examples of the documents at the root of the repository, for the tests that
 * compile them (`test/unit/docs/code-blocks.test.ts`) and run them
 * (`test/unit/docs/runnable-examples.test.ts`).
 *
 * HTML comments right before a block (hidden on the rendered page) say how to treat it:
 * `<!-- ts-prelude: declare const rows: Row[]; -->` is TypeScript put before a fragment that
 * uses names it does not define; `<!-- ts-run -->` marks a block that is a whole test file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository's root folder. */
export const repositoryRoot = resolve(import.meta.dirname, '..', '..');

/** One fenced TypeScript block of a document. */
export interface DocumentBlock {
  readonly document: string;
  /** Line (1-based) of the block's first code line in the document. */
  readonly line: number;
  /** The `ts-prelude` comment's TypeScript, or ''. */
  readonly prelude: string;
  /** Whether a `ts-run` comment marks it as a test file to run. */
  readonly run: boolean;
  readonly code: string;
}

/** The ```ts blocks of `text`, with the marker comments that precede each. */
export function codeBlocks(document: string, text: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  const fence = /^```(ts|typescript)\s*\n([\s\S]*?)^```\s*$/gm;
  for (const match of text.matchAll(fence)) {
    const comments: string[] = [];
    let before = text.slice(0, match.index).trimEnd();
    for (
      let c = /<!--((?:(?!-->)[\s\S])*)-->$/.exec(before);
      c;
      c = /<!--((?:(?!-->)[\s\S])*)-->$/.exec(before)
    ) {
      comments.push((c[1] ?? '').trim());
      before = before.slice(0, c.index).trimEnd();
    }
    const prelude =
      comments
        .find((c) => c.startsWith('ts-prelude:'))
        ?.slice('ts-prelude:'.length)
        .trim() ?? '';
    const line = text.slice(0, match.index).split('\n').length + 1;
    blocks.push({ document, line, prelude, run: comments.includes('ts-run'), code: match[2] ?? '' });
  }
  return blocks;
}

/** Every block of every root document (README.md, ARCHITECTURE.md, ...). */
export function documentBlocks(): DocumentBlock[] {
  return readdirSync(repositoryRoot)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .flatMap((d) => codeBlocks(d, readFileSync(join(repositoryRoot, d), 'utf8')));
}

/** The package's specifiers users import (`kafe`, `kafe/testing`, `kafe/otel`), mapped to their sources. */
export function packageSources(): Record<string, string> {
  const entries: Record<string, string> = {
    kafe: 'src/index.ts',
    'kafe/testing': 'src/testing/index.ts',
    'kafe/otel': 'src/otel/index.ts',
    'kafe/kafkajs': 'src/kafkajs/index.ts',
  };
  return Object.fromEntries(
    Object.entries(entries)
      .map(([name, file]) => [name, join(repositoryRoot, file)] as const)
      .filter(([, file]) => existsSync(file)),
  );
}
