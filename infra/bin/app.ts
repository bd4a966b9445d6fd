import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ServiceStack } from '../stacks/service-stack';

const app = new App();

// Pinned to an account and region when the CLI knows them (`cdk deploy` with credentials);
// environment-agnostic otherwise, so `cdk synth` works offline.
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
new ServiceStack(app, 'AutoRepairService', {
  description: 'Auto repair chain customer-service backend',
  ...(account && region ? { env: { account, region } } : {}),
});

// cdk-nag 3 is a policy-validation plugin: synthesis fails on any finding that is neither fixed
// nor acknowledged (`Validations.of(construct).acknowledge`) next to the resource it concerns.
// It walks the whole construct tree, so the nested route stacks are checked too.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
