import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { store } from '../../shared/platform/dynamo/client';
import { canSignIn } from '../../shared/staff/rules';
import { findStaffByLogin } from '../../shared/staff/store';

/**
 * Cognito pre-token-generation trigger: the staff records are the one source of roles and
 * branches (R-ACC-2, R-HR-1). At every sign-in and refresh the ID token gets the person's current
 * roles as `cognito:groups`, their branches as `custom:branches` and their staff id as
 * `staff_id`; suspended or departed staff, or a Cognito user without a staff record, get no
 * token at all. An HR change takes effect at the next refresh (at most the ID token's hour).
 */
export const handler = async (
  event: PreTokenGenerationTriggerEvent,
): Promise<PreTokenGenerationTriggerEvent> => {
  const person = await findStaffByLogin(store(), event.userName.toLowerCase());
  if (!person || !canSignIn(person)) {
    // Cognito refuses the sign-in and shows this text.
    throw new Error('This account has no active staff record; ask HR');
  }
  event.response.claimsOverrideDetails = {
    claimsToAddOrOverride: {
      staff_id: person.id,
      name: person.name,
      'custom:branches': person.branches.join(','),
    },
    groupOverrideDetails: { groupsToOverride: person.roles },
  };
  return event;
};
