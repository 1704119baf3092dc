import type { Position } from 'geojson';
import { categoryForUseCode, isAncillaryUseCode, type Category } from '@/lib/registry/categories';
import { closedWeekdays, DAYCARE_CLOSED, SCHOOL_HOLIDAYS } from './calendar';
import {
  buildDistricts, distanceMetres, footprintRing, HERNING_CENTRE, HERNING_DISTRICTS, HERNING_OUTLINE, IKAST_CENTRE, IKAST_DISTRICTS,
  IKAST_OUTLINE, insidePolygon, offsetMetres, type District, type DistrictSeed, type LonLat,
} from './geography';
import type { Random } from './random';

// The demo portfolio: sites (properties) of 1–3 buildings with realistic BBR use codes, areas, years, capacities,
// users, opening hours and tenure, and a hidden "how well used" factor that drives the readings — most buildings
// moderately used, a tail clearly under-used so scenarios have candidates.

export interface OpeningHoursJson { days: number[]; open: number; close: number; closed?: string[] }

export interface DemoProperty { id: string; key: string; name: string; address: string; districtName: string }

export interface DemoBuilding {
  id: string;
  propertyId: string;
  districtName: string;
  registryId: string;
  name: string;
  address: string;
  useCode: number;
  category: Category;
  grossAreaM2: number;
  footprintAreaM2: number;
  floors: number;
  yearBuilt: number;
  capacity: number | null;
  usersTotal: number | null;
  usersByKind: Record<string, number>;
  openingHours: OpeningHoursJson;
  tenure: 'owned' | 'leased';
  annualLeaseDkk: number | null;
  replacementValueDkk: number;
  energyKwhPerYear: number;
  point: LonLat;
  footprint: Position[];
  /** Share of capacity really used at the category's busy hours (drives readings; not stored). */
  usage: number;
  /** 0 = well kept … 1 = neglected (drives the maintenance plan; not stored). */
  neglect: number;
}

export interface DemoOrganisation {
  slug: string;
  name: string;
  kommunekode: string;
  outline: Position[];
  districts: District[];
  properties: DemoProperty[];
  buildings: DemoBuilding[];
}

export interface PortfolioOptions {
  /** Multiplies the number of sites of each kind (1 = the full demo; tests use ~0.1). */
  scale?: number;
}

type Annex = { useCode: number; chance: number; area: [number, number]; floors: [number, number]; label: string };

