import {
  type SmsLocale,
  type SmsTemplate,
  type TemplateId,
  type TemplateVariables,
  templates,
} from './templates';

/** A template variable had no value: the SMS would show `{plate}` to the customer. */
export class MissingTemplateVariableError extends Error {
  constructor(
    readonly templateId: string,
    readonly variable: string,
  ) {
    super(`SMS template ${templateId} needs the variable ${variable}`);
    this.name = 'MissingTemplateVariableError';
  }
}

/**
 * The text of one SMS: the template in the customer's locale with its variables filled, after the
 * branch's registered signature `【signature】` where the branch has one (mainland China carriers
 * refuse template SMS without the registered signature).
 */
export function renderSms<T extends TemplateId>(input: {
  templateId: T;
  locale: SmsLocale;
  variables: TemplateVariables<T>;
  signature?: string | undefined;
  /** R-SELF-1: the link's URL: the template's link variant is rendered with it (if it has one). */
  link?: string | undefined;
}): string {
  const template: SmsTemplate = templates[input.templateId];
  const linkText = input.link ? template.linkText?.[input.locale] : undefined;
  const values: Record<string, string | undefined> = {
    ...(input.variables as Record<string, string | undefined>),
    link: input.link,
  };
  for (const name of template.variables) {
    const value = values[name];
    if (value === undefined || value.trim() === '')
      throw new MissingTemplateVariableError(input.templateId, name);
  }
  const body = (linkText ?? template.text[input.locale]).replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new MissingTemplateVariableError(input.templateId, name);
    // One line per SMS: a value never breaks the text.
    return value.replace(/\s+/g, ' ').trim();
  });
  return input.signature ? `【${input.signature}】${body}` : body;
}

const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An instant as the customer reads it: the branch's local time (R-X-2), `3月2日 17:30` in Chinese
 * and `2 Mar 17:30` in English. Built from parts rather than a locale format, whose punctuation
 * changes between ICU versions and would change a registered template's rendered text.
 */
export function formatSmsTime(instant: Date, timeZone: string, locale: SmsLocale): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const time = `${parts.hour}:${parts.minute}`;
  const month = Number(parts.month);
  if (locale === 'en') return `${parts.day} ${monthsEn[month - 1]} ${time}`;
  return `${month}月${parts.day}日 ${time}`;
}
