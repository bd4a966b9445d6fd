import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Module-scope singletons: one client per process (STYLE 5). The local runtime and the tests
 * point the client at DynamoDB Local through DYNAMODB_ENDPOINT; in AWS the variable is unset.
 */
export interface Store {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

export function createStore(options: { endpoint?: string; region?: string; tableName: string }): Store {
  const client = new DynamoDBClient({
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, tableName: options.tableName };
}

let defaultStore: Store | undefined;

/** The store of this process, configured from the environment (TABLE_NAME, DYNAMODB_ENDPOINT). */
export function store(): Store {
  if (!defaultStore) {
    const tableName = process.env.TABLE_NAME;
    if (!tableName) throw new Error('TABLE_NAME is not set');
    const endpoint = process.env.DYNAMODB_ENDPOINT;
    defaultStore = createStore({ tableName, ...(endpoint ? { endpoint } : {}) });
  }
  return defaultStore;
}

/** Replace the process store (local runtime and tests point it at DynamoDB Local). */
export function setStore(next: Store): void {
  defaultStore = next;
}
