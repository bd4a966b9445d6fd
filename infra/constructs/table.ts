import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  StreamViewType,
  TableEncryptionV2,
  type TablePropsV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/platform/dynamo/table';

/**
 * The one table of the product (ARCHITECTURE "One DynamoDB table"), built from the same
 * `tableDefinition` the local runtime uses, so every key and index a handler relies on exists in
 * both places. Adding an index to `tableDefinition.indexes` adds it here with no change.
 *
 * TableV2 (AWS::DynamoDB::GlobalTable) rather than Table: it is the construct AWS recommends for
 * new tables, and a replica in a second region later is a property change, whereas moving a
 * `Table` to a global table means replacing or re-importing the resource that holds the data.
 * cdk-nag's DDB3 inspects only AWS::DynamoDB::Table, so test/infra/stack.test.ts asserts PITR.
 */
export class ServiceTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const string = (name: string) => ({ name, type: AttributeType.STRING });
    const globalSecondaryIndexes: TablePropsV2['globalSecondaryIndexes'] = Object.entries(
      tableDefinition.indexes,
    ).map(([indexName, keys]) => ({
      indexName,
      partitionKey: string(keys.partitionKey),
      sortKey: string(keys.sortKey),
      // Handlers read whole items from an index, never a second GetItem per hit.
      projectionType: ProjectionType.ALL,
    }));

    this.table = new TableV2(this, 'Table', {
      partitionKey: string(tableDefinition.partitionKey),
      sortKey: string(tableDefinition.sortKey),
      globalSecondaryIndexes,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // The metrics aggregator and the duty rescheduling read old and new images (ARCHITECTURE "Metrics").
      dynamoStream: StreamViewType[tableDefinition.stream],
      // Idempotency keys expire after a day.
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      encryption: TableEncryptionV2.awsManagedKey(),
      // The table holds every branch's records: deleting the stack must never delete the data.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
