/**
 * The HQ dashboard (R-RPT-3): signs in with an HQ token, reads `GET /hq/figures` for a range of
 * local days and shows the chain's service KPIs, the branch comparison and the daily trends.
 *
 * A plain ES module with no build step. Chart.js is loaded before it as a classic script
 * (`window.Chart`). Every value goes into the page with `textContent`, never as HTML, and every
 * number shown carries a `data-testid` (test/e2e/dashboard.test.ts reads them). The API is on the
 * page's own origin: the local runtime serves both, and CloudFront routes /hq/* to the API.
 */
const { Chart } = globalThis;
const tokenKey = 'hq-dashboard-token';
/** The sign-in under way with Cognito: PKCE verifier, state and the page's query to come back to. */
const pendingSignInKey = 'hq-dashboard-sign-in';
const dayMs = 86_400_000;

/** The KPI tiles, in the order of R-RPT-3. */
const kpiTiles = [
  ['onTimeDeliveryPercent', 'On-time delivery', 'percent'],
  ['followUpInWindowPercent', 'Follow-ups in window', 'percent'],
  ['addOnApprovalPercent', 'Add-on approval', 'percent'],
  ['progressCheckOnTimePercent', 'Progress checks on time', 'percent'],
  ['complaints', 'Complaints', 'count'],
  ['complaintResponseHours', 'Complaint response (h)', 'hours'],
  ['complaintOnTimePercent', 'Complaints answered on time', 'percent'],
  ['complaintSatisfactionPercent', 'Satisfied with the answer', 'percent'],
  ['inspectionFailurePercent', 'Inspection failures', 'percent'],
  ['appointmentShowPercent', 'Appointment show rate', 'percent'],
  // R-SELF-2: the satisfaction survey; satisfaction is perceived − expected (−4..4), a gap below 0
  // means the shop fell short of what its customers expected.
  ['surveysSent', 'Surveys sent', 'count'],
  ['surveysAnswered', 'Surveys answered', 'count'],
  ['surveyResponsePercent', 'Survey response rate', 'percent'],
  ['satisfactionGap', 'Satisfaction (perceived − expected)', 'gap'],
  ['satisfactionGapByAspect.onTime', 'Satisfaction: on time', 'gap'],
  ['satisfactionGapByAspect.priceAsQuoted', 'Satisfaction: price as quoted', 'gap'],
  ['satisfactionGapByAspect.quality', 'Satisfaction: quality', 'gap'],
  ['satisfactionGapByAspect.courtesy', 'Satisfaction: courtesy', 'gap'],
];

/** A KPI by its tile name; `a.b` reads a KPI given per part (satisfactionGapByAspect.onTime). */
const kpiValue = (kpis, name) => name.split('.').reduce((value, part) => value?.[part], kpis);

/** Counters in minor units of the branch's currency (shared/reports/actions/figures.ts `moneyCounters`). */
const moneyFigures = ['revenue', 'receivablesRaised', 'receivablesCollected', 'paymentsReceived'];
const comparisonColumns = ['carsIn', 'carsOut', 'revenue', 'receivablesRaised', 'receivablesCollected'];
const figureLabels = {
  carsIn: 'Cars in',
  carsOut: 'Cars out',
  revenue: 'Revenue',
  receivablesRaised: 'Receivables raised',
  receivablesCollected: 'Receivables collected',
  paymentsReceived: 'Payments received',
  deliveriesOnTime: 'Deliveries on time',
  complaints: 'Complaints',
  surveysAnswered: 'Surveys answered',
};
const palette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

