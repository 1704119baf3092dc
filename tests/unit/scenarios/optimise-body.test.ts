// The optimise API's body → optimiser options: compatibility omitted means the organisation's default rules (as the
// optimiser form starts from them); an explicit {} means moves within a category only.
import { describe, expect, it } from 'vitest';
import { optimiseBodySchema, optimiseFromBody } from '@/lib/scenarios/api';
import { scenarioParamsSchema } from '@/lib/scenarios/types';

const defaults = scenarioParamsSchema.parse({});
const orgRules = { culture: ['school', 'administration'], sport: ['school'] };

describe('optimiseFromBody', () => {
  it('uses the organisation default compatibility when the body has none', () => {
    const { options } = optimiseFromBody(optimiseBodySchema.parse({}), defaults, orgRules);
    expect(options.compatibility).toEqual(orgRules);
  });

  it('keeps an explicit empty compatibility (same category only) and explicit rules', () => {
    expect(optimiseFromBody(optimiseBodySchema.parse({ compatibility: {} }), defaults, orgRules).options.compatibility).toEqual({});
    const own = { health: ['administration'] };
    expect(optimiseFromBody(optimiseBodySchema.parse({ compatibility: own }), defaults, orgRules).options.compatibility).toEqual(own);
  });

  it('takes ceiling and distance from the body into the scenario params', () => {
    const { params, options } = optimiseFromBody(optimiseBodySchema.parse({ ceiling: 0.8, maxDistanceKm: 2 }), defaults);
    expect(params.peakUtilisationCeiling).toBe(0.8);
    expect(params.maxAddedTravelKm).toBe(2);
    expect(options.compatibility).toEqual({});
  });
});
