/**
 * The customer page (R-SELF-1, R-ADD-2, R-APT-1, R-SELF-2): what a link in an SMS opens.
 *
 * The token is the URL's fragment (`/c#<token>`): the browser never sends it with the page load,
 * so no access log holds it. The page sends it only in the `x-link-token` header of its calls to
 * the public routes on its own origin. Opening the page only reads (`GET /public/link`); every
 * answer is a POST made by a click, so a chat app's link preview changes nothing.
 *
 * A plain ES module with no build step. Every value goes into the page with `textContent`, never
 * as HTML. Words come from the table below in the branch's language (zh-Hant, zh-Hans, en); times
 * are shown in the branch's time zone. Elements the browser test reads carry a `data-testid`.
 */
const tokenPattern = /^[A-Za-z0-9_-]{22}$/;

const strings = {
  en: {
    pageTitle: 'Your car',
    loading: 'Loading…',
    repairTitle: 'Your repair',
    appointmentTitle: 'Your appointment',
    surveyTitle: 'How did we do?',
    plate: 'Car',
    state: 'Status',
    promisedAt: 'Promised for',
    promiseMoved: (from) => `first promised for ${from}`,
    nextNotice: 'We will text you',
    nextNoticeKinds: {
      'pickup-notice': (at) => `when your car is ready, around ${at}`,
      delay: (at) => `with news by ${at}`,
      progress: (at) => `with news by ${at}`,
    },
    agreed: 'Work you agreed to',
    noLines: 'No priced work yet.',
    item: 'Item',
    amount: 'Amount',
    totals: {
      labour: 'Labour',
      parts: 'Parts',
      fees: 'Fees',
      riskPremium: 'Risk premium',
      discount: 'Discount',
      total: 'Total',
    },
    addOnsTitle: 'Extra work waiting for your answer',
    addOnsIntro: 'The workshop found more work. Approve or decline each item.',
    safety: 'Safety related',
    why: 'Why',
    price: 'Price',
    delay: 'Adds to the time',
    noDelay: 'No extra time',
    minutes: (m) => (m >= 60 ? `about ${formatHours(m)} h` : `about ${m} min`),
    approve: 'Approve',
    decline: 'Decline',
    approveItem: (d) => `Approve: ${d}`,
    declineItem: (d) => `Decline: ${d}`,
    sending: 'Sending your answer…',
    approved: (d) => `Approved: ${d}.`,
    declined: (d) => `Declined: ${d}.`,
    newPromise: (at) => `Your car is now promised for ${at}.`,
    answeredTitle: 'Your answers',
    answeredApproved: 'approved',
    answeredDeclined: 'declined',
    appointmentAt: 'When',
    appointmentWork: 'What',
    appointmentState: 'Status',
    appointmentStates: {
      booked: 'Booked',
      confirmed: 'Confirmed',
      arrived: 'You arrived',
      no_show: 'Missed',
      cancelled: 'Cancelled',
      move_requested: 'You asked to move it; we will call you',
    },
    confirm: 'Confirm the appointment',
    askToMove: 'Ask to move it',
    moveNote: 'When would suit you better? (optional)',
    sendMove: 'Send the request',
    confirmed: 'Thank you, your appointment is confirmed.',
    moveRequested: 'Thank you, we will call you to find another time.',
    surveyIntro: (min, max) =>
      `For each point, what did you expect and what did you get? (${min} = very poor, ${max} = excellent)`,
    aspects: {
      onTime: 'Ready on time',
      priceAsQuoted: 'Price as quoted',
      quality: 'Quality of the repair',
      courtesy: 'Courtesy of our staff',
      overall: 'Overall',
    },
    expected: 'What you expected',
    perceived: 'What you got',
    comment: 'Anything to tell us? (optional)',
    isComplaint: 'This is a complaint: I would like the branch manager to contact me',
    sendSurvey: 'Send',
    surveyThanks: 'Thank you for your answers.',
    surveyAnswered: 'You already answered this survey. Thank you.',
    surveyMissing: 'Please give both scores for every point.',
    complaintNeedsComment: 'Please tell us in the comment what went wrong.',
    contactPromised: 'The branch will contact you about your answer.',
    surveyAbout: (plate, at) => `Your visit with ${plate}, collected ${at}`,
    states: {
      booked: 'Checked in, waiting for the workshop',
      in_progress: 'Being repaired',
      waiting_for_you: 'Waiting for your answer on extra work',
      checking: 'Repair done, in final inspection',
      ready: 'Ready to collect',
      done: 'Done. Thank you!',
      cancelled: 'Cancelled',
    },
    problems: {
      'link-not-found': [
        'This link does not work',
        'Please check that you opened the whole link from the SMS.',
      ],
      'link-expired': ['This link has expired', 'For your safety, links work for a limited time only.'],
      'link-revoked': ['This link is no longer valid', 'The branch has withdrawn it.'],
      'link-spent': ['Already answered', 'This link has already been used. Thank you.'],
      'rate-limited': ['Please wait a moment', 'Too many attempts. Please try again later.'],
      'try-again': ['Something went wrong', 'Please try again in a moment.'],
    },
    retryIn: (s) => `You can try again in ${s} s.`,
    retry: 'Try again',
    call: 'Questions? Call',
    callBranch: (name) => `Questions? Call ${name}`,
  },
  'zh-Hant': {
    pageTitle: '您的車輛',
    loading: '載入中…',
    repairTitle: '維修進度',
    appointmentTitle: '您的預約',
    surveyTitle: '您的意見',
    plate: '車牌',
    state: '狀態',
    promisedAt: '預計交車',
    promiseMoved: (from) => `原定 ${from}`,
    nextNotice: '下次通知',
    nextNoticeKinds: {
      'pickup-notice': (at) => `車輛完工時以短訊通知，約 ${at}`,
      delay: (at) => `${at} 前以短訊告知進度`,
      progress: (at) => `${at} 前以短訊告知進度`,
    },
    agreed: '您已同意的項目',
    noLines: '暫無報價項目。',
    item: '項目',
    amount: '金額',
    totals: {
      labour: '工時費',
      parts: '零件',
      fees: '其他費用',
      riskPremium: '風險附加費',
      discount: '折扣',
      total: '合計',
    },
    addOnsTitle: '待您確認的追加項目',
    addOnsIntro: '技師發現需要追加的維修。請逐項同意或拒絕。',
    safety: '涉及行車安全',
    why: '原因',
    price: '價錢',
    delay: '延長時間',
    noDelay: '不延長時間',
    minutes: (m) => (m >= 60 ? `約 ${formatHours(m)} 小時` : `約 ${m} 分鐘`),
    approve: '同意',
    decline: '拒絕',
    approveItem: (d) => `同意：${d}`,
    declineItem: (d) => `拒絕：${d}`,
    sending: '正在送出…',
    approved: (d) => `已同意：${d}。`,
    declined: (d) => `已拒絕：${d}。`,
    newPromise: (at) => `新的預計交車時間：${at}。`,
    answeredTitle: '您的答覆',
    answeredApproved: '已同意',
    answeredDeclined: '已拒絕',
    appointmentAt: '時間',
    appointmentWork: '項目',
    appointmentState: '狀態',
    appointmentStates: {
      booked: '已預約',
      confirmed: '已確認',
      arrived: '已到店',
      no_show: '未到店',
      cancelled: '已取消',
      move_requested: '您已要求改期，我們會致電聯絡',
    },
    confirm: '確認預約',
    askToMove: '要求改期',
    moveNote: '您方便的時間（選填）',
    sendMove: '送出要求',
    confirmed: '謝謝，您的預約已確認。',
    moveRequested: '謝謝，我們會致電與您另約時間。',
    surveyIntro: (min, max) => `每一項請選擇您的期望和實際感受（${min} = 很差，${max} = 非常好）`,
    aspects: {
      onTime: '準時交車',
      priceAsQuoted: '價錢與報價相符',
      quality: '維修質素',
      courtesy: '員工態度',
      overall: '整體',
    },
    expected: '您的期望',
    perceived: '實際感受',
    comment: '其他意見（選填）',
    isComplaint: '這是投訴：請分店經理與我聯絡',
    sendSurvey: '送出',
    surveyThanks: '謝謝您的意見。',
    surveyAnswered: '您已回答此問卷，謝謝。',
    surveyMissing: '請為每一項選擇兩個分數。',
    complaintNeedsComment: '請在意見欄寫下您遇到的問題。',
    contactPromised: '分店會就您的意見與您聯絡。',
    surveyAbout: (plate, at) => `${plate}，${at} 取車`,
    states: {
      booked: '已接車，等候進廠',
      in_progress: '維修中',
      waiting_for_you: '等候您確認追加項目',
      checking: '已完工，檢驗中',
      ready: '可以取車',
      done: '已完成，謝謝！',
      cancelled: '已取消',
    },
    problems: {
      'link-not-found': ['此連結無效', '請確認您開啟了短訊中的完整連結。'],
      'link-expired': ['此連結已過期', '為保障您的安全，連結只在限定時間內有效。'],
      'link-revoked': ['此連結已失效', '分店已收回此連結。'],
      'link-spent': ['已經答覆', '此連結已經使用過，謝謝。'],
      'rate-limited': ['請稍候', '嘗試次數太多，請稍後再試。'],
      'try-again': ['出現問題', '請稍後再試。'],
    },
    retryIn: (s) => `請於 ${s} 秒後再試。`,
    retry: '再試一次',
    call: '如有疑問，請致電',
    callBranch: (name) => `如有疑問，請致電${name}`,
  },
  'zh-Hans': {
    pageTitle: '您的车辆',
    loading: '加载中…',
    repairTitle: '维修进度',
    appointmentTitle: '您的预约',
    surveyTitle: '您的意见',
    plate: '车牌',
    state: '状态',
    promisedAt: '预计交车',
    promiseMoved: (from) => `原定 ${from}`,
    nextNotice: '下次通知',
    nextNoticeKinds: {
      'pickup-notice': (at) => `车辆完工时短信通知，约 ${at}`,
      delay: (at) => `${at} 前短信告知进度`,
      progress: (at) => `${at} 前短信告知进度`,
    },
    agreed: '您已同意的项目',
    noLines: '暂无报价项目。',
    item: '项目',
    amount: '金额',
    totals: {
      labour: '工时费',
      parts: '配件',
      fees: '其他费用',
      riskPremium: '风险附加费',
      discount: '折扣',
      total: '合计',
    },
    addOnsTitle: '待您确认的追加项目',
    addOnsIntro: '技师发现需要追加的维修。请逐项同意或拒绝。',
    safety: '涉及行车安全',
    why: '原因',
    price: '价格',
    delay: '延长时间',
    noDelay: '不延长时间',
    minutes: (m) => (m >= 60 ? `约 ${formatHours(m)} 小时` : `约 ${m} 分钟`),
    approve: '同意',
    decline: '拒绝',
    approveItem: (d) => `同意：${d}`,
    declineItem: (d) => `拒绝：${d}`,
    sending: '正在提交…',
    approved: (d) => `已同意：${d}。`,
    declined: (d) => `已拒绝：${d}。`,
    newPromise: (at) => `新的预计交车时间：${at}。`,
    answeredTitle: '您的答复',
    answeredApproved: '已同意',
    answeredDeclined: '已拒绝',
    appointmentAt: '时间',
    appointmentWork: '项目',
    appointmentState: '状态',
    appointmentStates: {
      booked: '已预约',
      confirmed: '已确认',
      arrived: '已到店',
      no_show: '未到店',
      cancelled: '已取消',
      move_requested: '您已要求改期，我们会致电联系',
    },
    confirm: '确认预约',
    askToMove: '要求改期',
    moveNote: '您方便的时间（选填）',
    sendMove: '提交要求',
    confirmed: '谢谢，您的预约已确认。',
    moveRequested: '谢谢，我们会致电与您另约时间。',
    surveyIntro: (min, max) => `每一项请选择您的期望和实际感受（${min} = 很差，${max} = 非常好）`,
    aspects: {
      onTime: '准时交车',
      priceAsQuoted: '价格与报价相符',
      quality: '维修质量',
      courtesy: '员工态度',
      overall: '整体',
    },
    expected: '您的期望',
    perceived: '实际感受',
    comment: '其他意见（选填）',
    isComplaint: '这是投诉：请门店经理与我联系',
    sendSurvey: '提交',
    surveyThanks: '谢谢您的意见。',
    surveyAnswered: '您已回答此问卷，谢谢。',
    surveyMissing: '请为每一项选择两个分数。',
    complaintNeedsComment: '请在意见栏写下您遇到的问题。',
    contactPromised: '门店会就您的意见与您联系。',
    surveyAbout: (plate, at) => `${plate}，${at} 取车`,
    states: {
      booked: '已接车，等候进厂',
      in_progress: '维修中',
      waiting_for_you: '等候您确认追加项目',
      checking: '已完工，检验中',
      ready: '可以取车',
      done: '已完成，谢谢！',
      cancelled: '已取消',
    },
    problems: {
      'link-not-found': ['此链接无效', '请确认您打开了短信中的完整链接。'],
      'link-expired': ['此链接已过期', '为保障您的安全，链接只在限定时间内有效。'],
      'link-revoked': ['此链接已失效', '门店已收回此链接。'],
      'link-spent': ['已经答复', '此链接已经使用过，谢谢。'],
      'rate-limited': ['请稍候', '尝试次数太多，请稍后再试。'],
      'try-again': ['出现问题', '请稍后再试。'],
    },
    retryIn: (s) => `请于 ${s} 秒后再试。`,
    retry: '再试一次',
    call: '如有疑问，请致电',
    callBranch: (name) => `如有疑问，请致电${name}`,
  },
};

