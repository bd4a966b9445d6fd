import { store } from '../../shared/platform/dynamo/client';
import { httpHandler } from '../../shared/platform/http/stack';
import { clock } from '../../shared/platform/ports/clock';
import { resolveLink } from '../../shared/self-service/actions/links';
import { answerSurvey } from '../../shared/self-service/actions/survey';
import { answerSurveyRoute } from '../../shared/self-service/routes/survey';

/**
 * R-SELF-2, R-CMP-4: the customer answers the survey with its link. The token is counted and
 * resolved first (404 unknown or not a survey link, 410 expired, revoked or spent, 429 throttled);
 * then the answer, the link's spend and any complaint case go in one transaction.
 */
export const handler = httpHandler(answerSurveyRoute, async ({ body, link }) => {
  const now = clock().now();
  const resolved = await resolveLink(store(), {
    token: link?.token,
    sourceIp: link?.sourceIp,
    purposes: ['survey'],
    now,
    action: 'answer-survey',
  });
  return { body: await answerSurvey(store(), { link: resolved, body, now }) };
});
