import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { branch } from '../../shared/branches/schemas';

/**
 * `npm run phone-metadata`: writes shared/archive/rules/phone-metadata.json, the slice of
 * libphonenumber-js's own `max` metadata (the installed version's, with every validation pattern)
 * for the regions a branch may number phones in (the branch schema's `phoneRegion`: CN, HK, MO,
 * TW). The phone rules parse with this slice first and load the whole world's metadata only for a
 * number of another country, so a function's cold start does not pay for 245 countries
 * (docs/decisions.md "Cold start of every function"). Run it again after updating libphonenumber-js;
 * test/unit/archive-phone.test.ts fails while the committed file differs from what this writes.
 */
interface Metadata {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown>;
}

export function regionalPhoneMetadata(world: Metadata, regions: readonly string[]): Metadata {
  const keep = new Set(regions);
  const codes: Record<string, string[]> = {};
  for (const [code, inCode] of Object.entries(world.country_calling_codes)) {
    const kept = inCode.filter((r) => keep.has(r));
    if (kept.length > 0) codes[code] = kept;
  }
  const countries: Record<string, unknown> = {};
  for (const region of [...keep].sort()) {
    if (!(region in world.countries)) throw new Error(`libphonenumber-js has no metadata for ${region}`);
    countries[region] = world.countries[region];
  }
  return { version: world.version, country_calling_codes: codes, countries };
}

export const phoneRegions: readonly string[] = branch.shape.phoneRegion.options;
export const phoneMetadataFile = resolve(
  import.meta.dirname,
  '../../shared/archive/rules/phone-metadata.json',
);

if (process.argv[1] === import.meta.filename) {
  const world = createRequire(import.meta.url)('libphonenumber-js/metadata.max.json') as Metadata;
  const text = `${JSON.stringify(regionalPhoneMetadata(world, phoneRegions))}\n`;
  writeFileSync(phoneMetadataFile, text);
  console.log(`${phoneMetadataFile}: ${phoneRegions.join(', ')}, ${text.length} bytes`);
}
