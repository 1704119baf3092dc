import type { Category } from '@/lib/registry/categories';
import { categoryForUseCode } from '@/lib/registry/categories';
import { herningDistricts, HERNING, IKAST, outline, rectangleFootprint, ringToWkt, type DistrictCell, type Ring } from './geography';
import type { Random } from './random';

// The demo portfolio: buildings with realistic areas, capacities, users and opening hours per category,
// and a hidden "how well used" factor that drives the generated readings (some clearly under-used).

export interface OpeningHours { days: number[]; open: number; close: number }

export interface DemoBuilding {
  id: string;
  propertyKey: string;
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
  openingHours: OpeningHours;
  tenure: 'owned' | 'leased';
  annualLeaseDkk: number | null;
  replacementValueDkk: number;
  energyKwhPerYear: number;
  lon: number;
  lat: number;
  footprintWkt: string;
  /** How much of its capacity the building is really used (drives readings; not stored). */
  usage: number;
}

export interface DemoOrganisation {
  slug: string;
  name: string;
  kommunekode: string;
  boundary: Ring;
  districts: DistrictCell[];
  buildings: DemoBuilding[];
}

interface Kind {
  category: Category;
  codes: number[];
  count: number;
  area: [number, number];
  floors: [number, number];
  m2PerPlace: number | null;
  userKind: string | null;
  hours: OpeningHours;
  names: string[];
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

const KINDS: Kind[] = [
  { category: 'daycare', codes: [441, 440], count: 72, area: [380, 1500], floors: [1, 2], m2PerPlace: 7, userKind: 'children', hours: { days: WEEKDAYS, open: 6, close: 17 },
    names: ['Børnehuset', 'Vuggestuen', 'Børnehaven', 'Dagtilbud', 'Naturbørnehaven', 'Integreret institution'] },
  { category: 'school', codes: [421, 421, 429], count: 32, area: [2500, 14000], floors: [1, 3], m2PerPlace: 9, userKind: 'pupils', hours: { days: WEEKDAYS, open: 7, close: 17 },
    names: ['Skole', 'Skolen', 'Friskole', 'Ungdomsskole', 'SFO'] },
  { category: 'administration', codes: [321, 320], count: 26, area: [600, 9000], floors: [2, 5], m2PerPlace: 18, userKind: 'employees', hours: { days: WEEKDAYS, open: 8, close: 16 },
    names: ['Rådhus', 'Administrationsbygning', 'Jobcenter', 'Borgerservice', 'Teknik og Miljø', 'Kontorhus'] },
  { category: 'elderly', codes: [160, 442, 449], count: 34, area: [1200, 7500], floors: [1, 3], m2PerPlace: 60, userKind: 'residents', hours: { days: ALL_DAYS, open: 0, close: 24 },
    names: ['Plejecenter', 'Aktivitetscenter', 'Bosted', 'Botilbud', 'Ældrecenter'] },
  { category: 'culture', codes: [413, 415, 411, 414], count: 26, area: [250, 3500], floors: [1, 2], m2PerPlace: 10, userKind: 'visitors', hours: { days: [1, 2, 3, 4, 5, 6], open: 10, close: 20 },
    names: ['Bibliotek', 'Medborgerhus', 'Kulturhus', 'Forsamlingshus', 'Musikskole'] },
  { category: 'sport', codes: [533, 532, 531, 539], count: 30, area: [700, 5500], floors: [1, 2], m2PerPlace: 25, userKind: 'visitors', hours: { days: ALL_DAYS, open: 7, close: 22 },
    names: ['Idrætshal', 'Svømmehal', 'Klubhus', 'Hallen', 'Idrætscenter'] },
  { category: 'health', codes: [431, 439, 432], count: 20, area: [300, 2500], floors: [1, 2], m2PerPlace: 25, userKind: 'employees', hours: { days: WEEKDAYS, open: 8, close: 16 },
    names: ['Sundhedshus', 'Tandpleje', 'Sundhedspleje', 'Genoptræning'] },
  { category: 'letting', codes: [321, 441, 415], count: 14, area: [150, 1200], floors: [1, 2], m2PerPlace: null, userKind: null, hours: { days: WEEKDAYS, open: 8, close: 16 },
    names: ['Udlejet ejendom', 'Lejemål', 'Tidl. børnehave (udlejet)'] },
  { category: 'other', codes: [910, 920, 930, 960], count: 66, area: [20, 400], floors: [1, 1], m2PerPlace: null, userKind: null, hours: { days: WEEKDAYS, open: 7, close: 15 },
    names: ['Materielgård', 'Garage', 'Skur', 'Depot', 'Udhus'] },
];

const STREETS = ['Bredgade', 'Østergade', 'Vestergade', 'Nørregade', 'Søndergade', 'Skolegade', 'Fredhøjvej', 'Gullestrupvej', 'Holstebrovej',
  'Silkeborgvej', 'Ringkøbingvej', 'Viborgvej', 'Vejlevej', 'Hammerum Hovedgade', 'Lindvej', 'Tjørringvej', 'Sunds Hovedgade', 'Snejbjergvej',
  'Gjellerupvej', 'Kirkegade', 'Fabriksvej', 'Grønnegade', 'Engdalsvej', 'Birk Centerpark', 'Æblehaven', 'Ågade', 'Søvej', 'Bøgildvej'];
const PLACE_NAMES = ['Solsikken', 'Mælkebøtten', 'Egebakken', 'Lærkereden', 'Skovbrynet', 'Havbakken', 'Åbyen', 'Nørrelykke', 'Rosenlund',
  'Bakkely', 'Kildebjerg', 'Møllevangen', 'Engbo', 'Søbakken', 'Hedebo', 'Fælledgården', 'Brændgård', 'Holtbjerg', 'Langhøj', 'Vestervang'];

function zip(district: string): string {
  if (district === 'Sunds') return '7451 Sunds';
  if (district === 'Hammerum') return '7400 Herning'; // Hammerum has 7400 in parts
  if (district === 'Gjellerup') return '7400 Herning';
  return '7400 Herning';
}

/** Generates the demo municipality (org `demo`): 320 buildings in eight districts around Herning. */
export function generateDemoOrganisation(rnd: Random): DemoOrganisation {
  const dLon = 0.13;
  const dLat = 0.075;
  const districts = herningDistricts(dLon, dLat);
  const buildings = generateBuildings(rnd, KINDS, districts, HERNING, 1);
  return { slug: 'demo', name: 'Herning Kommune (demo)', kommunekode: '0657', boundary: outline(HERNING, dLon, dLat), districts, buildings };
}

/** A small neighbouring organisation (org `demo-nabo`) used to prove one organisation never sees another's data. */
export function generateNeighbourOrganisation(rnd: Random): DemoOrganisation {
  const dLon = 0.05;
  const dLat = 0.03;
  const kinds = KINDS.filter((k) => ['daycare', 'school', 'administration', 'sport'].includes(k.category)).map((k) => ({ ...k, count: 3 }));
  const districts: DistrictCell[] = [{ name: 'Ikast', cell: [IKAST.lon - dLon, IKAST.lat - dLat, IKAST.lon + dLon, IKAST.lat + dLat] }];
  const buildings = generateBuildings(rnd, kinds, districts, IKAST, 2);
  return { slug: 'demo-nabo', name: 'Ikast-Brande Kommune (demo)', kommunekode: '0756', boundary: outline(IKAST, dLon, dLat), districts, buildings };
}

function extent(districts: DistrictCell[]): [number, number, number, number] {
  return [
    Math.min(...districts.map((d) => d.cell[0])), Math.min(...districts.map((d) => d.cell[1])),
    Math.max(...districts.map((d) => d.cell[2])), Math.max(...districts.map((d) => d.cell[3])),
  ];
}

function inCell(d: DistrictCell, lon: number, lat: number): boolean {
  const margin = 0.002;
  return lon > d.cell[0] + margin && lon < d.cell[2] - margin && lat > d.cell[1] + margin && lat < d.cell[3] - margin;
}

function generateBuildings(rnd: Random, kinds: Kind[], districts: DistrictCell[], centre: { lon: number; lat: number }, orgNo: number): DemoBuilding[] {
  const out: DemoBuilding[] = [];
  let propertyNo = 0;
  for (const kind of kinds) {
    for (let i = 0; i < kind.count; i++) {
      // Denser towards the town centre, like a real town; the district is the cell the building falls in.
      const [minLon, minLat, maxLon, maxLat] = extent(districts);
      let lon = 0;
      let lat = 0;
      do {
        const pull = Math.pow(rnd.next(), 0.8);
        const angle = rnd.range(0, 2 * Math.PI);
        lon = centre.lon + Math.cos(angle) * pull * (maxLon - minLon) * 0.47;
        lat = centre.lat + Math.sin(angle) * pull * (maxLat - minLat) * 0.47;
      } while (!districts.some((d) => inCell(d, lon, lat)));
      const district = districts.find((d) => inCell(d, lon, lat))!;
      const gross = Math.round(rnd.range(kind.area[0], kind.area[1]));
      const floors = rnd.int(kind.floors[0], kind.floors[1]);
      const footprint = Math.round(gross / floors);
      const useCode = rnd.pick(kind.codes);
      const category = kind.category === 'letting' ? 'letting' : categoryForUseCode(useCode);
      // Space per place varies: some buildings have far more m² than their users need.
      const spaceFactor = rnd.range(0.8, 1.7);
      const capacity = kind.m2PerPlace ? Math.max(5, Math.round(gross / (kind.m2PerPlace * spaceFactor))) : null;
      const usersTotal = capacity ? Math.max(3, Math.round(capacity * rnd.range(0.55, 1.02))) : null;
      const usersByKind: Record<string, number> = {};
      if (usersTotal && kind.userKind) {
        usersByKind[kind.userKind] = usersTotal;
        if (kind.userKind !== 'employees') usersByKind.employees = Math.max(1, Math.round(usersTotal / (kind.category === 'daycare' ? 6 : 12)));
      }
      const leased = kind.category !== 'other' && rnd.chance(kind.category === 'administration' ? 0.35 : 0.12);
      // Utilisation driver: mostly moderate, a tail of clearly under-used buildings.
      const usage = rnd.chance(0.18) ? rnd.range(0.08, 0.3) : rnd.range(0.35, 0.95);
      const placeName = rnd.pick(PLACE_NAMES);
      const kindName = rnd.pick(kind.names);
      const name = kind.category === 'school' || kind.category === 'culture' || kind.category === 'sport'
        ? `${placeName} ${kindName}`
        : `${kindName} ${placeName}`;
      const street = rnd.pick(STREETS);
      const ring = rectangleFootprint(lon, lat, footprint, rnd.range(1, 3), rnd.range(0, Math.PI));
      if (rnd.chance(0.55) || propertyNo === 0) propertyNo++;
      out.push({
        id: rnd.uuid(),
        propertyKey: `P-${orgNo}-${String(propertyNo).padStart(4, '0')}`,
        districtName: district.name,
        registryId: rnd.uuid(),
        name,
        address: `${street} ${rnd.int(1, 160)}, ${zip(district.name)}`,
        useCode,
        category,
        grossAreaM2: gross,
        footprintAreaM2: footprint,
        floors,
        yearBuilt: rnd.chance(0.15) ? rnd.int(1890, 1939) : rnd.int(1945, 2021),
        capacity,
        usersTotal,
        usersByKind,
        openingHours: kind.hours,
        tenure: leased ? 'leased' : 'owned',
        annualLeaseDkk: leased ? Math.round(gross * rnd.range(650, 1250)) : null,
        replacementValueDkk: Math.round(gross * rnd.range(18_000, 32_000)),
        energyKwhPerYear: Math.round(gross * rnd.range(70, 190)),
        lon,
        lat,
        footprintWkt: ringToWkt(ring),
        usage,
      });
    }
  }
  return out;
}
