import type { SmsKind } from '../../platform/ports/sms';

/**
 * Customer SMS templates (R-X-1), one text per locale of the archive (R-ARC-1 `locale`). Ids are
 * stable: the letter register records the id, and mainland China registers each template's text
 * with the signature, so a wording change is a new registration, not a silent edit.
 * `{name}` is a variable; rendering refuses a text with a variable left unfilled.
 */
export type SmsLocale = 'zh-Hant' | 'zh-Hans' | 'en';

/**
 * What a template is for (R-SELF-3): `service` notices of the customer's own car in the shop and
 * `keyword` confirmations still go to a phone that opted out by reply; `reminder`, `marketing` and
 * `conversation` (staff answers, follow-up greetings, appointment reminders) do not
 * (shared/letters/rules/letter.ts `optOutSuppresses`).
 */
type TemplateCategory = 'service' | 'keyword' | 'conversation' | 'reminder' | 'marketing';

export interface SmsTemplate {
  kind: SmsKind;
  category: TemplateCategory;
  variables: readonly string[];
  /** The text; for a template with `linkText`, the variant without a link (the branch turned links off). */
  text: Record<SmsLocale, string>;
  /**
   * R-SELF-1: the variant with the customer page's link, `{link}` (a reserved variable the planner
   * fills with the URL, its token masked); used unless the branch turned links off.
   */
  linkText?: Record<SmsLocale, string>;
  /**
   * R-SELF-1: the most segments the link variant may take with realistic values and a ~30
   * character base URL (test/unit/self-service-links.test.ts measures it).
   */
  linkSegments?: number;
  /** R-SELF-1: the link variant unless the planner says otherwise (`planSms` `withLink`). */
  linkByDefault?: boolean;
}

