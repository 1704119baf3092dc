// The reader's flow control (xlsx-read-sheet.mjs): it sends a batch only when the consumer has taken the one before
// it, at most `credits` ahead. Apart from the reader so that the importing thread can hold a gate without loading
// the reader (large workbooks are read in a worker thread; the reader then loads there only). Types:
// xlsx-credit-gate.d.mts.

/**
 * A gate the reader waits at after each batch: the consumer opens it once per batch it took, or closes it when it
 * stops reading (the reader then ends at its next batch, closing the file).
 */
export function creditGate(credits) {
  let wake = null;
  let closed = false;
  const open = () => {
    wake?.();
    wake = null;
  };
  return {
    give() {
      credits++;
      open();
    },
    close() {
      closed = true;
      open();
    },
    async take() {
      if (credits <= 0 && !closed) await new Promise((resolve) => (wake = resolve));
      if (closed) throw new ReaderStopped();
      credits--;
    },
  };
}

/** The consumer closed the gate: not an error of the workbook. */
export class ReaderStopped extends Error {
  constructor() {
    super('the consumer stopped reading');
  }
}