const byId = (id) => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}`);
  return node;
};

function element(tag, attributes = {}, text = undefined) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// Numbers: fixed en-US grouping, so what HQ reads is the same on every machine.
const counts = new Intl.NumberFormat('en-US');
const percents = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const moneyFormats = new Map();

function moneyFormat(currency) {
  if (!moneyFormats.has(currency)) {
    moneyFormats.set(
      currency,
      new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' }),
    );
  }
  return moneyFormats.get(currency);
}

/** Minor units (fen, cents) to the currency's major unit: CNY and HKD have 2 decimals. */
const major = (minor, currency) =>
  (minor ?? 0) / 10 ** moneyFormat(currency).resolvedOptions().maximumFractionDigits;
const formatCount = (n) => counts.format(n ?? 0);
const formatMoney = (minor, currency) => moneyFormat(currency).format(major(minor, currency));
/** A rate is null while there is nothing to rate (shared/reports/rules/kpis.ts): a dash, not 0 %. */
const formatPercent = (p) => (p === null || p === undefined ? '—' : `${percents.format(p)} %`);
const formatHours = (h) => (h === null || h === undefined ? '—' : `${percents.format(h)} h`);
/** A satisfaction gap with its sign (ASCII, so it reads back as a number): +0.5, 0, -1.25. */
const formatGap = (g) =>
  g === null || g === undefined ? '—' : `${g > 0 ? '+' : ''}${percents.format(g).replace('−', '-')}`;
const formatKpi = (kind, value) =>
  kind === 'percent'
    ? formatPercent(value)
    : kind === 'hours'
      ? formatHours(value)
      : kind === 'gap'
        ? formatGap(value)
        : formatCount(value);

function setState(state) {
  document.body.dataset.state = state;
}

// ---- Sign-in ------------------------------------------------------------------------------

/** The token's claims, for showing who is signed in; the API verifies the token, not this. */
function claimsOf(token) {
  try {
    const part = token.split('.')[1] ?? '';
    const bytes = Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

function usableToken(token) {
  const claims = token ? claimsOf(token) : undefined;
  return claims !== undefined && (typeof claims.exp !== 'number' || claims.exp * 1000 > Date.now());
}

function showSignIn(message = '') {
  sessionStorage.removeItem(tokenKey);
  byId('dashboard').hidden = true;
  byId('sign-out').hidden = true;
  byId('who').textContent = '';
  byId('sign-in').hidden = false;
  byId('sign-in-error').textContent = message;
  setState('signed-out');
}

function useToken(token) {
  if (!usableToken(token)) {
    showSignIn('That is not a valid, unexpired ID token.');
    return;
  }
  sessionStorage.setItem(tokenKey, token);
  const claims = claimsOf(token);
  const roles = claims['cognito:groups'] ?? [];
  byId('who').textContent =
    `${claims.name ?? claims['cognito:username'] ?? claims.sub} (${[roles].flat().join(', ')})`;
  byId('sign-in').hidden = true;
  byId('sign-out').hidden = false;
  byId('dashboard').hidden = false;
  void loadFigures();
}

// Cognito's managed login: the authorization code grant with PKCE (RFC 7636), as a public client.

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The page's own address without query: the redirect URI registered on the app client. */
function pageAddress() {
  return new URL('./', location.href).href;
}

async function signInWithCognito(cognito) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  sessionStorage.setItem(pendingSignInKey, JSON.stringify({ verifier, state, search: location.search }));
  const url = new URL('/oauth2/authorize', cognito.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: cognito.clientId,
    redirect_uri: pageAddress(),
    scope: 'openid profile',
    state,
    code_challenge: base64url(new Uint8Array(digest)),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/**
 * Back from the managed login with `?code=…&state=…` (or `?error=…`): puts the page's own query
 * back in the address bar at once (the code is single-use and must not stay in the history), and
 * returns what the exchange needs.
 */
function takeCognitoAnswer() {
  const answer = new URLSearchParams(location.search);
  if (!answer.has('code') && !answer.has('error')) return undefined;
  let pending;
  try {
    pending = JSON.parse(sessionStorage.getItem(pendingSignInKey) ?? 'null');
  } catch {
    pending = null;
  }
  sessionStorage.removeItem(pendingSignInKey);
  history.replaceState(null, '', pageAddress() + (pending?.search ?? ''));
  return { answer, pending };
}

async function finishCognitoSignIn(cognito, { answer, pending }) {
  if (answer.has('error')) {
    showSignIn(`The sign-in failed: ${answer.get('error_description') ?? answer.get('error')}.`);
    return;
  }
  // A code this page did not ask for (another tab, a forged link) is never exchanged.
  if (!pending || pending.state !== answer.get('state')) {
    showSignIn('The sign-in answer does not match a sign-in started here: sign in again.');
    return;
  }
  const response = await fetch(new URL('/oauth2/token', cognito.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: cognito.clientId,
      code: answer.get('code') ?? '',
      redirect_uri: pageAddress(),
      code_verifier: pending.verifier,
    }),
  }).catch(() => undefined);
  const body = response ? await response.json().catch(() => ({})) : {};
  if (!response?.ok || typeof body.id_token !== 'string') {
    showSignIn(
      `Cognito did not sign you in (${body.error ?? response?.status ?? 'no answer'}): sign in again.`,
    );
    return;
  }
  useToken(body.id_token);
}

/** Ends the managed login's session too, so the next person at this browser must sign in. */
function signOutOfCognito(cognito) {
  const url = new URL('/logout', cognito.domain);
  url.search = new URLSearchParams({ client_id: cognito.clientId, logout_uri: pageAddress() }).toString();
  location.assign(url.href);
}

async function signInLocally(login) {
  const response = await fetch('/local/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || typeof body.token !== 'string') {
    showSignIn(body.detail ?? `The local sign-in failed (${response.status}).`);
    return;
  }
  useToken(body.token);
}

// ---- Range --------------------------------------------------------------------------------

const isoDay = (date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The range in the address (bookmarkable), else the last 30 days to today. */
function initialRange() {
  const query = new URLSearchParams(location.search);
  const today = new Date();
  return {
    from: query.get('from') ?? isoDay(new Date(today.getTime() - 29 * dayMs)),
    to: query.get('to') ?? isoDay(today),
    branches: query.get('branches') ?? '',
  };
}

function currentRange() {
  const form = byId('range');
  return {
    from: form.elements.from.value,
    to: form.elements.to.value,
    branches: form.elements.branches.value.trim().toUpperCase(),
  };
}

/** Every local day of the range, oldest first (the API lists only days with figures). */
function daysOf(from, to) {
  const days = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += dayMs) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

// ---- Figures ------------------------------------------------------------------------------

let figures;
const charts = new Map();

async function loadFigures() {
  const range = currentRange();
  const query = new URLSearchParams({ from: range.from, to: range.to });
  if (range.branches) query.set('branches', range.branches);
  history.replaceState(null, '', `?${query}`);
  setState('loading');
  byId('status').textContent = 'Loading…';
  const token = sessionStorage.getItem(tokenKey) ?? '';
  let response;
  try {
    response = await fetch(`/hq/figures?${query}`, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    byId('status').textContent = 'The API does not answer.';
    setState('error');
    return;
  }
  if (response.status === 401) {
    showSignIn('The token was refused (expired, or not issued for this API): sign in again.');
    return;
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const fields = (body.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');
    byId('status').textContent =
      `${response.status} ${body.title ?? ''}: ${body.detail ?? ''}${fields ? ` (${fields})` : ''}`;
    setState('error');
    return;
  }
  figures = body;
  render(body);
  byId('status').textContent =
    `Figures for ${body.from} to ${body.to}, ${body.branches.length} branches, in each branch's local days.`;
  setState('loaded');
}

