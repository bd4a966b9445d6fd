import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { ensureTable, type LocalDynamo, startDynamo } from '../../infra/local/dynamo';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
  }
}

let dynamo: LocalDynamo | undefined;

/** Starts one in-memory DynamoDB Local for the integration and e2e suites. */
export async function setup(project: TestProject): Promise<void> {
  dynamo = await startDynamo();
  const tableName = 'auto-repair-test';
  await ensureTable(dynamo.endpoint, tableName);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('tableName', tableName);
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
}
