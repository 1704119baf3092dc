// The optimise API's body → optimiser options: compatibility omitted means the organisation's default rules (as the
// optimiser form starts from them); an explicit {} means moves within a category only.
import { describe, expect, it } from 'vitest';
import { optimiseBodySchema, optimiseFromBody } from '@/lib/scenarios/api';
import { optimiserDefaultsSchema } from '@/lib/scenarios/optimiser-defaults';
import { scenarioParamsSchema } from '@/lib/scenarios/types';

const defaults = scenarioParamsSchema.parse({});
const compatibility = { culture: ['school', 'administration'], sport: ['sports_hall'] };
const orgRules = optimiserDefaultsSchema.parse({ compatibility, minClosureConfidence: 0.7 });

describe('optimiseFromBody', () => {
  it('uses the organisation default compatibility when the body has none', () => {
    const { options } = optimiseFromBody(optimiseBodySchema.parse({}), defaults, orgRules);
    expect(options.compatibility).toEqual(compatibility);
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

  it('takes the organisation\'s minimum data confidence unless the body sets one, and never allows registry closures unasked', () => {
    expect(optimiseFromBody(optimiseBodySchema.parse({}), defaults, orgRules).options).toMatchObject({ minClosureConfidence: 0.7, allowRegistryClosures: false, placesCeiling: 1 });
    expect(optimiseFromBody(optimiseBodySchema.parse({ minClosureConfidence: 0.4, allowRegistryClosures: true }), defaults, orgRules).options)
      .toMatchObject({ minClosureConfidence: 0.4, allowRegistryClosures: true });
  });
});
