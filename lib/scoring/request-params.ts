// Search-parameter schemas of the scores API (zod), shared by the route handlers and the ranking page.
import { z } from 'zod';
import { CATEGORIES } from '@/lib/registry/categories';

export const scoresQuerySchema = z.object({
  category: z.enum(CATEGORIES).optional(),
  district: z.string().trim().min(1).max(200).optional(),
  minConfidence: z.coerce.number().min(0).max(1).optional(),
  /** "0.5,0.3,0.2" or "utilisation:0.5,cost:0.3,condition:0.2"; parsed by parseWeightsParam(). */
  weights: z.string().max(200).optional(),
});

export const buildingIdSchema = z.string().uuid();
