import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiDocument } from '../../shared/platform/http/openapi';
import { allRoutes } from '../../shared/routes';

/** `npm run openapi`: writes the OpenAPI 3.1 document generated from the zod schemas to docs/. */
const file = resolve(import.meta.dirname, '../../docs/openapi.json');
writeFileSync(file, `${JSON.stringify(openApiDocument(allRoutes), null, 2)}\n`);
console.log(`Wrote ${file}`);
