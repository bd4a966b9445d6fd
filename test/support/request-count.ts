import { store } from '../../shared/platform/dynamo/client';

/**
 * Counts the DynamoDB requests the handlers make (ARCHITECTURE target: one read, or one write or
 * transaction, per call wherever the data model allows). Wraps the store's client once per test
 * file; `measure` returns the commands one call sent.
 */
const sent: string[] = [];
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  store().doc.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName ?? 'unknown').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
}

export async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  install();
  sent.length = 0;
  const result = await fn();
  return { result, requests: [...sent] };
}
