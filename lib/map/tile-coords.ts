import { z } from 'zod';

// z/x/y of a web-mercator tile, validated: 0 ≤ z ≤ 22 and 0 ≤ x, y < 2^z. The y segment may end in .mvt/.pbf.

export interface TileCoords { z: number; x: number; y: number }

const intSegment = z.string().regex(/^\d{1,7}$/).transform(Number);

const tileSchema = z
  .object({ z: intSegment, x: intSegment, y: z.string().regex(/^\d{1,7}(\.(mvt|pbf))?$/).transform((s) => Number(s.split('.')[0])) })
  .refine((t) => t.z <= 22, { message: 'z must be between 0 and 22' })
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, { message: 'x and y must be below 2^z' });

/** Parses route params into tile coordinates, or returns null when they are not a valid tile. */
export function parseTileCoords(params: { z: string; x: string; y: string }): TileCoords | null {
  const parsed = tileSchema.safeParse(params);
  return parsed.success ? parsed.data : null;
}