export const templates = {
  /** R-PKP-2: the car is ready; sent at the lead time before the promised time. */
  'pickup-notice': {
    kind: 'transactional',
    category: 'service',
    variables: ['plate', 'time'],
    text: {
      'zh-Hant': '您的愛車 {plate} 將於 {time} 完工，歡迎屆時取車。',
      'zh-Hans': '您的爱车 {plate} 将于 {time} 完工，欢迎届时取车。',
      en: 'Your car {plate} will be ready at {time}. You are welcome to collect it then.',
    },
    linkText: {
      'zh-Hant': '您的愛車 {plate} 將於 {time} 完工，歡迎屆時取車。進度：{link}',
      'zh-Hans': '您的爱车 {plate} 将于 {time} 完工，欢迎届时取车。进度：{link}',
      en: 'Your car {plate} will be ready at {time}. Status: {link}',
    },
    linkSegments: 2,
  },
  /** R-PKP-3: the car will be late; the reason, an apology and the new time. */
  'delay-notice': {
    kind: 'transactional',
    category: 'service',
    variables: ['plate', 'reason', 'time'],
    text: {
      'zh-Hant': '很抱歉，您的愛車 {plate} 因{reason}未能按時完工，預計 {time} 可取車。敬請見諒。',
      'zh-Hans': '很抱歉，您的爱车 {plate} 因{reason}未能按时完工，预计 {time} 可取车。敬请谅解。',
      en: 'We are sorry: your car {plate} will not be ready on time because {reason}. It should be ready at {time}. Please accept our apologies.',
    },
    linkText: {
      'zh-Hant': '很抱歉，您的愛車 {plate} 因{reason}未能按時完工，預計 {time} 可取車。進度：{link}',
      'zh-Hans': '很抱歉，您的爱车 {plate} 因{reason}未能按时完工，预计 {time} 可取车。进度：{link}',
      en: 'Sorry: your car {plate} is late because {reason}. It should be ready at {time}. Status: {link}',
    },
    linkSegments: 3,
  },
  /**
   * R-ADD-2, R-SELF-1: the add-on question: every pending item of the order and its price; the
   * customer approves or declines each through the link, or (links off) calls or replies.
   */
  'addon-approval-request': {
    kind: 'transactional',
    category: 'service',
    variables: ['plate', 'items', 'amount'],
    text: {
      'zh-Hant': '您的愛車 {plate} 檢查發現需追加：{items}，費用約 {amount}。請致電或回覆確認是否施工。',
      'zh-Hans': '您的爱车 {plate} 检查发现需追加：{items}，费用约 {amount}。请致电或回复确认是否施工。',
      en: 'Your car {plate} needs additional work: {items}, about {amount}. Please call or reply to approve before we go ahead.',
    },
    linkText: {
      'zh-Hant': '您的愛車 {plate} 檢查發現需追加：{items}，費用約 {amount}。請逐項確認：{link}',
      'zh-Hans': '您的爱车 {plate} 检查发现需追加：{items}，费用约 {amount}。请逐项确认：{link}',
      en: 'Your car {plate} needs additional work: {items}, about {amount}. Approve or decline each item: {link}',
    },
    linkSegments: 3,
  },
  /** R-FUP-2: the follow-up agent introduces the call after a visit. */
  'follow-up-greeting': {
    kind: 'transactional',
    category: 'conversation',
    variables: ['name', 'agent'],
    text: {
      'zh-Hant': '{name}您好，感謝您的光臨。我是客服專員{agent}，近日將致電了解車輛使用情況。',
      'zh-Hans': '{name}您好，感谢您的光临。我是客服专员{agent}，近日将致电了解车辆使用情况。',
      en: 'Hello {name}, thank you for your visit. I am {agent}, your service contact; I will call soon to hear how the car is doing.',
    },
  },
  /** R-MKT-3: marketing; never sent to a customer who opted out, and says how to opt out. */
  'maintenance-reminder': {
    kind: 'marketing',
    category: 'reminder',
    variables: ['plate', 'due'],
    text: {
      'zh-Hant': '您的愛車 {plate} 將於 {due} 到期保養，歡迎預約。回覆 T 退訂',
      'zh-Hans': '您的爱车 {plate} 将于 {due} 到期保养，欢迎预约。回复 T 退订',
      en: 'Your car {plate} is due for maintenance on {due}. Book a visit any time. Reply STOP to opt out',
    },
  },
  /**
   * R-ADD-2, R-MKT-1: safety-related work the customer declined, reminded N days later
   * (shared/reminders/duties.ts). Marketing: it invites a paid visit, so it says how to opt out.
   */
  'declined-work-reminder': {
    kind: 'marketing',
    category: 'reminder',
    variables: ['plate', 'item'],
    text: {
      'zh-Hant':
        '您的愛車 {plate} 早前建議的安全項目「{item}」尚未處理，為行車安全，歡迎預約檢修。回覆 T 退訂',
      'zh-Hans': '您的爱车 {plate} 早前建议的安全项目“{item}”尚未处理，为行车安全，欢迎预约检修。回复 T 退订',
      en: 'Your car {plate} still needs the safety work we advised: {item}. For your safety, book a visit any time. Reply STOP to opt out',
    },
  },
  /** R-APT-4: the appointment is half a day or one day away; the time and the work asked for. */
  'appointment-reminder': {
    kind: 'transactional',
    category: 'reminder',
    variables: ['plate', 'time'],
    text: {
      'zh-Hant': '溫馨提示：您的愛車 {plate} 已預約於 {time} 到店維修，工位已為您預留。如需改期請致電本店。',
      'zh-Hans': '温馨提示：您的爱车 {plate} 已预约于 {time} 到店维修，工位已为您预留。如需改期请致电本店。',
      en: 'Reminder: your car {plate} is booked in at {time}; a bay is kept for you. Call us to change the time.',
    },
    linkText: {
      'zh-Hant': '溫馨提示：您的愛車 {plate} 已預約於 {time} 到店維修。確認或改期：{link}',
      'zh-Hans': '温馨提示：您的爱车 {plate} 已预约于 {time} 到店维修。确认或改期：{link}',
      en: 'Reminder: your car {plate} is booked in at {time}. Confirm or ask to move it: {link}',
    },
    linkSegments: 3,
  },
  /**
   * R-SELF-2: the satisfaction survey, the day after the exit. With links, the survey page; without
   * (links off), a score by reply, 1 to 5.
   */
  'survey-invitation': {
    kind: 'transactional',
    category: 'conversation',
    variables: ['plate'],
    text: {
      'zh-Hant': '感謝您光臨。請為愛車 {plate} 本次的服務評分，回覆 1-5（5 為非常滿意）。',
      'zh-Hans': '感谢您光临。请为爱车 {plate} 本次的服务评分，回复 1-5（5 为非常满意）。',
      en: 'Thank you for your visit. Please rate our service for {plate}: reply 1-5 (5 = very satisfied).',
    },
    linkText: {
      'zh-Hant': '感謝您光臨。誠邀您用一分鐘評價愛車 {plate} 本次的服務：{link}',
      'zh-Hans': '感谢您光临。诚邀您用一分钟评价爱车 {plate} 本次的服务：{link}',
      en: 'Thank you for your visit. Please take a minute to rate our service for {plate}: {link}',
    },
    linkSegments: 3,
    linkByDefault: true,
  },
  /** R-SELF-3: the one confirmation of an opt-out by reply (STOP, 退订, TD). */
  'opt-out-confirmation': {
    kind: 'transactional',
    category: 'keyword',
    variables: [],
    text: {
      'zh-Hant': '您已退訂本店短信，在店維修車輛的服務通知除外。回覆「訂閱」可重新訂閱。',
      'zh-Hans': '您已退订本店短信，在店维修车辆的服务通知除外。回复“订阅”可重新订阅。',
      en: 'You will get no more messages from us except service notices about your car in our workshop. Reply START to opt back in.',
    },
  },
  /** R-SELF-3: the confirmation of an opt-in by reply (START, 訂閱). */
  'opt-in-confirmation': {
    kind: 'transactional',
    category: 'keyword',
    variables: [],
    text: {
      'zh-Hant': '您已重新訂閱本店短信。回覆 TD 可退訂。',
      'zh-Hans': '您已重新订阅本店短信。回复 TD 可退订。',
      en: 'You will get our messages again. Reply STOP to opt out.',
    },
  },
  /** R-SELF-3: a staff member's answer to a customer's reply, free text or one of the reply templates. */
  'reply-answer': {
    kind: 'transactional',
    category: 'conversation',
    variables: ['text'],
    text: { 'zh-Hant': '{text}', 'zh-Hans': '{text}', en: '{text}' },
  },
} as const satisfies Record<string, SmsTemplate>;

export type TemplateId = keyof typeof templates;

export type TemplateVariables<T extends TemplateId> = Record<
  (typeof templates)[T]['variables'][number],
  string
>;
