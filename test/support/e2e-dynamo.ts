import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';

/**
 * Where an e2e suite's runtime keeps its table: on the one DynamoDB Local of the test run (the
 * global setup, test/support/global-dynamo.ts), in a table of its own. One JVM, started and warmed
 * once, instead of one per suite (each took about 4 s to start and ran cold).
 */
export function sharedDynamo(): { dynamoEndpoint: string; tableName: string } {
  return { dynamoEndpoint: inject('dynamoEndpoint'), tableName: `e2e-${randomUUID().slice(0, 8)}` };
}