function render(data) {
  renderKpis(data.chain.kpis);
  renderComparison(data);
  renderBranchKpis(data.branches);
  renderTrend();
}

function renderKpis(kpis) {
  byId('kpis').replaceChildren(
    ...kpiTiles.map(([name, label, kind]) => {
      const tile = element('div', { class: 'tile' });
      const value = formatKpi(kind, kpiValue(kpis, name));
      tile.append(element('span', {}, label), element('strong', { 'data-testid': `kpi-${name}` }, value));
      return tile;
    }),
  );
}

function figureCell(testId, text) {
  const cell = element('td');
  cell.append(element('span', { 'data-testid': testId }, text));
  return cell;
}

function renderComparison(data) {
  const rows = data.branches.map((branch) => {
    const row = element('tr');
    row.append(element('th', { scope: 'row' }, `${branch.name} (${branch.branchId})`));
    for (const name of comparisonColumns) {
      const value = branch.totals[name];
      const text = moneyFigures.includes(name) ? formatMoney(value, branch.currency) : formatCount(value);
      row.append(figureCell(`branch-${branch.branchId}-${name}`, text));
    }
    return row;
  });
  byId('comparison').tBodies[0]?.replaceChildren(...rows);

  // The chain: counts summed over the branches; money only per currency, one line each.
  const chain = element('tr');
  chain.append(element('th', { scope: 'row' }, 'Chain'));
  for (const name of comparisonColumns) {
    if (!moneyFigures.includes(name)) {
      chain.append(figureCell(`chain-${name}`, formatCount(data.chain.totals[name])));
      continue;
    }
    const cell = element('td');
    for (const [currency, money] of Object.entries(data.chain.money)) {
      cell.append(
        element(
          'span',
          { class: 'line', 'data-testid': `chain-${currency}-${name}` },
          formatMoney(money[name], currency),
        ),
      );
    }
    chain.append(cell);
  }
  byId('comparison').tFoot?.replaceChildren(chain);

  draw('chart-cars', {
    type: 'bar',
    data: {
      labels: data.branches.map((b) => b.branchId),
      datasets: ['carsIn', 'carsOut'].map((name, i) => ({
        label: figureLabels[name],
        data: data.branches.map((b) => b.totals[name] ?? 0),
        backgroundColor: palette[i],
      })),
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  // Money is compared within a currency only: one chart per currency.
  const moneyCharts = byId('money-charts');
  for (const id of charts.keys()) if (id.startsWith('chart-money-')) forget(id);
  moneyCharts.replaceChildren();
  for (const currency of Object.keys(data.chain.money)) {
    const branches = data.branches.filter((b) => b.currency === currency);
    const figure = element('figure');
    const canvas = element('canvas', {
      id: `chart-money-${currency}`,
      role: 'img',
      'aria-label': `Revenue and receivables per branch in ${currency}`,
    });
    const box = element('div', { class: 'chart-box' });
    box.append(canvas);
    figure.append(box, element('figcaption', {}, `Revenue and receivables, ${currency}`));
    moneyCharts.append(figure);
    draw(canvas.id, {
      type: 'bar',
      data: {
        labels: branches.map((b) => b.branchId),
        datasets: ['revenue', 'receivablesRaised', 'receivablesCollected'].map((name, i) => ({
          label: figureLabels[name],
          data: branches.map((b) => major(b.totals[name], currency)),
          backgroundColor: palette[i + 2],
        })),
      },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: currency } } } },
    });
  }
}

