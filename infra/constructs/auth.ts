import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolGroup,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { roles } from '../../shared/kernel/access';
import { TeamFunction } from './team-function';

/**
 * Staff sign-in (R-ACC-1..3). The API's JWT authorizer accepts the ID token of `client`; the
 * handlers read the roles from `cognito:groups` (one group per role of shared/kernel/access.ts)
 * and the branches from `custom:branches` ("SZ,GZ", or "*" for chain-wide staff), the same
 * claims the local identity provider (infra/local/auth.ts) signs.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: { table: ITableV2 }) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are opened by an admin (docs/deploy.md): staff records and roles come from HR.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      standardAttributes: {
        fullname: { required: false, mutable: true },
        email: { required: false, mutable: true },
      },
      customAttributes: {
        // Branch ids the person works at; only an admin changes it (the client cannot write it).
        branches: new StringAttribute({ mutable: true, minLen: 1, maxLen: 2048 }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff read customers' phones, addresses and money owed: a password alone is not enough.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Threat protection (compromised credentials, adaptive authentication) needs the Plus plan;
      // it is billed per monthly active user, and a chain's staff are a few hundred users.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The staff records are the one source of roles and branches: the trigger writes them into
    // every ID token (functions/auth/pre-token.ts), so HR changes need no second copy in Cognito.
    const preToken = new TeamFunction(this, 'PreToken', {
      entry: 'functions/auth/pre-token.ts',
      description: 'Puts the staff record roles and branches into the ID token',
    }).bindTable(props.table, 'read');
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION, preToken.fn);

    for (const role of roles) {
      new UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role });
    }

    this.client = this.userPool.addClient('WebClient', {
      // A browser or device app cannot keep a secret; SRP never sends the password.
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted UI and no OAuth flows (CDK would otherwise enable implicit and code grants).
      disableOAuth: true,
      preventUserExistenceErrors: true,
      // The ID token carries the attributes the client may read: custom:branches must be one.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ fullname: true, email: true, emailVerified: true, locale: true })
        .withCustomAttributes('branches'),
      // Never custom:branches: a user who could write it could widen their own branch access.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // One working day: a shift signs in once; a lost device stops working by the next day.
      refreshTokenValidity: Duration.hours(12),
    });
  }
}
