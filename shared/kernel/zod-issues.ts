import type * as z from 'zod';
import type { FieldIssue } from './errors';

/**
 * Flattens zod issues into field paths (`body.phones.0.number`) so every validation error names
 * the field (R-X-4). An unknown field is reported at its own path, not at its parent.
 */
export function zodIssues(error: z.ZodError, where: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const base = [where, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...base, key].join('.'), message: 'Unknown field' });
    } else {
      issues.push({ path: base.join('.'), message: issue.message });
    }
  }
  return issues;
}
