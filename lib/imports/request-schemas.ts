// Request bodies of the upload routes (app/api/imports/*), validated with zod at the edge.
import { z } from 'zod';
import { IMPORT_KINDS, mappingSchema } from './mapping';

export const csvOverridesSchema = z
  .object({
    encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
    delimiter: z.enum([';', ',', '\t']).optional(),
    decimal: z.enum([',', '.']).optional(),
    lineEnding: z.enum(['\r\n', '\n', '\r']).optional(),
    header: z.boolean().optional(),
    leadingIndexColumn: z.boolean().optional(),
    /** An .xlsx workbook: the sheet to read. */
    sheet: z.string().min(1).max(200).optional(),
  })
  .default({});

export const previewRequestSchema = z.object({
  uploadId: z.string().uuid(),
  kind: z.enum(IMPORT_KINDS),
  mapping: mappingSchema.partial().default({}),
  settings: csvOverridesSchema,
});

export const startRequestSchema = previewRequestSchema.extend({
  dryRun: z.boolean(),
  skipInvalid: z.boolean().optional(),
  saveMappingAs: z.string().min(1).max(100).optional(),
});
