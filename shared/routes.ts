import * as appointments from './appointments/routes';
import * as customers from './archive/routes/customers';
import * as vehicles from './archive/routes/vehicles';
import * as branches from './branches/routes';
import * as complaints from './complaints/routes';
import * as duties from './duty-engine/routes';
import * as followUp from './follow-up/routes';
import * as orderCompletion from './orders/routes/completion';
import * as orders from './orders/routes/orders';
import type { RouteContract } from './platform/http/contract';
import * as estimates from './reception/routes/estimates';
import * as visits from './reception/routes/visits';
import * as registers from './registers/routes';
import * as reminders from './reminders/routes';
import * as replies from './replies/routes';
import * as metrics from './reports/routes/metrics';
import * as reports from './reports/routes/reports';
import * as links from './self-service/routes/links';
import * as survey from './self-service/routes/survey';
import * as staff from './staff/routes';

function collect(...modules: Record<string, unknown>[]): RouteContract[] {
  return modules.flatMap((m) =>
    Object.values(m).filter(
      (v): v is RouteContract => typeof v === 'object' && v !== null && 'entry' in v && 'method' in v,
    ),
  );
}

/** Every route of the API: the local gateway, CDK and the OpenAPI document are built from this list. */
export const allRoutes: RouteContract[] = collect(
  branches,
  staff,
  customers,
  vehicles,
  visits,
  estimates,
  orders,
  orderCompletion,
  registers,
  duties,
  followUp,
  metrics,
  reports,
  appointments,
  reminders,
  complaints,
  replies,
  links,
  survey,
);
