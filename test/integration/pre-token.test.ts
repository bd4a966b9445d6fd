import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/auth/pre-token';
import { store } from '../../shared/platform/dynamo/client';
import { actorFromClaims } from '../../shared/platform/http/claims';
import { createStaff, updateStaff } from '../../shared/staff/actions';
import { getStaff } from '../../shared/staff/store';
import { givenBranch, system } from '../support/api';

/** The Cognito trigger puts the staff record's roles and branches into every ID token (R-ACC-2, R-HR-1). */
function signInEvent(userName: string): PreTokenGenerationTriggerEvent {
  return {
    version: '1',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'us-east-1',
    userPoolId: 'pool',
    userName,
    callerContext: { awsSdkVersion: '3', clientId: 'client' },
    request: { userAttributes: { sub: 'cognito-sub-1' }, groupConfiguration: { groupsToOverride: [] } },
    response: { claimsOverrideDetails: {} },
  } as unknown as PreTokenGenerationTriggerEvent;
}

const admin = { ...system, login: 'test.admin' };

describe('Cognito pre-token trigger (R-ACC-1..3)', () => {
  it('writes the current roles, branches and staff id into the token', async () => {
    const branchId = await givenBranch();
    const login = `tok.${ulid().slice(-8).toLowerCase()}`;
    const person = await createStaff(
      store(),
      { login, name: 'Li Advisor', roles: ['advisor', 'cashier'], branches: [branchId], status: 'regular' },
      admin,
    );

    const event = await handler(signInEvent(login.toUpperCase()));

    const overrides = event.response.claimsOverrideDetails;
    expect(overrides?.groupOverrideDetails?.groupsToOverride).toEqual(['advisor', 'cashier']);
    expect(overrides?.claimsToAddOrOverride).toMatchObject({
      staff_id: person.id,
      'custom:branches': branchId,
    });
    // As the authorizer would pass them on: the handler's actor is the staff record.
    const actor = actorFromClaims({
      sub: 'cognito-sub-1',
      token_use: 'id',
      'cognito:groups': '[advisor cashier]',
      ...(overrides?.claimsToAddOrOverride as Record<string, string>),
    });
    expect(actor).toMatchObject({ staffId: person.id, roles: ['advisor', 'cashier'], branches: [branchId] });
  });

  it.each(['suspended', 'left'] as const)('refuses a %s person', async (status) => {
    const branchId = await givenBranch();
    const login = `tok.${ulid().slice(-8).toLowerCase()}`;
    const person = await createStaff(
      store(),
      { login, name: 'Gone', roles: ['advisor'], branches: [branchId], status: 'regular' },
      admin,
    );
    const read = await getStaff(store(), person.id);
    await updateStaff(store(), person.id, { version: read.version, status }, admin);
    await expect(handler(signInEvent(login))).rejects.toThrow(/no active staff record/);
  });

  it('refuses a Cognito user without a staff record', async () => {
    await expect(handler(signInEvent('nobody.here'))).rejects.toThrow(/no active staff record/);
  });

  it('refuses an access token in place of the ID token', () => {
    expect(() => actorFromClaims({ sub: 'x', token_use: 'access', 'cognito:groups': '[advisor]' })).toThrow(
      /ID token/,
    );
  });
});
