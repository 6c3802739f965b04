import type { Faker } from '@faker-js/faker';

/** FNV-1a: a stable 32-bit hash, so a seed plus a name gives the same stream every run. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Faker is loaded on first use: it is the heaviest module and most runs never need it. */
export function seededFaker(seed: number): Faker {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Faker: FakerClass, base, en } = require('@faker-js/faker') as typeof import('@faker-js/faker');
  const faker = new FakerClass({ locale: [en, base] });
  faker.seed(seed);
  return faker;
}
