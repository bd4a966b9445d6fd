import { parseArgs } from 'node:util';
import { createStore } from '../../shared/platform/dynamo/client';
import { createStaff } from '../../shared/staff/actions';

/**
 * Bootstrap of a deployed chain: the first admin's staff record, which nobody can create through
 * the API before an admin exists. Run once with AWS credentials (docs/deploy.md):
 *   TABLE_NAME=<table> npx tsx infra/scripts/create-admin.ts --login admin --name "Chain admin"
 */
const { values } = parseArgs({
  options: { login: { type: 'string', default: 'admin' }, name: { type: 'string', default: 'Chain admin' } },
});
const tableName = process.env.TABLE_NAME;
if (!tableName) {
  console.error('Set TABLE_NAME to the stack output TableName');
  process.exit(2);
}
const bootstrap = {
  staffId: 'BOOTSTRAP',
  login: 'bootstrap',
  name: 'Bootstrap',
  roles: ['admin' as const],
  branches: '*' as const,
};
const person = await createStaff(
  createStore({ tableName }),
  { login: values.login, name: values.name, roles: ['admin'], branches: ['*'], status: 'regular' },
  bootstrap,
);
console.log(`Staff record ${person.id} created for login ${person.login}`);
