import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * The role an EventBridge Scheduler schedule assumes to invoke one function. Ours rather than the
 * target's default grant (`grantInvoke`), which also allows every version and alias
 * (`<function ARN>:*`): the schedule invokes the unqualified function only. The trust is limited
 * to schedules of this account's default group; the role may also send what it could not deliver
 * to `deadLetters`. Pass it to the target as `role.withoutPolicyUpdates()`.
 */
export function scheduleRole(
  scope: Construct,
  id: string,
  input: { description: string; fn: IFunction; deadLetters: IQueue },
): Role {
  const stack = Stack.of(scope);
  const role = new Role(scope, id, {
    description: input.description,
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': stack.account,
          'aws:SourceArn': stack.formatArn({
            service: 'scheduler',
            resource: 'schedule-group',
            resourceName: 'default',
          }),
        },
      },
    }),
  });
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [input.fn.functionArn] }),
  );
  input.deadLetters.grantSendMessages(role);
  return role;
}
