import { App, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceStack } from '../../infra/stacks/service-stack';
import { acknowledgments, nagFindings } from '../support/nag';
import { synthTimeout } from './service-templates';

/**
 * cdk-nag 3 is a CDK policy-validation plugin, not an Aspect: findings are no longer annotations
 * (`Annotations.fromStack` sees none) but violations in the validation report, and an
 * acknowledgment is `Validations.of(construct).acknowledge({ id, reason })`. The app is wired as
 * infra/bin/app.ts wires it; bundling is skipped because nag reads the construct tree, not the code.
 */
let app: App;
let service: ServiceStack;
let synthError: unknown;

beforeAll(() => {
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  service = new ServiceStack(app, 'AutoRepairService');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
}, synthTimeout);

describe('cdk-nag AwsSolutions', () => {
  it('lets the app synthesize with the checks registered (what `npx cdk synth` runs)', () => {
    expect(synthError).toBeUndefined();
  });

  it('leaves no unacknowledged error', () => {
    expect(nagFindings(app, 'error')).toEqual([]);
  });

  it('leaves no unacknowledged warning', () => {
    expect(nagFindings(app, 'warning')).toEqual([]);
  });

  it('gives every acknowledgment a reason of at least 10 characters', () => {
    const all = acknowledgments(app);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((a) => a.reason.trim().length < 10)).toEqual([]);
  });

  // In the parent cdk-nag writes the table ARN as `<Table.Arn>`; in a route stack it is the
  // parameter that carries it, `<referenceto...Arn>`.
  // The dashboard's acknowledgements (its bucket, distribution and CDK's BucketDeployment
  // function) are reviewed one by one in test/infra/dashboard.test.ts, the customer page's in
  // test/infra/customer-site.test.ts.
  it('acknowledges only the reviewed rules: L1 (Node 22 pinned), SQS3 (stream on-failure queues) and IAM5 on GSI index ARNs', () => {
    const reviewedElsewhere = /^AutoRepairService\/(Dashboard|CustomerSite|Custom::CDKBucketDeployment)/;
    const all = acknowledgments(app).filter((a) => !reviewedElsewhere.test(a.path));
    // R-SELF-1: the public link routes have no authorizer (APIG4), each a route of `auth: 'link'`;
    // the link secret is not rotated automatically (SMG4): a rotation voids every link sent.
    const selfService = all.filter((a) => /AwsSolutions-(APIG4|SMG4)$/.test(a.id));
    for (const a of selfService) {
      expect(a.path).toMatch(
        /\/(showLink|answerAddOnByLink|confirmAppointmentByLink|requestAppointmentMove|answerSurvey)\/Route$|\/LinkSecret$/,
      );
    }
    const ids = new Set(
      all.filter((a) => !selfService.includes(a)).map((a) => a.id.replace(/^annotation::/i, '')),
    );
    for (const id of ids) {
      expect(id).toMatch(
        /^AwsSolutions-(L1|SQS3|IAM5\[Resource::<(\w+\.Arn|referenceto\w+Arn)>\/index\/\*\])$/,
      );
    }
  });

  it('acknowledges IAM5 in each route stack on the table ARN parameter that stack receives', () => {
    const nested = service.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack);
    expect(nested.length).toBeGreaterThan(0);
    for (const stack of nested) {
      const parameters = Object.keys(Template.fromStack(stack).toJSON().Parameters ?? {});
      const own = acknowledgments(stack).filter((a) => a.path === stack.node.path);
      const named = own.map((a) => /<(referenceto\w+Arn)>/.exec(a.id)?.[1]);
      expect(named).toHaveLength(1);
      expect(parameters).toContain(named[0]);
    }
  });

  it('checks the resources of nested stacks too, where the routes live', () => {
    const probe = new App();
    new Queue(new NestedStack(new Stack(probe, 'Probe'), 'Nested'), 'Queue');
    const report = new AwsSolutionsChecks(probe).validateScope(probe);
    const paths = report.violations.flatMap((v) => v.violatingResources.map((r) => r.constructPath));
    expect(paths).toContain('Probe/Nested/Queue/Resource');
  });
});
