import type { Store } from '../../platform/dynamo/client';
import type { Link } from '../schemas/links';
import type { SurveyView } from '../schemas/survey';

/** R-SELF-2: what a survey link shows. (Contract placeholder: the survey's owner implements it.) */
export async function surveyView(_store: Store, _link: Link): Promise<SurveyView> {
  throw new Error('surveyView is not built yet');
}
