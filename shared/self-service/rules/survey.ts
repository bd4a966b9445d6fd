import { addDays, localDate, localWallTime } from '../../kernel/local-time';
import type { Policy } from '../../kernel/policy';

/**
 * The satisfaction survey (R-SELF-2, R-CMP-4) as pure rules. The seed defines satisfaction as the
 * gap between the service the customer perceived and the one they expected (客戶滿意度是客戶體會到
 * 的他所實際「感知」的待遇和「期望」的待遇之間的差距): each aspect is scored twice on the same
 * scale, and satisfaction is perceived − expected, per aspect and overall. Negative: the shop fell
 * short of what the customer expected; 0: met it; positive: did better.
 */
export const surveyAspects = ['onTime', 'priceAsQuoted', 'quality', 'courtesy', 'overall'] as const;
type SurveyAspectName = (typeof surveyAspects)[number];

interface AspectScore {
  expected: number;
  perceived: number;
}
export type SurveyScores = Record<SurveyAspectName, AspectScore>;
export type SurveyGaps = Record<SurveyAspectName, number>;

type SurveyPolicy = Pick<Policy, 'survey'>;

/** R-SELF-2: satisfaction per aspect, perceived − expected. */
export function satisfactionGaps(scores: SurveyScores): SurveyGaps {
  return Object.fromEntries(
    surveyAspects.map((aspect) => [aspect, scores[aspect].perceived - scores[aspect].expected]),
  ) as SurveyGaps;
}

/** The branch's threshold: an overall gap below it opens a complaint (policy `survey.toleratedShortfall`). */
export const complaintThreshold = (policy: SurveyPolicy): number => -policy.survey.toleratedShortfall;

/**
 * R-SELF-2, R-CMP-4: whether an answer opens a complaint case, and why: the customer marked their
 * comment as a complaint, or the overall gap lies below the branch's threshold (exactly at the
 * threshold does not).
 */
export function complaintReason(
  answer: { gaps: Pick<SurveyGaps, 'overall'>; isComplaint: boolean },
  policy: SurveyPolicy,
): 'marked' | 'low-score' | undefined {
  if (answer.isComplaint) return 'marked';
  if (answer.gaps.overall < complaintThreshold(policy)) return 'low-score';
  return undefined;
}

/**
 * The complaint's words: the customer's comment when they wrote one, else the scores that fell
 * short (the case must say what the customer said, R-CMP-1).
 */
export function complaintWords(answer: { gaps: SurveyGaps; scores: SurveyScores; comment?: string }): string {
  const short = surveyAspects
    .filter((aspect) => answer.gaps[aspect] < 0)
    .map(
      (aspect) =>
        `${aspect} expected ${answer.scores[aspect].expected}, perceived ${answer.scores[aspect].perceived}`,
    );
  const scores = `Survey: ${short.length ? short.join('; ') : 'no aspect below expectation'}`;
  return answer.comment ? `${answer.comment}\n\n${scores}` : scores;
}

/** The complaint category the answer points at: the aspect furthest below expectation. */
export function complaintCategoryOf(gaps: SurveyGaps): 'waiting' | 'price' | 'quality' | 'staff' | 'service' {
  const byAspect = {
    onTime: 'waiting',
    priceAsQuoted: 'price',
    quality: 'quality',
    courtesy: 'staff',
  } as const;
  let worst: keyof typeof byAspect | undefined;
  for (const aspect of Object.keys(byAspect) as (keyof typeof byAspect)[]) {
    if (gaps[aspect] < 0 && (worst === undefined || gaps[aspect] < gaps[worst])) worst = aspect;
  }
  return worst ? byAspect[worst] : 'service';
}

const hhmm = (minuteOfDay: number) =>
  `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

/**
 * R-SELF-2: when the invitation is due: `inviteAfterDays` local days after the exit, at the
 * policy's minute of the day in the branch's time zone. Quiet hours are the SMS plan's to respect
 * (a time inside them waits for their end, R-X-1).
 */
export function surveyInviteAt(exitAt: string, timeZone: string, policy: SurveyPolicy): string {
  const day = addDays(localDate(exitAt, timeZone), policy.survey.inviteAfterDays);
  return localWallTime(day, hhmm(policy.survey.inviteAtMinuteOfDay), timeZone);
}

/**
 * R-SELF-2: a survey is asked of a repaired car's customer: a declined order (R-REC-2) had no
 * work to rate. One per order: the order exits once.
 */
export const surveyWanted = (order: { decline?: unknown }): boolean => !order.decline;
