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

let english: Faker | undefined;

/**
 * Faker is loaded on first use, and only its English locale: the package's main entry loads every
 * locale (about 200 ms on the first vendor request of a run), `locale/en` about 25 ms, and a
 * Faker made from its definitions draws the same values for a seed as `[en, base]` does.
 */
export function seededFaker(seed: number): Faker {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  english ??= (require('@faker-js/faker/locale/en') as { faker: Faker }).faker;
  const FakerClass = english.constructor as typeof import('@faker-js/faker').Faker;
  const faker = new FakerClass({ locale: english.rawDefinitions });
  faker.seed(seed);
  return faker;
}
