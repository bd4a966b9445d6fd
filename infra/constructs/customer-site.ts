import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  assetPrefix,
  contentSecurityPolicy,
  pageFiles,
  pageObject,
  pagePath,
  permissionsPolicy,
  publicApiPattern,
  publicDir,
  robotsTag,
} from '../../customer/site';
import { acknowledgeDeploymentHandler } from './site-deployment';

export interface CustomerSiteProps {
  /** The API whose public routes (`/public/*`, authorised by the link token) the page calls. */
  httpApi: IHttpApi;
}

/**
 * Headers the API needs from the customer's browser, and only those: the link token, the body's
 * type, and the viewer's own address (CloudFront adds `CloudFront-Viewer-Address`; API Gateway
 * sees CloudFront's address as the source, so the per-source rate limit reads this header).
 * The Host header stays CloudFront's origin domain: API Gateway routes by it.
 */
export const forwardedHeaders = [
  'x-link-token',
  'content-type',
  'accept',
  'CloudFront-Viewer-Address',
] as const;

/**
 * The CloudFront Function on the page's requests: `/c` and `/c/` are the page object; every other
 * path goes to the bucket as it is (the page's assets under `/c/`, anything else a 403 from S3).
 * The token is in the fragment, which never reaches CloudFront.
 */
export const rewriteCode = `function handler(event) {
  var request = event.request;
  if (request.uri === '${pagePath}' || request.uri === '${pagePath}/') request.uri = '/${pageObject}';
  return request;
}`;

/**
 * The customer page (R-SELF-1, R-ADD-2) as static files: a private, encrypted S3 bucket read only
 * by CloudFront (origin access control), HTTPS only, with security headers, filled by a
 * BucketDeployment with customer/public under `c/`. The page is at `/c` (a CloudFront Function
 * rewrites it to `c/index.html`), its token in the fragment. The public routes (`/public/*`) go
 * through the same distribution to the HTTP API: the page calls its own origin, so the API needs
 * no CORS and the CSP allows nothing else. That behavior caches nothing (every answer depends on
 * the token and may change the record), takes every method, and forwards the token header, not
 * the Host header. A distribution of its own, not the dashboard's: the customer's domain and the
 * staff's stay apart (no staff sign-in origin in the customer's CSP, no `/hq/*` behind the link).
 */
export class CustomerSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: CustomerSiteProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the customer page files, the same for every viewer and rebuilt from the repository on each deploy; reads come only from CloudFront, and every customer action goes through the API, which has its own access log',
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Customer page: CSP (own origin only), HSTS, no framing, no sniffing, no referrer, no index',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy, override: true },
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
        customHeaders: [
          { header: 'Permissions-Policy', value: permissionsPolicy, override: true },
          { header: 'X-Robots-Tag', value: robotsTag, override: true },
        ],
      },
    });

    const rewrite = new EdgeFunction(this, 'PagePath', {
      comment: 'Customer page: /c is c/index.html',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(rewriteCode),
    });

    const apiOrigin = new HttpOrigin(
      `${props.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
      {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      },
    );
    const apiRequest = new OriginRequestPolicy(this, 'PublicApiRequest', {
      comment:
        'Customer page to the public API: the link token, the body type and the viewer address; not Host',
      headerBehavior: OriginRequestHeaderBehavior.allowList(...forwardedHeaders),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
      cookieBehavior: OriginRequestCookieBehavior.none(),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Customer page',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        [publicApiPattern]: {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          // Reads and the customer's answers (POST): every method the public routes take.
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: apiRequest,
          responseHeadersPolicy: headers,
          compress: true,
        },
      },
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses the default *.cloudfront.net certificate until the chain gives the customer page a domain of its own; with the default certificate CloudFront cannot enforce a minimum TLS version',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'The distribution serves static page files, the same for everyone, and passes /public/* to the API, whose access log records every call (never the token, which travels in a header); a CloudFront log would add nothing but the viewer addresses',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Customers open their links wherever they are (Hong Kong, the mainland, abroad); access is by the link token at the API, so a geographic allow-list adds no protection',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'The public routes are throttled at the API stage and rate-limited per token and per source by the API itself (R-SELF-1); a WAF web ACL (us-east-1 only for CloudFront) is left to the account-wide security setup',
    });

    const deployment = new BucketDeployment(this, 'Files', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: assetPrefix,
      sources: [Source.asset(publicDir, { exclude: ['*', ...pageFiles.map((name) => `!${name}`)] })],
      // New files show at once: the page and its script change together.
      distribution: this.distribution,
      distributionPaths: [pagePath, `/${assetPrefix}*`],
      prune: true,
      memoryLimit: 256,
    });
    acknowledgeDeploymentHandler(deployment, this.bucket, 'customer page');
  }

  /** The base URL SMS links start with (`<url>/c#<token>`): no trailing slash. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
