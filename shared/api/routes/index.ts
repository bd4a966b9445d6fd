import type { RouteContract } from '../contract';
import * as branches from './branches';
import * as customers from './customers';
import * as duties from './duties';
import * as estimates from './estimates';
import * as followUp from './follow-up';
import * as metrics from './metrics';
import * as orderCompletion from './order-completion';
import * as orders from './orders';
import * as registers from './registers';
import * as reports from './reports';
import * as staff from './staff';
import * as vehicles from './vehicles';
import * as visits from './visits';

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
);
