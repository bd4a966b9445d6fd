import * as z from 'zod';
import { defaultPolicy } from '../../kernel/policy';
import { isoDateTime } from '../../kernel/schemas';

/**
 * The satisfaction survey (R-SELF-2): the customer scores what they expected and what they got
 * for each aspect on the same scale; satisfaction is the gap. (Contract shared by the link view and
 * the survey answer; shared/self-service/rules/survey.ts holds the rules.)
 */
const surveyAspect = /* @__PURE__ */ z
  .enum(['onTime', 'priceAsQuoted', 'quality', 'courtesy', 'overall'])
  .meta({
    description:
      'onTime (ready when promised), priceAsQuoted (the bill matched the estimate), quality (of the work), courtesy (of the staff), overall',
  });

const { scaleMin, scaleMax } = defaultPolicy.survey;

const score = /* @__PURE__ */ z
  .number()
  .int('Use a whole number')
  .min(scaleMin)
  .max(scaleMax)
  .meta({ description: `${scaleMin} (very poor) to ${scaleMax} (excellent)` });

const aspectScore = /* @__PURE__ */ z
  .strictObject({
    expected: score.meta({ description: 'What the customer expected, before the visit' }),
    perceived: score.meta({ description: 'What the customer got' }),
  })
  .meta({ id: 'SurveyAspectScore' });

/** Every aspect, each scored twice (R-SELF-2). */
const surveyScores = /* @__PURE__ */ z
  .strictObject({
    onTime: aspectScore,
    priceAsQuoted: aspectScore,
    quality: aspectScore,
    courtesy: aspectScore,
    overall: aspectScore,
  })
  .meta({ id: 'SurveyScores' });

const gap = /* @__PURE__ */ z
  .number()
  .int()
  .min(scaleMin - scaleMax)
  .max(scaleMax - scaleMin);

/** Satisfaction per aspect: perceived − expected (R-SELF-2). */
const surveyGaps = /* @__PURE__ */ z
  .strictObject({ onTime: gap, priceAsQuoted: gap, quality: gap, courtesy: gap, overall: gap })
  .meta({
    id: 'SurveyGaps',
    description:
      'Satisfaction per aspect: perceived − expected; below 0 the shop fell short of what the customer expected',
  });

/** POST /public/link/survey: the customer's answer, sent once (R-SELF-2, R-CMP-4). */
export const surveyAnswerBody = /* @__PURE__ */ z
  .strictObject({
    scores: surveyScores,
    comment: z.string().trim().min(1).max(1000).optional().meta({
      description: "The customer's own words, at most 1000 characters",
      example: '等了比说好的时间多一个小时',
    }),
    isComplaint: z.boolean().default(false).meta({
      description: 'The customer marks the comment as a complaint: a complaint case is opened (R-CMP-4)',
    }),
  })
  .refine((body) => !body.isComplaint || body.comment !== undefined, {
    path: ['comment'],
    message: 'A complaint needs its words: write the comment you mark as a complaint',
  })
  .meta({ id: 'SurveyAnswer' });
export type SurveyAnswer = z.infer<typeof surveyAnswerBody>;

/** What the customer page shows for a survey link. */
export const surveyView = /* @__PURE__ */ z
  .strictObject({
    aspects: z.array(surveyAspect),
    scale: z.strictObject({ min: z.number().int(), max: z.number().int() }),
    plate: z.string().meta({ description: 'The car the survey is about' }),
    exitAt: isoDateTime.meta({ description: 'When the car left the shop' }),
    answeredAt: isoDateTime.optional(),
    contactPromised: z.boolean().optional().meta({
      description:
        'Answered: whether the answer opened a complaint case, so the shop will contact the customer',
    }),
  })
  .meta({ id: 'SurveyView' });
export type SurveyView = z.infer<typeof surveyView>;

/**
 * The survey record (R-SELF-2): one per repaired order, `BR#<b>#RO#<orderId>` / `SURVEY`, created
 * with its invitation duty at the exit, invited when the SMS went, answered once.
 */
const survey = /* @__PURE__ */ z
  .object({
    orderId: z.string(),
    branchId: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    plate: z.string(),
    advisorId: z
      .string()
      .optional()
      .meta({ description: "The order's advisor: owns a complaint when the branch has no supervisor" }),
    exitAt: isoDateTime,
    inviteAt: isoDateTime.meta({ description: 'When the invitation duty falls due' }),
    dutyId: z.string(),
    state: z.enum(['scheduled', 'invited', 'answered']),
    invitedAt: isoDateTime.optional().meta({ description: 'When the invitation SMS was sent' }),
    letterId: z.string().optional(),
    answer: z
      .object({
        scores: surveyScores,
        gaps: surveyGaps,
        comment: z.string().optional(),
        isComplaint: z.boolean(),
        complaintId: z
          .string()
          .optional()
          .meta({ description: 'The complaint case the answer opened (R-CMP-4)' }),
        linkId: z.string().optional(),
        answeredAt: isoDateTime,
      })
      .optional(),
    version: z.number().int().positive(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'Survey' });
export type Survey = z.infer<typeof survey>;