interface SiteKind {
  key: string;
  /** Category when it differs from categoryForUseCode (let-out buildings). */
  category?: Category;
  codes: number[];
  sites: number;
  area: [number, number];
  floors: [number, number];
  /** Gross m² per place at normal fit; null = no capacity. */
  m2PerPlace: number | null;
  users: ((total: number, r: Random) => Record<string, number>) | null;
  hours: OpeningHoursJson | null;
  leasedChance: number;
  annexes: Annex[];
  name: (r: Random, district: DistrictSeed, used: Set<string>) => string;
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const SHED: Annex = { useCode: 930, chance: 0.3, area: [25, 120], floors: [1, 1], label: 'udhus' };
const GARAGE: Annex = { useCode: 910, chance: 0.3, area: [40, 180], floors: [1, 1], label: 'garage' };
const SCHOOL_HALL: Annex = { useCode: 533, chance: 0.65, area: [900, 1800], floors: [1, 1], label: 'Idrætshal' };

const PLACE_WORDS = ['Solsikken', 'Mælkebøtten', 'Spiren', 'Troldehøjen', 'Regnbuen', 'Bikuben', 'Myretuen', 'Skovtrolden', 'Kastanjen',
  'Egeskoven', 'Lærkereden', 'Mariehønen', 'Humlebien', 'Krudtuglen', 'Pilehytten', 'Stjernen', 'Valmuen', 'Birkelunden', 'Fuglereden',
  'Mosebøllen', 'Bøgely', 'Ahornet', 'Kildebakken', 'Engblommen', 'Lindetræet', 'Nøddebo', 'Hasselhuset', 'Rønnebærret', 'Tusindfryd', 'Hyldebær'];
const SCHOOL_WORDS = ['Bakke', 'Eng', 'Vestervang', 'Nørrebro', 'Å', 'Fredhøj', 'Brændgård', 'Holtbjerg', 'Lindbjerg', 'Hjortebro', 'Sønderager',
  'Kildebjerg', 'Møllevang', 'Hedelund', 'Bøgild', 'Skovbakke', 'Rosenlund', 'Højgård'];
const CARE_WORDS = ['Bakkehuset', 'Solgården', 'Lindely', 'Fredhøj', 'Engbo', 'Åbrinken', 'Skovly', 'Rosenhaven', 'Kærhuset', 'Vestergården',
  'Søbakken', 'Hedebo', 'Toftegården', 'Møllehuset', 'Nørrevang', 'Lyngbo'];

function uniqueName(base: string, district: DistrictSeed, used: Set<string>): string {
  const name = used.has(base) ? `${base}, ${district.name}` : base;
  const final = used.has(name) ? `${name} ${used.size}` : name;
  used.add(final);
  return final;
}

const villageOrWord = (r: Random, d: DistrictSeed, words: string[], suffix: string, villageName: string, used: Set<string>) =>
  uniqueName(d.name !== 'Centrum' && !used.has(villageName) && r.chance(0.6) ? villageName : `${r.pick(words)}${suffix}`, d, used);

const KINDS: SiteKind[] = [
  { key: 'daycare', codes: [441, 441, 441, 440], sites: 82, area: [350, 1500], floors: [1, 2], m2PerPlace: 7,
    users: (n) => ({ children: n, employees: Math.max(2, Math.round(n / 6)) }),
    hours: { days: WEEKDAYS, open: 6, close: 17, closed: closedWeekdays(DAYCARE_CLOSED) }, leasedChance: 0.1, annexes: [SHED],
    name: (r, d, used) => uniqueName(`${r.pick(['Børnehuset', 'Børnehaven', 'Vuggestuen', 'Naturbørnehaven', 'Dagtilbud', 'Børnehuset'])} ${r.pick(PLACE_WORDS)}`, d, used) },
  { key: 'school', codes: [421, 421, 421, 421, 429, 420], sites: 26, area: [2500, 13000], floors: [1, 3], m2PerPlace: 9,
    users: (n) => ({ pupils: n, employees: Math.max(5, Math.round(n / 11)) }),
    hours: { days: WEEKDAYS, open: 7, close: 17, closed: closedWeekdays(SCHOOL_HOLIDAYS) }, leasedChance: 0.02,
    annexes: [SCHOOL_HALL, { ...SHED, chance: 0.5 }],
    name: (r, d, used) => villageOrWord(r, d, SCHOOL_WORDS, 'skolen', `${d.name} Skole`, used) },
  { key: 'administration', codes: [321, 321, 320], sites: 20, area: [500, 8000], floors: [2, 5], m2PerPlace: 18,
    users: (n) => ({ employees: n }), hours: { days: WEEKDAYS, open: 8, close: 16 }, leasedChance: 0.35, annexes: [{ ...GARAGE, chance: 0.2 }],
    name: (r, d, used) => uniqueName(used.has('Rådhuset') ? `${r.pick(['Jobcenter', 'Borgerservice', 'Teknik og Miljø', 'Børn og Unge', 'Social og Sundhed', 'Kontorhus', 'Administrationsbygning', 'Center for Ejendomme'])} ${d.name === 'Centrum' ? r.pick(['Torvet', 'Dalgasgade', 'Bredgade', 'Fredhøj']) : d.name}` : 'Rådhuset', d, used) },
  { key: 'elderly', codes: [160, 160, 442, 449, 490], sites: 30, area: [1200, 7000], floors: [1, 3], m2PerPlace: 60,
    users: (n) => ({ residents: n, employees: Math.max(4, Math.round(n * 0.8)) }),
    // Residents live there round the clock; the hours are the shared rooms' day (what the sensors see).
    hours: { days: ALL_DAYS, open: 7, close: 21 }, leasedChance: 0.08, annexes: [GARAGE],
    name: (r, d, used) => uniqueName(`${r.pick(['Plejecenter', 'Plejecenter', 'Bosted', 'Botilbud', 'Aktivitetscenter'])} ${r.pick(CARE_WORDS)}`, d, used) },
  { key: 'culture', codes: [413, 413, 415, 415, 411, 419], sites: 20, area: [250, 4000], floors: [1, 2], m2PerPlace: 10,
    users: (n) => ({ employees: Math.max(1, Math.round(n / 25)) }), hours: { days: [1, 2, 3, 4, 5, 6], open: 10, close: 20 }, leasedChance: 0.08, annexes: [{ ...SHED, chance: 0.15 }],
    name: (r, d, used) => uniqueName(`${r.pick(['Bibliotek', 'Medborgerhus', 'Kulturhus', 'Forsamlingshus', 'Musikskole'])} ${d.name === 'Centrum' ? r.pick(['Herning', 'Midtby', 'Fredhøj', 'Bethania']) : d.name}`, d, used) },
  { key: 'sport', codes: [533, 533, 533, 532, 531, 539], sites: 22, area: [600, 5000], floors: [1, 2], m2PerPlace: 25,
    users: (n) => ({ employees: Math.max(1, Math.round(n / 60)) }), hours: { days: ALL_DAYS, open: 7, close: 22 }, leasedChance: 0.05,
    annexes: [{ useCode: 531, chance: 0.3, area: [120, 400], floors: [1, 1], label: 'Klubhus' }, { ...SHED, chance: 0.3 }],
    name: (r, d, used) => uniqueName(`${d.name === 'Centrum' ? r.pick(['Herning', 'Fredhøj', 'Holtbjerg', 'Midtby']) : d.name} ${r.pick(['Idrætshal', 'Hallen', 'Idrætscenter', 'Svømmehal', 'Klubhus'])}`, d, used) },
  { key: 'health', codes: [433, 433, 439, 432, 431], sites: 14, area: [300, 2500], floors: [1, 2], m2PerPlace: 25,
    users: (n) => ({ employees: n }), hours: { days: WEEKDAYS, open: 8, close: 16 }, leasedChance: 0.3, annexes: [],
    name: (r, d, used) => uniqueName(`${r.pick(['Sundhedshus', 'Tandplejen', 'Sundhedsplejen', 'Genoptræningscenter', 'Misbrugscenter'])} ${d.name}`, d, used) },
  { key: 'letting', category: 'letting', codes: [441, 421, 321, 415], sites: 10, area: [150, 1400], floors: [1, 2], m2PerPlace: null, users: null,
    hours: null, leasedChance: 0, annexes: [],
    name: (r, d, used) => uniqueName(`${r.pick(['Tidl. børnehave', 'Tidl. skole', 'Lejemål', 'Tidl. forsamlingshus'])} ${d.name} (udlejet)`, d, used) },
  { key: 'depot', codes: [920, 930, 950, 960, 990], sites: 10, area: [80, 600], floors: [1, 1], m2PerPlace: null, users: null,
    hours: null, leasedChance: 0.05, annexes: [{ ...GARAGE, chance: 0.5 }],
    name: (r, d, used) => uniqueName(`${r.pick(['Materielgård', 'Depot', 'Vej og Park, garager', 'Lagerbygning', 'Driftsgård'])} ${d.name}`, d, used) },
];

const SPORT_KIND = KINDS.find((k) => k.key === 'sport')!;

/** Site-level layout constraints: metres between site centres, and the max distance from the town centre. */
const MIN_SITE_SPACING_M = 140;
const MAX_FROM_CENTRE_M = 8_500;

/** Generates the demo municipality (org `demo`, Herning Kommune): ~330 buildings in eight districts. */
export function generateDemoOrganisation(rnd: Random, options: PortfolioOptions = {}): DemoOrganisation {
  const districts = buildDistricts(HERNING_OUTLINE, HERNING_DISTRICTS);
  const { properties, buildings } = generateSites(rnd, KINDS, districts, HERNING_CENTRE, options.scale ?? 1, 'demo');
  return { slug: 'demo', name: 'Herning Kommune (demo)', kommunekode: '0657', outline: HERNING_OUTLINE, districts, properties, buildings };
}

/** A small neighbour (org `demo-nabo`, ~12 buildings) so tests can prove one organisation never sees another's data. */
export function generateNeighbourOrganisation(rnd: Random): DemoOrganisation {
  const districts = buildDistricts(IKAST_OUTLINE, IKAST_DISTRICTS);
  const kinds = KINDS.filter((k) => ['daycare', 'school', 'administration', 'sport'].includes(k.key))
    .map((k) => ({ ...k, sites: k.key === 'daycare' ? 4 : 2, annexes: k.annexes.map((a) => ({ ...a, chance: Math.min(a.chance, 0.3) })) }));
  const { properties, buildings } = generateSites(rnd, kinds, districts, IKAST_CENTRE, 1, 'nabo');
  return { slug: 'demo-nabo', name: 'Ikast-Brande Kommune (demo)', kommunekode: '0756', outline: IKAST_OUTLINE, districts, properties, buildings };
}

function generateSites(rnd: Random, kinds: SiteKind[], districts: District[], centre: LonLat, scale: number, tag: string) {
  const properties: DemoProperty[] = [];
  const buildings: DemoBuilding[] = [];
  const siteCentres: LonLat[] = [];
  const usedNames = new Set<string>();
  const totalWeight = districts.reduce((s, d) => s + d.seed.weight, 0);
  for (const kind of kinds) {
    const n = Math.max(1, Math.round(kind.sites * scale));
    for (let i = 0; i < n; i++) {
      // Weighted district choice, then a site position near the district's centre that keeps its distance.
      let pickW = rnd.range(0, totalWeight);
      const district = districts.find((d) => (pickW -= d.seed.weight) < 0) ?? districts[districts.length - 1];
      const main = mainBuilding(rnd, kind, district);
      const site = placeSite(rnd, district, centre, siteCentres, main.footprintM2);
      siteCentres.push(site);
      const name = kind.name(rnd, district.seed, usedNames);
      const address = `${rnd.pick(district.seed.streets)} ${rnd.int(1, 140)}, ${district.seed.postcode}`;
      const property: DemoProperty = { id: rnd.uuid(), key: `${tag.toUpperCase()}-E${String(properties.length + 1).padStart(4, '0')}`, name, address, districtName: district.name };
      properties.push(property);
      const usage = rnd.chance(0.17) ? rnd.range(0.08, 0.28) : rnd.range(0.4, 0.95);
      const neglect = rnd.chance(0.12) ? rnd.range(0.75, 1) : rnd.range(0, 0.6);
      const angle = rnd.range(0, Math.PI);
      buildings.push(makeBuilding(rnd, kind, main, { name, address, property, district, point: site, angle, usage, neglect }));
      // Annexes (a school's sports hall, a day-care's shed) stand beside the main building on the same site.
      let offset = Math.sqrt(main.footprintM2) * 0.9 + 15;
      for (const annex of kind.annexes) {
        if (!rnd.chance(annex.chance)) continue;
        const gross = Math.round(rnd.range(annex.area[0], annex.area[1]));
        const floors = rnd.int(annex.floors[0], annex.floors[1]);
        const annexFootprint = Math.round(gross / floors);
        const dist = offset + Math.sqrt(annexFootprint) * 0.8;
        offset = dist + Math.sqrt(annexFootprint) * 0.8 + 10;
        const p = offsetMetres(site, Math.cos(angle) * dist, Math.sin(angle) * dist);
        if (!insidePolygon(p, district.geometry)) continue;
        const annexKind: SiteKind = { ...kind, category: undefined, codes: [annex.useCode] };
        const isHall = categoryForUseCode(annex.useCode) === 'sport';
        const spec: MainSpec = { useCode: annex.useCode, gross, floors, footprintM2: annexFootprint };
        buildings.push(makeBuilding(rnd, isHall ? { ...annexKind, m2PerPlace: 25, hours: SPORT_KIND.hours, users: SPORT_KIND.users } : { ...annexKind, m2PerPlace: null, users: null, hours: null, leasedChance: 0 }, spec, {
          name: `${name}, ${annex.label}`, address, property, district, point: p, angle, usage: isHall ? Math.min(0.95, usage * rnd.range(0.9, 1.4)) : usage, neglect,
        }, kind.category === 'letting' ? 'letting' : undefined));
      }
    }
  }
  return { properties, buildings };
}

interface MainSpec { useCode: number; gross: number; floors: number; footprintM2: number }

function mainBuilding(rnd: Random, kind: SiteKind, district: District): MainSpec {
  const village = district.name !== 'Centrum';
  // Village buildings are smaller on average than those in the town centre.
  const hi = village ? kind.area[0] + (kind.area[1] - kind.area[0]) * 0.7 : kind.area[1];
  const gross = Math.round(kind.area[0] + (hi - kind.area[0]) * Math.pow(rnd.next(), 1.4));
  const floors = Math.min(kind.floors[1], Math.max(kind.floors[0], rnd.int(kind.floors[0], kind.floors[1]) - (village && rnd.chance(0.5) ? 1 : 0)));
  return { useCode: rnd.pick(kind.codes), gross, floors, footprintM2: Math.round(gross / floors) };
}

function placeSite(rnd: Random, district: District, centre: LonLat, taken: LonLat[], footprintM2: number): LonLat {
  const margin = Math.sqrt(footprintM2) * 1.5 + 40;
  for (let attempt = 0; attempt < 400; attempt++) {
    const spread = district.seed.spreadM * (1 + attempt / 80);
    const p = offsetMetres(district.seed.centre, rnd.normal() * spread, rnd.normal() * spread);
    if (distanceMetres(p, centre) > MAX_FROM_CENTRE_M) continue;
    if (!insidePolygon(p, district.geometry)) continue;
    // Keep the whole site inside the district: test points `margin` metres away in four directions.
    const edges = [[margin, 0], [-margin, 0], [0, margin], [0, -margin]].map(([e, n]) => offsetMetres(p, e, n));
    if (!edges.every((q) => insidePolygon(q, district.geometry))) continue;
    if (taken.some((q) => distanceMetres(p, q) < MIN_SITE_SPACING_M + margin / 2)) continue;
    return p;
  }
  throw new Error(`no room left for a site in ${district.name}`);
}

interface Placement {
  name: string; address: string; property: DemoProperty; district: District; point: LonLat; angle: number; usage: number; neglect: number;
}

function makeBuilding(rnd: Random, kind: SiteKind, spec: MainSpec, at: Placement, forceCategory?: Category): DemoBuilding {
  const category = forceCategory ?? kind.category ?? categoryForUseCode(spec.useCode);
  const { gross, floors, footprintM2 } = spec;
  // Many municipal buildings are from the 1960s–70s; a few pre-war, some new.
  const yearBuilt = rnd.chance(0.12) ? rnd.int(1900, 1939) : rnd.chance(0.6) ? rnd.int(1955, 1985) : rnd.int(1986, 2020);
  const spaceFactor = rnd.range(0.8, 1.7);
  const capacity = kind.m2PerPlace ? Math.max(5, Math.round(gross / (kind.m2PerPlace * spaceFactor))) : null;
  const usersTotalRaw = capacity ? Math.max(3, Math.round(capacity * rnd.range(0.55, 1.02))) : null;
  const usersByKind = usersTotalRaw && kind.users ? kind.users(usersTotalRaw, rnd) : {};
  const usersTotal = usersTotalRaw && kind.users ? Object.values(usersByKind).reduce((s, v) => s + v, 0) : null;
  const leased = rnd.chance(kind.leasedChance);
  const energyPerM2 = (yearBuilt < 1960 ? rnd.range(150, 220) : yearBuilt < 1990 ? rnd.range(110, 170) : rnd.range(60, 120)) * (spec.useCode === 532 ? 3 : 1);
  const ancillary = isAncillaryUseCode(spec.useCode);
  const cut = footprintM2 > 400 && rnd.chance(0.4) ? rnd.range(0.35, 0.6) : null;
  return {
    id: rnd.uuid(),
    propertyId: at.property.id,
    districtName: at.district.name,
    registryId: rnd.uuid(),
    name: at.name,
    address: at.address,
    useCode: spec.useCode,
    category,
    grossAreaM2: gross,
    footprintAreaM2: footprintM2,
    floors,
    yearBuilt,
    capacity,
    usersTotal,
    usersByKind,
    openingHours: kind.hours ?? { days: WEEKDAYS, open: 7, close: 15 },
    tenure: leased ? 'leased' : 'owned',
    annualLeaseDkk: leased ? Math.round(gross * rnd.range(650, 1300)) : null,
    replacementValueDkk: Math.round(gross * (ancillary ? rnd.range(6_000, 11_000) : rnd.range(18_000, 32_000))),
    energyKwhPerYear: Math.round(gross * (ancillary ? energyPerM2 * 0.3 : energyPerM2)),
    point: at.point,
    footprint: footprintRing(at.point, footprintM2, rnd.range(1, 2.6), at.angle, cut),
    usage: at.usage,
    neglect: at.neglect,
  };
}

