import { App, NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ServiceStack } from '../../infra/stacks/service-stack';
import type { RouteContract } from '../../shared/platform/http/contract';

/**
 * The synthesized service as the tests read it: the parent template, each nested stack's template
 * (`Template.fromStack(nested)`), and all their resources as one graph. `aws:cdk:bundling-stacks: []`
 * skips esbuild for every stack (the assets get a placeholder hash), so a synth takes seconds;
 * the real bundling is exercised by `npm run synth`.
 */
/**
 * Timeout for a `beforeAll` that synthesizes: a synth takes 1-3 s alone but can exceed vitest's
 * 10 s hook default when the suites run in parallel on a loaded machine.
 */
export const synthTimeout = 120_000;

export type Resource = {
  Type: string;
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string[];
};

interface NestedTemplate {
  /** The nested stack's construct id (`OrdersRoutes`). */
  id: string;
  template: Template;
  resources: Record<string, Resource>;
  /** What the parent passes for each parameter of the nested template. */
  parameters: Record<string, unknown>;
}

export interface ServiceTemplates {
  app: App;
  stack: ServiceStack;
  parent: Template;
  parentResources: Record<string, Resource>;
  nested: NestedTemplate[];
  /**
   * Every resource of the parent and of the nested stacks by logical id, with each `Ref` to a
   * nested stack's parameter replaced by the value the parent passes: the deployed wiring, so a
   * route's `AuthorizerId` reads `{ Ref: <the authorizer> }` wherever the route lives.
   */
  resources: Record<string, Resource>;
}

let standard: ServiceTemplates | undefined;

export function synthService(
  options: { context?: Record<string, unknown>; routes?: readonly RouteContract[] } = {},
): ServiceTemplates {
  // The stack as deployed (no context, every route) is synthesized once per worker and shared:
  // the infra files run in one module graph (vitest.config.ts), and each read it, none change it.
  const isStandard = !options.routes && Object.keys(options.context ?? {}).length === 0;
  if (isStandard) {
    standard ??= synthFresh(options);
    return standard;
  }
  return synthFresh(options);
}

function synthFresh(options: {
  context?: Record<string, unknown>;
  routes?: readonly RouteContract[];
}): ServiceTemplates {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...options.context } });
  const stack = new ServiceStack(app, 'AutoRepairService', options.routes ? { routes: options.routes } : {});
  const parent = Template.fromStack(stack);
  const parentResources: Record<string, Resource> = parent.toJSON().Resources;

  const nested = stack.node
    .findAll()
    .filter((c): c is NestedStack => c instanceof NestedStack)
    .map((n): NestedTemplate => {
      const resourceId = stack.resolve(n.nestedStackResource?.logicalId);
      const parameters = parentResources[resourceId]?.Properties?.Parameters ?? {};
      const template = Template.fromStack(n);
      return { id: n.node.id, template, resources: template.toJSON().Resources, parameters };
    });

  const resources: Record<string, Resource> = { ...parentResources };
  for (const n of nested) {
    for (const [id, resource] of Object.entries(n.resources)) {
      if (id in resources) throw new Error(`Logical id ${id} of ${n.id} is also used elsewhere`);
      resources[id] = substitute(resource, n.parameters) as Resource;
    }
  }
  return { app, stack, parent, parentResources, nested, resources };
}

/** `value` with every `{ Ref: <parameter> }` replaced by what the parent passes for it. */
function substitute(value: unknown, parameters: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, parameters));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only?.[0] === 'Ref' && typeof only[1] === 'string' && only[1] in parameters)
    return parameters[only[1]];
  return Object.fromEntries(entries.map(([k, v]) => [k, substitute(v, parameters)]));
}