function renderBranchKpis(branches) {
  const head = element('tr');
  head.append(element('th', { scope: 'col' }, 'Branch'));
  for (const [, label] of kpiTiles) head.append(element('th', { scope: 'col' }, label));
  byId('branch-kpis').tHead?.replaceChildren(head);
  byId('branch-kpis').tBodies[0]?.replaceChildren(
    ...branches.map((branch) => {
      const row = element('tr');
      row.append(element('th', { scope: 'row' }, `${branch.name} (${branch.branchId})`));
      for (const [name, , kind] of kpiTiles) {
        const value = kpiValue(branch.kpis, name);
        const text = formatKpi(kind, value);
        row.append(figureCell(`branch-${branch.branchId}-kpi-${name}`, text));
      }
      return row;
    }),
  );
}

/**
 * The chosen figure per branch and day. Counts (cars, deliveries, complaints) are whole numbers:
 * bars on an axis of whole ticks, never a curve that would read as fractions of a car between two
 * days. Money is one line per branch, straight between days, with an axis per currency.
 */
function renderTrend() {
  if (!figures) return;
  const figure = byId('trend-figure').value;
  const money = moneyFigures.includes(figure);
  const days = daysOf(figures.from, figures.to);
  const currencies = [...new Set(figures.branches.map((b) => b.currency))];
  const axisOf = (currency) => (money ? `y${currency}` : 'y');
  const scales = { x: { ticks: { maxRotation: 0, autoSkip: true } } };
  for (const [i, currency] of (money ? currencies : ['']).entries()) {
    scales[axisOf(currency)] = {
      beginAtZero: true,
      position: i === 0 ? 'left' : 'right',
      ...(money ? { title: { display: true, text: currency } } : { ticks: { precision: 0 } }),
    };
  }
  draw('chart-trend', {
    type: money ? 'line' : 'bar',
    data: {
      labels: days,
      datasets: figures.branches.map((branch, i) => {
        const byDay = new Map(branch.days.map((d) => [d.day, d.counters[figure] ?? 0]));
        return {
          label: money ? `${branch.branchId} (${branch.currency})` : branch.branchId,
          data: days.map((day) => (money ? major(byDay.get(day), branch.currency) : (byDay.get(day) ?? 0))),
          yAxisID: axisOf(branch.currency),
          borderColor: palette[i % palette.length],
          backgroundColor: palette[i % palette.length],
          ...(money ? { tension: 0 } : {}),
        };
      }),
    },
    options: { scales, interaction: { mode: 'index', intersect: false } },
  });
}

