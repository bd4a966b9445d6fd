import { Aws, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  ClientAttributes,
  type IUserPool,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  chartLibrary,
  contentSecurityPolicy,
  pageFiles,
  permissionsPolicy,
  publicDir,
  type SignInConfig,
} from '../../dashboard/site';
import { acknowledgeDeploymentHandler } from './site-deployment';

export interface DashboardProps {
  /** The API whose HQ routes (`/hq/*`) the page reads; CloudFront serves them on the page's origin. */
  httpApi: IHttpApi;
  /** The staff user pool: HQ signs in to the page through its managed login. */
  userPool: IUserPool;
  /**
   * The prefix of the managed login's domain (`<prefix>.auth.<region>.amazoncognito.com`), unique
   * in the region; lowercase letters, digits and hyphens, without "aws", "amazon" or "cognito".
   * By default the stack's name and the account id.
   */
  signInDomainPrefix?: string;
}

/** Path patterns CloudFront sends to the API instead of the bucket: what the page reads, nothing more. */
export const apiPathPatterns = ['/hq/*'] as const;

/**
 * The HQ dashboard page (R-RPT-3) as static files: a private, encrypted S3 bucket read only by
 * CloudFront (origin access control), HTTPS only, with security headers, filled by a
 * BucketDeployment with dashboard/public and Chart.js's one file (no CDN: the page loads nothing
 * from another origin). The page's `/hq/*` requests go through the same distribution to the HTTP
 * API, so the API needs no CORS and the CSP allows only the page's own origin. The Authorization
 * header is part of that behavior's cache key (CloudFront forwards it only so), with a zero
 * default TTL: an answer is never served to another token. HQ signs in through the user pool's
 * managed login on a domain of its own and an app client of the page's (code grant with PKCE);
 * the deployment writes both into the page's `config.json`.
 */
export class Dashboard extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** The page's app client: the API must accept its ID tokens (`Api.acceptClient`). */
  readonly signInClient: UserPoolClient;
  readonly signInDomain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // HQ signs in through Cognito's managed login (password and the pool's TOTP MFA), which sends
    // the browser back with a code; the page trades it for tokens with PKCE (no client secret in
    // a web page). The pre-token trigger puts the staff record's roles and branches in the ID
    // token, as for every client, so the API's checks are the same.
    const prefix =
      props.signInDomainPrefix ??
      Fn.join('-', [
        stack.stackName
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .slice(0, 30),
        'hq',
        Aws.ACCOUNT_ID,
      ]);
    this.signInDomain = new UserPoolDomain(this, 'SignInDomain', {
      userPool: props.userPool,
      cognitoDomain: { domainPrefix: prefix },
    });

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the public page files, the same for every viewer and rebuilt from the repository on each deploy; reads come only from CloudFront, and the figures go through the API, which has its own access log',
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'HQ dashboard: CSP (own origin only), HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: contentSecurityPolicy(this.signInDomain.baseUrl()),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365 * 2),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Permissions-Policy', value: permissionsPolicy, override: true }],
      },
    });

    const apiCache = new CachePolicy(this, 'HqApiCache', {
      comment: 'HQ API through the dashboard origin: keyed by token and query, never kept',
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
    });
    const apiOrigin = new HttpOrigin(
      `${props.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
      {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      },
    );

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'HQ dashboard',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: Object.fromEntries(
        apiPathPatterns.map((pattern) => [
          pattern,
          {
            origin: apiOrigin,
            viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
            // The dashboard only reads: no write of the API is reachable through this origin.
            allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
            cachePolicy: apiCache,
            responseHeadersPolicy: headers,
            compress: true,
          },
        ]),
      ),
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses the default *.cloudfront.net certificate until the chain gives the dashboard a domain of its own; with the default certificate CloudFront cannot enforce a minimum TLS version',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'The distribution serves static page files, the same for everyone; every figure the page reads is an API call, logged in the HTTP API access log with the caller (sub) and status',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'HQ staff read the dashboard from wherever they travel; access is by Cognito token at the API, so a geographic allow-list adds no protection to the data',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'The distribution serves public static files and GET /hq/* behind the JWT authorizer and the stage throttling; a WAF web ACL (us-east-1 only for CloudFront) is left to the account-wide security setup',
    });

    const pageUrl = this.url;
    this.signInClient = new UserPoolClient(this, 'SignInClient', {
      userPool: props.userPool,
      // A web page cannot keep a secret: the code grant is bound to the page by PKCE instead.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.PROFILE],
        callbackUrls: [pageUrl],
        logoutUrls: [pageUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ fullname: true, email: true, emailVerified: true, locale: true })
        .withCustomAttributes('branches'),
      writeAttributes: new ClientAttributes(),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    const config: SignInConfig = {
      cognito: { domain: this.signInDomain.baseUrl(), clientId: this.signInClient.userPoolClientId },
    };

    const deployment = new BucketDeployment(this, 'Files', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(publicDir, { exclude: ['*', ...pageFiles.map((name) => `!${name}`)] }),
        Source.asset(chartLibrary.dir, { exclude: ['*', `!${chartLibrary.name}`] }),
        // Written at deploy time: the domain and client exist only then.
        Source.jsonData('config.json', config),
      ],
      // New files show at once: the page and its script change together.
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      memoryLimit: 256,
    });
    acknowledgeDeploymentHandler(deployment, this.bucket, 'HQ dashboard');
  }

  /** The page's address. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}/`;
  }
}
