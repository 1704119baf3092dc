export interface CreditGate {
  give(): void;
  close(): void;
  take(): Promise<void>;
}

/** The consumer closed the gate: not an error of the workbook. */
export class ReaderStopped extends Error {}

export type SheetMessage =
  | { chunk: Uint8Array }
  | { sheet: string }
  | { rows: string[][]; lines: number[] }
  | { done: true; found: boolean };

/** A gate the reader waits at after each batch: the consumer opens it once per batch it took. */
export function creditGate(credits: number): CreditGate;

/** Reads `sheet` (default the first) of the workbook at `path`, or with `namesOnly` only walks its sheets. */
export function readSheet(
  opts: { path: string; sheet?: string; namesOnly: boolean; batchRows: number },
  send: (m: SheetMessage) => void,
  gate: CreditGate,
): Promise<void>;
