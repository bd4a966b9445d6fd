import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, pageFiles } from '../../customer/site';
import { CustomerSite, forwardedHeaders, rewriteCode } from '../../infra/constructs/customer-site';
import { acknowledgments, nagFindings } from '../support/nag';

/**
 * The customer page's distribution (issue 13 points 2 and 3, R-SELF-1, R-ADD-2): a private,
 * encrypted bucket read by CloudFront through origin access control, HTTPS only, security
 * headers, `/c` rewritten to the page object by a CloudFront Function, and `/public/*` sent to
 * the HTTP API on the same distribution, never cached, every method, the link token forwarded
 * and not the Host header; cdk-nag AwsSolutions with every finding fixed or acknowledged with a
 * reason. The construct sits in a stack of its own beside an imported API.
 */
let app: App;
let stack: Stack;
let template: Template;
let assembly: CloudAssembly | undefined;
let synthError: unknown;
let site: CustomerSite;

/** CloudFront's managed CachingDisabled policy. */
const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

beforeAll(() => {
  app = new App();
  stack = new Stack(app, 'CustomerSiteTest');
  const httpApi = HttpApi.fromHttpApiAttributes(stack, 'Api', { httpApiId: 'pubapi123' });
  site = new CustomerSite(stack, 'CustomerSite', { httpApi });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  try {
    assembly = app.synth();
  } catch (error) {
    synthError = error;
  }
  template = Template.fromStack(stack);
}, 120_000);

type Json = Record<string, any>;
const distributionConfig = () =>
  Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]?.Properties
    ?.DistributionConfig as Json;
const behaviors = () => {
  const config = distributionConfig();
  return [config.DefaultCacheBehavior, ...config.CacheBehaviors] as Json[];
};

describe('the site bucket (R-SELF-1)', () => {
  it('is private, encrypted, TLS only, owned by the bucket owner', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('is read only by this distribution, through origin access control', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    });
    const s3Origin = distributionConfig().Origins.find((o: Json) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
  });
});

describe('the distribution (R-SELF-1, R-ADD-2)', () => {
  it('is HTTPS only on every behavior', () => {
    expect(behaviors().map((b) => b.ViewerProtocolPolicy)).toEqual(behaviors().map(() => 'https-only'));
  });

  it('serves /c as the page object through a CloudFront Function on the viewer request', () => {
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: rewriteCode,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
    const [association] = distributionConfig().DefaultCacheBehavior.FunctionAssociations;
    expect(association.EventType).toBe('viewer-request');
    // The function's own logic: /c and /c/ become the page object, the assets stay as they are.
    const handler = new Function(`${rewriteCode}; return handler;`)() as (event: Json) => Json;
    const uri = (path: string) => handler({ request: { uri: path } }).uri;
    expect([uri('/c'), uri('/c/'), uri('/c/app.js'), uri('/other')]).toEqual([
      '/c/index.html',
      '/c/index.html',
      '/c/app.js',
      '/other',
    ]);
  });

  it('routes /public/* to the HTTP API over TLS 1.2: every method, never cached', () => {
    const config = distributionConfig();
    expect(config.CacheBehaviors.map((b: Json) => b.PathPattern)).toEqual(['/public/*']);
    const [api] = config.CacheBehaviors;
    expect(api.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']);
    expect(api.CachePolicyId).toBe(cachingDisabled);
    const origin = config.Origins.find((o: Json) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain('pubapi123.execute-api.');
    expect(origin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('forwards the link token and the viewer address to the API, but not the Host header', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: { HeaderBehavior: 'whitelist', Headers: [...forwardedHeaders] },
        CookiesConfig: { CookieBehavior: 'none' },
      }),
    });
    expect(forwardedHeaders).toContain('x-link-token');
    expect(forwardedHeaders.map((h) => h.toLowerCase())).not.toContain('host');
    expect(distributionConfig().CacheBehaviors[0].OriginRequestPolicyId).toBeDefined();
  });

  it('adds the security headers to every response: the CSP of customer/site.ts, HSTS, no framing, no index', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        Name: Match.anyValue(),
        Comment: Match.anyValue(),
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: contentSecurityPolicy, Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63_072_000, Override: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        },
        CustomHeadersConfig: {
          Items: Match.arrayWith([Match.objectLike({ Header: 'X-Robots-Tag', Value: 'noindex, nofollow' })]),
        },
      },
    });
    expect(contentSecurityPolicy).toContain("connect-src 'self'");
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    for (const behavior of behaviors()) expect(behavior.ResponseHeadersPolicyId).toBeDefined();
  });

  it('gives its address without a trailing slash, for `<url>/c#<token>` links', () => {
    expect(JSON.stringify(stack.resolve(site.url))).toMatch(
      /"https:\/\/",\{"Fn::GetAtt":\[.*"DomainName"\]\}\]/,
    );
  });
});

describe('the deployment of the page', () => {
  it('copies the page files under c/, prunes old ones and invalidates the page', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      Prune: true,
      DestinationBucketKeyPrefix: 'c/',
      DistributionPaths: ['/c', '/c/*'],
      DistributionId: Match.anyValue(),
    });
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    const keys = deployment?.Properties?.SourceObjectKeys as string[];
    const files = keys.flatMap((key) =>
      readdirSync(join(assembly?.directory ?? '', `asset.${key.replace(/\.zip$/, '')}`)),
    );
    expect(files.sort()).toEqual([...pageFiles].sort());
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('lets the stack synthesize with the checks registered', () => {
    expect(synthError).toBeUndefined();
  });

  it('leaves no unacknowledged error or warning', () => {
    expect(nagFindings(app, 'error')).toEqual([]);
    expect(nagFindings(app, 'warning')).toEqual([]);
  });

  it('gives every acknowledgment a reason of at least 10 characters, and only for the reviewed rules', () => {
    expect(acknowledgments(app).filter((a) => a.reason.trim().length < 10)).toEqual([]);
    const ids = [...new Set(acknowledgments(app).map((a) => a.id.replace(/\[.*$/, '')))].sort();
    expect(ids).toEqual([
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR3',
      'AwsSolutions-CFR4',
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-S1',
    ]);
  });
});