function forget(id) {
  charts.get(id)?.destroy();
  charts.delete(id);
}

function draw(id, config) {
  forget(id);
  // No animation: a dashboard that redraws on every range change should just show the figures.
  const options = { responsive: true, maintainAspectRatio: false, animation: false, ...config.options };
  charts.set(id, new Chart(byId(id), { ...config, options }));
}

// ---- Start --------------------------------------------------------------------------------

async function start() {
  // Canvas text does not inherit the page's font: give Chart.js the same stack, CJK fonts included.
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  // config.json: written by whoever serves the page (dashboard/site.ts `SignInConfig`): the CDK
  // deployment names the Cognito sign-in, the local runtime turns on its demo sign-in.
  const config = await fetch('config.json')
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  const cognitoAnswer = config.cognito ? takeCognitoAnswer() : undefined;
  if (config.cognito) {
    const button = byId('cognito-sign-in');
    button.hidden = false;
    button.addEventListener('click', () => void signInWithCognito(config.cognito));
  }
  if (config.localSignIn) {
    const form = byId('local-sign-in');
    form.hidden = false;
    byId('logins').replaceChildren(
      ...(config.logins ?? []).map((login) => element('option', { value: login })),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void signInLocally(form.elements.login.value.trim());
    });
  }
  byId('token-sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    useToken(event.currentTarget.elements.token.value.trim());
  });
  byId('sign-out').addEventListener('click', () => {
    showSignIn();
    if (config.cognito) signOutOfCognito(config.cognito);
  });

  const range = byId('range');
  const initial = initialRange();
  for (const name of ['from', 'to', 'branches']) range.elements[name].value = initial[name];
  range.addEventListener('submit', (event) => {
    event.preventDefault();
    void loadFigures();
  });
  byId('trend-figure').addEventListener('change', renderTrend);

  if (cognitoAnswer) {
    await finishCognitoSignIn(config.cognito, cognitoAnswer);
    return;
  }
  const token = sessionStorage.getItem(tokenKey);
  if (usableToken(token)) useToken(token);
  else showSignIn();
}

void start();