/** The branch's language when known, else the browser's (zh-TW/HK/MO: Traditional). */
function languageOf(tag) {
  if (tag && Object.hasOwn(strings, tag)) return tag;
  const lower = String(tag ?? '').toLowerCase();
  if (!lower.startsWith('zh')) return 'en';
  return /hant|-tw|-hk|-mo/.test(lower) ? 'zh-Hant' : 'zh-Hans';
}

let lang = languageOf(navigator.language);
let t = strings[lang];
/** The branch as last seen (name, phone, locale, timeZone): kept for the error pages. */
let branch;
const token = location.hash.slice(1);

const byId = (id) => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}`);
  return node;
};

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

function setLanguage(tag) {
  lang = languageOf(tag);
  t = strings[lang];
  document.documentElement.lang = lang;
}

function formatHours(minutes) {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(minutes / 60);
}

const fallbackTimeZone = 'Asia/Shanghai';

/** A time in the branch's time zone, in the branch's language. */
function formatTime(iso) {
  if (!iso) return '';
  const options = { dateStyle: 'medium', timeStyle: 'short' };
  // The branch's zone when the view names it; else the chain's (every region it serves, CN, HK,
  // MO and TW, is UTC+8), never the phone's, which may be abroad.
  options.timeZone = branch?.timeZone ?? fallbackTimeZone;
  try {
    return new Intl.DateTimeFormat(lang, options).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  }
}

/** Minor units (fen, cents) in the order's currency. */
function formatMoney(minor, currency) {
  const format = new Intl.NumberFormat(lang, { style: 'currency', currency: currency || 'CNY' });
  const digits = format.resolvedOptions().maximumFractionDigits;
  return format.format((minor ?? 0) / 10 ** digits);
}

/** A `<time>` element: the branch's local time for the reader, the instant in `datetime`. */
function timeElement(iso, testid) {
  return element('time', { datetime: iso, 'data-testid': testid }, formatTime(iso));
}

function announce(text) {
  byId('announce').textContent = text;
}

function setTitle(text) {
  byId('title').textContent = text;
  document.title = branch?.name ? `${text} · ${branch.name}` : text;
}

/** The branch's name, and a call link when its phone is known: on every page, errors included. */
function renderContact() {
  byId('branch').textContent = branch?.name ?? '';
  const contact = byId('contact');
  contact.replaceChildren();
  if (branch?.phone) {
    contact.append(
      element(
        'p',
        {},
        `${branch.name ? t.callBranch(branch.name) : t.call} `,
        element(
          'a',
          { href: `tel:${branch.phone.replace(/[^+\d]/g, '')}`, 'data-testid': 'branch-phone' },
          branch.phone,
        ),
      ),
    );
  }
}

/** A page that says what went wrong in the customer's words; it offers nothing that acts. */
function renderProblem(kind, retryAfterSeconds) {
  const [title, detail] = t.problems[kind] ?? t.problems['try-again'];
  document.body.dataset.state = 'problem';
  document.body.dataset.problem = kind;
  setTitle(title);
  const view = byId('view');
  view.replaceChildren(element('p', { 'data-testid': 'problem-detail' }, detail));
  if (retryAfterSeconds) view.append(element('p', {}, t.retryIn(retryAfterSeconds)));
  if (kind === 'try-again' || kind === 'rate-limited') {
    const button = element('button', { type: 'button', class: 'secondary' }, t.retry);
    button.addEventListener('click', () => void load());
    view.append(button);
  }
  renderContact();
  byId('title').focus();
}

class Problem extends Error {
  constructor(kind, retryAfterSeconds) {
    super(kind);
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Maps an answer of the public routes to what the page shows: the view, or a problem kind. */
async function call(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        'x-link-token': token,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new Problem('try-again');
  }
  const payload = await response.json().catch(() => undefined);
  if (response.ok) return payload;
  // Expired and revoked links may still name their branch: the page offers its phone.
  if (payload?.branch) {
    branch = { ...branch, ...payload.branch };
    if (payload.branch.locale) setLanguage(payload.branch.locale);
  }
  const type = String(payload?.type ?? '').replace(/^.*\//, '');
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    throw new Problem('rate-limited', Number.isFinite(seconds) && seconds > 0 ? seconds : undefined);
  }
  if (Object.hasOwn(t.problems, type)) throw new Problem(type);
  if (response.status === 404) throw new Problem('link-not-found');
  throw new Problem('try-again');
}

/** One row of a definition list. */
const fact = (label, value, testid) =>
  element(
    'div',
    { class: 'fact' },
    element('dt', {}, label),
    element('dd', { 'data-testid': testid }, value),
  );

function linesTable(lines, totals, currency, testid) {
  const table = element('table', { 'data-testid': testid });
  table.append(
    element(
      'thead',
      {},
      element('tr', {}, element('th', { scope: 'col' }, t.item), element('th', { scope: 'col' }, t.amount)),
    ),
  );
  const body = element('tbody');
  for (const line of lines ?? []) {
    body.append(
      element(
        'tr',
        {},
        element('th', { scope: 'row' }, line.description ?? ''),
        element('td', {}, formatMoney(line.amount, currency)),
      ),
    );
  }
  table.append(body);
  if (totals) {
    const foot = element('tfoot');
    for (const key of ['labour', 'parts', 'fees', 'riskPremium', 'discount', 'total']) {
      if (typeof totals[key] !== 'number' || (key !== 'total' && totals[key] === 0)) continue;
      foot.append(
        element(
          'tr',
          { class: key === 'total' ? 'total' : undefined },
          element('th', { scope: 'row' }, t.totals[key]),
          element('td', { 'data-testid': `${testid}-${key}` }, formatMoney(totals[key], currency)),
        ),
      );
    }
    table.append(foot);
  }
  return element('div', { class: 'scroll' }, table);
}

function renderOrder(order, view) {
  const currency = order.currency ?? branch?.currency;
  const section = element('section', { 'aria-labelledby': 'status-title', class: 'card' });
  section.append(element('h2', { id: 'status-title' }, t.repairTitle));
  const facts = element('dl', { class: 'facts' });
  if (order.plate) facts.append(fact(t.plate, order.plate, 'plate'));
  facts.append(fact(t.state, order.stateText ?? t.states[order.state] ?? order.state ?? '', 'state'));
  if (order.promisedAt) {
    const moved =
      order.originalPromisedAt && order.originalPromisedAt !== order.promisedAt
        ? element('span', { class: 'muted' }, ` (${t.promiseMoved(formatTime(order.originalPromisedAt))})`)
        : undefined;
    const value = element('span', {}, timeElement(order.promisedAt, 'promised-at'), moved);
    facts.append(
      element('div', { class: 'fact' }, element('dt', {}, t.promisedAt), element('dd', {}, value)),
    );
  }
  const notice = order.nextNotice;
  if (notice) {
    const at = typeof notice === 'string' ? notice : notice.at;
    const kind = typeof notice === 'string' ? 'pickup-notice' : notice.kind;
    const say = t.nextNoticeKinds[kind] ?? t.nextNoticeKinds.progress;
    facts.append(fact(t.nextNotice, say(formatTime(at)), 'next-notice'));
  }
  section.append(facts);
  section.append(element('h3', {}, t.agreed));
  if ((order.lines ?? []).length === 0) section.append(element('p', { class: 'muted' }, t.noLines));
  else {
    const totals = order.totals ?? (typeof order.total === 'number' ? { total: order.total } : undefined);
    section.append(linesTable(order.lines, totals, currency, 'agreed-lines'));
  }
  view.append(section);

  const pending = order.pendingAddOns ?? (order.addOns ?? []).filter((a) => a.status === 'pending');
  if (pending.length > 0) view.append(renderAddOns(pending, currency));

  // The items answered (LinkView `answeredAddOns`, each with its `decision`).
  const answered =
    order.answeredAddOns ??
    (order.addOns ?? [])
      .filter((a) => a.status === 'approved' || a.status === 'declined')
      .map((a) => ({ ...a, decision: a.status }));
  if (answered.length > 0) {
    const list = element('ul', { class: 'answered', 'data-testid': 'answered-add-ons' });
    for (const item of answered) {
      list.append(
        element(
          'li',
          {},
          `${item.description}: `,
          element('strong', {}, item.decision === 'approved' ? t.answeredApproved : t.answeredDeclined),
        ),
      );
    }
    view.append(
      element(
        'section',
        { 'aria-labelledby': 'answered-title', class: 'card' },
        element('h2', { id: 'answered-title' }, t.answeredTitle),
        list,
      ),
    );
  }
}

function renderAddOns(items, currency) {
  const section = element('section', { 'aria-labelledby': 'add-ons-title', class: 'card attention' });
  section.append(element('h2', { id: 'add-ons-title' }, t.addOnsTitle), element('p', {}, t.addOnsIntro));
  for (const item of items) {
    const titleId = `add-on-${item.id}-title`;
    const article = element('article', {
      class: 'add-on',
      'aria-labelledby': titleId,
      'data-testid': 'add-on',
      'data-add-on-id': item.id,
    });
    article.append(element('h3', { id: titleId }, item.description));
    if (item.safetyRelated) article.append(element('p', { class: 'badge' }, t.safety));
    const facts = element('dl', { class: 'facts' });
    if (item.reason) facts.append(fact(t.why, item.reason, 'add-on-reason'));
    facts.append(fact(t.price, formatMoney(item.price, currency), 'add-on-price'));
    facts.append(
      fact(t.delay, item.extraMinutes > 0 ? t.minutes(item.extraMinutes) : t.noDelay, 'add-on-delay'),
    );
    article.append(facts);
    if ((item.lines ?? []).length > 1)
      article.append(linesTable(item.lines, undefined, currency, 'add-on-lines'));
    const actions = element('div', { class: 'actions' });
    for (const decision of ['approved', 'declined']) {
      const button = element(
        'button',
        {
          type: 'button',
          class: decision === 'approved' ? 'approve' : 'decline',
          'aria-label':
            decision === 'approved' ? t.approveItem(item.description) : t.declineItem(item.description),
          'data-testid': decision === 'approved' ? 'approve' : 'decline',
        },
        decision === 'approved' ? t.approve : t.decline,
      );
      button.addEventListener('click', () => void answerAddOn(item, decision, actions));
      actions.append(button);
    }
    article.append(actions);
    section.append(article);
  }
  return section;
}

async function act(buttons, run) {
  for (const button of buttons.querySelectorAll('button')) button.disabled = true;
  announce(t.sending);
  try {
    await run();
  } catch (error) {
    if (error instanceof Problem) renderProblem(error.kind, error.retryAfterSeconds);
    else renderProblem('try-again');
  }
}

async function answerAddOn(item, decision, buttons) {
  await act(buttons, async () => {
    const before = currentView?.order?.promisedAt;
    const next = await call('POST', `/public/link/add-ons/${encodeURIComponent(item.id)}/answer`, {
      decision,
    });
    const view = next?.purpose ? next : await call('GET', '/public/link');
    render(view);
    const said = decision === 'approved' ? t.approved(item.description) : t.declined(item.description);
    const promise = view.order?.promisedAt;
    announce(promise && promise !== before ? `${said} ${t.newPromise(formatTime(promise))}` : said);
  });
}

function renderAppointment(appointment, main, view) {
  const section = element('section', { 'aria-labelledby': 'appointment-title', class: 'card' });
  section.append(element('h2', { id: 'appointment-title' }, t.appointmentTitle));
  const facts = element('dl', { class: 'facts' });
  const at = appointment.startAt ?? appointment.startsAt ?? appointment.at;
  if (at) facts.append(fact(t.appointmentAt, timeElement(at), 'appointment-at'));
  const work = appointment.work ?? appointment.services ?? appointment.description;
  if (work)
    facts.append(
      fact(t.appointmentWork, Array.isArray(work) ? work.join(', ') : String(work), 'appointment-work'),
    );
  if (appointment.plate) facts.append(fact(t.plate, appointment.plate, 'plate'));
  if (appointment.state) {
    const state = appointment.moveRequested ? 'move_requested' : appointment.state;
    facts.append(fact(t.appointmentState, t.appointmentStates[state] ?? state, 'appointment-state'));
  }
  section.append(facts);
  // A spent link (confirmed, or a move asked) still shows, but acts no more.
  const open = appointment.state === 'booked' && !appointment.moveRequested && !view.spent;
  if (open) {
    const actions = element('div', { class: 'actions' });
    const confirm = element(
      'button',
      { type: 'button', class: 'approve', 'data-testid': 'confirm' },
      t.confirm,
    );
    const move = element(
      'button',
      { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'data-testid': 'ask-to-move' },
      t.askToMove,
    );
    const form = element('form', { class: 'move', hidden: '' });
    const note = element('textarea', { id: 'move-note', name: 'note', rows: '3', maxlength: '500' });
    form.append(
      element('label', { for: 'move-note' }, t.moveNote),
      note,
      element('button', { type: 'submit', 'data-testid': 'send-move' }, t.sendMove),
    );
    confirm.addEventListener(
      'click',
      () =>
        void act(section, async () => {
          const next = await call('POST', '/public/link/appointment/confirm', {});
          render(next?.purpose ? next : await call('GET', '/public/link'));
          announce(t.confirmed);
        }),
    );
    move.addEventListener('click', () => {
      form.hidden = !form.hidden;
      move.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) note.focus();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = note.value.trim();
      void act(section, async () => {
        const next = await call('POST', '/public/link/appointment/move-request', text ? { note: text } : {});
        // The answer is `{ requested, view }` (AppointmentMoveRequested).
        render(next?.view ?? (next?.purpose ? next : await call('GET', '/public/link')));
        announce(t.moveRequested);
      });
    });
    actions.append(confirm, move);
    section.append(actions, form);
  }
  main.append(section);
}

function scale(name, legend, min, max) {
  const fieldset = element('fieldset', { class: 'scale' }, element('legend', {}, legend));
  const row = element('div', { class: 'choices' });
  for (let n = min; n <= max; n++) {
    const id = `${name}-${n}`;
    row.append(
      element('input', { type: 'radio', id, name, value: String(n) }),
      element('label', { for: id }, String(n)),
    );
  }
  fieldset.append(row);
  return fieldset;
}

function renderSurvey(survey, view) {
  const section = element('section', { 'aria-labelledby': 'survey-title', class: 'card' });
  section.append(element('h2', { id: 'survey-title' }, t.surveyTitle));
  if (survey.plate) {
    section.append(element('p', { class: 'muted' }, t.surveyAbout(survey.plate, formatTime(survey.exitAt))));
  }
  if (survey.answeredAt) {
    section.append(element('p', { 'data-testid': 'survey-answered' }, t.surveyAnswered));
    if (survey.contactPromised) section.append(element('p', {}, t.contactPromised));
    view.append(section);
    return;
  }
  const { min, max } = survey.scale ?? { min: 1, max: 5 };
  const form = element('form', { class: 'survey', 'data-testid': 'survey', novalidate: '' });
  form.append(element('p', {}, t.surveyIntro(min, max)));
  for (const aspect of survey.aspects ?? []) {
    const group = element(
      'fieldset',
      { class: 'aspect' },
      element('legend', {}, t.aspects[aspect] ?? aspect),
    );
    group.append(
      scale(`${aspect}-expected`, t.expected, min, max),
      scale(`${aspect}-perceived`, t.perceived, min, max),
    );
    form.append(group);
  }
  form.append(
    element('label', { for: 'survey-comment' }, t.comment),
    element('textarea', { id: 'survey-comment', name: 'comment', rows: '4', maxlength: '1000' }),
    element(
      'div',
      { class: 'check' },
      element('input', { type: 'checkbox', id: 'survey-complaint', name: 'isComplaint' }),
      element('label', { for: 'survey-complaint' }, t.isComplaint),
    ),
    element('p', { class: 'error', id: 'survey-error', role: 'alert' }),
    element('button', { type: 'submit', 'data-testid': 'send-survey' }, t.sendSurvey),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const scores = {};
    for (const aspect of survey.aspects ?? []) {
      const expected = Number(data.get(`${aspect}-expected`));
      const perceived = Number(data.get(`${aspect}-perceived`));
      if (!expected || !perceived) {
        form.querySelector('#survey-error').textContent = t.surveyMissing;
        form.querySelector(`input[name="${aspect}-${expected ? 'perceived' : 'expected'}"]`)?.focus();
        return;
      }
      scores[aspect] = { expected, perceived };
    }
    const comment = String(data.get('comment') ?? '').trim();
    if (data.get('isComplaint') === 'on' && !comment) {
      form.querySelector('#survey-error').textContent = t.complaintNeedsComment;
      form.querySelector('#survey-comment')?.focus();
      return;
    }
    const body = { scores, isComplaint: data.get('isComplaint') === 'on', ...(comment ? { comment } : {}) };
    void act(form, async () => {
      const next = await call('POST', '/public/link/survey', body);
      // The answer is the survey's new view (SurveyView): answered, and whether the shop will call.
      const answered = next?.purpose
        ? next
        : { ...currentView, survey: next?.aspects ? next : { ...survey, answeredAt: 'now' } };
      render(answered);
      announce(t.surveyThanks);
    });
  });
  section.append(form);
  view.append(section);
}

let currentView;

/** Shows a customer view of `GET /public/link` (or of an answer). */
function render(view) {
  currentView = view;
  branch = { ...view.branch, ...(view.timeZone ? { timeZone: view.timeZone } : {}) };
  // The customer's language when the shop knows it, else the branch's.
  setLanguage(view.locale ?? view.branch?.locale ?? lang);
  document.body.dataset.state = 'ready';
  document.body.dataset.purpose = view.purpose ?? '';
  delete document.body.dataset.problem;
  const main = byId('view');
  main.replaceChildren();
  if (view.order) renderOrder(view.order, main);
  if (view.appointment) renderAppointment(view.appointment, main, view);
  if (view.survey) renderSurvey(view.survey, main);
  const title =
    view.purpose === 'survey'
      ? t.surveyTitle
      : view.purpose === 'appointment'
        ? t.appointmentTitle
        : t.pageTitle;
  setTitle(title);
  renderContact();
}

async function load() {
  document.body.dataset.state = 'loading';
  setTitle(t.loading);
  // A malformed fragment is refused here: nothing is sent.
  if (!tokenPattern.test(token)) {
    renderProblem('link-not-found');
    return;
  }
  try {
    render(await call('GET', '/public/link'));
  } catch (error) {
    renderProblem(error instanceof Problem ? error.kind : 'try-again', error?.retryAfterSeconds);
  }
}

setLanguage(lang);
window.addEventListener('hashchange', () => location.reload());
void load();
