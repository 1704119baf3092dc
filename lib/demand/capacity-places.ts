// A building's capacity in places for its service: the registered/entered figure, else its gross m² ÷ the category's
// m² per user norm (organisation settings), marked estimated so that every view can say so.

export interface PlacesInput {
  /** Places from the registry or entered by hand; null = not known. */
  capacityPlaces: number | null;
  grossAreaM2: number | null;
  /** Gross m² per place for the building's category; null = no norm. */
  m2PerPlaceNorm: number | null;
}

export interface Places {
  places: number;
  estimated: boolean;
}

/** Places of a building (persons), or null when neither a figure nor an area with a norm is known. */
export function capacityPlaces(input: PlacesInput): Places | null {
  if (input.capacityPlaces !== null && input.capacityPlaces >= 0) return { places: input.capacityPlaces, estimated: false };
  if (input.grossAreaM2 !== null && input.grossAreaM2 > 0 && input.m2PerPlaceNorm !== null && input.m2PerPlaceNorm > 0) {
    return { places: Math.floor(input.grossAreaM2 / input.m2PerPlaceNorm), estimated: true };
  }
  return null;
}
