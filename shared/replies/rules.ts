import { isActive, supervisorFor } from '../staff/rules';
import type { StaffMember } from '../staff/schemas';
import { type InboundSms, inboundSms } from './schemas';

/**
 * Rules of customers' SMS replies (R-SELF-3): what a reply says (a keyword, alone in the message)
 * and who answers it. Pure: data and a clock in, a decision out.
 */

/**
 * R-SELF-3: the keywords, matched against the whole message after `normaliseReply`. Not numbers of
 * the shop rules but the words carriers and customers use, so a constant here and not policy.
 */
const replyKeywords = {
  'opt-out': ['stop', '退订', '退訂', 'td', 't', '取消訂閱', '取消订阅'],
  'opt-in': ['start', '訂閱', '订阅'],
  confirm: ['1', 'y', 'yes', '是'],
} as const;

export type ReplyKeyword = keyof typeof replyKeywords;

/**
 * The message as keywords are matched: NFKC (full-width `ＳＴＯＰ` and `１` become `STOP` and `1`),
 * trimmed, inner spaces and trailing punctuation dropped, case-folded.
 */
export function normaliseReply(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/[\s.!。！]+$/u, '')
    .replace(/\s+/gu, ' ')
    .toLowerCase();
}

/**
 * R-SELF-3: the keyword the message is, or `undefined` when it is anything else: a keyword inside a
 * sentence ("please stop the work") is not one, and goes to staff.
 */
export function replyKeyword(text: string): ReplyKeyword | undefined {
  const word = normaliseReply(text);
  for (const [keyword, words] of Object.entries(replyKeywords) as [ReplyKeyword, readonly string[]][]) {
    if (words.includes(word)) return keyword;
  }
  return undefined;
}

/**
 * R-SELF-3: a confirmation keyword confirms what the matched message asked, and nothing else:
 * today an appointment (its reminder). Anything else a `1` answers goes to staff.
 */
export function confirmable(
  matched: { templateId: string; subject?: { kind: string; id: string } | undefined } | undefined,
): { kind: 'appointment'; id: string } | undefined {
  if (matched?.templateId !== 'appointment-reminder' || matched.subject?.kind !== 'appointment')
    return undefined;
  return { kind: 'appointment', id: matched.subject.id };
}

/**
 * R-SELF-3: who answers a reply: the advisor of the open order it answers, else the customer's
 * designated follow-up agent, else a supervisor of the branch (all active).
 */
export function replyAnswerer(
  input: { openOrderAdvisor?: string | undefined; followUpAgentId?: string | undefined },
  members: readonly Pick<StaffMember, 'id' | 'roles' | 'status'>[],
): string | undefined {
  const active = (id: string | undefined) =>
    id ? members.find((m) => m.id === id && isActive(m))?.id : undefined;
  return (
    active(input.openOrderAdvisor) ?? active(input.followUpAgentId) ?? supervisorFor(members, undefined)?.id
  );
}

/** R-SELF-3: the staff answer is due this long after the reply reached staff (the end of quiet hours). */
export function answerDueAt(reachesStaffAt: Date, answerWithinMinutes: number): Date {
  return new Date(reachesStaffAt.getTime() + answerWithinMinutes * 60_000);
}

/** R-SELF-3: the reply templates staff may answer with instead of free text. */
const answerTemplates = {
  thanks: {
    'zh-Hant': '感謝您的回覆，我們已收到。',
    'zh-Hans': '感谢您的回复，我们已收到。',
    en: 'Thank you for your reply; we have received it.',
  },
  'call-back': {
    'zh-Hant': '我們已收到您的訊息，稍後將致電與您聯繫。',
    'zh-Hans': '我们已收到您的信息，稍后将致电与您联系。',
    en: 'We have received your message and will call you shortly.',
  },
  'car-ready-soon': {
    'zh-Hant': '您的愛車正在處理中，完工後將即時通知您。',
    'zh-Hans': '您的爱车正在处理中，完工后将即时通知您。',
    en: 'We are working on your car and will let you know as soon as it is ready.',
  },
} as const;

export function answerText(
  template: keyof typeof answerTemplates,
  locale: 'zh-Hant' | 'zh-Hans' | 'en',
): string {
  return answerTemplates[template][locale];
}

/**
 * R-SELF-3, R-X-3: the inbound SMS an SNS notification carries, or why it is refused (not JSON, a
 * field missing or wrong). The idempotency key is the service's `inboundMessageId`, else the SNS
 * MessageId of the notification.
 */
export function parseInboundNotification(
  message: string,
  snsMessageId: string,
): { sms: InboundSms } | { refused: string } {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return { refused: 'the SNS message is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { refused: 'the SNS message is not a JSON object' };
  const parsed = inboundSms.safeParse({ inboundMessageId: snsMessageId, ...body });
  if (!parsed.success)
    return {
      refused: parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; '),
    };
  return { sms: parsed.data };
}
