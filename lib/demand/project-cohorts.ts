// Areal's own estimate of a population by age where a municipality has no forecast: ageing cohorts one year per
// year, births from a stated rate, an optional survival rate per age, no migration. It is a fallback and labelled
// "Areal's own estimate" wherever it is shown (docs/demand.md § Own estimate).

/** Persons by single year of age; index = age. The last index is an open group ("100 and over"). */
export type AgeProfile = readonly number[];

export interface CohortProjectionOptions {
  /** Live births per year per 1,000 residents (crude birth rate; Denmark 2023 ≈ 9.6). */
  birthsPer1000: number;
  /** Share of each age who live to the next year, 0..1 (default: everyone). */
  survival?: (age: number) => number;
}

export interface ProjectedYear {
  year: number;
  persons: number[];
}

/**
 * Projects `base` (persons by age in `baseYear`) to every year up to `horizonYear`: each age moves up one year (the
 * open top group keeps its survivors), and age 0 is births = birthsPer1000 × last year's total ÷ 1,000.
 * Persons stay fractional; rounding is the caller's. The base year itself is the first row.
 */
export function projectCohorts(base: AgeProfile, baseYear: number, horizonYear: number, options: CohortProjectionOptions): ProjectedYear[] {
  if (base.length < 2) throw new Error('an age profile needs at least two ages');
  if (horizonYear < baseYear) throw new Error('the horizon lies before the base year');
  if (!(options.birthsPer1000 >= 0)) throw new Error('the birth rate must be zero or more');
  const survival = options.survival ?? (() => 1);
  const top = base.length - 1;
  const rows: ProjectedYear[] = [{ year: baseYear, persons: [...base] }];
  let previous = [...base];
  for (let year = baseYear + 1; year <= horizonYear; year++) {
    const total = previous.reduce((s, p) => s + p, 0);
    const next = new Array<number>(base.length).fill(0);
    next[0] = (options.birthsPer1000 * total) / 1000;
    for (let age = 0; age < top; age++) next[age + 1] += previous[age] * survival(age);
    next[top] += previous[top] * survival(top);
    rows.push({ year, persons: next });
    previous = next;
  }
  return rows;
}
