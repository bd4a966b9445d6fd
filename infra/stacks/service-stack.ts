import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { allRoutes } from '../../shared/api/routes/index';
import { Api } from '../constructs/api';
import { Auth } from '../constructs/auth';
import { ServiceTable } from '../constructs/table';

/** The whole service in one stack. It only wires constructs (STYLE 6); each concern lives in infra/constructs/. */
export class ServiceStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const { table } = new ServiceTable(this, 'Data');
    const auth = new Auth(this, 'Auth', { table });
    const api = new Api(this, 'Api', {
      routes: allRoutes,
      table,
      userPool: auth.userPool,
      client: auth.client,
    });

    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}
