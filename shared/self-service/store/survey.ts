import { ConflictError, NotFoundError } from '../../kernel/errors';
import type { Store } from '../../platform/dynamo/client';
import { fromItem, getRecord, type Key, putStep, type Step } from '../../platform/dynamo/records';
import type { Survey } from '../schemas/survey';

/**
 * The survey record (R-SELF-2): one per repaired order, on the order's partition,
 * `BR#<b>#RO#<orderId>` / `SURVEY` (type `survey`), so the order's own key makes it one per order
 * and the link of purpose `survey` (record `{ kind: 'order', id }`) finds it with one GetItem.
 * The metrics aggregator counts its invitation and its answer from the stream
 * (shared/reports/rules/figures.ts).
 */
export const surveyKey = (branchId: string, orderId: string): Key => ({
  pk: `BR#${branchId}#RO#${orderId}`,
  sk: 'SURVEY',
});

const item = (survey: Survey) => ({
  ...surveyKey(survey.branchId, survey.orderId),
  type: 'survey',
  ...survey,
});

/** The survey of an order, or `undefined` when it has none (declined work, no phone, opted out). */
export async function findSurvey(
  store: Store,
  branchId: string,
  orderId: string,
): Promise<Survey | undefined> {
  const found = await getRecord(store, surveyKey(branchId, orderId));
  return found ? fromItem<Survey>(found) : undefined;
}

export async function getSurvey(store: Store, branchId: string, orderId: string): Promise<Survey> {
  const survey = await findSurvey(store, branchId, orderId);
  if (!survey) throw new NotFoundError(`Order ${orderId} of branch ${branchId} has no survey`);
  return survey;
}

/** A new survey, once per order: a second one for the same order is refused. */
export function newSurveyStep(store: Store, survey: Survey): Step {
  return putStep(store, item(survey), {
    expression: 'attribute_not_exists(pk)',
    onConditionFailed: () => new ConflictError(`Order ${survey.orderId} already has its survey`),
  });
}

/**
 * The invitation went (R-SELF-2): `invited` with the time and the letter, unless it was recorded
 * already (a retried duty) or the survey was answered meanwhile.
 */
export function invitedStep(
  store: Store,
  survey: Pick<Survey, 'branchId' | 'orderId'>,
  input: { invitedAt: string; letterId: string },
): Step {
  return {
    item: {
      Update: {
        TableName: store.tableName,
        Key: surveyKey(survey.branchId, survey.orderId),
        UpdateExpression:
          'SET #state = :invited, invitedAt = :at, letterId = :letter, updatedAt = :at ADD version :one',
        ConditionExpression: 'attribute_exists(pk) AND #state = :scheduled',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':invited': 'invited',
          ':scheduled': 'scheduled',
          ':at': input.invitedAt,
          ':letter': input.letterId,
          ':one': 1,
        },
      },
    },
    onConditionFailed: () =>
      new ConflictError(`The survey of order ${survey.orderId} is past its invitation`),
  };
}

/**
 * The answer, once (R-SELF-2): written on top of the version read and only while unanswered, so a
 * replay or a race with another answer changes nothing (409).
 */
export function answeredStep(store: Store, before: Survey, after: Survey): Step {
  return putStep(store, item(after), {
    expression: 'attribute_exists(pk) AND #version = :read AND attribute_not_exists(answer)',
    names: { '#version': 'version' },
    values: { ':read': before.version },
    onConditionFailed: () => new ConflictError(`The survey of order ${before.orderId} was answered already`),
  });
}
