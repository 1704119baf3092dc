// Whether a file may be read at all for this user and kind — the ONE check the preview and the import share, so
// the preview can never read more (or for more people) than the import would: facility staff may not read
// registry or footprint files, and a JSON file beyond JSON_FILE_MAX_BYTES is refused before a byte is parsed.
import { JSON_FILE_MAX_BYTES } from '@/lib/config/limits';
import { makeIssue, type ImportIssue } from '../issues';
import type { ImportKind } from '../mapping';

/** Whether the kind reads the file as JSON (footprints and planning areas always; registry when the text starts with { or [). */
export function readsAsJson(kind: ImportKind, firstChar: string | undefined): boolean {
  return kind === 'footprints' || kind === 'planning_areas' || (kind === 'registry' && (firstChar === '{' || firstChar === '['));
}

/** The file-level issue that refuses the file before reading, or null when it may be read. */
export function admissionIssue(
  a: { kind: ImportKind; size: number; json: boolean; buildingIds?: readonly string[] | null; file: string },
): ImportIssue | null {
  if (a.buildingIds && (a.kind === 'registry' || a.kind === 'footprints' || a.kind === 'forecast' || a.kind === 'planning_areas')) return makeIssue('kind_not_permitted', { file: a.file, line: 0 }, { kind: a.kind });
  if (a.json && a.size > JSON_FILE_MAX_BYTES) return makeIssue('file_too_large', { file: a.file, line: 0 }, { limit: `${JSON_FILE_MAX_BYTES / 1024 / 1024} MB` });
  return null;
}
