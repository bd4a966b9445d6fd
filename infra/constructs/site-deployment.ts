import { DefaultStackSynthesizer, Stack, Validations } from 'aws-cdk-lib';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { BucketDeployment } from 'aws-cdk-lib/aws-s3-deployment';

/**
 * The BucketDeployment's Lambda is CDK's own singleton custom resource, not code of ours: its
 * runtime follows aws-cdk-lib (one singleton serves every static site of the stack: the HQ dashboard
 * and the customer page), and its grants are the ones it needs to copy the page files from
 * the CDK asset bucket into the site bucket, prune old ones and invalidate the distribution.
 * Each finding is acknowledged by name, so a broader grant in a later CDK version fails cdk-nag.
 */
export function acknowledgeDeploymentHandler(
  deployment: BucketDeployment,
  site: Bucket,
  siteName: string,
): void {
  const handler = deployment.handlerRole.node.scope;
  if (!handler) throw new Error('The BucketDeployment handler role has no function above it');
  const stack = Stack.of(deployment);
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      "CDK's BucketDeployment handler: its runtime is chosen by aws-cdk-lib and moves with its upgrades",
  });
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: "CDK's BucketDeployment handler writes its own logs with the AWS managed basic execution role",
  });
  const qualifier: unknown = stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier');
  const assetBucket = DefaultStackSynthesizer.DEFAULT_FILE_ASSETS_BUCKET_NAME.replace(
    /\$\{Qualifier\}/,
    typeof qualifier === 'string' ? qualifier : DefaultStackSynthesizer.DEFAULT_QUALIFIER,
  ).replace(/\$\{(AWS::\w+)\}/g, '<$1>');
  const wildcards: [string, string][] = [
    ['Action::s3:GetObject*', 'reads the page files from the CDK asset bucket'],
    ['Action::s3:GetBucket*', 'reads the location of the asset and site buckets'],
    ['Action::s3:List*', 'lists the site bucket to prune files no longer deployed'],
    ['Action::s3:DeleteObject*', 'prunes files no longer deployed from the site bucket'],
    ['Action::s3:Abort*', 'aborts its own failed multipart uploads to the site bucket'],
    [
      `Resource::arn:<AWS::Partition>:s3:::${assetBucket}/*`,
      'reads the CDK asset objects of this deployment',
    ],
    [`Resource::${arnFinding(site)}/*`, `writes the objects of the ${siteName} bucket`],
    ['Resource::*', 'creates the CloudFront invalidation, an action with no resource-level permission'],
  ];
  for (const [finding, why] of wildcards) {
    Validations.of(handler).acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason: `CDK's BucketDeployment handler ${why}`,
    });
  }
}

/** The bucket's ARN as cdk-nag names it in a finding: `<LogicalId.Arn>`. */
function arnFinding(bucket: Bucket): string {
  const getAtt = (Stack.of(bucket).resolve(bucket.bucketArn) as { 'Fn::GetAtt'?: [string, string] })[
    'Fn::GetAtt'
  ];
  if (!getAtt) throw new Error(`Cannot name the ARN of bucket ${bucket.node.path} for cdk-nag`);
  return `<${getAtt[0]}.${getAtt[1]}>`;
}
