// Stage 3 of the import pipeline — validate: every record of the file, checked by its kind (KindHandler.rowLine /
// row) through one reused RecordView; each problem becomes an issue with file, line and column, each valid row goes
// to the write stage. On the direct path, once a row was refused in a file that will be rejected, nothing more is
// written and the rest is only validated (every problem is still reported).
import { makeIssue, type IssueList } from '../issues';
import type { KindHandler, RecordView } from '../kinds/types';
import type { ResolvedField } from '../mapping';
import { allEmptyFrom, type RecordBatch, type SourceRecord } from '../read/records';
import { copyLine } from '../write/copy-text';
import type { CopyWriter } from '../write/copy-writer';

export interface ValidateInput {
  /** Counts records as they are read, so a file refused midway still reports how far it got. */
  tally: { rowsTotal: number };
  records: AsyncIterable<RecordBatch>;
  header: string[];
  /** Fields of the kind resolved to the file's columns. */
  resolved: ReadonlyMap<string, ResolvedField>;
  handler: KindHandler;
  fileName: string;
  /** CSV: records of another width than the header are row issues. */
  checkWidth: boolean;
  /** Land the valid rows of a file with invalid ones (else the file is rejected as a whole). */
  skipInvalid: boolean;
  issues: IssueList;
  writer: CopyWriter;
}

/** Validates every record and hands the valid ones to `writer`; `tally.rowsTotal` counts the records read. */
export async function validateRows(input: ValidateInput): Promise<void> {
  const { records, resolved, handler, fileName, issues, writer, skipInvalid, tally } = input;
  const expectedWidth = input.header.length;
  // One view object for every row (no closures allocated per row): `r`, `line` and `bad` are the current row's.
  let r: SourceRecord = { line: 0, get: () => undefined };
  let line = 0;
  let bad = false;
  const view: RecordView = {
    file: fileName,
    line: 0,
    get: (f) => {
      const rf = resolved.get(f);
      return rf ? r.get(rf) : undefined;
    },
    column: (f) => resolved.get(f)?.column ?? f,
    issue: (code, f, params = {}, value) => {
      bad = true;
      const rf = f ? resolved.get(f) : undefined;
      issues.add(makeIssue(code, { file: fileName, line, column: rf?.column ?? f ?? '', value: value ?? (rf ? (r.get(rf) ?? '') : '') }, params));
    },
  };
  const rowLine = handler.rowLine ?? ((v: RecordView) => {
    const values = handler.row(v);
    return values ? copyLine(values) : null;
  });
  const direct = writer.direct !== undefined;
  for await (const batch of records) {
    for (let k = 0; k < batch.size; k++) {
      r = batch.at(k);
      tally.rowsTotal += 1;
      line = r.line;
      view.line = line;
      bad = false;
      if (input.checkWidth && r.width !== undefined && r.width !== expectedWidth) {
        const extraEmpty = r.width > expectedWidth && allEmptyFrom(r, expectedWidth);
        if (!extraEmpty) {
          view.issue(r.width > expectedWidth ? 'extra_fields' : 'missing_fields', null, { found: r.width, expected: expectedWidth });
          continue;
        }
      }
      const text = rowLine(view);
      if (text === null || bad) continue;
      if (direct) {
        // A file that will be rejected is only validated from here on: nothing more to write.
        if (!writer.isWriting) continue;
        if (!skipInvalid && !issues.isEmpty) {
          writer.stopWriting();
          continue;
        }
      }
      const wait = writer.row(text);
      if (wait) await wait;
    }
    await writer.batchDone();
  }
}
