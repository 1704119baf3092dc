// How any stage of the import pipeline refuses a file: a Rejection carries the issues the user sees (the job is
// recorded as 'rejected', nothing lands). `checksum` is set when the stage refused the file before reading it whole
// (empty, binary, not JSON): the job then records the checksum of what was looked at.
import { makeIssue, type ImportIssue, type IssueCode, type IssueParams } from './issues';

export class Rejection extends Error {
  constructor(readonly issues: ImportIssue[], readonly checksum?: string) {
    super(issues[0]?.message.en ?? 'rejected');
  }
}

/** A Rejection for a file-level problem (line 0). */
export function fileRejection(file: string, code: IssueCode, params: IssueParams = {}, column = '', checksum?: string): Rejection {
  return new Rejection([makeIssue(code, { file, line: 0, column }, params)], checksum);
}
