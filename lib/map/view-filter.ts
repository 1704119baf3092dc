import { z } from 'zod';
import { CATEGORIES } from '@/lib/registry/categories';

// The map's filters, shared by the URL, the portfolio summary API and the MapLibre style filter.

export const COLOUR_KEYS = ['combined', 'util', 'cost', 'cond', 'category'] as const;
export type ColourKey = (typeof COLOUR_KEYS)[number];

const num = (min: number, max: number) => z.coerce.number().min(min).max(max);

export const viewFilterSchema = z.object({
  bbox: z
    .string()
    .regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/)
    .transform((s) => s.split(',').map(Number) as [number, number, number, number])
    .optional(),
  category: z.enum(CATEGORIES).optional(),
  district: z.string().max(100).optional(),
  colour: z.enum(COLOUR_KEYS).default('combined'),
  min: num(0, 100).default(0),
  max: num(0, 100).default(100),
  minConf: num(0, 100).default(0),
});

export type ViewFilter = z.infer<typeof viewFilterSchema>;

/** Parses URL search params into a filter; unknown or malformed values fall back to defaults. */
export function parseViewFilter(params: URLSearchParams | Record<string, string | undefined>): ViewFilter {
  const raw = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = viewFilterSchema.safeParse(clean);
  if (parsed.success) return parsed.data;
  // Keep the valid parts: drop each failing key and try again.
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  return viewFilterSchema.parse(Object.fromEntries(Object.entries(clean).filter(([k]) => !bad.has(k))));
}
