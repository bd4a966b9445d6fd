import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { ensureTable, type LocalDynamo, startDynamo } from '../../infra/local/dynamo';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
  }
}

/**
 * One in-memory DynamoDB Local per group of projects: `integration` and `integration:mocks` share
 * one, `e2e` has its own (its runtimes' sweepers and stream polls, beside the integration suites'
 * data in the same JVM, took the run from 354 s to 572 s). Vitest calls each project's global
 * setup through a module runner of its own, so the JVMs are kept on the main process's
 * `globalThis`, and the group's last teardown stops its JVM.
 */
const tableName = 'auto-repair-test';
interface Group {
  started: Promise<LocalDynamo>;
  users: number;
}
const main = globalThis as { testDynamos?: Map<string, Group> };
main.testDynamos ??= new Map();
const groups = main.testDynamos;
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const name = project.name.split(':')[0] ?? project.name;
  let group = groups.get(name);
  if (!group) {
    const started = startDynamo().then(async (dynamo) => {
      await ensureTable(dynamo.endpoint, tableName);
      return dynamo;
    });
    group = { started, users: 0 };
    groups.set(name, group);
  }
  group.users++;
  const dynamo = await group.started;
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('tableName', tableName);
  return async () => {
    if (--(group as Group).users > 0) return;
    groups.delete(name);
    await dynamo.stop();
  };
}
