import * as z from 'zod';
import { isoDateTime } from '../../kernel/schemas';

/**
 * The satisfaction survey (R-SELF-2): the customer scores what they expected and what they got
 * for each aspect on the same scale; satisfaction is the gap. (Contract shared by the link view and
 * the survey answer; the survey's owner extends it.)
 */
export const surveyAspect = z.enum(['onTime', 'priceAsQuoted', 'quality', 'courtesy', 'overall']);
export type SurveyAspect = z.infer<typeof surveyAspect>;

/** What the customer page shows for a survey link. */
export const surveyView = z
  .strictObject({
    aspects: z.array(surveyAspect),
    scale: z.strictObject({ min: z.number().int(), max: z.number().int() }),
    answeredAt: isoDateTime.optional(),
  })
  .meta({ id: 'SurveyView' });
export type SurveyView = z.infer<typeof surveyView>;
