import type { CreditGate } from './xlsx-credit-gate.mjs';

export { creditGate, ReaderStopped, type CreditGate } from './xlsx-credit-gate.mjs';

export type SheetMessage =
  | { chunk: Uint8Array }
  | { sheet: string }
  | { rows: string[][]; lines: number[] }
  | { done: true; found: boolean };

/** Reads `sheet` (default the first) of the workbook at `path`, or with `namesOnly` only walks its sheets. */
export function readSheet(
  opts: { path: string; sheet?: string; namesOnly: boolean; batchRows: number },
  send: (m: SheetMessage) => void,
  gate: CreditGate,
): Promise<void>;
