import { defineRoute } from '../../platform/http/contract';
import { surveyAnswerBody, surveyView } from '../schemas/survey';

/**
 * The survey answer (R-SELF-2, R-CMP-4): a public route authorised by the survey link alone
 * (header `x-link-token`, no JWT). `GET /public/link` shows the survey (shared/self-service
 * actions `surveyView`); this POST answers it once.
 */
export const answerSurveyRoute = /* @__PURE__ */ defineRoute({
  id: 'answerSurvey',
  method: 'POST',
  path: '/public/link/survey',
  entry: 'functions/self-service/survey.ts',
  summary:
    'Answer the satisfaction survey of a survey link: expected and perceived scores per aspect, a comment, whether it is a complaint; stored with the gaps (perceived − expected), the link spent, and a complaint case for the supervisor when the overall gap is below the branch threshold or the customer marks a complaint, in one transaction (R-SELF-2, R-CMP-4)',
  tag: 'Self-service',
  auth: 'link',
  roles: [],
  body: surveyAnswerBody,
  response: surveyView,
});
