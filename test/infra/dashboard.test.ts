import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartLibrary, contentSecurityPolicy, pageFiles } from '../../dashboard/site';
import { apiPathPatterns, Dashboard } from '../../infra/constructs/dashboard';
import { acknowledgments, nagFindings } from '../support/nag';

/**
 * The HQ dashboard as static assets (issue 5 item 7, R-RPT-3): a private, encrypted bucket read by
 * CloudFront through origin access control, HTTPS only, security headers, the page files and
 * Chart.js deployed, the HQ API on the same origin; and cdk-nag AwsSolutions with every finding
 * fixed or acknowledged with a reason. The construct sits in a stack of its own, beside an imported
 * API, so nothing else is checked here (test/infra/nag.test.ts checks the whole app).
 */
let app: App;
let stack: Stack;
let template: Template;
let assembly: CloudAssembly | undefined;
let synthError: unknown;

beforeAll(() => {
  app = new App();
  stack = new Stack(app, 'DashboardTest');
  const httpApi = HttpApi.fromHttpApiAttributes(stack, 'Api', { httpApiId: 'hqapi123' });
  const userPool = UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_hqpool');
  new Dashboard(stack, 'Dashboard', { httpApi, userPool, signInDomainPrefix: 'chain-hq-test' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  try {
    assembly = app.synth();
  } catch (error) {
    synthError = error;
  }
  template = Template.fromStack(stack);
}, 120_000);

const distributionConfig = () =>
  Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]?.Properties
    ?.DistributionConfig as Record<string, any>;

describe('the site bucket', () => {
  it('is private: every public access blocked, objects owned by the bucket owner (no ACLs)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('is encrypted at rest', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
  });

  it('refuses every request that is not over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets only this distribution read it, through origin access control', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    const s3Origin = distributionConfig().Origins.find((o: any) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
  });
});

describe('the distribution', () => {
  it('serves index.html at the root, over HTTPS only, on every behavior', () => {
    const config = distributionConfig();
    expect(config.DefaultRootObject).toBe('index.html');
    const behaviors = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
    expect(behaviors.map((b: any) => b.ViewerProtocolPolicy)).toEqual(behaviors.map(() => 'https-only'));
  });

  it('adds the security headers to every response: the CSP of dashboard/site.ts, HSTS, no framing', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          ContentSecurityPolicy: {
            ContentSecurityPolicy: Match.anyValue(),
            Override: true,
          },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63_072_000, Override: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        },
      },
    });
    const config = distributionConfig();
    for (const behavior of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behavior.ResponseHeadersPolicyId).toBeDefined();
    }
  });

  it("lets the page reach nothing but its own origin and the sign-in domain's token endpoint", () => {
    const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const csp =
      policy?.Properties?.ResponseHeadersPolicyConfig?.SecurityHeadersConfig?.ContentSecurityPolicy
        ?.ContentSecurityPolicy;
    // The domain is the user pool domain's, known at deploy time: "https://" + domain + ".auth." + region …
    const text = JSON.stringify(stack.resolve(csp));
    const expected = contentSecurityPolicy('https://@DOMAIN@');
    const [before, after] = expected.split('@DOMAIN@');
    expect(text).toContain(JSON.stringify(before).slice(1, -1));
    expect(text).toContain('.auth.');
    expect(text).toContain('amazoncognito.com');
    expect(text).toContain(JSON.stringify(after).slice(1, -1));
  });

  it('sends only GET and HEAD of /hq/* to the API, over TLS 1.2, keyed by the token and never cached', () => {
    const config = distributionConfig();
    expect(config.CacheBehaviors.map((b: any) => b.PathPattern)).toEqual([...apiPathPatterns]);
    const [api] = config.CacheBehaviors;
    expect(api.AllowedMethods).toEqual(['GET', 'HEAD']);
    const origin = config.Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain('hqapi123.execute-api.');
    expect(origin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 0,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
          QueryStringsConfig: { QueryStringBehavior: 'all' },
        }),
      }),
    });
  });
});

describe('the deployment of the page', () => {
  it('copies the files, prunes old ones and invalidates the distribution', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      Prune: true,
      DistributionPaths: ['/*'],
      DistributionId: Match.anyValue(),
    });
  });

  it('deploys exactly the page files and the Chart.js file, nothing from a CDN', () => {
    // The deployment's sources are staged assets: `<hash>.zip` in the template, `asset.<hash>/` here.
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    const keys = deployment?.Properties?.SourceObjectKeys as string[];
    expect(keys).toHaveLength(3);
    const files = keys.flatMap((key) =>
      readdirSync(join(assembly?.directory ?? '', `asset.${key.replace(/\.zip$/, '')}`)),
    );
    expect(files.sort()).toEqual([...pageFiles, chartLibrary.name, 'config.json'].sort());
  });

  it("writes config.json at deploy time with the sign-in domain and the page's app client", () => {
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    // Source.jsonData leaves markers in the file and their values in the resource.
    const markers = JSON.stringify(deployment?.Properties?.SourceMarkers);
    expect(markers).toMatch(/"Ref":"DashboardSignInDomain[0-9A-F]{8}"/);
    expect(markers).toMatch(/"Ref":"DashboardSignInClient[0-9A-F]{8}"/);
  });
});

describe('the sign-in (R-ACC-1, R-RPT-3)', () => {
  it("has a managed-login domain of the user pool's", () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'chain-hq-test',
      UserPoolId: 'eu-west-1_hqpool',
    });
  });

  it('has an app client for the page: code grant only, no secret, back to the page only', () => {
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    const props = client?.Properties;
    expect(props).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(props?.CallbackURLs).toEqual([
      {
        'Fn::Join': [
          '',
          [
            'https://',
            { 'Fn::GetAtt': [expect.stringMatching(/^DashboardDistribution/), 'DomainName'] },
            '/',
          ],
        ],
      },
    ]);
    expect(props?.LogoutURLs).toEqual(props?.CallbackURLs);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('lets the stack synthesize with the checks registered', () => {
    expect(synthError).toBeUndefined();
  });

  it('leaves no unacknowledged error', () => {
    expect(nagFindings(app, 'error')).toEqual([]);
  });

  it('leaves no unacknowledged warning', () => {
    expect(nagFindings(app, 'warning')).toEqual([]);
  });

  it('gives every acknowledgment a reason of at least 10 characters', () => {
    expect(acknowledgments(app).filter((a) => a.reason.trim().length < 10)).toEqual([]);
  });

  // S1 and CFR3: access logs of static files; CFR4: the default certificate; CFR1/CFR2: geo and WAF;
  // L1, IAM4, IAM5: CDK's own BucketDeployment handler. Nothing else may be waved through.
  it('acknowledges only the reviewed rules', () => {
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
