export interface CreditGate {
  give(): void;
  close(): void;
  take(): Promise<void>;
}

/** The consumer closed the gate: not an error of the workbook. */
export class ReaderStopped extends Error {}

/** A gate the reader waits at after each batch: the consumer opens it once per batch it took, or closes it. */
export function creditGate(credits: number): CreditGate;
